import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "~/generated/prisma/client";

export type Database = PrismaClient;
export type Transaction = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

type Connection = { pool: pg.Pool; prisma: PrismaClient };

// One pool per process: the server entry and the Remix build are loaded separately, so the
// connection lives on globalThis rather than in this module's scope.
const holder = globalThis as unknown as { __evidentDb?: Connection };

function poolSize(): number {
  // The embedded database serves one connection at a time.
  if (process.env.EVIDENT_EMBEDDED === "1") return 1;
  return Number(process.env.DATABASE_POOL_MAX ?? 10);
}

function statementTimeout(): number {
  // `||`, not `??`: an empty value means the default (as in parseEnv), while "0" turns it off.
  return Number(process.env.DATABASE_STATEMENT_TIMEOUT_MS || 5_000);
}

function connect(): Connection {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set; start Evident through server/main.ts");
  const pool = new pg.Pool({
    connectionString,
    max: poolSize(),
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    // Sent with each new connection, so PostgreSQL cancels any statement that runs (or waits on
    // a lock) longer than this: a stuck query costs one request a 503, not a pool connection
    // forever. The embedded database accepts the setting but does not enforce it.
    statement_timeout: statementTimeout(),
  });
  // A dropped connection (database restart) must not crash the process; the pool reconnects.
  pool.on("error", (error) => console.error("database pool error:", error.message));
  // The benchmark counts queries per page through Prisma's query events; off otherwise.
  const queryEvents = process.env.DATABASE_QUERY_EVENTS === "1";
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool),
    log: queryEvents ? [{ emit: "event", level: "query" }] : [],
    // Prisma's defaults (2 s to start a transaction, 5 s to finish it) fail healthy requests
    // that merely queued behind others under load, or wrote 5,000 observations at once. The
    // pool's connection timeout and the statement timeout bound real trouble well before these.
    transactionOptions: { maxWait: 10_000, timeout: 30_000 },
  });
  return { pool, prisma };
}

function connection(): Connection {
  holder.__evidentDb ??= connect();
  return holder.__evidentDb;
}

/** The Prisma client. Lazily connected on first use. */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const client = connection().prisma as unknown as Record<PropertyKey, unknown>;
    const value = client[property];
    return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(client) : value;
  },
});

export function pool(): pg.Pool {
  return connection().pool;
}

/** True when the database answers within the timeout. */
export async function isDatabaseReachable(timeoutMs = 2_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      pool().query("SELECT 1"),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("timeout")), timeoutMs);
      }),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export async function disconnect(): Promise<void> {
  const current = holder.__evidentDb;
  holder.__evidentDb = undefined;
  if (!current) return;
  await current.prisma.$disconnect();
  await current.pool.end().catch(() => undefined);
}

/**
 * Starts over with a new connection on next use, closing the old one in the background. After the
 * embedded database has reopened, a connection to its previous run may hold a transaction that
 * can never finish; with a pool of one, waiting for it would leave the app without a database.
 */
export function replaceConnection(): void {
  const previous = holder.__evidentDb;
  holder.__evidentDb = undefined;
  if (!previous) return;
  void previous.prisma
    .$disconnect()
    .then(() => previous.pool.end())
    .catch(() => undefined);
}

/**
 * Runs a DELETE of at most `batch` rows (its statement takes the number) until one removes fewer:
 * pruning never holds many row locks at once. Returns how many rows went.
 */
export async function deleteInBatches(deleteSome: (batch: number) => Promise<number>, batch = 5_000): Promise<number> {
  let total = 0;
  for (;;) {
    const removed = await deleteSome(batch);
    total += removed;
    if (removed < batch) return total;
  }
}
