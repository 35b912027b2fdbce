/**
 * What every fault test needs around the real server: a private cluster with Evident migrated
 * and the demo team seeded (by the server itself), an API token made by the admin CLI, a signed-in
 * session, a running experiment to log evidence on, and SQL against the cluster from the outside.
 */
import pg from "pg";
import { DEMO_LOGIN, DEMO_TEAM_SLUG } from "../../../prisma/seed";
import { request, waitFor, type Reply } from "../../support/net";
import { createTokenWithCli, signInOverHttp } from "../../support/operator";
import type { PostgresCluster } from "./postgres-cluster";
import type { ServerProcess } from "../../support/server-process";

export const TEAM = DEMO_TEAM_SLUG;

/** A client of the cluster whose connection errors are ignored: the tests stop the cluster under their own feet. */
async function connect(cluster: PostgresCluster) {
  const client = new pg.Client({ connectionString: cluster.url() });
  client.on("error", () => undefined);
  await client.connect();
  return client;
}

/**
 * One query on a connection of its own: the tests stop the cluster under their own feet, and a
 * long-lived client would then fail with an unhandled error.
 */
export async function sql<Row extends pg.QueryResultRow = pg.QueryResultRow>(cluster: PostgresCluster, text: string, values: unknown[] = []): Promise<Row[]> {
  const client = await connect(cluster);
  try {
    return (await client.query<Row>(text, values)).rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A transaction held open from outside the app, e.g. to keep a row locked while a request waits on it. */
export async function openTransaction(cluster: PostgresCluster, statement: string, values: unknown[] = []) {
  const client = await connect(cluster);
  await client.query("BEGIN");
  await client.query(statement, values);
  return {
    release: async () => {
      await client.query("ROLLBACK").catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}

/** Locks every experiment against reads and writes: any query of the app that touches experiments waits. */
export const LOCK_EXPERIMENTS = `LOCK TABLE "Experiment" IN ACCESS EXCLUSIVE MODE`;

/** How many backends (other than this query's) are waiting on a lock right now. */
export async function waitingOnLocks(cluster: PostgresCluster): Promise<number> {
  const rows = await sql<{ waiting: number }>(cluster, `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()`);
  return rows[0].waiting;
}

/** Resolves once some backend of the app waits on a lock with a query matching `pattern` (a LIKE pattern). */
export async function waitForLockWait(cluster: PostgresCluster, pattern: string, timeoutMs = 15_000): Promise<void> {
  await waitFor(
    `a request waiting on a lock (query like ${pattern})`,
    async () => (await sql(cluster, `SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1 AND pid <> pg_backend_pid()`, [pattern])).length > 0,
    timeoutMs,
    50,
  );
}

/** A new API token for the demo team, made the way an operator would: with the admin CLI. */
export function createToken(cluster: PostgresCluster, name = "Fault tests"): Promise<string> {
  return createTokenWithCli({ databaseUrl: cluster.url() }, TEAM, name);
}

/** Signs in as the demo owner through the sign-in form; returns the Cookie header for later requests. */
export function signIn(server: ServerProcess): Promise<string> {
  return signInOverHttp(server.url, DEMO_LOGIN);
}

export type Experiment = { id: string; number: number; startsOn: string };

/** A running RATE experiment of the demo team (the seed has some), to log evidence on. */
export async function runningExperiment(cluster: PostgresCluster): Promise<Experiment> {
  const rows = await sql<Experiment>(
    cluster,
    `SELECT e.id, e.number, to_char(e."startsOn", 'YYYY-MM-DD') AS "startsOn"
       FROM "Experiment" e JOIN "Team" t ON t.id = e."teamId"
      WHERE t.slug = $1 AND e.status = 'RUNNING' AND e."metricKind" = 'RATE' AND e."deletedAt" IS NULL
      ORDER BY e.number LIMIT 1`,
    [TEAM],
  );
  if (!rows[0]) throw new Error("The demo team has no running RATE experiment");
  return rows[0];
}

export type Session = { server: ServerProcess; token: string; cookie: string; experiment: Experiment };

/** A new API token, a signed-in demo owner and a running experiment of the demo team, on this server. */
export async function openSession(cluster: PostgresCluster, server: ServerProcess): Promise<Session> {
  const [token, cookie, experiment] = await Promise.all([createToken(cluster), signIn(server), runningExperiment(cluster)]);
  return { server, token, cookie, experiment };
}

/** Logs one observation through the API, tagged with `note` so the test can find it in the database. */
export function postObservation(session: Session, note: string, options: { idempotencyKey?: string; timeoutMs?: number } = {}): Promise<Reply> {
  return request(`${session.server.url}/api/v1/experiments/${session.experiment.id}/observations`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${session.token}`,
      "Content-Type": "application/json",
      ...(options.idempotencyKey ? { "Idempotency-Key": options.idempotencyKey } : {}),
    },
    body: JSON.stringify({ observedOn: session.experiment.startsOn, successes: 1, trials: 3, note, source: "fault test" }),
    timeoutMs: options.timeoutMs,
  });
}

export function apiGet(session: Session, pathname: string, timeoutMs?: number): Promise<Reply> {
  return request(`${session.server.url}${pathname}`, { headers: { Authorization: `Bearer ${session.token}` }, timeoutMs });
}

export function pageGet(session: Session, pathname: string, timeoutMs?: number): Promise<Reply> {
  return request(`${session.server.url}${pathname}`, { headers: { Cookie: session.cookie }, timeoutMs });
}

/** Which of the given notes are stored on the experiment's observations. */
export async function storedNotes(cluster: PostgresCluster, experimentId: string, notes: string[]) {
  const rows = await sql<{ note: string }>(cluster, `SELECT note FROM "Observation" WHERE "experimentId" = $1 AND note = ANY($2::text[])`, [experimentId, notes]);
  return new Set(rows.map((row) => row.note));
}

/** The experiment's maintained aggregate against the rows it summarises: equal unless a write was half-applied. */
export async function aggregateMatchesRows(cluster: PostgresCluster, experimentId: string) {
  const [row] = await sql<{ counted: number; actual: number }>(
    cluster,
    `SELECT e."observationCount" AS counted, (SELECT count(*)::int FROM "Observation" o WHERE o."experimentId" = e.id AND o."deletedAt" IS NULL) AS actual
       FROM "Experiment" e WHERE e.id = $1`,
    [experimentId],
  );
  return row;
}
