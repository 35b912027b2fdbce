/**
 * Everything the benchmark needs before it measures: a running PostgreSQL, a database of its own,
 * the production build, the scale seed and the demo team (the small team the query counts are
 * compared against), and the server as its own process (the fault suite's, tests/support).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { migrateDatabase } from "../server/migrate";
import { withDatabase } from "../tests/support/database-urls";
import { startServerProcess, type ServerProcess } from "../tests/support/server-process";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const BENCH_DATABASE = "evident_bench";

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Starts the machine's PostgreSQL cluster when it is installed but not running (as CI does). */
async function ensurePostgres(serverUrl: string) {
  if (await answers(serverUrl)) return;
  const versions = (() => {
    try {
      return readdirSync("/etc/postgresql").sort((a, b) => Number(a) - Number(b));
    } catch {
      return [];
    }
  })();
  if (versions.length === 0) {
    throw new Error(`PostgreSQL does not answer at ${new URL(serverUrl).host} and no local cluster is installed. Set BENCH_DATABASE_URL to a server.`);
  }
  console.log("bench: starting PostgreSQL");
  spawnSync("pg_ctlcluster", ["--skip-systemctl-redirect", versions.at(-1)!, "main", "start"], { stdio: "inherit" });
  for (let attempt = 0; attempt < 30; attempt++) {
    if (await answers(serverUrl)) return;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new Error("PostgreSQL did not start within 30 s.");
}

/** The benchmark's own database on the configured server: created when missing, migrated. */
export async function prepareDatabase(): Promise<string> {
  const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  await ensurePostgres(serverUrl);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  // A fresh database per run: dropping it is seconds, deleting a million observations a minute.
  const fresh = process.env.BENCH_SKIP_SEED !== "1";
  if (fresh) await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DATABASE} WITH (FORCE)`);
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [BENCH_DATABASE]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${BENCH_DATABASE}`);
  await admin.end();
  const url = withDatabase(serverUrl, BENCH_DATABASE);
  await migrateDatabase(url);
  return url;
}

function run(command: string, args: string[], env: Record<string, string> = {}) {
  execFileSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
}

export function build() {
  if (process.env.BENCH_SKIP_BUILD === "1") return;
  console.log("bench: building the production bundle");
  run("npm", ["run", "-s", "build"]);
}

/** Loads the scale team afresh on every run, so runs measure the same data; and the demo team once. */
export function seed(databaseUrl: string) {
  if (process.env.BENCH_SKIP_SEED !== "1") {
    console.log("bench: loading the scale seed (2,000 hypotheses, 10,000 experiments, 1,000,000 observations)");
    run("npx", ["tsx", "prisma/seed-large.ts"], { DATABASE_URL: databaseUrl });
  }
  run("npx", ["tsx", "-e", 'import("./prisma/seed.ts").then(async (m) => { await m.seedDemo(); process.exit(0); })'], { DATABASE_URL: databaseUrl });
}

/** The production server as its own process, exactly as `npm start` runs it, with the bare route on. */
export function startServer(databaseUrl: string): Promise<ServerProcess> {
  return startServerProcess({
    databaseUrl,
    env: {
      EVIDENT_DEMO: "false",
      EVIDENT_BENCH_ROUTE: "1",
      // The benchmark is one client hammering one token; the per-token limit would only measure itself.
      API_RATE_LIMIT_PER_MINUTE: "100000000",
    },
  });
}
