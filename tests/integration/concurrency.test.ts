/**
 * Concurrency over real HTTP against the built app. The module-level races (parallel
 * addObservations, parallel updateExperiment) are covered in validation-loop.test.ts; here the
 * same guarantees are checked end to end, through the edit form, the API and every evidence
 * path at once, including trash and restore racing with new evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "~/modules/api/tokens.server";
import { createExperiment, startExperiment } from "~/modules/experiments/experiments.server";
import { addDays, fromDateOnly, toDateOnly, todayDateOnly } from "~/modules/experiments/timebox";
import { db } from "~/utils/db.server";
import { startTestServer, type Client, type TestServer } from "../support/http";
import { runningRateExperiment } from "../support/loop-factories";
import { csvUpload, postMultipart, signedIn, versionOnPage } from "../support/loop-http-helpers";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const WRITERS = 8;

type Loop = Awaited<ReturnType<typeof runningRateExperiment>>;

async function apiCaller(loop: Loop) {
  const { token } = await createApiToken(loop.actor, { name: "Concurrency test", role: "MEMBER" });
  return async (method: string, path: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
}

async function storedExperiment(id: string) {
  return db.experiment.findUniqueOrThrow({
    where: { id },
    select: { title: true, plan: true, endsOn: true, target: true, version: true, criterionChangedAfterStart: true },
  });
}

describe("simultaneous saves of one experiment", () => {
  it("through the edit form: one save wins, every other gets 409 naming the winner, and the version moves once", async () => {
    const loop = await runningRateExperiment(Array.from({ length: WRITERS - 1 }, () => "MEMBER" as const));
    const people = [loop.owner, ...loop.members];
    const clients = await Promise.all(people.map((person) => signedIn(server.url, person.email)));
    const path = `/t/${loop.team.slug}/experiments/E-1/edit`;

    // Everyone opens the edit page on the same version…
    const versions = await Promise.all(clients.map(async (client) => versionOnPage(await (await client.get(path)).text())));
    expect(new Set(versions)).toEqual(new Set(["2"]));

    // …and saves a different edit, criterion included (with a reason), at the same instant.
    const edits = people.map((person, i) => ({
      hypothesisId: loop.hypothesis.id,
      title: `Fake door as seen by ${person.name}`,
      method: "FAKE_DOOR",
      plan: `show the button to cohort ${i} of new accounts`,
      metricName: "Click-through",
      metricUnit: "",
      metricKind: "RATE",
      comparator: "GTE",
      target: String(11 + i),
      startsOn: loop.startsOn,
      endsOn: addDays(loop.startsOn, 14 + i),
      reason: `Cohort ${i} converts differently.`,
      version: "2",
    }));
    const responses = await Promise.all(clients.map((client, i) => client.post(path, edits[i])));

    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 302)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(WRITERS - 1);
    const winner = statuses.indexOf(302);
    expect(responses[winner].headers.get("location")).toBe(`/t/${loop.team.slug}/experiments/E-1`);
    for (const [i, response] of responses.entries()) {
      if (i === winner) continue;
      const html = await response.text();
      expect(html).toContain(`Changed by ${people[winner].name} since you opened it (now version 3, you edited version 2)`);
      expect(html).toContain(edits[i].title); // the loser's edit is shown back, not lost
    }

    expect(await storedExperiment(loop.experiment.id)).toEqual({
      title: edits[winner].title,
      plan: edits[winner].plan,
      endsOn: fromDateOnly(edits[winner].endsOn),
      target: (11 + winner) / 100,
      version: 3,
      criterionChangedAfterStart: true,
    });
    // The losers' transactions left nothing behind: one logged change, by the winner.
    const changes = await db.activityEvent.findMany({ where: { entityId: loop.experiment.id, action: { in: ["experiment.updated", "experiment.criterion_changed"] } }, select: { actorId: true } });
    expect(changes).toEqual([{ actorId: people[winner].id }]);
  });

  it("through PATCH /api/v1/experiments/:id with the same version: one 200, every other 409", async () => {
    const loop = await runningRateExperiment();
    const call = await apiCaller(loop);
    const patches = Array.from({ length: WRITERS }, (_, i) => ({
      title: `Fake door, variant ${i}`,
      plan: `show variant ${i} of the button to every new account`,
      endsOn: addDays(loop.startsOn, 14 + i),
      criterion: { target: (11 + i) / 100 },
      reason: `Variant ${i} needs a different bar.`,
      version: 2,
    }));
    const responses = await Promise.all(patches.map((patch) => call("PATCH", `/experiments/${loop.experiment.id}`, patch)));

    const winners = responses.filter((response) => response.status === 200);
    const losers = responses.filter((response) => response.status !== 200);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(WRITERS - 1);
    for (const loser of losers) {
      expect(loser.status).toBe(409);
      expect(loser.body.error).toMatchObject({ code: "conflict", message: expect.stringContaining("(now version 3, you edited version 2)") });
    }
    const winner = patches.findIndex((patch) => patch.title === winners[0].body.title);
    expect(winners[0].body).toMatchObject({ version: 3, endsOn: patches[winner].endsOn, criterion: { target: patches[winner].criterion.target }, criterionChangedAfterStart: true });
    expect(await storedExperiment(loop.experiment.id)).toEqual({
      title: patches[winner].title,
      plan: patches[winner].plan,
      endsOn: fromDateOnly(patches[winner].endsOn),
      target: patches[winner].criterion.target,
      version: 3,
      criterionChangedAfterStart: true,
    });
  });
});

describe("simultaneous saves of one hypothesis", () => {
  it("through the edit form: one save wins, and every other is shown the winner's saved statement, not the one it read", async () => {
    const loop = await runningRateExperiment(Array.from({ length: WRITERS - 1 }, () => "MEMBER" as const));
    const people = [loop.owner, ...loop.members];
    const clients = await Promise.all(people.map((person) => signedIn(server.url, person.email)));
    const path = `/t/${loop.team.slug}/hypotheses/H-1/edit`;
    const { version } = await db.hypothesis.findUniqueOrThrow({ where: { id: loop.hypothesis.id }, select: { version: true } });
    const statements = people.map((person) => `Freelancers, as ${person.name} sees them, will click a get-paid-faster button.`);
    const responses = await Promise.all(
      clients.map((client, i) =>
        client.post(path, { productId: loop.product.id, statement: statements[i], segment: "", category: "DESIRABILITY", importance: "5", ownerId: "", version: String(version) }),
      ),
    );

    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 302)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(WRITERS - 1);
    const winner = statuses.indexOf(302);
    for (const [i, response] of responses.entries()) {
      if (i === winner) continue;
      const html = await response.text();
      expect(html).toContain(`Changed by ${people[winner].name} since you opened it (now version ${version + 1}, you edited version ${version})`);
      expect(html).toContain(statements[winner]); // their saved version, in the comparison
      expect(html).toContain(statements[i]); // and the loser's own text, kept in the form
    }
    expect(await db.hypothesis.findUniqueOrThrow({ where: { id: loop.hypothesis.id }, select: { statement: true, version: true } })).toEqual({ statement: statements[winner], version: version + 1 });
  });
});

// ------------------------------------------------------------------------------------ evidence

type Kind = "RATE" | "MEAN";

/** A RATE experiment (the factory's E-1), or a MEAN one planned beside it as E-2 and started. */
async function runningExperiment(kind: Kind) {
  const loop = await runningRateExperiment(Array.from({ length: 5 }, () => "MEMBER" as const));
  if (kind === "RATE") return { loop, experimentId: loop.experiment.id, key: "E-1" };
  const mean = await createExperiment(loop.actor, {
    hypothesisId: loop.hypothesis.id,
    title: "Invoice size survey",
    method: "SURVEY",
    plan: "ask new accounts the size of their typical invoice",
    metricName: "Invoice size",
    metricUnit: "k€",
    metricKind: "MEAN",
    comparator: "GTE",
    target: 2,
    startsOn: loop.startsOn,
    endsOn: addDays(loop.startsOn, 13),
  });
  await startExperiment(loop.actor, { id: mean.id, version: 1 });
  return { loop, experimentId: mean.id, key: "E-2" };
}

/**
 * The i-th measurement for a kind, spread over the four days since the start with every strength.
 * MEAN values are multiples of 0.25, so sums and sums of squares are exact in floating point.
 */
function measurement(kind: Kind, startsOn: string, i: number) {
  const observedOn = addDays(startsOn, i % 4);
  const strength = ((i % 4) + 1) as 1 | 2 | 3 | 4;
  return kind === "RATE" ? { observedOn, successes: i % 7, trials: 10 + (i % 5), strength } : { observedOn, value: 1 + (i % 9) * 0.25, strength };
}

/** The same as quick-add form fields. */
function asForm(row: ReturnType<typeof measurement>): Record<string, string> {
  return {
    intent: "observe",
    observedOn: row.observedOn,
    successes: "successes" in row ? String(row.successes) : "",
    trials: "trials" in row ? String(row.trials) : "",
    value: "value" in row ? String(row.value) : "",
    note: "",
    source: "",
    strength: String(row.strength),
  };
}

/** Everything maintained about an experiment's evidence, as stored and as recounted from the observations themselves. */
type Maintained = { count: number; maxStrength: number } & Record<string, unknown>;

async function maintainedAndRecounted(experimentId: string) {
  const [stored] = await db.$queryRaw<Maintained[]>`
    SELECT e."observationCount" AS count, e.successes::float8 AS successes, e.trials::float8 AS trials, e."valueCount" AS "valueCount",
           e."valueSum"::float8 AS "valueSum", e."valueSumSquares"::float8 AS "valueSumSquares", e."maxStrength" AS "maxStrength",
           e."lastObservedOn" AS "lastObservedOn", h."evidenceStrength" AS "evidenceStrength"
    FROM "Experiment" e JOIN "Hypothesis" h ON h.id = e."hypothesisId" WHERE e.id = ${experimentId}`;
  const [recounted] = await db.$queryRaw<Maintained[]>`
    SELECT count(*)::int AS count, coalesce(sum(successes), 0)::float8 AS successes, coalesce(sum(trials), 0)::float8 AS trials,
           count(value)::int AS "valueCount", coalesce(sum(value), 0)::float8 AS "valueSum", coalesce(sum(value * value), 0)::float8 AS "valueSumSquares",
           coalesce(max(strength), 0)::int AS "maxStrength", max("observedOn") AS "lastObservedOn", coalesce(max(strength), 0)::int AS "evidenceStrength"
    FROM "Observation" WHERE "experimentId" = ${experimentId} AND "deletedAt" IS NULL`;

  // A day whose every observation went to the trash keeps a row of zeros; that equals no row.
  const zeros = { successes: 0, trials: 0, valueCount: 0, valueSum: 0, valueSumSquares: 0 };
  const byDay = (rows: ({ day: Date } & typeof zeros)[]) =>
    Object.fromEntries(rows.filter(({ day: _day, ...sums }) => JSON.stringify(sums) !== JSON.stringify(zeros)).map(({ day, ...sums }) => [toDateOnly(day), sums]));
  const storedDays = await db.$queryRaw<({ day: Date } & typeof zeros)[]>`
    SELECT day, successes::float8 AS successes, trials::float8 AS trials, "valueCount" AS "valueCount", "valueSum"::float8 AS "valueSum", "valueSumSquares"::float8 AS "valueSumSquares"
    FROM "ExperimentDay" WHERE "experimentId" = ${experimentId}`;
  const recountedDays = await db.$queryRaw<({ day: Date } & typeof zeros)[]>`
    SELECT "observedOn" AS day, coalesce(sum(successes), 0)::float8 AS successes, coalesce(sum(trials), 0)::float8 AS trials, count(value)::int AS "valueCount",
           coalesce(sum(value), 0)::float8 AS "valueSum", coalesce(sum(value * value), 0)::float8 AS "valueSumSquares"
    FROM "Observation" WHERE "experimentId" = ${experimentId} AND "deletedAt" IS NULL GROUP BY "observedOn"`;
  return { stored: { ...stored, days: byDay(storedDays) }, recounted: { ...recounted, days: byDay(recountedDays) } };
}

describe.each<Kind>(["RATE", "MEAN"])("concurrent evidence on a %s experiment", (kind) => {
  it("keeps every maintained sum, per experiment and per day, equal to a recount from the observations", async () => {
    const { loop, experimentId, key } = await runningExperiment(kind);
    const people = [loop.owner, ...loop.members];
    const clients = await Promise.all(people.map((person) => signedIn(server.url, person.email)));
    const call = await apiCaller(loop);
    const base = `/t/${loop.team.slug}`;
    const at = (i: number) => measurement(kind, loop.startsOn, i);

    // Evidence already there: some of it will be trashed during the burst, some restored.
    const seeded = await call("POST", `/experiments/${experimentId}/observations`, { observations: Array.from({ length: 12 }, (_, i) => at(100 + i)) });
    expect(seeded).toMatchObject({ status: 201, body: { received: 12, created: 12, replaced: 0, unchanged: 0 } });
    const existing = await db.observation.findMany({ where: { experimentId }, orderBy: { id: "asc" }, select: { id: true } });
    const [toTrash, toRestore] = [existing.slice(0, 5).map((o) => o.id), existing.slice(5, 8).map((o) => o.id)];
    for (const id of toRestore) expect((await clients[0].post(`${base}/experiments/${key}`, { intent: "trash-observation", observationId: id })).status).toBe(302);

    const expectStatus = (expected: number[]) => async (pending: Promise<{ status: number }>) => {
      const { status } = await pending;
      expect(expected, `unexpected status ${status}`).toContain(status);
      return status;
    };
    const created = expectStatus([201]);
    const redirected = expectStatus([302]);
    const csv = kind === "RATE" ? `observed_on,successes,trials,strength\n` : `observed_on,value,strength\n`;
    const csvRows = Array.from({ length: 6 }, (_, i) => at(200 + i)).map((row) =>
      "trials" in row ? `${row.observedOn},${row.successes},${row.trials},${row.strength}` : `${row.observedOn},${row.value},${row.strength}`,
    );
    const upload = csvUpload(csv + csvRows.join("\n"));
    upload.append("intent", "confirm");
    const quote = { observedOn: loop.startsOn, note: "“I would pay for this tomorrow.”", source: "Interview", strength: 4 };

    const burst = [
      // 24 single API posts, a quote among them, and four retried with the Idempotency-Key they were first sent with.
      ...Array.from({ length: 24 }, (_, i) => created(call("POST", `/experiments/${experimentId}/observations`, i === 0 ? quote : at(i), { "Idempotency-Key": `single-${i}` }))),
      ...Array.from({ length: 4 }, (_, i) =>
        // The retry either replays the first answer or is told the first is still in progress.
        expectStatus([201, 409])(call("POST", `/experiments/${experimentId}/observations`, i === 0 ? quote : at(i), { "Idempotency-Key": `single-${i}` })),
      ),
      // 3 bulk posts of 20.
      ...Array.from({ length: 3 }, (_, b) => created(call("POST", `/experiments/${experimentId}/observations`, { observations: Array.from({ length: 20 }, (_, i) => at(300 + b * 20 + i)) }))),
      // A quick-add from every member.
      ...clients.map((client, i) => redirected(client.post(`${base}/experiments/${key}`, asForm(at(400 + i))))),
      // A CSV import.
      redirected(postMultipart(clients[1], `${base}/experiments/${key}/import`, upload)),
      // Trash from two people at once (the same observation twice: a double click), and restore likewise.
      ...toTrash.flatMap((id, i) => [clients[i].post(`${base}/experiments/${key}`, { intent: "trash-observation", observationId: id }), clients[i + 1].post(`${base}/experiments/${key}`, { intent: "trash-observation", observationId: id })].map(redirected)),
      ...toRestore.flatMap((id, i) => [clients[i].post(`${base}/settings/trash`, { kind: "observation", id }), clients[i + 2].post(`${base}/settings/trash`, { kind: "observation", id })].map(redirected)),
    ];
    await Promise.all(burst);

    // Nothing lost, nothing counted twice: 12 seeded − 5 trashed + 24 singles + 60 bulk + one per member + the file.
    const live = await db.observation.count({ where: { experimentId, deletedAt: null } });
    expect(live).toBe(12 - toTrash.length + 24 + 60 + clients.length + csvRows.length);
    const { stored, recounted } = await maintainedAndRecounted(experimentId);
    expect(stored).toEqual(recounted);
    expect(stored.count).toBe(live);
    expect(stored.maxStrength).toBe(4);
  });
});
