import type { OutboxStatus } from "~/generated/prisma/enums";
import { db } from "~/utils/db.server";

export type MailStatus = {
  counts: Record<OutboxStatus, number>;
  /** The oldest message still waiting, if any: how far behind delivery is. */
  oldestQueuedAt: Date | null;
  recentFailures: { toAddress: string; subject: string; kind: string; attempts: number; lastError: string | null; updatedAt: Date; status: OutboxStatus }[];
};

/** What an operator needs to see of deliveries: counts by status, and the latest failures with their reasons. */
export async function mailStatus(limit = 10): Promise<MailStatus> {
  const [groups, oldest, recentFailures] = await Promise.all([
    db.outboxMessage.groupBy({ by: ["status"], _count: { _all: true } }),
    db.outboxMessage.findFirst({ where: { status: { in: ["QUEUED", "SENDING"] } }, orderBy: { createdAt: "asc" }, select: { createdAt: true } }),
    // Failed for good, and those still retrying after an error.
    db.outboxMessage.findMany({
      where: { lastError: { not: null } },
      orderBy: { updatedAt: "desc" },
      take: limit,
      select: { toAddress: true, subject: true, kind: true, attempts: true, lastError: true, updatedAt: true, status: true },
    }),
  ]);
  const counts: Record<OutboxStatus, number> = { QUEUED: 0, SENDING: 0, SENT: 0, FAILED: 0 };
  for (const group of groups) counts[group.status] = group._count._all;
  return { counts, oldestQueuedAt: oldest?.createdAt ?? null, recentFailures };
}
