/**
 * Backup and restore of a whole Evident instance — every account, team, membership, token and
 * piece of evidence — as one file (ADR 016). Works on the embedded database (also while the app
 * runs) and on PostgreSQL.
 *
 * The file is gzip'd JSON lines: a header naming the schema (the migrations applied), then for
 * each table a line naming it followed by one line per row exactly as PostgreSQL renders it
 * (`to_jsonb`), and an end line with the row counts, so a cut-off file is never mistaken for a
 * complete one. Rows are read inside one REPEATABLE READ transaction: a consistent snapshot,
 * however busy the app is. A restore loads everything in one transaction into an empty database
 * built to the backup's schema, then applies the migrations that came after it.
 */
import { once } from "node:events";
import { createReadStream, createWriteStream, fsyncSync, openSync, closeSync, renameSync, rmSync } from "node:fs";
import readline from "node:readline";
import { pipeline } from "node:stream/promises";
import { PassThrough } from "node:stream";
import { createGunzip, createGzip } from "node:zlib";
import pg from "pg";
import { z } from "zod";
import { appliedMigrationNames, appliedMigrations, migrateDatabase, migrationFiles } from "./migrate";

export const BACKUP_FORMAT = "evident-backup";
const BACKUP_VERSION = 1;

/** Rows fetched or inserted per round trip (and at most this many bytes of JSON per insert). */
const BATCH_ROWS = 1_000;
const BATCH_BYTES = 8 * 1024 ** 2;
/** No line of a backup we write comes near this; a longer one means the file is not ours. */
const MAX_LINE_CHARS = 64 * 1024 ** 2;

const HeaderSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  createdAt: z.string(),
  migrations: z.array(z.string().min(1)).min(1),
});
const TableLineSchema = z.object({ table: z.string().min(1).max(63) });
const EndLineSchema = z.object({ end: z.object({ rows: z.record(z.string(), z.number().int().min(0)) }) });

export type BackupHeader = z.infer<typeof HeaderSchema>;
export type TableCounts = Record<string, number>;

/** A backup or restore that cannot go ahead; the message says why and what to do. */
export class BackupError extends Error {
  override name = "BackupError";
}

type Table = { name: string; columns: string[]; selfReferencing: boolean; serials: string[] };

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * The application's tables in an order that satisfies their foreign keys (parents first), with
 * the columns a restore writes (generated columns are computed again) and serial columns.
 */
async function catalog(client: pg.Client | pg.PoolClient): Promise<Table[]> {
  const { rows: tables } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> '_prisma_migrations'
      ORDER BY c.relname`,
  );
  const { rows: columns } = await client.query<{ table: string; column: string; generated: boolean; serial: boolean }>(
    `SELECT c.relname AS table, a.attname AS column, a.attgenerated <> '' AS generated,
            pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL AS serial
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY c.relname, a.attnum`,
  );
  const { rows: references } = await client.query<{ child: string; parent: string }>(
    `SELECT DISTINCT ch.relname AS child, pa.relname AS parent
       FROM pg_constraint k JOIN pg_class ch ON ch.oid = k.conrelid JOIN pg_class pa ON pa.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = ch.relnamespace
      WHERE k.contype = 'f' AND n.nspname = current_schema()`,
  );
  const names = tables.map((table) => table.name);
  const parents = new Map(names.map((name) => [name, new Set<string>()]));
  for (const { child, parent } of references) if (child !== parent && parents.has(parent)) parents.get(child)?.add(parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < names.length) {
    const ready = names.filter((name) => !placed.has(name) && [...parents.get(name)!].every((parent) => placed.has(parent)));
    if (ready.length === 0) throw new BackupError("The tables' foreign keys form a cycle; this schema cannot be restored table by table.");
    for (const name of ready) {
      ordered.push(name);
      placed.add(name);
    }
  }
  return ordered.map((name) => ({
    name,
    columns: columns.filter((column) => column.table === name && !column.generated).map((column) => column.column),
    serials: columns.filter((column) => column.table === name && column.serial).map((column) => column.column),
    selfReferencing: references.some((reference) => reference.child === name && reference.parent === name),
  }));
}

/**
 * Writes a consistent snapshot of the database at `url` to `file`. The file appears only once
 * complete and flushed to disk, so an interrupted backup never leaves a plausible partial one.
 */
export async function writeBackup(url: string, file: string): Promise<{ header: BackupHeader; rows: TableCounts }> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => undefined);
  await client.connect();
  const partial = `${file}.partial`;
  const lines = new PassThrough();
  const written = pipeline(lines, createGzip(), createWriteStream(partial));
  const write = async (line: string) => {
    if (!lines.write(`${line}\n`)) await once(lines, "drain");
  };
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    // Scoped to this transaction: a large backup is not a stuck request.
    await client.query("SET LOCAL statement_timeout = 0");
    const migrations = await appliedMigrationNames(client);
    if (migrations.length === 0) throw new BackupError("This database has no Evident schema yet; there is nothing to back up.");
    const header: BackupHeader = { format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: new Date().toISOString(), migrations };
    await write(JSON.stringify(header));
    const rows: TableCounts = {};
    for (const table of await catalog(client)) {
      await write(JSON.stringify({ table: table.name }));
      await client.query(`DECLARE backup_rows NO SCROLL CURSOR FOR SELECT to_jsonb(t)::text AS row FROM ${ident(table.name)} t`);
      let count = 0;
      for (;;) {
        const batch = await client.query<{ row: string }>(`FETCH ${BATCH_ROWS} FROM backup_rows`);
        for (const { row } of batch.rows) await write(row);
        count += batch.rows.length;
        if (batch.rows.length < BATCH_ROWS) break;
      }
      await client.query("CLOSE backup_rows");
      rows[table.name] = count;
    }
    await client.query("COMMIT");
    await write(JSON.stringify({ end: { rows } }));
    lines.end();
    await written;
    const fd = openSync(partial, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(partial, file);
    return { header, rows };
  } catch (error) {
    lines.destroy();
    await written.catch(() => undefined);
    rmSync(partial, { force: true });
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The lines of a backup file, one at a time, refusing absurdly long ones. */
function backupLines(file: string): AsyncIterableIterator<string> {
  const gunzip = createGunzip();
  const source = createReadStream(file);
  source.on("error", (error) => gunzip.destroy(error));
  const reader = readline.createInterface({ input: source.pipe(gunzip), crlfDelay: Infinity });
  const iterator = reader[Symbol.asyncIterator]();
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      try {
        const step = await iterator.next();
        if (!step.done && step.value.length > MAX_LINE_CHARS) throw new BackupError("This file is not an Evident backup (a line is far too long).");
        return step;
      } catch (error) {
        if (error instanceof BackupError) throw error;
        throw new BackupError(`The backup file cannot be read: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    async return() {
      reader.close();
      source.destroy();
      return { done: true, value: undefined };
    },
  };
}

function parseLine<T extends z.ZodType>(schema: T, line: string, what: string): z.output<T> | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new BackupError(`The backup file is damaged: ${what} is not valid JSON.`);
  }
  const result = schema.safeParse(value);
  return result.success ? result.data : null;
}

/** Reads and checks a backup's header: it must be ours, and its schema one this version knows. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const lines = backupLines(file);
  try {
    const first = await lines.next();
    if (first.done) throw new BackupError("The backup file is empty.");
    const header = parseLine(HeaderSchema, first.value, "its first line");
    if (!header) throw new BackupError("This file is not an Evident backup.");
    const known = migrationFiles().map((migration) => migration.name);
    const prefix = known.slice(0, header.migrations.length);
    if (header.migrations.some((name, index) => prefix[index] !== name)) {
      throw new BackupError(
        "This backup was made by a newer (or different) version of Evident: its schema includes " +
          `${header.migrations.filter((name) => !known.includes(name)).join(", ") || "migrations in another order"}. Restore it with that version.`,
      );
    }
    return header;
  } finally {
    await lines.return?.();
  }
}

/** A restore goes into an empty database only: it never merges into, or replaces, live data. */
async function assertNoData(client: pg.Client): Promise<void> {
  const occupied: string[] = [];
  for (const table of await catalog(client)) {
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${ident(table.name)}`);
    if (rows[0].n > 0) occupied.push(`${rows[0].n} ${table.name}`);
  }
  if (occupied.length > 0) throw new BackupError(`The database already holds data (${occupied.join(", ")}). Restore into an empty one.`);
}

/**
 * Loads a backup into the database at `url`, which must hold Evident's schema at the backup's
 * version (see readBackupHeader) and no data. All or nothing: one transaction, and the row counts
 * must match the backup's own before it commits.
 */
export async function loadBackup(url: string, file: string): Promise<TableCounts> {
  const header = await readBackupHeader(file);
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => undefined);
  await client.connect();
  const lines = backupLines(file);
  try {
    const applied = await appliedMigrationNames(client);
    if (applied.join("\n") !== header.migrations.join("\n")) {
      throw new BackupError("The database's schema is not the backup's; restore into a new, empty database.");
    }
    await assertNoData(client);
    const tables = new Map((await catalog(client)).map((table) => [table.name, table]));

    await client.query("BEGIN");
    await client.query("SET LOCAL statement_timeout = 0");
    const loaded: TableCounts = {};
    let current: Table | null = null;
    let batch: string[] = [];
    let batchBytes = 0;
    let ended: TableCounts | null = null;
    const flush = async () => {
      if (!current || batch.length === 0) return;
      const columns = current.columns.map(ident).join(", ");
      await client.query(
        `INSERT INTO ${ident(current.name)} (${columns}) SELECT ${columns} FROM jsonb_populate_recordset(NULL::${ident(current.name)}, $1::jsonb)`,
        [`[${batch.join(",")}]`],
      );
      loaded[current.name] = (loaded[current.name] ?? 0) + batch.length;
      batch = [];
      batchBytes = 0;
    };

    await lines.next(); // the header, checked above
    let lineNumber = 1;
    for await (const line of lines) {
      lineNumber++;
      if (ended) throw new BackupError(`The backup file is damaged: line ${lineNumber} follows its end.`);
      if (line.startsWith('{"table":')) {
        const marker = parseLine(TableLineSchema, line, `line ${lineNumber}`);
        if (marker) {
          await flush();
          current = tables.get(marker.table) ?? null;
          if (!current) throw new BackupError(`The backup holds a table this version of Evident does not have: ${marker.table}.`);
          if (current.name in loaded) throw new BackupError(`The backup file is damaged: table ${marker.table} appears twice.`);
          loaded[current.name] = 0;
          continue;
        }
      }
      if (line.startsWith('{"end":')) {
        const end = parseLine(EndLineSchema, line, `line ${lineNumber}`);
        if (end) {
          await flush();
          ended = end.end.rows;
          continue;
        }
      }
      if (!current) throw new BackupError(`The backup file is damaged: line ${lineNumber} holds a row outside any table.`);
      if (!line.startsWith("{")) throw new BackupError(`The backup file is damaged: line ${lineNumber} is not a row.`);
      batch.push(line);
      batchBytes += line.length;
      // A table whose rows refer to each other is loaded in one statement, so their order does not matter.
      if (!current.selfReferencing && (batch.length >= BATCH_ROWS || batchBytes >= BATCH_BYTES)) await flush();
    }
    if (!ended) throw new BackupError("The backup file is incomplete (it has no end); it may have been cut off while being copied.");
    for (const [table, expected] of Object.entries(ended)) {
      if ((loaded[table] ?? 0) !== expected) {
        throw new BackupError(`The backup file is damaged: ${table} should hold ${expected} rows, but ${loaded[table] ?? 0} were found.`);
      }
    }
    // Serial columns continue after the restored rows.
    for (const table of tables.values()) {
      for (const column of table.serials) {
        await client.query(
          `SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT max(${ident(column)}) FROM ${ident(table.name)}), 1), (SELECT count(*) > 0 FROM ${ident(table.name)}))`,
          [ident(table.name), column],
        );
      }
    }
    await client.query("COMMIT");
    return loaded;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    if ((error as { code?: string }).code?.startsWith("22") || (error as { code?: string }).code?.startsWith("23")) {
      throw new BackupError(`The backup's rows do not fit this database (${(error as Error).message}); nothing was restored.`);
    }
    throw error;
  } finally {
    await lines.return?.();
    await client.end().catch(() => undefined);
  }
}

/**
 * Restores `file` into the database at `url`: it must hold no data, and a schema no newer than
 * the backup's. Builds the backup's schema, loads the rows, then applies the migrations that came
 * after the backup was made, so an old backup restores into this version.
 */
export async function restoreBackup(url: string, file: string, log: (line: string) => void): Promise<TableCounts> {
  const header = await readBackupHeader(file);
  const applied = await appliedMigrations(url);
  if (applied.some((name, index) => header.migrations[index] !== name) || applied.length > header.migrations.length) {
    throw new BackupError("This database has a newer schema than the backup. Restore into a new, empty database or data folder.");
  }
  if (applied.length > 0) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await assertNoData(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  await migrateDatabase(url, { upTo: header.migrations.at(-1), log });
  const rows = await loadBackup(url, file);
  await migrateDatabase(url, { log });
  return rows;
}
