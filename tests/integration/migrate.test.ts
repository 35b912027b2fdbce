/**
 * The migration runner on real PostgreSQL (databases of its own, made and dropped here): each
 * migration all-or-nothing with its record, several runners at once, the repair of a migration
 * Prisma left half-recorded, and the refusals that protect a database from the wrong version.
 */
import { createHash, randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { appliedMigrations, migrateDatabase, migrationFiles, MigrationError, type Migration } from "../../server/migrate";
import { withDatabase } from "../support/database-urls";

const server = inject("testServerUrl") || null;
const created: string[] = [];

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: server! });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function emptyDatabase(): Promise<string> {
  const name = `evident_migrate_${randomBytes(5).toString("hex")}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  created.push(name);
  return withDatabase(server!, name);
}

async function query<Row extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(text, values)).rows;
  } finally {
    await client.end();
  }
}

function migration(name: string, sql: string): Migration {
  return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
}

const tableExists = async (url: string, table: string) => (await query<{ t: string | null }>(url, `SELECT to_regclass($1)::text AS t`, [`"${table}"`]))[0].t !== null;

afterAll(async () => {
  if (!server) return;
  await admin(async (client) => {
    for (const name of created) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
});

describe.skipIf(!server)("the migration runner", () => {
  it("applies every migration once, in Prisma's own bookkeeping, and then has nothing to do", async () => {
    const url = await emptyDatabase();
    const names = migrationFiles().map((file) => file.name);
    expect((await migrateDatabase(url)).applied).toEqual(names);
    expect((await migrateDatabase(url)).applied).toEqual([]);
    const rows = await query<{ migration_name: string; checksum: string; applied_steps_count: number; finished: boolean }>(
      url,
      `SELECT migration_name, checksum, applied_steps_count, finished_at IS NOT NULL AS finished FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows).toEqual(migrationFiles().map((file) => ({ migration_name: file.name, checksum: file.checksum, applied_steps_count: 1, finished: true })));
  });

  it("two runners at once on one database: each migration is applied exactly once", async () => {
    const url = await emptyDatabase();
    const results = await Promise.all([migrateDatabase(url), migrateDatabase(url), migrateDatabase(url)]);
    expect(results.flatMap((result) => result.applied).sort()).toEqual(migrationFiles().map((file) => file.name));
    const counts = await query<{ n: number }>(url, `SELECT count(*)::int AS n FROM "_prisma_migrations" GROUP BY migration_name`);
    expect(counts.every((row) => row.n === 1)).toBe(true);
  });

  it("a migration that fails part-way leaves nothing behind, and applies once fixed", async () => {
    const url = await emptyDatabase();
    const good = migration("20990101000000_first", `CREATE TABLE "First" (id int PRIMARY KEY);`);
    const broken = migration("20990102000000_second", `CREATE TABLE "Second" (id int PRIMARY KEY); INSERT INTO "Second" VALUES (1); SELECT 1/0;`);
    await expect(migrateDatabase(url, { migrations: [good, broken] })).rejects.toThrow(/Migration 20990102000000_second failed and was rolled back.*division by zero/);
    expect(await tableExists(url, "First")).toBe(true);
    expect(await tableExists(url, "Second")).toBe(false);
    expect(await appliedMigrations(url)).toEqual([good.name]);

    const fixed = migration(broken.name, `CREATE TABLE "Second" (id int PRIMARY KEY); INSERT INTO "Second" VALUES (1);`);
    expect((await migrateDatabase(url, { migrations: [good, fixed] })).applied).toEqual([fixed.name]);
    expect(await query(url, `SELECT id FROM "Second"`)).toEqual([{ id: 1 }]);
  });

  it("stops between two migrations when asked to, and goes on from there next time", async () => {
    const url = await emptyDatabase();
    const steps = [migration("20990101000000_a", `CREATE TABLE "A" (id int);`), migration("20990102000000_b", `CREATE TABLE "B" (id int);`)];
    let asked = 0;
    const first = await migrateDatabase(url, { migrations: steps, shouldStop: () => ++asked > 1 });
    expect(first).toEqual({ applied: [steps[0].name], stopped: true });
    expect(await tableExists(url, "B")).toBe(false);
    expect((await migrateDatabase(url, { migrations: steps })).applied).toEqual([steps[1].name]);
  });

  it("finishes a migration Prisma recorded as started but never finished, when it left no changes", async () => {
    const url = await emptyDatabase();
    const steps = [migration("20990101000000_a", `CREATE TABLE "A" (id int);`), migration("20990102000000_b", `CREATE TABLE "B" (id int);`)];
    await migrateDatabase(url, { migrations: steps.slice(0, 1) });
    // What `prisma migrate deploy` leaves when stopped mid-script: a row without finished_at (P3009).
    await query(url, `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ('x', $1, $2, now())`, [steps[1].checksum, steps[1].name]);
    const lines: string[] = [];
    expect((await migrateDatabase(url, { migrations: steps, log: (line) => lines.push(line) })).applied).toEqual([steps[1].name]);
    expect(lines).toContain(`database: migration ${steps[1].name} had been interrupted without leaving changes; applied it again`);
    expect(await query(url, `SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE migration_name = $1 AND finished_at IS NOT NULL`, [steps[1].name])).toEqual([
      { n: 1 },
    ]);
  });

  it("refuses, with instructions, a half-recorded migration that did leave changes", async () => {
    const url = await emptyDatabase();
    const steps = [migration("20990101000000_a", `CREATE TABLE "A" (id int);`), migration("20990102000000_b", `CREATE TABLE "B" (id int); CREATE TABLE "C" (id int);`)];
    await migrateDatabase(url, { migrations: steps.slice(0, 1) });
    // Half of it ran outside a transaction (as Prisma Migrate may on PostgreSQL) before it was stopped.
    await query(url, `CREATE TABLE "B" (id int)`);
    await query(url, `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ('x', $1, $2, now())`, [steps[1].checksum, steps[1].name]);
    const failure = migrateDatabase(url, { migrations: steps });
    await expect(failure).rejects.toBeInstanceOf(MigrationError);
    await expect(failure).rejects.toThrow(/failed part-way earlier.*npm run cli -- restore.*prisma migrate resolve --applied 20990102000000_b/s);
    expect(await tableExists(url, "C")).toBe(false);
  });

  it("refuses a database migrated by a newer version", async () => {
    const url = await emptyDatabase();
    const steps = [migration("20990101000000_a", `CREATE TABLE "A" (id int);`), migration("20990102000000_b", `CREATE TABLE "B" (id int);`)];
    await migrateDatabase(url, { migrations: steps });
    await expect(migrateDatabase(url, { migrations: steps.slice(0, 1) })).rejects.toThrow(/migrated by a newer version of Evident \(20990102000000_b/);
  });

  it("applies up to a named migration only", async () => {
    const url = await emptyDatabase();
    const names = migrationFiles().map((file) => file.name);
    expect((await migrateDatabase(url, { upTo: names[1] })).applied).toEqual(names.slice(0, 2));
    expect(await appliedMigrations(url)).toEqual(names.slice(0, 2));
  });
});
