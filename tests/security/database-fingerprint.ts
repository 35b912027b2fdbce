/**
 * A fingerprint of the whole database: for every table, its row count and a digest of every
 * row's content. Two equal fingerprints mean no request wrote anything in between. Cheap on the
 * small databases the tests use (one query for all tables).
 */
import { pool } from "~/utils/db.server";

export type Fingerprint = Record<string, { rows: number; digest: string }>;

// Columns that change on reads by design, not on writes: an API token records when it was last used.
const VOLATILE_COLUMNS = ["lastUsedAt"];
// Tables that count requests by design rather than hold what requests change: the API rate
// limit's count per token and minute goes up on every authenticated API call, reads included.
const VOLATILE_TABLES = ["ApiRateWindow"];

let fingerprintQuery: Promise<string> | undefined;

/** The app's tables (not Prisma's migration log), by name. */
export async function tableNames(): Promise<string[]> {
  const { rows } = await pool().query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'
     ORDER BY table_name`,
  );
  return rows.map((row) => row.table_name);
}

async function buildQuery(): Promise<string> {
  const volatile = `ARRAY[${VOLATILE_COLUMNS.map((column) => `'${column}'`).join(", ")}]::text[]`;
  return (await tableNames())
    .filter((table) => !VOLATILE_TABLES.includes(table))
    .map((table) => {
      const row = `(to_jsonb(t) - ${volatile})::text`;
      return `SELECT '${table}' AS name, count(*)::int AS rows, md5(coalesce(string_agg(${row}, '|' ORDER BY ${row}), '')) AS digest FROM "${table}" t`;
    })
    .join("\nUNION ALL\n");
}

export async function databaseFingerprint(options: { ignore?: string[] } = {}): Promise<Fingerprint> {
  fingerprintQuery ??= buildQuery();
  const { rows } = await pool().query<{ name: string; rows: number; digest: string }>(await fingerprintQuery);
  const fingerprint: Fingerprint = {};
  for (const row of rows) if (!options.ignore?.includes(row.name)) fingerprint[row.name] = { rows: row.rows, digest: row.digest };
  return fingerprint;
}

/** The tables whose content differs between two fingerprints (empty when nothing changed). */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  return Object.keys({ ...before, ...after }).filter(
    (table) => before[table]?.rows !== after[table]?.rows || before[table]?.digest !== after[table]?.digest,
  );
}
