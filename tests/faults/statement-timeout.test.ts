/**
 * The statement timeout is enforced: a query stuck on a lock is cancelled by PostgreSQL after
 * DATABASE_STATEMENT_TIMEOUT_MS, its request answers a clear 503 quickly instead of hanging, and
 * the pool's connection is usable again afterwards.
 *
 * No test hook makes the query slow: the test locks the Experiment table from its own
 * transaction, so every query of the app that touches experiments waits.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UNAVAILABLE } from "~/utils/database-errors.server";
import { apiGet, LOCK_EXPERIMENTS, openSession, openTransaction, pageGet, postObservation, storedNotes, TEAM, waitingOnLocks, type Session } from "./support/evident";
import { createPostgresCluster, postgresBinariesOrSkip, type PostgresCluster } from "./support/postgres-cluster";
import { startServerProcess, type ServerProcess } from "../support/server-process";

const bindir = postgresBinariesOrSkip();

const STATEMENT_TIMEOUT_MS = 1_000;
/** The "quickly": a cancelled request answers within this much of the timeout. */
const QUICK_MS = 3_000;

describe.skipIf(!bindir)("statement timeout", () => {
  let cluster: PostgresCluster;
  let server: ServerProcess;
  let session: Session;

  beforeAll(async () => {
    cluster = await createPostgresCluster(bindir!);
    server = await startServerProcess({
      databaseUrl: cluster.url(),
      // One pool connection: if a cancelled statement left it unusable, nothing would work after.
      // The request deadline is far away, so only the statement timeout can end a waiting request.
      env: { DATABASE_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS), DATABASE_POOL_MAX: "1", REQUEST_TIMEOUT_MS: "60000" },
    });
    session = await openSession(cluster, server);
  });

  afterAll(async () => {
    await server?.stop();
    await cluster?.destroy();
  });

  it("cancels a statement stuck on a lock: a quick 503, and the connection serves the next request", async () => {
    const key = `statement-timeout-${Date.now()}`;
    const lock = await openTransaction(cluster, LOCK_EXPERIMENTS);
    try {
      const read = await apiGet(session, "/api/v1/experiments?limit=5", 30_000);
      expect(read.status, read.body).toBe(503);
      expect(read.headers["retry-after"]).toBe("5");
      expect(JSON.parse(read.body)).toEqual({ error: { code: "unavailable", message: UNAVAILABLE.message } });
      expect(read.ms).toBeLessThan(STATEMENT_TIMEOUT_MS + QUICK_MS);

      // The session lookup succeeds; the page's loader fails inside Remix, which would answer 500.
      const page = await pageGet(session, `/t/${TEAM}/experiments`, 30_000);
      expect(page.status, page.body.slice(0, 300)).toBe(503);
      expect(page.headers["retry-after"]).toBe("5");
      expect(page.body).toContain(UNAVAILABLE.title);
      expect(page.ms).toBeLessThan(STATEMENT_TIMEOUT_MS + QUICK_MS);

      const write = await postObservation(session, key, { idempotencyKey: key, timeoutMs: 30_000 });
      expect(write.status, write.body).toBe(503);
      expect(JSON.parse(write.body).error.code).toBe("unavailable");
      expect(write.ms).toBeLessThan(STATEMENT_TIMEOUT_MS + QUICK_MS);

      // PostgreSQL itself cancelled them: nothing of the app still waits, though the lock is still held.
      expect(await waitingOnLocks(cluster)).toBe(0);
      expect(server.output()).toContain("canceling statement due to statement timeout");
    } finally {
      await lock.release();
    }

    // The single pool connection is fine: reads, a page, and the write retried with the same
    // Idempotency-Key (the failed attempt must not have claimed the key) all succeed.
    expect((await apiGet(session, "/api/v1/experiments?limit=5")).status).toBe(200);
    expect((await pageGet(session, `/t/${TEAM}/experiments`)).status).toBe(200);
    const retry = await postObservation(session, key, { idempotencyKey: key });
    expect(retry.status, retry.body).toBe(201);
    expect((await storedNotes(cluster, session.experiment.id, [key])).has(key)).toBe(true);
    expect(server.output()).not.toContain("Unexpected Server Error");
  });
});
