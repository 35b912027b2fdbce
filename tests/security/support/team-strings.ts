/**
 * Everything that identifies one team's data, read from the database: the id of every row that
 * carries the team's id (in any table), the team's own id, name and slug, and the ids, emails and
 * names of its people. If any of these shows up in a response served to someone outside the
 * team, the response leaks.
 */
import { pool } from "~/utils/db.server";

let tablesWithTeam: Promise<string[]> | undefined;

async function teamTables(): Promise<string[]> {
  const { rows } = await pool().query<{ table_name: string }>(
    `SELECT c.table_name FROM information_schema.columns c
     JOIN information_schema.columns i ON i.table_schema = c.table_schema AND i.table_name = c.table_name AND i.column_name = 'id'
     WHERE c.table_schema = 'public' AND c.column_name = 'teamId'
     ORDER BY c.table_name`,
  );
  return rows.map((row) => row.table_name);
}

export async function teamStrings(teamId: string, extra: string[] = []): Promise<string[]> {
  tablesWithTeam ??= teamTables();
  const tables = await tablesWithTeam;
  const strings = new Set<string>(extra);
  const union = tables.map((table) => `SELECT id::text AS value FROM "${table}" WHERE "teamId" = $1`).join(" UNION ALL ");
  for (const row of (await pool().query<{ value: string }>(union, [teamId])).rows) strings.add(row.value);
  const team = await pool().query<{ id: string; name: string; slug: string }>(`SELECT id, name, slug FROM "Team" WHERE id = $1`, [teamId]);
  for (const row of team.rows) [row.id, row.name, row.slug].forEach((value) => strings.add(value));
  const people = await pool().query<{ id: string; email: string; name: string }>(
    `SELECT u.id, u.email, u.name FROM "User" u JOIN "Membership" m ON m."userId" = u.id WHERE m."teamId" = $1`,
    [teamId],
  );
  for (const row of people.rows) [row.id, row.email, row.name].forEach((value) => strings.add(value));
  // Short values (e.g. numeric ids of log rows) would match by accident; every real id here is long.
  return [...strings].filter((value) => value.length >= 8);
}

/** The strings of `forbidden` that occur in `text`, ignoring those the request itself carried. */
export function leakedStrings(text: string, forbidden: string[], requestText = ""): string[] {
  const haystack = text.toLowerCase();
  const sent = requestText.toLowerCase();
  return forbidden.filter((value) => {
    const needle = value.toLowerCase();
    return haystack.includes(needle) && !sent.includes(needle);
  });
}
