/** The public API over real HTTP: every endpoint, errors, idempotency, pagination, teams and roles. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken, revokeApiToken } from "~/modules/api/tokens.server";
import { addDays, todayDateOnly } from "~/modules/experiments/timebox";
import { db } from "~/utils/db.server";
import { actorFor, createTeamWith } from "../support/factories";
import { startTestServer, type TestServer } from "../support/http";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const today = todayDateOnly();

async function teamWithToken(role: "MEMBER" | "VIEWER" = "MEMBER") {
  const setup = await createTeamWith();
  const owner = actorFor(setup.owner, setup.team, "OWNER");
  const { token } = await createApiToken(owner, { name: "test", role });
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
  };
  return { ...setup, owner, token, call };
}

async function loop(call: Awaited<ReturnType<typeof teamWithToken>>["call"]) {
  const product = await call("POST", "/products", { name: "Invoicing" });
  const hypothesis = await call("POST", "/hypotheses", { productId: product.body.id, statement: "Freelancers will click to get paid faster.", category: "desirability", importance: 5 });
  const experiment = await call("POST", "/experiments", {
    hypothesisId: hypothesis.body.id,
    title: "Fake door",
    method: "fake_door",
    metric: { name: "Click-through", kind: "rate" },
    criterion: { comparator: "gte", target: 0.1 },
    startsOn: addDays(today, -2),
  });
  return { product: product.body, hypothesis: hypothesis.body, experiment: experiment.body };
}

describe("the happy path through every resource", () => {
  it("creates, starts, records evidence, reads the verdict and concludes", async () => {
    const { call } = await teamWithToken();
    const { product, hypothesis, experiment } = await loop(call);
    expect(product).toMatchObject({ name: "Invoicing", stage: "mvp" });
    expect(hypothesis).toMatchObject({ key: "H-1", category: "desirability", status: "untested", importance: 5 });
    expect(experiment).toMatchObject({ key: "E-1", status: "draft", metric: { kind: "rate" }, criterion: { comparator: "gte", target: 0.1 }, endsOn: addDays(today, 11) });

    expect((await call("POST", `/experiments/${experiment.id}/start`)).body.status).toBe("running");
    const single = await call("POST", `/experiments/${experiment.id}/observations`, { observedOn: addDays(today, -2), successes: 30, trials: 100 });
    expect(single).toMatchObject({ status: 201, body: { received: 1, created: 1, replaced: 0, unchanged: 0 } });
    const bulk = await call("POST", `/experiments/${experiment.id}/observations`, {
      observations: [
        { observedOn: addDays(today, -1), successes: 25, trials: 100 },
        { observedOn: today, note: "“I'd pay for this.”", source: "Interview" },
      ],
    });
    expect(bulk.body).toEqual({ received: 2, created: 2, replaced: 0, unchanged: 0 });

    const read = await call("GET", `/experiments/${experiment.id}`);
    expect(read.body.result).toMatchObject({ kind: "rate", n: 200, estimate: 0.275, verdict: "met" });
    expect(read.body.result.interval.low).toBeGreaterThan(0.1);
    expect(read.body.result.probabilityMeetsTarget).toBeGreaterThan(0.99);

    const listed = await call("GET", `/experiments/${experiment.id}/observations?limit=2`);
    expect(listed.body.data).toHaveLength(2);
    expect(listed.body.nextCursor).toEqual(expect.any(String));
    const rest = await call("GET", `/experiments/${experiment.id}/observations?limit=2&cursor=${listed.body.nextCursor}`);
    expect(rest.body.data).toHaveLength(1);
    expect(rest.body.nextCursor).toBeNull();

    const concluded = await call("POST", `/experiments/${experiment.id}/conclude`, { observed: "55 of 200 clicked.", learned: "It is wanted.", nextSteps: "Build it.", decision: "persevere" });
    expect(concluded.body).toMatchObject({ status: "concluded", learningCard: { decision: "persevere" } });
    expect((await call("GET", `/hypotheses/${hypothesis.id}`)).body.status).toBe("validated");
  });

  it("updates and deletes hypotheses and experiments, and reads products and gates", async () => {
    const { call } = await teamWithToken();
    const { product, hypothesis, experiment } = await loop(call);
    const patched = await call("PATCH", `/hypotheses/${hypothesis.id}`, { importance: 3 });
    expect(patched.body).toMatchObject({ importance: 3, version: 2 });
    const stale = await call("PATCH", `/hypotheses/${hypothesis.id}`, { importance: 4, version: 1 });
    expect(stale.status).toBe(409);
    expect((await call("PATCH", `/experiments/${experiment.id}`, { title: "Renamed fake door" })).body.title).toBe("Renamed fake door");
    expect((await call("PATCH", `/products/${product.id}`, { description: "The bet" })).body.description).toBe("The bet");
    expect((await call("GET", `/products/${product.id}`)).body.name).toBe("Invoicing");
    const gate = await call("GET", `/products/${product.id}/gate`);
    expect(gate.body).toMatchObject({ status: "hold", criteria: [] });
    expect((await call("DELETE", `/experiments/${experiment.id}`)).status).toBe(204);
    expect((await call("GET", `/experiments/${experiment.id}`)).status).toBe(404);
    expect((await call("DELETE", `/hypotheses/${hypothesis.id}`)).status).toBe(204);
    expect((await call("GET", `/hypotheses/${hypothesis.id}`)).status).toBe(404);
  });

  it("creates signals and records points, single and bulk", async () => {
    const { call } = await teamWithToken();
    const product = (await call("POST", "/products", { name: "Invoicing" })).body;
    const signal = await call("POST", "/signals", { productId: product.id, name: "MRR", unit: "$", direction: "up" });
    expect(signal).toMatchObject({ status: 201, body: { name: "MRR", direction: "up" } });
    const points = `/signals/${signal.body.id}/points`;
    expect((await call("POST", points, { date: today, value: 266 })).body).toEqual({ received: 1, created: 1, replaced: 0, unchanged: 0 });
    // Sending the same value again is a harmless retry.
    expect((await call("POST", points, { points: [{ date: addDays(today, -7), value: 247 }, { date: today, value: 266 }] })).body).toEqual({ received: 2, created: 1, replaced: 0, unchanged: 1 });
    // A different value for a recorded day is refused, all or nothing, until the request says to replace it.
    const refused = await call("POST", points, { points: [{ date: addDays(today, -14), value: 230 }, { date: today, value: 270 }] });
    expect(refused).toMatchObject({ status: 409, body: { error: { code: "value_exists", fields: { replace: expect.stringContaining(`MRR already has 266 $ for ${today}`) } } } });
    expect(await db.signalPoint.count({ where: { signalId: signal.body.id } })).toBe(2);
    expect((await call("POST", points, { points: [{ date: addDays(today, -14), value: 230 }, { date: today, value: 270 }], replace: true })).body).toEqual({ received: 2, created: 1, replaced: 1, unchanged: 0 });
    expect((await call("POST", points, { date: addDays(today, -14), value: 231, replace: true })).body).toEqual({ received: 1, created: 0, replaced: 1, unchanged: 0 });
    const replaced = await db.activityEvent.findMany({ where: { entityId: signal.body.id, action: "signal.point_replaced" }, orderBy: { createdAt: "asc" }, select: { summary: true, before: true, after: true } });
    expect(replaced).toEqual([
      { summary: `replaced MRR for ${today}: 266 $ → 270 $`, before: { date: today, value: 266 }, after: { date: today, value: 270 } },
      { summary: `replaced MRR for ${addDays(today, -14)}: 230 $ → 231 $`, before: { date: addDays(today, -14), value: 230 }, after: { date: addDays(today, -14), value: 231 } },
    ]);
    // One value per day in one request.
    expect((await call("POST", points, { points: [{ date: today, value: 1 }, { date: today, value: 2 }] })).status).toBe(400);
    expect((await call("GET", "/signals")).body.data).toHaveLength(1);
  });

  it("pages through lists with cursors", async () => {
    const { call } = await teamWithToken();
    const product = (await call("POST", "/products", { name: "Invoicing" })).body;
    for (let i = 0; i < 5; i++) await call("POST", "/hypotheses", { productId: product.id, statement: `Belief number ${i} about invoices.`, category: "viability", importance: 3 });
    const first = await call("GET", "/hypotheses?limit=2");
    const second = await call("GET", `/hypotheses?limit=2&cursor=${first.body.nextCursor}`);
    const third = await call("GET", `/hypotheses?limit=2&cursor=${second.body.nextCursor}`);
    expect([...first.body.data, ...second.body.data, ...third.body.data].map((h: { key: string }) => h.key)).toEqual(["H-1", "H-2", "H-3", "H-4", "H-5"]);
    expect(third.body.nextCursor).toBeNull();
    expect((await call("GET", "/hypotheses?limit=0")).status).toBe(400);
    expect((await call("GET", "/hypotheses?cursor=%%%")).status).toBe(400);
  });
});

describe("bad requests are JSON 4xx, never 500, and write nothing", () => {
  it("rejects malformed JSON, wrong types, unknown fields and huge bodies", async () => {
    const { call, team } = await teamWithToken();
    const malformed = await call("POST", "/products", "{not json");
    expect(malformed).toMatchObject({ status: 400, body: { error: { code: "invalid_json" } } });
    const wrongType = await call("POST", "/products", { name: 42 });
    expect(wrongType).toMatchObject({ status: 400, body: { error: { code: "invalid_request", fields: { name: expect.any(String) } } } });
    const unknownField = await call("POST", "/products", { name: "Invoicing", colour: "blue" });
    expect(unknownField.status).toBe(400);
    const huge = await call("POST", "/products", { name: "x".repeat(1_100_000) });
    expect(huge).toMatchObject({ status: 413, body: { error: { code: "payload_too_large" } } });
    expect(await db.product.count({ where: { teamId: team.id } })).toBe(0);
  });

  it("rejects a bulk with one bad row as a whole, naming the row", async () => {
    const { call } = await teamWithToken();
    const { experiment } = await loop(call);
    await call("POST", `/experiments/${experiment.id}/start`);
    const response = await call("POST", `/experiments/${experiment.id}/observations`, {
      observations: [
        { observedOn: today, successes: 3, trials: 10 },
        { observedOn: today, successes: 12, trials: 10 },
      ],
    });
    expect(response.status).toBe(400);
    expect(response.body.error.fields["observations.1.successes"]).toMatch(/cannot exceed trials/);
    expect(await db.observation.count({ where: { experimentId: experiment.id } })).toBe(0);
    const tooMany = await call("POST", `/experiments/${experiment.id}/observations`, { observations: Array.from({ length: 5001 }, () => ({ observedOn: today, successes: 1, trials: 2 })) });
    expect([400, 413]).toContain(tooMany.status);
  });

  it("explains state errors: evidence on a draft, a RATE target given as a percentage", async () => {
    const { call } = await teamWithToken();
    const { experiment, hypothesis } = await loop(call);
    const draft = await call("POST", `/experiments/${experiment.id}/observations`, { observedOn: today, successes: 1, trials: 2 });
    expect(draft.status).toBe(422);
    const percent = await call("POST", "/experiments", { hypothesisId: hypothesis.id, title: "Bad target", method: "survey", metric: { name: "Share", kind: "rate" }, criterion: { comparator: "gte", target: 10 }, startsOn: today });
    expect(percent.status).toBe(400);
    expect(percent.body.error.fields["criterion.target"]).toMatch(/proportion/);
    expect((await call("GET", "/no/such/thing")).status).toBe(404);
  });

  it("refuses a NUL character in a filter or a cursor as a field error, and ids it could never name as not found", async () => {
    const { call } = await teamWithToken();
    const { hypothesis } = await loop(call);
    for (const path of ["/experiments?hypothesisId=%00", "/hypotheses?productId=a%00b", "/experiments?cursor=%00"]) {
      const response = await call("GET", path);
      expect(response, path).toMatchObject({ status: 400, body: { error: { code: "invalid_request", fields: { [path.split("?")[1].split("=")[0]]: expect.stringMatching(/NUL/) } } } });
    }
    expect((await call("GET", `/experiments?hypothesisId=${hypothesis.id}`)).status).toBe(200);
    expect(await call("GET", "/hypotheses/not%20an%20id")).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
  });
});

describe("idempotency", () => {
  it("replays the first response, refuses a different body, and writes once", async () => {
    const { call, team } = await teamWithToken();
    const first = await call("POST", "/products", { name: "Invoicing" }, { "idempotency-key": "create-invoicing" });
    const replay = await call("POST", "/products", { name: "Invoicing" }, { "idempotency-key": "create-invoicing" });
    expect(replay).toMatchObject({ status: first.status, body: first.body });
    const different = await call("POST", "/products", { name: "Payroll" }, { "idempotency-key": "create-invoicing" });
    expect(different).toMatchObject({ status: 422, body: { error: { code: "idempotency_mismatch" } } });
    expect(await db.product.count({ where: { teamId: team.id } })).toBe(1);
  });

  it("lets one of two simultaneous duplicates through and answers the other 409 (or the replay)", async () => {
    const { call, team } = await teamWithToken();
    const [a, b] = await Promise.all([
      call("POST", "/products", { name: "Racing" }, { "idempotency-key": "race" }),
      call("POST", "/products", { name: "Racing" }, { "idempotency-key": "race" }),
    ]);
    expect([a.status, b.status].sort()).toEqual(expect.arrayContaining([201]));
    expect([a.status, b.status].every((status) => status === 201 || status === 409)).toBe(true);
    expect(await db.product.count({ where: { teamId: team.id } })).toBe(1);
  });
});

describe("idempotency after a failure", () => {
  it("frees a key whose request the server never answered once its lease is over, and a re-run of an observation write adds nothing twice", async () => {
    const { call, team } = await teamWithToken();
    const { experiment } = await loop(call);
    await call("POST", `/experiments/${experiment.id}/start`);
    const batch = { observations: [1, 2, 3].map((i) => ({ observedOn: today, successes: i, trials: 10 })) };
    const path = `/experiments/${experiment.id}/observations`;
    expect(await call("POST", path, batch, { "idempotency-key": "nightly-sync" })).toMatchObject({ status: 201, body: { received: 3, created: 3, replaced: 0, unchanged: 0 } });

    // As if the database went away after the write committed but before the answer was stored.
    const where = { teamId_key: { teamId: team.id, key: "nightly-sync" } };
    await db.idempotencyRecord.update({ where, data: { responseStatus: null, responseBody: undefined } });
    expect(await call("POST", path, batch, { "idempotency-key": "nightly-sync" })).toMatchObject({ status: 409, body: { error: { code: "idempotency_conflict" } } });

    await db.idempotencyRecord.update({ where, data: { createdAt: new Date(Date.now() - 3 * 60_000) } });
    const retried = await call("POST", path, batch, { "idempotency-key": "nightly-sync" });
    expect(retried).toMatchObject({ status: 201, body: { received: 3, created: 0, replaced: 0, unchanged: 3 } });
    expect(await db.observation.count({ where: { experimentId: experiment.id } })).toBe(3);
    expect(await db.experiment.findUniqueOrThrow({ where: { id: experiment.id }, select: { observationCount: true, successes: true } })).toEqual({ observationCount: 3, successes: 6 });
    // The retry's answer is now the key's answer.
    expect(await call("POST", path, batch, { "idempotency-key": "nightly-sync" })).toMatchObject({ status: 201, body: { received: 3, created: 0, replaced: 0, unchanged: 3 } });

    // Without a key, the same observations are new evidence.
    expect(await call("POST", path, batch)).toMatchObject({ status: 201, body: { received: 3, created: 3, replaced: 0, unchanged: 0 } });
  });
});

describe("numbers as JSON writes them", () => {
  it("takes values JavaScript writes with an exponent (1e-7) as the numbers they are", async () => {
    const { call } = await teamWithToken();
    const { hypothesis } = await loop(call);
    const experiment = await call("POST", "/experiments", {
      hypothesisId: hypothesis.id,
      title: "Dose study",
      method: "prototype",
      metric: { name: "Reaction time", kind: "mean", unit: "s" },
      criterion: { comparator: "lte", target: 0.5 },
      startsOn: addDays(today, -2),
    });
    await call("POST", `/experiments/${experiment.body.id}/start`);
    // JSON.stringify writes these as 1e-7 and 0.0025, as any JavaScript client would.
    const response = await call("POST", `/experiments/${experiment.body.id}/observations`, { observations: [{ observedOn: today, value: 1e-7 }, { observedOn: today, value: 2.5e-3 }] });
    expect(response.status).toBe(201);
    const stored = await db.observation.findMany({ where: { experimentId: experiment.body.id }, orderBy: { value: "asc" }, select: { value: true } });
    expect(stored).toEqual([{ value: 1e-7 }, { value: 0.0025 }]);
  });
});

describe("tokens, teams and roles", () => {
  it("answers 401 to a missing, unknown or revoked token", async () => {
    const setup = await teamWithToken();
    expect((await fetch(`${server.url}/api/v1/products`)).status).toBe(401);
    expect((await fetch(`${server.url}/api/v1/products`, { headers: { authorization: "Bearer evd_nope" } })).status).toBe(401);
    const token = await db.apiToken.findFirstOrThrow({ where: { teamId: setup.team.id } });
    await revokeApiToken(setup.owner, token.id);
    const revoked = await setup.call("GET", "/products");
    expect(revoked).toMatchObject({ status: 401, body: { error: { code: "unauthorized" } } });
  });

  it("never reaches another team's data (404) and lists only its own", async () => {
    const mine = await teamWithToken();
    const theirs = await teamWithToken();
    const { product, hypothesis, experiment } = await loop(theirs.call);
    for (const path of [`/products/${product.id}`, `/products/${product.id}/gate`, `/hypotheses/${hypothesis.id}`, `/experiments/${experiment.id}`, `/experiments/${experiment.id}/observations`]) {
      expect((await mine.call("GET", path)).status, path).toBe(404);
    }
    expect((await mine.call("PATCH", `/hypotheses/${hypothesis.id}`, { importance: 1 })).status).toBe(404);
    expect((await mine.call("DELETE", `/experiments/${experiment.id}`)).status).toBe(404);
    expect((await mine.call("POST", `/experiments/${experiment.id}/start`)).status).toBe(404);
    expect((await mine.call("POST", "/hypotheses", { productId: product.id, statement: "Smuggling into their product.", category: "viability", importance: 1 })).status).toBe(400);
    expect((await mine.call("GET", "/hypotheses")).body.data).toEqual([]);
    const exported = await mine.call("GET", "/export");
    expect(JSON.stringify(exported.body)).not.toContain(hypothesis.id);
    expect((await db.hypothesis.findUniqueOrThrow({ where: { id: hypothesis.id } })).importance).toBe(5);
  });

  it("viewer tokens read but cannot write", async () => {
    const viewer = await teamWithToken("VIEWER");
    expect((await viewer.call("GET", "/products")).status).toBe(200);
    const write = await viewer.call("POST", "/products", { name: "Nope" });
    expect(write).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
    expect(await db.product.count({ where: { teamId: viewer.team.id } })).toBe(0);
  });

  it("rate-limits per token with 429 and Retry-After", async () => {
    const { call } = await teamWithToken();
    process.env.API_RATE_LIMIT_PER_MINUTE = "5";
    try {
      const statuses = [];
      for (let i = 0; i < 7; i++) statuses.push((await call("GET", "/products")).status);
      expect(statuses.slice(0, 5).every((status) => status === 200)).toBe(true);
      const limited = await call("GET", "/products");
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      delete process.env.API_RATE_LIMIT_PER_MINUTE;
    }
  });

  it("serves the OpenAPI document without a token", async () => {
    const response = await fetch(`${server.url}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    const document = await response.json();
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(["/products", "/experiments/{id}/observations", "/signals/{id}/points"]));
    expect(document.components.schemas.ExperimentCreate.properties.criterion).toBeTruthy();
  });
});

describe("the contract a generated client relies on", () => {
  it("answers a create with the new resource's address, and marks a replay", async () => {
    const { call } = await teamWithToken();
    const created = await call("POST", "/products", { name: "Invoicing" }, { "idempotency-key": "located" });
    expect(created.headers.get("location")).toBe(`/api/v1/products/${created.body.id}`);
    expect(created.headers.get("idempotent-replayed")).toBeNull();
    expect((await call("GET", created.headers.get("location")!.replace("/api/v1", ""))).body).toEqual(created.body);
    const replay = await call("POST", "/products", { name: "Invoicing" }, { "idempotency-key": "located" });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.headers.get("location")).toBe(created.headers.get("location"));
  });

  it("takes and gives enum values in one case only, so what is read can be sent back", async () => {
    const { call } = await teamWithToken();
    const { hypothesis, experiment } = await loop(call);
    expect(experiment).toMatchObject({ method: "fake_door", metric: { kind: "rate" }, criterion: { comparator: "gte" }, status: "draft", result: { kind: "rate", verdict: "too_early" }, learningCard: null });
    const body = { hypothesisId: hypothesis.id, title: "Again", method: "fake_door", metric: { name: "Clicks", kind: "rate" }, criterion: { comparator: "gte", target: 0.1 }, startsOn: today };
    for (const [field, change] of [
      ["method", { method: "FAKE_DOOR" }],
      ["method", { method: "fake door" }],
      ["metric.kind", { metric: { name: "Clicks", kind: "RATE" } }],
      ["criterion.comparator", { criterion: { comparator: "GTE", target: 0.1 } }],
    ] as const) {
      const refused = await call("POST", "/experiments", { ...body, ...change });
      expect(refused, field).toMatchObject({ status: 400, body: { error: { code: "invalid_request", fields: { [field]: expect.any(String) } } } });
    }
    // What a read says, sent back as it is, is accepted.
    const copy = await call("POST", "/experiments", { ...body, method: experiment.method, metric: { name: "Clicks", kind: experiment.metric.kind }, criterion: experiment.criterion });
    expect(copy.status).toBe(201);
    const gate = await call("GET", `/products/${hypothesis.productId}/gate`);
    expect(gate.body).toMatchObject({ stage: "mvp", status: "hold" });
  });

  it("names the query parameter that was wrong", async () => {
    const { call } = await teamWithToken();
    await loop(call);
    expect(await call("GET", "/hypotheses?status=bogus")).toMatchObject({ status: 400, body: { error: { code: "invalid_request", fields: { status: expect.any(String) } } } });
    expect((await call("GET", "/hypotheses?status=UNTESTED")).body.error.fields).toHaveProperty("status");
    expect((await call("GET", "/hypotheses?status=untested")).body.data).toHaveLength(1);
    expect((await call("GET", "/products?limit=abc")).body.error.fields).toEqual({ limit: expect.any(String) });
    expect((await call("GET", "/products?limit=101")).body.error.fields).toEqual({ limit: expect.any(String) });
  });

  it("refuses a product name already taken in any case, and takes one that only looks alike to a pattern", async () => {
    const { call } = await teamWithToken();
    expect((await call("POST", "/products", { name: "Payroll" })).status).toBe(201);
    expect(await call("POST", "/products", { name: "PAYROLL" })).toMatchObject({ status: 400, body: { error: { fields: { name: expect.any(String) } } } });
    // "_" and "%" are letters in a name, not wildcards.
    expect((await call("POST", "/products", { name: "Pay_oll" })).status).toBe(201);
    expect((await call("POST", "/products", { name: "Pay%" })).status).toBe(201);
  });

  it("starts an experiment with no body at all, or with its version", async () => {
    const { call } = await teamWithToken();
    const first = await loop(call);
    // No body and no Content-Type, as the docs call it.
    expect(await call("POST", `/experiments/${first.experiment.id}/start`)).toMatchObject({ status: 200, body: { status: "running", version: 2 } });
    const product = (await call("POST", "/products", { name: "Payroll" })).body;
    const hypothesis = (await call("POST", "/hypotheses", { productId: product.id, statement: "Payroll teams want reminders too.", category: "viability", importance: 2 })).body;
    const draft = (await call("POST", "/experiments", { hypothesisId: hypothesis.id, title: "Interviews", method: "interview", metric: { name: "Yes", kind: "rate" }, criterion: { comparator: "gte", target: 0.5 }, startsOn: today })).body;
    expect(await call("POST", `/experiments/${draft.id}/start`, { version: 2 })).toMatchObject({ status: 409, body: { error: { code: "conflict" } } });
    expect(await call("POST", `/experiments/${draft.id}/start`, { version: 1 })).toMatchObject({ status: 200, body: { status: "running" } });
  });
});
