/**
 * SIGTERM while a request is still being served. The request is made slow without any test hook:
 * the test holds the experiment's row lock from its own transaction, so the API write (which
 * locks that row) waits. Readiness must fail at once, the in-flight request must complete and be
 * stored, and the process must exit 0 without having to cut anyone off.
 */
import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken, openTransaction, runningExperiment, storedNotes, waitForLockWait, type Experiment } from "./support/evident";
import { request, sleep, waitFor } from "../support/net";
import { createPostgresCluster, postgresBinariesOrSkip, type PostgresCluster } from "./support/postgres-cluster";
import { startServerProcess, type ServerProcess } from "../support/server-process";

const bindir = postgresBinariesOrSkip();

type Answer = { status: number; body: string; headers: http.IncomingHttpHeaders };

/** An API write on a keep-alive connection, as a real client sends it. */
function keepAlivePost(agent: http.Agent, url: string, token: string, body: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", agent, headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
    });
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

/**
 * A request whose first bytes are on the wire but whose headers are not finished: a probe that
 * is already on its way to the server when SIGTERM lands. `finish` sends the rest and returns
 * the raw response once the server has closed the connection.
 */
async function probeOnItsWay(url: string, path: string) {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  let received = "";
  socket.setEncoding("utf8");
  socket.on("data", (chunk) => (received += chunk));
  const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
  socket.on("error", () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n`);
  return {
    finish: async (timeoutMs: number) => {
      socket.write("Accept: application/json\r\n\r\n");
      await Promise.race([closed, sleep(timeoutMs)]);
      socket.destroy();
      return received;
    },
  };
}

describe.skipIf(!bindir)("SIGTERM during a slow request", () => {
  let cluster: PostgresCluster;
  let server: ServerProcess;
  let token: string;
  let experiment: Experiment;

  beforeAll(async () => {
    cluster = await createPostgresCluster(bindir!);
    // Generous limits, so that only the shutdown is under test: the drain may take 30 s before it
    // cuts connections, and no statement timeout ends the waiting write early.
    server = await startServerProcess({ databaseUrl: cluster.url(), env: { SHUTDOWN_TIMEOUT_MS: "30000", DATABASE_STATEMENT_TIMEOUT_MS: "30000" } });
    [token, experiment] = await Promise.all([createToken(cluster), runningExperiment(cluster)]);
  });

  afterAll(async () => {
    await server?.stop();
    await cluster?.destroy();
  });

  it("fails readiness at once, completes the in-flight request, and exits 0", async () => {
    const agent = new http.Agent({ keepAlive: true });
    const lock = await openTransaction(cluster, `SELECT id FROM "Experiment" WHERE id = $1 FOR UPDATE`, [experiment.id]);
    try {
      const note = `in-flight-${Date.now()}`;
      let settled = false;
      const inFlight = keepAlivePost(agent, `${server.url}/api/v1/experiments/${experiment.id}/observations`, token, {
        observedOn: experiment.startsOn,
        successes: 2,
        trials: 5,
        note,
      })
        // A failure is an answer too (and must not go unhandled if an assertion below fails first).
        .catch((error: Error): Answer => ({ status: 0, body: String(error.message), headers: {} }))
        .finally(() => (settled = true));
      // The write is inside its transaction, waiting for our lock on the experiment row.
      await waitForLockWait(cluster, '%FROM "Experiment"%FOR UPDATE%');
      const probe = await probeOnItsWay(server.url, "/readyz");
      // Let the server read the probe's first bytes, so its connection counts as busy, not idle.
      await sleep(300);

      server.kill("SIGTERM");
      const signalledAt = performance.now();

      // A new connection is refused at once: the listener is closed, so a load balancer's next
      // probe fails and no new traffic arrives. It never sees "ready" again.
      const statuses: string[] = [];
      await waitFor(
        "readiness to fail after SIGTERM",
        async () => {
          const reply = await request(`${server.url}/readyz`, { timeoutMs: 2_000 });
          statuses.push(String(reply.status));
          return reply.status === "refused" || reply.status === 503;
        },
        2_000,
        20,
      );
      expect(performance.now() - signalledAt).toBeLessThan(2_000);
      expect(statuses.slice(1)).not.toContain("200");

      // The probe that was already on its way is answered "draining", and told to go away.
      const answer = await probe.finish(5_000);
      expect(answer).toMatch(/^HTTP\/1\.1 503 /);
      expect(answer).toMatch(/\r\nconnection: close\r\n/i);
      expect(answer).toContain('{"status":"draining"}');

      // All that happened while the write still waited: readiness failed first, not after the drain.
      expect(settled).toBe(false);
      expect(server.alive()).toBe(true);

      await lock.release();
      const reply = await inFlight;
      expect(reply.status, reply.body).toBe(201);
      expect(JSON.parse(reply.body)).toEqual({ received: 1, created: 1, replaced: 0, unchanged: 0 });

      const exit = await Promise.race([server.exited, sleep(60_000).then(() => null)]);
      expect(exit, server.output()).toEqual({ code: 0, signal: null });
      // The drain ended because the requests did, not because the shutdown timeout cut them off.
      expect(server.output()).toContain("shutdown: done");
      expect(server.output()).not.toContain("timed out waiting for requests");

      const stored = await storedNotes(cluster, experiment.id, [note]);
      expect(stored.has(note)).toBe(true);
    } finally {
      await lock.release();
      agent.destroy();
    }
  });
});
