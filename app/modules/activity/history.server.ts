import { db, type Transaction } from "~/utils/db.server";

/** An entity's change history, newest first. */
export function entityHistory(teamId: string, entityType: string, entityId: string, take = 50) {
  return db.activityEvent.findMany({
    where: { teamId, entityType, entityId },
    orderBy: { createdAt: "desc" },
    take,
    select: { id: true, summary: true, action: true, before: true, after: true, imported: true, createdAt: true, actor: { select: { name: true } } },
  });
}

/** Who last changed an entity, for "changed by X since you opened it". */
export async function lastEditor(tx: Transaction, teamId: string, entityType: string, entityId: string): Promise<string> {
  // Runs inside the failing transaction: the embedded database has a single connection.
  const event = await tx.activityEvent.findFirst({
    where: { teamId, entityType, entityId },
    orderBy: { createdAt: "desc" },
    select: { actor: { select: { name: true } } },
  });
  return event?.actor?.name ?? "someone";
}
