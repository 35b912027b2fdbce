/**
 * Request timeouts are enforced (REQUEST_TIMEOUT_MS): a handler that cannot finish in time answers
 * 503 instead of hanging, and a client too slow to send its headers or its body is answered 408
 * and disconnected, so it cannot hold a connection open.
 *
 * No test hook makes the handler slow: the test locks the Experiment table from its own
 * transaction, and the statement timeout is set far away, so the app's queries simply wait.
 */
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiGet, LOCK_EXPERIMENTS, openSession, openTransaction, pageGet, storedNotes, TEAM, waitingOnLocks, type Session } from "./support/evident";
import { sleep } from "../support/net";
import { createPostgresCluster, postgresBinariesOrSkip, type PostgresCluster } from "./support/postgres-cluster";
import { startServerProcess, type ServerProcess } from "../support/server-process";

const bindir = postgresBinariesOrSkip();

const REQUEST_TIMEOUT_MS = 2_000;
/** The "quickly": a request that is cut off is answered within this much of its limit. */
const QUICK_MS = 3_000;

/**
 * A client that opens a connection, sends `head`, then (if `drip` is given) keeps sending it every
 * 300 ms and never finishes. Resolves with what the server sent and when it closed the connection
 * (null if it was still open after `giveUpMs`).
 */
function slowClient(url: string, head: string, drip: string | null, giveUpMs: number): Promise<{ received: string; closedAfterMs: number | null }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const started = performance.now();
    let received = "";
    const socket = net.connect(Number(port), hostname, () => socket.write(head));
    socket.setEncoding("utf8");
    socket.on("data", (chunk) => (received += chunk));
    socket.on("error", () => undefined);
    const dripping = drip === null ? null : setInterval(() => socket.writable && socket.write(drip), 300);
    const finish = (closedAfterMs: number | null) => {
      if (dripping) clearInterval(dripping);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ received, closedAfterMs });
    };
    const giveUp = setTimeout(() => finish(null), giveUpMs);
    socket.on("close", () => finish(performance.now() - started));
  });
}

describe.skipIf(!bindir)("request timeouts", () => {
  let cluster: PostgresCluster;
  let server: ServerProcess;
  let session: Session;

  beforeAll(async () => {
    cluster = await createPostgresCluster(bindir!);
    // The statement timeout is far away, so only the request deadline can end a waiting request.
    server = await startServerProcess({ databaseUrl: cluster.url(), env: { REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS), DATABASE_STATEMENT_TIMEOUT_MS: "60000" } });
    session = await openSession(cluster, server);
  });

  afterAll(async () => {
    await server?.stop();
    await cluster?.destroy();
  });

  it("answers 503 when a handler cannot finish in time, instead of hanging", async () => {
    const lock = await openTransaction(cluster, LOCK_EXPERIMENTS);
    try {
      const [read, page] = await Promise.all([apiGet(session, "/api/v1/experiments?limit=5", 30_000), pageGet(session, `/t/${TEAM}/experiments`, 30_000)]);
      expect(read.status, read.body).toBe(503);
      expect(JSON.parse(read.body).error.code).toBe("timeout");
      expect(read.headers["retry-after"]).toBe("5");
      expect(read.headers.connection).toBe("close");
      expect(read.ms).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
      expect(read.ms).toBeLessThan(REQUEST_TIMEOUT_MS + QUICK_MS);

      expect(page.status, page.body.slice(0, 300)).toBe(503);
      expect(page.headers["content-type"]).toMatch(/text\/html/);
      expect(page.body).toContain("That took too long");
      expect(page.ms).toBeLessThan(REQUEST_TIMEOUT_MS + QUICK_MS);

      // The queries are still waiting on the lock: the deadline answered, not the database.
      expect(await waitingOnLocks(cluster)).toBeGreaterThan(0);
    } finally {
      await lock.release();
    }
    // Once the lock is gone the abandoned handlers finish quietly, and the server serves as before.
    await sleep(500);
    expect((await apiGet(session, "/api/v1/experiments?limit=5")).status).toBe(200);
    expect((await pageGet(session, `/t/${TEAM}/experiments`)).status).toBe(200);
    expect(server.output()).not.toMatch(/ERR_HTTP_HEADERS_SENT|Cannot set headers/);
  });

  it("cuts off a client that never finishes its headers", async () => {
    const { received, closedAfterMs } = await slowClient(server.url, "GET /healthz HTTP/1.1\r\nHost: localhost\r\n", "X-Still-Typing: 1\r\n", 30_000);
    expect(closedAfterMs, "the server kept the connection open").not.toBeNull();
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfterMs!).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
    expect(closedAfterMs!).toBeLessThan(REQUEST_TIMEOUT_MS + QUICK_MS);
  });

  it("cuts off a client that never finishes its body, and stores nothing of it", async () => {
    const note = `never sent in full ${Date.now()}`;
    const body = JSON.stringify({ observedOn: session.experiment.startsOn, successes: 1, trials: 2, note });
    const head = [
      `POST /api/v1/experiments/${session.experiment.id}/observations HTTP/1.1`,
      "Host: localhost",
      `Authorization: Bearer ${session.token}`,
      "Content-Type: application/json",
      `Content-Length: ${Buffer.byteLength(body)}`,
      "",
      body.slice(0, 20),
    ].join("\r\n");
    const { received, closedAfterMs } = await slowClient(server.url, head, null, 30_000);
    expect(closedAfterMs, "the server kept the connection open").not.toBeNull();
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfterMs!).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
    expect(closedAfterMs!).toBeLessThan(REQUEST_TIMEOUT_MS + QUICK_MS);
    expect((await storedNotes(cluster, session.experiment.id, [note])).size).toBe(0);
  });
});
