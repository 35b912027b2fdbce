import type { Prisma } from "~/generated/prisma/client";
import { db, type Transaction } from "~/utils/db.server";

export type ActivityInput = {
  teamId: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  summary: string;
  before?: Prisma.InputJsonValue | null;
  after?: Prisma.InputJsonValue | null;
};

/** Records one change. Takes the transaction of the change itself, so both land or neither does. */
export async function recordActivity(tx: Transaction, input: ActivityInput): Promise<void> {
  await tx.activityEvent.create({
    data: {
      ...input,
      before: input.before ?? undefined,
      after: input.after ?? undefined,
    },
  });
}

export const ACTIVITY_PAGE_SIZE = 50;

/** A page of the team's activity, newest first; `before` is the id of the last row already shown. */
export async function listActivity(teamId: string, options: { before?: string; limit?: number } = {}) {
  const limit = options.limit ?? ACTIVITY_PAGE_SIZE;
  const cursorRow = options.before
    ? await db.activityEvent.findFirst({ where: { teamId, id: options.before }, select: { createdAt: true, id: true } })
    : null;
  const rows = await db.activityEvent.findMany({
    where: {
      teamId,
      ...(cursorRow
        ? { OR: [{ createdAt: { lt: cursorRow.createdAt } }, { createdAt: cursorRow.createdAt, id: { lt: cursorRow.id } }] }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: {
      id: true,
      action: true,
      entityType: true,
      summary: true,
      before: true,
      after: true,
      imported: true,
      createdAt: true,
      actor: { select: { name: true, email: true } },
    },
  });
  const hasMore = rows.length > limit;
  const events = rows.slice(0, limit);
  return { events, nextBefore: hasMore ? events[events.length - 1].id : null };
}
