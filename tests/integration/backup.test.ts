/**
 * Backup and restore on real PostgreSQL: this file's database (with the demo team and a login
 * attempt, whose id comes from a sequence) is backed up and restored into an empty database,
 * row for row; damaged or foreign files are refused and leave the target empty.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "~/utils/db.server";
import { seedDemo } from "../../prisma/seed";
import { BackupError, readBackupHeader, restoreBackup, writeBackup } from "../../server/backup";
import { appliedMigrations, migrateDatabase, migrationFiles } from "../../server/migrate";
import { withDatabase } from "../support/database-urls";

const server = inject("testServerUrl") || null;
const scratch = mkdtempSync(path.join(tmpdir(), "evident-backup-"));
const created: string[] = [];

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: server! });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function emptyDatabase(): Promise<string> {
  const name = `evident_restore_${randomBytes(5).toString("hex")}`;
  await admin(`CREATE DATABASE ${name}`);
  created.push(name);
  return withDatabase(server!, name);
}

/** Every row of every table, as PostgreSQL renders it, for an exact comparison. */
async function everything(url: string): Promise<Record<string, string[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' AND relname <> '_prisma_migrations' ORDER BY 1`,
    );
    const all: Record<string, string[]> = {};
    for (const { name } of tables) {
      const { rows } = await client.query<{ row: string }>(`SELECT to_jsonb(t)::text AS row FROM "${name}" t`);
      all[name] = rows.map((row) => row.row).sort();
    }
    return all;
  } finally {
    await client.end();
  }
}

const log = () => undefined;

beforeAll(async () => {
  await seedDemo();
  await db.loginAttempt.create({ data: { key: "email:backup@example.com" } });
});

afterAll(async () => {
  rmSync(scratch, { recursive: true, force: true });
  if (server) for (const name of created) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

describe.skipIf(!server)("backup and restore on PostgreSQL", () => {
  it("restores every row of every table exactly, and sequences continue after them", async () => {
    const file = path.join(scratch, "full.backup.gz");
    const { header, rows } = await writeBackup(process.env.DATABASE_URL!, file);
    expect(header.migrations).toEqual(migrationFiles().map((migration) => migration.name));
    expect(rows.User).toBeGreaterThan(0);

    const target = await emptyDatabase();
    const restored = await restoreBackup(target, file, log);
    expect(restored).toEqual(rows);
    expect(await everything(target)).toEqual(await everything(process.env.DATABASE_URL!));

    // A new login attempt gets an id after the restored ones, not a duplicate.
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    try {
      const { rows: next } = await client.query<{ fresh: boolean }>(
        `INSERT INTO "LoginAttempt" (key) VALUES ('after-restore') RETURNING id > (SELECT coalesce(max(id), 0) FROM "LoginAttempt" WHERE key <> 'after-restore') AS fresh`,
      );
      expect(next[0].fresh).toBe(true);
    } finally {
      await client.end();
    }
  });

  it("an older backup restores into this version: its schema first, then the later migrations", async () => {
    const names = migrationFiles().map((migration) => migration.name);
    const old = await emptyDatabase();
    await migrateDatabase(old, { upTo: names.at(-2) });
    const file = path.join(scratch, "old.backup.gz");
    await writeBackup(old, file);
    expect((await readBackupHeader(file)).migrations).toEqual(names.slice(0, -1));
    const target = await emptyDatabase();
    await restoreBackup(target, file, log);
    expect(await appliedMigrations(target)).toEqual(names);
  });

  it("refuses damaged, cut-off and foreign files, and a database that holds data, leaving the target unchanged", async () => {
    const file = path.join(scratch, "source.backup.gz");
    await writeBackup(process.env.DATABASE_URL!, file);
    const lines = gunzipSync(readFileSync(file)).toString("utf8").trimEnd().split("\n");
    const variant = (name: string, text: string) => {
      const target = path.join(scratch, name);
      writeFileSync(target, gzipSync(text));
      return target;
    };
    const cases: [string, string, RegExp][] = [
      ["cut-off", lines.slice(0, -3).join("\n"), /incomplete/],
      ["not ours", `{"hello":"world"}\n`, /not an Evident backup/],
      ["unknown table", [lines[0], `{"table":"Nope"}`, `{"id":1}`, lines.at(-1)].join("\n"), /table this version of Evident does not have: Nope/],
      ["wrong count", [...lines.slice(0, -1), lines.at(-1)!.replace(/"User":\d+/, '"User":999')].join("\n"), /User should hold 999 rows/],
      ["newer", lines.join("\n").replace(/"migrations":\[/, '"migrations":["29990101000000_future",'), /newer \(or different\) version/],
    ];
    for (const [name, text, message] of cases) {
      const target = await emptyDatabase();
      const failure = restoreBackup(target, variant(name, text), log);
      await expect(failure, name).rejects.toBeInstanceOf(BackupError);
      await expect(failure, name).rejects.toThrow(message);
      const left = await everything(target).catch(() => ({}));
      expect(Object.values(left).every((rows) => rows.length === 0), `${name}: nothing restored`).toBe(true);
    }
    await expect(restoreBackup(process.env.DATABASE_URL!, file, log)).rejects.toThrow(/already holds data/);
  });
});
