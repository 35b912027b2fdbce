import { db } from "~/utils/db.server";

/** Team members as options for owner pickers and filters. */
export async function memberOptions(teamId: string) {
  const rows = await db.membership.findMany({ where: { teamId }, select: { user: { select: { id: true, name: true } } }, orderBy: { createdAt: "asc" } });
  return rows.map((row) => row.user);
}

export function countMembers(teamId: string) {
  return db.membership.count({ where: { teamId } });
}
