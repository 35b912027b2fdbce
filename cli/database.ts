/**
 * Finds the database the way the app and `npm run seed` do: DATABASE_URL if set, else the
 * embedded database of EVIDENT_DATA_DIR — the running app's server if there is one, else opened
 * in this process for the command's lifetime.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { disconnect } from "~/utils/db.server";
import { EnvError, parseEnv } from "~/utils/env.server";
import { runningEmbeddedDatabase, startEmbeddedDatabase } from "../server/embedded-database";
import { migrateDatabase } from "../server/migrate";
import { CliError } from "./errors";

// The data dir is relative to the project, like server/main.ts, so the CLI finds the app's data
// whatever directory it is started from.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const migrationsDir = path.join(root, "prisma/migrations");

/**
 * Whether Prisma Migrate has migrations to apply. `prisma migrate deploy` takes ~10 s on the
 * embedded database even with nothing to do, so the CLI runs it only when this says so.
 */
async function hasPendingMigrations(url: string): Promise<boolean> {
  const expected = readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(migrationsDir, entry.name, "migration.sql")))
    .map((entry) => entry.name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ migration_name: string }>(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
    );
    const applied = new Set(rows.map((row) => row.migration_name));
    return expected.some((name) => !applied.has(name));
  } catch {
    // No migrations table: a fresh database. Anything else odd: let Migrate judge.
    return true;
  } finally {
    await client.end();
  }
}

export type OpenDatabase = { close: () => Promise<void> };

export async function openDatabase(say: (text: string) => void): Promise<OpenDatabase> {
  let env;
  try {
    env = parseEnv();
  } catch (error) {
    if (error instanceof EnvError) throw new CliError(error.message);
    throw error;
  }

  let stop = async () => {};
  if (env.DATABASE_URL) {
    // Not migrated here: the app migrates on start, and an admin tool should not change the
    // schema of a production database as a side effect. A missing table is reported clearly.
    process.env.DATABASE_URL = env.DATABASE_URL;
  } else {
    const dataDir = path.resolve(root, env.EVIDENT_DATA_DIR);
    // Set before the first query: the embedded server takes one connection from each pool.
    process.env.EVIDENT_EMBEDDED = "1";
    const running = await runningEmbeddedDatabase(dataDir);
    if (running) {
      process.env.DATABASE_URL = running;
    } else {
      say(`database: opening the embedded database in ${dataDir} for this command`);
      const embedded = await startEmbeddedDatabase(dataDir);
      process.env.DATABASE_URL = embedded.url;
      stop = embedded.stop;
      try {
        // A fresh data dir (or one from an older version) needs the schema the app would give it.
        if (await hasPendingMigrations(embedded.url)) {
          say("database: applying migrations");
          await migrateDatabase(embedded.url, { quiet: true });
        }
      } catch (error) {
        await embedded.stop();
        throw error;
      }
    }
  }

  let closed = false;
  return {
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await disconnect();
      } finally {
        await stop();
      }
    },
  };
}
