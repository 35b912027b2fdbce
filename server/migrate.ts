/**
 * Applies the migrations in prisma/migrations, each in one transaction together with its row in
 * Prisma's `_prisma_migrations` table (ADR 015). A migration is therefore either wholly applied
 * and recorded or not at all: a kill, a Ctrl-C or a full disk in the middle leaves the database
 * as it was, and the next start simply applies it again. The table stays Prisma's own format, so
 * `prisma migrate dev` and `prisma migrate status` keep working beside this runner.
 *
 * It speaks plain SQL over one connection, so it is the same for PostgreSQL and the embedded
 * database, and it never blocks the event loop of a process that hosts the embedded database.
 */
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const migrationsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../prisma/migrations");

// Prisma Migrate takes this advisory lock too, so the two never migrate one database at once.
const MIGRATION_LOCK = 72707369;

export type Migration = { name: string; sql: string; checksum: string };

/** A migration problem the runner cannot solve alone; the message says what to do. */
export class MigrationError extends Error {
  override name = "MigrationError";
}

/** Every migration of this version of Evident, oldest first. */
export function migrationFiles(): Migration[] {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(migrationsDir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

// Prisma's own definition, so a database first migrated here is one Prisma recognises.
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

type Row = { id: string; migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null };

export type MigrateOptions = {
  /** The migrations to apply (default: this version's, from prisma/migrations). */
  migrations?: Migration[];
  /** Apply no migration after this one (a restore rebuilds the schema its backup was taken with). */
  upTo?: string;
  /** Asked before each migration: a stop requested during start-up ends the run between two. */
  shouldStop?: () => boolean;
  log?: (line: string) => void;
};

export type MigrateResult = { applied: string[]; stopped: boolean };

async function recordedMigrations(client: pg.Client): Promise<Row[]> {
  const { rows } = await client.query<Row>(
    `SELECT id, migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at, migration_name`,
  );
  return rows;
}

/** Names of the migrations this database has applied, oldest first (none for a database never migrated). */
export async function appliedMigrationNames(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ exists: boolean }>(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS exists`);
  if (!rows[0].exists) return [];
  return (await recordedMigrations(client))
    .filter((row) => row.finished_at && !row.rolled_back_at)
    .map((row) => row.migration_name)
    .sort();
}

export async function appliedMigrations(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await appliedMigrationNames(client);
  } finally {
    await client.end();
  }
}

/** Runs one migration's SQL and its bookkeeping as one transaction; rolls back on any failure. */
async function applyAtomically(client: pg.Client, migration: Migration, record: "insert" | { retry: string }) {
  await client.query("BEGIN");
  try {
    // Scoped to this transaction: a long migration is not a stuck request.
    await client.query("SET LOCAL statement_timeout = 0");
    await client.query("SET LOCAL lock_timeout = 0");
    await client.query(migration.sql);
    if (record === "insert") {
      await client.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), now(), 1)`,
        [randomUUID(), migration.checksum, migration.name],
      );
    } else {
      await client.query(`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1, logs = NULL, checksum = $2 WHERE id = $1`, [
        record.retry,
        migration.checksum,
      ]);
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

function reasonOf(error: unknown) {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Brings the database at `url` up to date (or up to `upTo`). Safe to run from several processes
 * at once: they take turns on an advisory lock, and the later ones find nothing left to do.
 */
export async function migrateDatabase(url: string, options: MigrateOptions = {}): Promise<MigrateResult> {
  const log = options.log ?? (() => undefined);
  const all = options.migrations ?? migrationFiles();
  let files = all;
  if (options.upTo) {
    const last = files.findIndex((file) => file.name === options.upTo);
    if (last < 0) throw new MigrationError(`This version of Evident has no migration named ${options.upTo}.`);
    files = files.slice(0, last + 1);
  }
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => undefined);
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await client.query(CREATE_TABLE);
    const rows = await recordedMigrations(client);
    const known = new Set(all.map((file) => file.name));
    const unknown = rows.filter((row) => row.finished_at && !row.rolled_back_at && !known.has(row.migration_name));
    if (unknown.length > 0) {
      throw new MigrationError(
        `This database was migrated by a newer version of Evident (${unknown.map((row) => row.migration_name).join(", ")} ` +
          "is not part of this one). Run that version, or restore a backup made with this one.",
      );
    }

    // A migration recorded as started but never finished: left by Prisma Migrate or by an older
    // Evident when it was stopped part-way. If its SQL now applies cleanly in one transaction, the
    // earlier attempt left nothing behind, and this finishes it.
    for (const row of rows.filter((candidate) => !candidate.finished_at && !candidate.rolled_back_at)) {
      const file = files.find((candidate) => candidate.name === row.migration_name);
      if (!file) continue;
      try {
        await applyAtomically(client, file, { retry: row.id });
      } catch (error) {
        throw new MigrationError(
          `Migration ${row.migration_name} failed part-way earlier and cannot be applied again cleanly (${reasonOf(error)}). ` +
            "Restore the backup taken before the upgrade (npm run cli -- restore --file <backup>), or, if the database " +
            `is otherwise sound, repair it by hand and mark it done with: npx prisma migrate resolve --applied ${row.migration_name}`,
        );
      }
      log(`database: migration ${row.migration_name} had been interrupted without leaving changes; applied it again`);
      applied.push(row.migration_name);
    }

    const done = new Set(rows.filter((row) => row.finished_at && !row.rolled_back_at).map((row) => row.migration_name).concat(applied));
    for (const row of rows) {
      const file = files.find((candidate) => candidate.name === row.migration_name);
      if (file && row.finished_at && !row.rolled_back_at && row.checksum !== file.checksum) {
        log(`database: warning: migration ${row.migration_name} was changed after it was applied; the database keeps the version it ran`);
      }
    }
    for (const file of files.filter((candidate) => !done.has(candidate.name))) {
      if (options.shouldStop?.()) return { applied, stopped: true };
      log(`database: applying migration ${file.name}`);
      try {
        await applyAtomically(client, file, "insert");
      } catch (error) {
        throw new MigrationError(`Migration ${file.name} failed and was rolled back; the database is as it was before it. ${reasonOf(error)}`);
      }
      applied.push(file.name);
    }
    return { applied, stopped: false };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}
