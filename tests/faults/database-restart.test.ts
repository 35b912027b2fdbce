/**
 * PostgreSQL goes away under load and comes back. The server process must survive, say so on
 * /readyz, answer every page and API call with a quick 503 meanwhile (never a hang, never a 500),
 * recover by itself within 10 s of the database's return, and lose no write it acknowledged.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UNAVAILABLE } from "~/utils/database-errors.server";
import { aggregateMatchesRows, apiGet, openSession, pageGet, postObservation, storedNotes, TEAM, type Session } from "./support/evident";
import { request, sleep, waitFor, type Reply } from "../support/net";
import { createPostgresCluster, postgresBinariesOrSkip, type PostgresCluster } from "./support/postgres-cluster";
import { startServerProcess, type ServerProcess } from "../support/server-process";

const bindir = postgresBinariesOrSkip();

/** The bounds: a 503 "quickly", and recovery within 10 s of the database being back. */
const QUICK_MS = 3_000;
const RECOVERY_MS = 10_000;
/** Anything slower than this is reported as a hang ("timeout"). */
const HANG_MS = 15_000;
/** Well-formed, so the shared-update page looks it up in the database (and would answer 404). */
const SHARE_TOKEN = "abcdefghijklmnopqrstuvwxyz234567";

type Kind = "write" | "page" | "api-read" | "ready";
type Sample = { kind: Kind; status: Reply["status"]; ms: number; note?: string };

/**
 * A steady mix of acknowledged writes (API observations with an Idempotency-Key, each tagged with
 * a unique note), page views and API reads, from several concurrent clients.
 */
function startLoad(session: Session, label: string) {
  const samples: Sample[] = [];
  let running = true;
  let sequence = 0;
  const pause = () => sleep(25);
  const writer = async () => {
    while (running) {
      const note = `${label}-${sequence++}`;
      const reply = await postObservation(session, note, { idempotencyKey: note, timeoutMs: HANG_MS });
      samples.push({ kind: "write", status: reply.status, ms: reply.ms, note });
      await pause();
    }
  };
  const reader = async (kind: Kind, fetch: () => Promise<Reply>) => {
    while (running) {
      const reply = await fetch();
      samples.push({ kind, status: reply.status, ms: reply.ms });
      await pause();
    }
  };
  const loops = [
    writer(),
    writer(),
    writer(),
    reader("page", () => pageGet(session, `/t/${TEAM}`, HANG_MS)),
    reader("page", () => pageGet(session, `/t/${TEAM}/experiments/E-${session.experiment.number}`, HANG_MS)),
    reader("api-read", () => apiGet(session, "/api/v1/experiments?limit=5", HANG_MS)),
    reader("ready", () => request(`${session.server.url}/readyz`, { timeoutMs: HANG_MS })),
  ];
  return {
    samples,
    acknowledged: () => samples.filter((sample) => sample.kind === "write" && sample.status === 201).map((sample) => sample.note!),
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

function summary(samples: Sample[]) {
  const counts = new Map<string, number>();
  for (const sample of samples) {
    const key = `${sample.kind} ${sample.status}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, count]) => `${key}: ${count}`).join(", ");
}

/** What each kind of request answers while the database is down: a quick, well-formed 503. */
async function expectUnavailable(session: Session) {
  const ready = await request(`${session.server.url}/readyz`, { timeoutMs: HANG_MS });
  expect(ready.status).toBe(503);
  expect(JSON.parse(ready.body)).toMatchObject({ status: "unavailable", database: false });
  expect(ready.ms).toBeLessThan(QUICK_MS);

  // Signed-in pages fail already at the session lookup; a public page reaches its loader, which
  // fails inside Remix (whose answer would be a 500).
  const pages = [
    { pathname: `/t/${TEAM}`, signedIn: true },
    { pathname: `/t/${TEAM}/experiments/E-${session.experiment.number}`, signedIn: true },
    { pathname: `/share/${SHARE_TOKEN}`, signedIn: false },
  ];
  for (const { pathname, signedIn } of pages) {
    const page = signedIn ? await pageGet(session, pathname, HANG_MS) : await request(`${session.server.url}${pathname}`, { timeoutMs: HANG_MS });
    expect(page.status, `${pathname}: ${page.body.slice(0, 200)}`).toBe(503);
    expect(page.headers["content-type"]).toMatch(/text\/html/);
    expect(page.headers["retry-after"]).toBe("5");
    expect(page.body).toContain(UNAVAILABLE.title);
    expect(page.ms).toBeLessThan(QUICK_MS);
  }
  // A client-side navigation's data request keeps Remix's body (the browser decodes it) but says 503.
  const data = await request(`${session.server.url}/share/${SHARE_TOKEN}.data`, { timeoutMs: HANG_MS });
  expect(data.status).toBe(503);
  expect(data.headers["retry-after"]).toBe("5");
  expect(data.ms).toBeLessThan(QUICK_MS);

  for (const reply of [await apiGet(session, "/api/v1/experiments?limit=5", HANG_MS), await postObservation(session, "while-down", { idempotencyKey: `while-down-${Date.now()}`, timeoutMs: HANG_MS })]) {
    expect(reply.status, reply.body.slice(0, 200)).toBe(503);
    expect(reply.headers["content-type"]).toMatch(/application\/json/);
    expect(reply.headers["retry-after"]).toBe("5");
    expect(JSON.parse(reply.body)).toEqual({ error: { code: "unavailable", message: UNAVAILABLE.message } });
    expect(reply.ms).toBeLessThan(QUICK_MS);
  }
}

/** Polls until every kind of request succeeds in one round; returns how long that took. */
async function timeToRecover(session: Session): Promise<number> {
  const started = performance.now();
  let last = "";
  let round = 0;
  for (;;) {
    const replies = await Promise.all([
      request(`${session.server.url}/readyz`, { timeoutMs: HANG_MS }),
      pageGet(session, `/t/${TEAM}`, HANG_MS),
      apiGet(session, "/api/v1/experiments?limit=5", HANG_MS),
      postObservation(session, `recovery-${Date.now()}-${round++}`, { timeoutMs: HANG_MS }),
    ]);
    const elapsed = performance.now() - started;
    if (replies.every((reply) => reply.status === 200 || reply.status === 201)) return elapsed;
    last = replies.map((reply) => reply.status).join(" ");
    if (elapsed > RECOVERY_MS * 3) throw new Error(`Not recovered ${Math.round(elapsed)} ms after the database came back (last: ${last})`);
    await sleep(100);
  }
}

describe.skipIf(!bindir)("PostgreSQL restarts under load", () => {
  let cluster: PostgresCluster;
  let server: ServerProcess;
  let session: Session;

  beforeAll(async () => {
    cluster = await createPostgresCluster(bindir!);
    // The load sends a few hundred API calls a minute; the per-token rate limit is not under test.
    server = await startServerProcess({ databaseUrl: cluster.url(), env: { API_RATE_LIMIT_PER_MINUTE: "1000000" } });
    session = await openSession(cluster, server);
    // The session and the token work before anything breaks.
    expect((await pageGet(session, `/t/${TEAM}`)).status).toBe(200);
    expect((await postObservation(session, "before")).status).toBe(201);
  });

  afterAll(async () => {
    await server?.stop();
    await cluster?.destroy();
  });

  it.each(["fast", "immediate"] as const)("survives a %s stop: 503 quickly while away, recovered within 10 s, no acknowledged write lost", async (mode) => {
    const pid = server.child.pid;
    const load = startLoad(session, `${mode}-${Date.now()}`);
    try {
      await waitFor("acknowledged writes before the stop", async () => load.acknowledged().length >= 10, 60_000);
      await cluster.stop(mode);
      const downAt = load.samples.length;

      await expectUnavailable(session);
      // Keep the load on the dead database for a moment: every one of its requests must fail fast too.
      await sleep(1_500);
      expect(server.alive(), server.output()).toBe(true);
      const whileDown = load.samples.slice(downAt);

      await cluster.start();
      const recoveredInMs = await timeToRecover(session);
      expect(recoveredInMs, `recovery took ${Math.round(recoveredInMs)} ms`).toBeLessThan(RECOVERY_MS);
      const upAt = load.samples.length;
      await waitFor("acknowledged writes after the restart", async () => load.samples.slice(upAt).filter((sample) => sample.status === 201).length >= 5, 30_000);
      await load.stop();

      const report = `${summary(load.samples)}\n--- server output ---\n${server.output().slice(-4_000)}`;
      // The load saw the outage and the recovery, on every kind of request.
      for (const kind of ["write", "page", "api-read", "ready"] as const) {
        expect(whileDown.some((sample) => sample.kind === kind && sample.status === 503), `${kind} 503 while down\n${report}`).toBe(true);
      }
      // Never a 500, a reset or a hang: each answer is a success or a 503 ...
      const odd = load.samples.filter((sample) => ![200, 201, 503].includes(sample.status as number));
      expect(odd, report).toEqual([]);
      // ... and every 503 came quickly.
      const slow = load.samples.filter((sample) => sample.status === 503 && sample.ms >= QUICK_MS);
      expect(slow, report).toEqual([]);

      // The same process served throughout.
      expect(server.alive()).toBe(true);
      expect(server.child.pid).toBe(pid);

      // Every write that was acknowledged is stored, and the experiment's maintained count still
      // matches its rows (no write half-applied when its connection died).
      const acknowledged = load.acknowledged();
      const stored = await storedNotes(cluster, session.experiment.id, acknowledged);
      expect(acknowledged.filter((note) => !stored.has(note))).toEqual([]);
      const aggregate = await aggregateMatchesRows(cluster, session.experiment.id);
      expect(aggregate.counted).toBe(aggregate.actual);
    } finally {
      await load.stop();
    }
  });
});
