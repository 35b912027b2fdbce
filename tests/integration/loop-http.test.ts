/**
 * The hypothesis → experiment → evidence loop over real HTTP against the built app: bad input,
 * CSV import, roles, other teams, edit conflicts and junk requests. Every refused write is
 * checked against the database, not only against the status code.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExperiment } from "~/modules/experiments/experiments.server";
import { addDays, todayDateOnly } from "~/modules/experiments/timebox";
import { db } from "~/utils/db.server";
import { createTeamWith } from "../support/factories";
import { startTestServer, type Client, type TestServer } from "../support/http";
import { runningRateExperiment } from "../support/loop-factories";
import { csvUpload, experimentFormFields, postMultipart, postMultipartAlone, signedIn, teamSnapshot, versionOnPage } from "../support/loop-http-helpers";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

type Loop = Awaited<ReturnType<typeof runningRateExperiment>>;

/** A complete, valid quick-add observation for the RATE experiment. */
function observation(loop: Loop, overrides: Record<string, string> = {}) {
  return { intent: "observe", observedOn: loop.startsOn, successes: "3", trials: "40", value: "", note: "", source: "", strength: "2", ...overrides };
}

function hypothesisFields(loop: Loop, overrides: Record<string, string> = {}) {
  return {
    productId: loop.product.id,
    statement: "Freelancers will click a get-paid-faster button.",
    segment: "",
    category: "DESIRABILITY",
    importance: "5",
    ownerId: loop.owner.id,
    ...overrides,
  };
}

const experimentFields = (loop: Loop) => experimentFormFields(loop.hypothesis.id, todayDateOnly());

const conclusion = { observed: "Few people clicked.", learned: "The pain is not urgent.", nextSteps: "Interview five more.", decision: "PIVOT", version: "2" };

async function storedExperiment(id: string) {
  return db.experiment.findUniqueOrThrow({ where: { id }, select: { observationCount: true, successes: true, trials: true, status: true, version: true } });
}

describe("quick-add evidence form", () => {
  let loop: Loop;
  let client: Client;
  beforeAll(async () => {
    loop = await runningRateExperiment();
    client = await signedIn(server.url, loop.owner.email);
  });

  it.each<[string, (loop: Loop) => Record<string, string>, string]>([
    ["non-numeric successes", () => ({ successes: "abc" }), "whole number"],
    ["more successes than trials", () => ({ successes: "41", trials: "40" }), "cannot exceed trials"],
    ["a date before the timebox start", (l) => ({ observedOn: addDays(l.startsOn, -1) }), "evidence from before then does not count"],
    ["a date in the future", () => ({ observedOn: addDays(todayDateOnly(), 1) }), "That date is in the future."],
  ])("refuses %s with 400 and a message, and writes nothing", async (_label, change, message) => {
    const fields = change(loop);
    const response = await client.post(`/t/${loop.team.slug}/experiments/E-1`, observation(loop, fields));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(message);
    expect(await db.observation.count({ where: { experimentId: loop.experiment.id } })).toBe(0);
    expect(await db.experimentDay.count({ where: { experimentId: loop.experiment.id } })).toBe(0);
    expect(await storedExperiment(loop.experiment.id)).toMatchObject({ observationCount: 0, successes: 0, trials: 0 });
  });

  it("logs a valid observation (302) and updates the aggregates", async () => {
    const fresh = await runningRateExperiment();
    const owner = await signedIn(server.url, fresh.owner.email);
    const response = await owner.post(`/t/${fresh.team.slug}/experiments/E-1`, observation(fresh, { note: "first day", source: "analytics" }));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/t/${fresh.team.slug}/experiments/E-1`);
    const rows = await db.observation.findMany({ where: { experimentId: fresh.experiment.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ successes: 3, trials: 40, note: "first day", source: "analytics", strength: 2 });
    expect(await storedExperiment(fresh.experiment.id)).toMatchObject({ observationCount: 1, successes: 3, trials: 40 });
  });
});

describe("CSV import", () => {
  it("refuses a file without the trials column (400, Missing column) and writes nothing", async () => {
    const loop = await runningRateExperiment();
    const client = await signedIn(server.url, loop.owner.email);
    const response = await postMultipart(client, `/t/${loop.team.slug}/experiments/E-1/import`, csvUpload(`observed_on,successes\n${loop.startsOn},3\n`));
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Missing column");
    expect(html).toContain("trials");
    expect(await db.observation.count({ where: { experimentId: loop.experiment.id } })).toBe(0);
  });

  it("refuses a 10 MB file with 413 and a clear message, and writes nothing", async () => {
    const loop = await runningRateExperiment();
    const client = await signedIn(server.url, loop.owner.email);
    const row = `${loop.startsOn},1,10\n`;
    const big = `observed_on,successes,trials\n${row.repeat(Math.ceil((10 * 1024 * 1024) / row.length))}`;
    const response = await postMultipartAlone(client, `/t/${loop.team.slug}/experiments/E-1/import`, csvUpload(big));
    expect([413, 400]).toContain(response.status);
    expect(response.text).toMatch(/larger than 5 MB/);
    expect(await db.observation.count({ where: { experimentId: loop.experiment.id } })).toBe(0);
    expect(await storedExperiment(loop.experiment.id)).toMatchObject({ observationCount: 0, trials: 0 });
  });

  it("previews a valid file without writing, imports on confirm, and a repeated confirm adds nothing", async () => {
    const loop = await runningRateExperiment();
    const client = await signedIn(server.url, loop.owner.email);
    const path = `/t/${loop.team.slug}/experiments/E-1/import`;
    const csv = `observed_on,successes,trials,note\n${loop.startsOn},3,40,first day\n${addDays(loop.startsOn, 1)},5,50,\n`;

    const preview = await postMultipart(client, path, csvUpload(csv));
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain("Preview: 2 rows");
    expect(html).toContain("first day");
    expect(await db.observation.count({ where: { experimentId: loop.experiment.id } })).toBe(0);

    const confirm = () => {
      const form = new FormData();
      form.append("intent", "confirm");
      form.append("csv", csv);
      return postMultipart(client, path, form);
    };
    const first = await confirm();
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe(`/t/${loop.team.slug}/experiments/E-1?imported=2&skipped=0`);
    expect(await db.observation.count({ where: { experimentId: loop.experiment.id } })).toBe(2);
    expect(await storedExperiment(loop.experiment.id)).toMatchObject({ observationCount: 2, successes: 8, trials: 90 });

    const again = await confirm();
    expect(again.status).toBe(302);
    expect(again.headers.get("location")).toContain("imported=0&skipped=2");
    expect(await db.observation.count({ where: { experimentId: loop.experiment.id } })).toBe(2);
    expect(await storedExperiment(loop.experiment.id)).toMatchObject({ observationCount: 2, successes: 8, trials: 90 });
  });
});

describe("the trash", () => {
  it("restores an item once when Restore is sent twice (a double click), and answers both", async () => {
    const loop = await runningRateExperiment();
    const client = await signedIn(server.url, loop.owner.email);
    const base = `/t/${loop.team.slug}`;
    expect((await client.post(`${base}/hypotheses/H-1`, { intent: "trash" })).status).toBe(302);
    for (let click = 0; click < 2; click++) {
      expect((await client.post(`${base}/settings/trash`, { kind: "hypothesis", id: loop.hypothesis.id })).status, `click ${click + 1}`).toBe(302);
    }
    expect((await db.hypothesis.findUniqueOrThrow({ where: { id: loop.hypothesis.id } })).deletedAt).toBeNull();
    expect(await db.activityEvent.count({ where: { teamId: loop.team.id, action: "hypothesis.restored" } })).toBe(1);
  });
});

describe("viewers", () => {
  let loop: Loop;
  let viewer: Client;
  let base: string;
  beforeAll(async () => {
    loop = await runningRateExperiment(["VIEWER"]);
    // E-2 is a draft, so that "start" has something to start.
    const startsOn = todayDateOnly();
    await createExperiment(loop.actor, {
      hypothesisId: loop.hypothesis.id, title: "Draft fake door", method: "FAKE_DOOR", plan: "show the button to returning accounts",
      metricName: "Click-through", metricUnit: "", metricKind: "RATE", comparator: "GTE", target: 0.1, startsOn, endsOn: addDays(startsOn, 13),
    });
    viewer = await signedIn(server.url, loop.members[0].email);
    base = `/t/${loop.team.slug}`;
  });

  it.each(["/hypotheses", "/hypotheses/H-1", "/experiments/E-1", "/hypotheses/map"])("can read %s (200)", async (path) => {
    const response = await viewer.get(base + path);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(path === "/experiments/E-1" ? "Fake door" : "get-paid-faster");
    expect(html).not.toContain("Log evidence"); // no write forms for a viewer
  });

  it.each(["/hypotheses/new", "/experiments/new", "/hypotheses/H-1/edit", "/experiments/E-1/edit", "/experiments/E-1/conclude", "/experiments/E-1/import"])(
    "gets 403 on GET %s",
    async (path) => {
      expect((await viewer.get(base + path)).status).toBe(403);
    },
  );

  it.each<[string, string, () => Record<string, string>]>([
    ["a new hypothesis", "/hypotheses/new", () => hypothesisFields(loop, { statement: "Viewers should not be able to add this." })],
    ["a new experiment", "/experiments/new", () => experimentFields(loop)],
    ["evidence", "/experiments/E-1", () => observation(loop)],
    ["a comment on the experiment", "/experiments/E-1", () => ({ intent: "comment", body: "A viewer's comment" })],
    ["a comment on the hypothesis", "/hypotheses/H-1", () => ({ intent: "comment", body: "A viewer's comment" })],
    ["starting a draft", "/experiments/E-2", () => ({ intent: "start", version: "1" })],
    ["concluding", "/experiments/E-1/conclude", () => conclusion],
    ["a new product", "/settings/products", () => ({ intent: "create", name: "Viewer product", description: "" })],
  ])("gets 403 posting %s, and nothing changes", async (_label, path, form) => {
    const before = await teamSnapshot(loop.team.id);
    const response = await viewer.post(base + path, form());
    expect(response.status).toBe(403);
    expect(await teamSnapshot(loop.team.id)).toEqual(before);
  });

  it("gets 403 confirming a CSV import, and nothing changes", async () => {
    const before = await teamSnapshot(loop.team.id);
    const form = new FormData();
    form.append("intent", "confirm");
    form.append("csv", `observed_on,successes,trials\n${loop.startsOn},3,40\n`);
    expect((await postMultipart(viewer, `${base}/experiments/E-1/import`, form)).status).toBe(403);
    expect(await teamSnapshot(loop.team.id)).toEqual(before);
  });
});

describe("members of other teams", () => {
  let loop: Loop;
  let outsider: Client;
  let base: string;
  beforeAll(async () => {
    loop = await runningRateExperiment();
    const other = await createTeamWith();
    outsider = await signedIn(server.url, other.owner.email);
    // The outsider is really signed in: their own team answers.
    expect((await outsider.get(`/t/${other.team.slug}/hypotheses`)).status).toBe(200);
    base = `/t/${loop.team.slug}`;
  });

  const paths = [
    "/hypotheses",
    "/hypotheses/map",
    "/hypotheses/new",
    "/hypotheses/H-1",
    "/hypotheses/H-1/edit",
    "/experiments",
    "/experiments/new",
    "/experiments/E-1",
    "/experiments/E-1/edit",
    "/experiments/E-1/conclude",
    "/experiments/E-1/import",
    "/settings/products",
    "/settings/trash",
  ];

  it.each(paths)("get 404 on GET %s, with nothing of the team on the page", async (path) => {
    const response = await outsider.get(base + path);
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).not.toContain("get-paid-faster");
    expect(html).not.toContain(loop.team.name);
  });

  /** A well-formed submission for each route that has an action. */
  const forms: Record<string, () => Record<string, string>> = {
    "/hypotheses/new": () => hypothesisFields(loop, { statement: "An outsider's hypothesis sneaked in." }),
    "/hypotheses/H-1": () => ({ intent: "comment", body: "An outsider's comment" }),
    "/hypotheses/H-1/edit": () => ({ ...hypothesisFields(loop, { statement: "Rewritten by someone outside the team." }), version: "1" }),
    "/experiments/new": () => experimentFields(loop),
    "/experiments/E-1": () => observation(loop),
    "/experiments/E-1/edit": () => ({ ...experimentFields(loop), version: "2", reason: "" }),
    "/experiments/E-1/conclude": () => conclusion,
    "/settings/products": () => ({ intent: "create", name: "Outsider product", description: "" }),
    "/settings/trash": () => ({ kind: "hypothesis", id: loop.hypothesis.id }),
  };

  it.each(Object.keys(forms))("get 404 on POST %s, and nothing changes", async (path) => {
    const before = await teamSnapshot(loop.team.id);
    const response = await outsider.post(base + path, forms[path]());
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("get-paid-faster");
    expect(await teamSnapshot(loop.team.id)).toEqual(before);
  });

  // These pages have no action: Remix answers 405 before any team lookup. What matters is that
  // the answer is the same as for a team that does not exist, so it reveals nothing.
  it.each(["/hypotheses?index", "/hypotheses/map", "/experiments?index"])("get the same answer as for no team on POST %s, and nothing changes", async (path) => {
    const before = await teamSnapshot(loop.team.id);
    const response = await outsider.post(base + path, { intent: "create" });
    const noSuchTeam = await outsider.post(`/t/no-such-team-${loop.team.slug}/${path.slice(1)}`, { intent: "create" });
    expect([404, 405]).toContain(response.status);
    expect(response.status).toBe(noSuchTeam.status);
    const html = await response.text();
    expect(html).not.toContain(loop.team.name);
    expect(html).not.toContain("get-paid-faster");
    expect(await teamSnapshot(loop.team.id)).toEqual(before);
  });

  it("get 404 uploading a CSV into the team's experiment, and nothing changes", async () => {
    const before = await teamSnapshot(loop.team.id);
    const form = new FormData();
    form.append("intent", "confirm");
    form.append("csv", `observed_on,successes,trials\n${loop.startsOn},3,40\n`);
    expect((await postMultipart(outsider, `${base}/experiments/E-1/import`, form)).status).toBe(404);
    expect(await teamSnapshot(loop.team.id)).toEqual(before);
  });
});

describe("edit conflicts", () => {
  it("lets the first save win and answers the second with 409 and who changed it", async () => {
    const loop = await runningRateExperiment(["MEMBER"]);
    const path = `/t/${loop.team.slug}/hypotheses/H-1/edit`;
    const olivia = await signedIn(server.url, loop.owner.email);
    const mo = await signedIn(server.url, loop.members[0].email);

    // Both open the edit page and see the same version.
    const [oliviaPage, moPage] = await Promise.all([olivia.get(path), mo.get(path)]);
    expect(oliviaPage.status).toBe(200);
    expect(moPage.status).toBe(200);
    const oliviaVersion = versionOnPage(await oliviaPage.text());
    const moVersion = versionOnPage(await moPage.text());
    expect(moVersion).toBe(oliviaVersion);

    const first = await olivia.post(path, { ...hypothesisFields(loop, { statement: "Freelancers will pay to get paid faster." }), version: oliviaVersion });
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe(`/t/${loop.team.slug}/hypotheses/H-1`);

    const second = await mo.post(path, { ...hypothesisFields(loop, { statement: "Agencies will click a get-paid-faster button." }), version: moVersion });
    expect(second.status).toBe(409);
    const html = await second.text();
    expect(html).toContain(`Changed by ${loop.owner.name}`);
    expect(html).toContain("Agencies will click"); // the loser's text is shown, not lost

    const stored = await db.hypothesis.findUniqueOrThrow({ where: { id: loop.hypothesis.id } });
    expect(stored.statement).toBe("Freelancers will pay to get paid faster.");
    expect(stored.version).toBe(Number(oliviaVersion) + 1);
  });
});

describe("unknown keys and junk", () => {
  let loop: Loop;
  let client: Client;
  let base: string;
  beforeAll(async () => {
    loop = await runningRateExperiment();
    client = await signedIn(server.url, loop.owner.email);
    base = `/t/${loop.team.slug}`;
  });

  // %00 is a NUL character, which no id holds and PostgreSQL cannot even compare against.
  it.each(["/hypotheses/H-999", "/hypotheses/not-a-key", "/hypotheses/H-999/edit", "/experiments/not-a-key", "/experiments/E-999", "/experiments/E-999/import", "/experiments/E-1.5", "/gate/%00", "/gate/%00/import", "/review/%00", "/updates/%00"])(
    "answers 404 for %s",
    async (path) => {
      const response = await client.get(base + path);
      expect(response.status).toBe(404);
      expect(await response.text()).toContain("Page not found");
    },
  );

  it.each<[string, string, Record<string, string>]>([
    ["an unknown intent on an experiment", "/experiments/E-1", { intent: "explode" }],
    ["no intent on an experiment", "/experiments/E-1", { note: "hello" }],
    ["an unknown intent on a hypothesis", "/hypotheses/H-1", { intent: "explode" }],
    ["an unknown intent on products", "/settings/products", { intent: "explode", name: "X product" }],
    ["an unknown kind in trash", "/settings/trash", { kind: "team", id: "x" }],
    ["an impossible date", "/experiments/E-1", { intent: "observe", observedOn: "2026-02-30", successes: "1", trials: "2", strength: "2" }],
    ["an overflowing number", "/experiments/E-1", { intent: "observe", observedOn: todayDateOnly(), successes: "1e400", trials: "1e400", strength: "2" }],
    ["trials beyond a 32-bit integer", "/experiments/E-1", { intent: "observe", observedOn: todayDateOnly(), successes: "1", trials: "99999999999", strength: "2" }],
    ["a strength out of range", "/experiments/E-1", { intent: "observe", observedOn: todayDateOnly(), successes: "1", trials: "2", strength: "9" }],
    ["an empty observation", "/experiments/E-1", { intent: "observe" }],
  ])("answers 400 (never 500) to %s, and nothing changes", async (_label, path, form) => {
    const before = await teamSnapshot(loop.team.id);
    const response = await client.post(base + path, form);
    expect(response.status).toBe(400);
    expect(await teamSnapshot(loop.team.id)).toEqual(before);
  });

  it.each([
    ["/hypotheses?status=BOGUS&page=-3&sort=x", "H-1"],
    ["/hypotheses?category=%00&owner=&q=%E2%80%AE&page=abc&sort=", "H-1"],
    ["/hypotheses?product=%00&owner=a%00b&q=in%00voice", "H-1"],
    ["/hypotheses/map?product=nope&page=-3", "Assumptions map"],
    ["/hypotheses/map?product=%00", "Assumptions map"],
    ["/activity?before=%00", "The audit log"],
    ["/experiments?status=BOGUS&page=-3&sort=x", "E-1"],
    ["/experiments/E-1?page=-3", "Fake door"],
    ["/experiments/E-1?page=99999999999", "Fake door"],
    ["/experiments/new?hypothesis=H-999&retest=bogus", "New experiment"],
  ])("ignores a garbage query string on %s (200)", async (path, expected) => {
    const response = await client.get(base + path);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(expected);
  });
});

describe("addresses that cannot be decoded", () => {
  it("answers 400, not 500, to broken percent-encoding in a path: a page for people, JSON under /api/", async () => {
    const loop = await runningRateExperiment();
    const client = await signedIn(server.url, loop.owner.email);
    const page = await client.get(`/t/${loop.team.slug}/hypotheses/%FF`);
    expect(page.status).toBe(400);
    expect(page.headers.get("content-type")).toContain("text/html");
    const api = await fetch(`${server.url}/api/v1/experiments/%E0%A4`);
    expect(api.status).toBe(400);
    expect(await api.json()).toMatchObject({ error: { code: "invalid_request" } });
  });
});

describe("inputs that once slipped through", () => {
  it("refuses thousands separators and other guessed numbers instead of misreading them", async () => {
    const loop = await runningRateExperiment();
    const client = await signedIn(server.url, loop.owner.email);
    const before = await teamSnapshot(loop.team.id);
    for (const trials of ["1,000", "0x10", "1e3"]) {
      const response = await client.post(`/t/${loop.team.slug}/experiments/E-1`, observation(loop, { successes: "1", trials }));
      expect(response.status, trials).toBe(400);
      expect(await response.text()).toContain("whole number");
    }
    expect(await teamSnapshot(loop.team.id)).toEqual(before);
  });

  it("answers an absurd version number with 400, not 500", async () => {
    const loop = await runningRateExperiment();
    const client = await signedIn(server.url, loop.owner.email);
    const edit = await client.post(`/t/${loop.team.slug}/hypotheses/H-1/edit`, { ...hypothesisFields(loop), version: "99999999999" });
    expect(edit.status).toBe(400);
    const override = await client.post(`/t/${loop.team.slug}/hypotheses/H-1`, { intent: "override", status: "VALIDATED", reason: "Because we say so.", version: "99999999999" });
    expect(override.status).toBe(400);
  });

  it("refuses a JSON body on a form route with 415 and changes nothing", async () => {
    const loop = await runningRateExperiment();
    const client = await signedIn(server.url, loop.owner.email);
    const before = await teamSnapshot(loop.team.id);
    const response = await fetch(`${server.url}/t/${loop.team.slug}/experiments/E-1`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/json", origin: server.url, cookie: client.cookieHeader },
      body: JSON.stringify({ intent: "observe" }),
    });
    expect(response.status).toBe(415);
    expect(await teamSnapshot(loop.team.id)).toEqual(before);
  });

  it("explains why a draft cannot be concluded instead of silently redirecting", async () => {
    const loop = await runningRateExperiment();
    const client = await signedIn(server.url, loop.owner.email);
    await createExperiment(loop.actor, { ...experimentFields(loop), target: 0.1, endsOn: addDays(todayDateOnly(), 13) } as Parameters<typeof createExperiment>[1]);
    const response = await client.post(`/t/${loop.team.slug}/experiments/E-2/conclude`, { ...conclusion, version: "1" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("not possible");
    expect((await db.experiment.findFirstOrThrow({ where: { teamId: loop.team.id, number: 2 } })).status).toBe("DRAFT");
  });
});
