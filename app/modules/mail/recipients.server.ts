/**
 * Who a team email can reach: members with confirmed addresses on real accounts (never an import's
 * placeholders). Reminders and the review digest both ask here.
 */
import type { Role } from "~/generated/prisma/enums";
import { db, type Transaction } from "~/utils/db.server";

export type Reachable = { id: string; email: string; name: string };

/** Per team, the reachable members (optionally only those of some roles), by user id; inside a transaction when given one. */
export async function reachableMembers(teamIds: string[], roles?: Role[], client: Transaction = db): Promise<Map<string, Map<string, Reachable>>> {
  const memberships = await client.membership.findMany({
    where: { teamId: { in: [...new Set(teamIds)] }, ...(roles ? { role: { in: roles } } : {}), user: { emailVerifiedAt: { not: null }, placeholderTeamId: null } },
    select: { teamId: true, user: { select: { id: true, email: true, name: true } } },
  });
  const byTeam = new Map<string, Map<string, Reachable>>();
  for (const { teamId, user } of memberships) {
    if (!byTeam.has(teamId)) byTeam.set(teamId, new Map());
    byTeam.get(teamId)!.set(user.id, user);
  }
  return byTeam;
}
