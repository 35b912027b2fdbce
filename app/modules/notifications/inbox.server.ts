/**
 * A person's inbox in one team: what happened to what they watch, their mentions, and the team's
 * news for their role. Read and unread; newest first.
 */
import { z } from "zod";
import { isEventType, EVENT_TYPES } from "~/modules/events/catalog";
import { assertCan, type Actor } from "~/modules/teams/actor";
import { db, deleteInBatches } from "~/utils/db.server";

export const INBOX_PAGE_SIZE = 30;
/** Read entries are kept this long; unread ones until they are read. */
export const READ_ENTRY_DAYS = 90;

const StoredPayload = z.object({
  data: z.object({
    summary: z.string(),
    subject: z.object({ type: z.string(), key: z.string().nullable(), title: z.string(), url: z.string() }),
    details: z.record(z.string(), z.unknown()).default({}),
  }),
});

export type InboxEntry = {
  id: string;
  type: string;
  label: string;
  reason: string;
  summary: string;
  subject: { type: string; key: string | null; title: string };
  /** The subject's page, from the origin: links stay on the server the person is using. */
  path: string;
  /** The comment, for comments and mentions. */
  comment: string | null;
  read: boolean;
  createdAt: Date;
};

function pathOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}${parsed.hash}`;
  } catch {
    return "/";
  }
}

export async function unreadCount(actor: Actor): Promise<number> {
  return db.notification.count({ where: { userId: actor.user.id, teamId: actor.team.id, readAt: null } });
}

/** A page of the inbox; `before` is the id of the last entry already shown. */
export async function listInbox(actor: Actor, options: { unreadOnly?: boolean; before?: string } = {}) {
  assertCan(actor, "team.view");
  const where = { userId: actor.user.id, teamId: actor.team.id, ...(options.unreadOnly ? { readAt: null } : {}) };
  const cursor = options.before ? await db.notification.findFirst({ where: { ...where, id: options.before }, select: { id: true, createdAt: true } }) : null;
  const rows = await db.notification.findMany({
    where: { ...where, ...(cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: INBOX_PAGE_SIZE + 1,
    select: { id: true, reason: true, readAt: true, createdAt: true, event: { select: { type: true, payload: true } } },
  });
  const entries = rows.slice(0, INBOX_PAGE_SIZE).flatMap((row): InboxEntry[] => {
    const payload = StoredPayload.safeParse(row.event.payload);
    if (!payload.success) return [];
    const { summary, subject, details } = payload.data.data;
    return [
      {
        id: row.id,
        type: row.event.type,
        label: isEventType(row.event.type) ? EVENT_TYPES[row.event.type].label : row.event.type,
        reason: row.reason,
        summary,
        subject: { type: subject.type, key: subject.key, title: subject.title },
        path: pathOf(subject.url),
        comment: typeof details.comment === "string" ? details.comment : null,
        read: row.readAt !== null,
        createdAt: row.createdAt,
      },
    ];
  });
  return { entries, nextBefore: rows.length > INBOX_PAGE_SIZE ? rows[INBOX_PAGE_SIZE - 1].id : null };
}

/** Marks entries read (or unread again); only the actor's own in this team are touched. */
export async function markRead(actor: Actor, ids: string[], read = true): Promise<number> {
  assertCan(actor, "team.view");
  const result = await db.notification.updateMany({ where: { id: { in: ids.slice(0, 200) }, userId: actor.user.id, teamId: actor.team.id }, data: { readAt: read ? new Date() : null } });
  return result.count;
}

export async function markAllRead(actor: Actor): Promise<number> {
  assertCan(actor, "team.view");
  const result = await db.notification.updateMany({ where: { userId: actor.user.id, teamId: actor.team.id, readAt: null }, data: { readAt: new Date() } });
  return result.count;
}

/** Opening an entry marks it read and says where its link goes; null when it is not the actor's. */
export async function openEntry(actor: Actor, id: string): Promise<string | null> {
  assertCan(actor, "team.view");
  const row = await db.notification.findFirst({ where: { id, userId: actor.user.id, teamId: actor.team.id }, select: { id: true, readAt: true, event: { select: { payload: true } } } });
  if (!row) return null;
  if (!row.readAt) await db.notification.update({ where: { id: row.id }, data: { readAt: new Date() } });
  const payload = StoredPayload.safeParse(row.event.payload);
  return payload.success ? pathOf(payload.data.data.subject.url) : `/t/${actor.team.slug}/inbox`;
}

/** Forgets entries read more than READ_ENTRY_DAYS ago, in batches; safe in every process at once. Returns how many. */
export function forgetOldReadEntries(now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - READ_ENTRY_DAYS * 86_400_000);
  return deleteInBatches(
    (batch) => db.$executeRaw`
      DELETE FROM "Notification" WHERE id IN (SELECT id FROM "Notification" WHERE "readAt" < ${cutoff} LIMIT ${batch} FOR UPDATE SKIP LOCKED)`,
  );
}
