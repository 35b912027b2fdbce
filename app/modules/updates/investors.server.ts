/**
 * A team's investor list, and sending published updates to it. Each person gets one email per
 * update, through the outbox, with a personal link: the link is how they read it (and every other
 * update the team sent them), how the founder sees that they opened it, and how they leave the
 * list. Removing someone from the list kills their links; unsubscribing stops further sends.
 */
import { z } from "zod";
import { teamCommand, teamWrite, validInput } from "~/modules/activity/team-write.server";
import { generateToken, hashToken, isTokenShaped } from "~/modules/auth/session.server";
import { investorUpdateEmail } from "~/modules/mail/messages";
import { enqueueEmail } from "~/modules/mail/outbox.server";
import { assertCan, type Actor } from "~/modules/teams/actor";
import { db, type Transaction } from "~/utils/db.server";
import { invalid, notFound } from "~/utils/errors";
import { idField } from "~/utils/fields";
import { editionFor, INVESTOR_GROUP_NAMES, MAX_INVESTORS, INVESTOR_GROUPS, type InvestorGroupName, type UpdateContent } from "./content";
import { narrativeHtml } from "./markdown.server";
import { quoted } from "~/utils/quote";

const GroupField = z.enum(INVESTOR_GROUP_NAMES as [InvestorGroupName, ...InvestorGroupName[]], { error: "Choose current investor, prospect or advisor." });

export const InvestorInput = z.object({
  name: z.string({ error: "Enter their name." }).trim().min(1, "Enter their name.").max(120, "Use at most 120 characters."),
  email: z
    .string({ error: "Enter their email address." })
    .trim()
    .min(1, "Enter their email address.")
    .max(254, "That email address is too long.")
    .pipe(z.email({ error: "Enter a valid email address, like name@fund.com." }))
    .transform((value) => value.toLowerCase()),
  group: GroupField,
});

export const RegroupInput = z.object({ investorId: idField, group: GroupField });
export const RemoveInput = z.object({ investorId: idField });
export const SendInput = z.object({
  groups: z
    .array(z.string(), { error: "Choose who gets the update." })
    .min(1, "Choose who gets the update.")
    .max(INVESTOR_GROUP_NAMES.length, "Choose who gets the update.")
    .pipe(z.array(GroupField))
    .transform((groups) => INVESTOR_GROUP_NAMES.filter((group) => groups.includes(group))),
});

/** The outbox key of one update's email to one person: one message per pair, whoever sends. */
export function investorMailKey(updateId: string, investorId: string) {
  return `investor_update:${updateId}:${investorId}`;
}

function describeGroup(group: InvestorGroupName) {
  return INVESTOR_GROUPS[group].one;
}

/** Adds someone, or puts back someone removed earlier (keeping their choice if they had unsubscribed). */
export const addInvestor = teamCommand({ permission: "investors.manage", input: InvestorInput }, (actor, input) =>
  teamWrite(actor, "investors.manage", async (tx, log) => {
    // Serialises adds per team, so the list's size limit holds with two admins adding at once.
    await tx.$executeRaw`SELECT 1 FROM "Team" WHERE id = ${actor.team.id} FOR UPDATE`;
    const existing = await tx.investor.findUnique({ where: { teamId_email: { teamId: actor.team.id, email: input.email } }, select: { id: true, removedAt: true, name: true, group: true } });
    if (existing && !existing.removedAt) throw invalid({ email: `${existing.name} is already on the list with this address, as ${describeGroup(existing.group)}.` });
    const listed = await tx.investor.count({ where: { teamId: actor.team.id, removedAt: null } });
    if (listed >= MAX_INVESTORS) throw invalid({ email: `The list holds at most ${MAX_INVESTORS.toLocaleString("en")} people. Remove someone first.` });
    const investor = existing
      ? await tx.investor.update({ where: { id: existing.id }, data: { name: input.name, group: input.group, removedAt: null }, select: { id: true } })
      : await tx.investor.create({ data: { teamId: actor.team.id, name: input.name, email: input.email, group: input.group, createdById: actor.user.id }, select: { id: true } });
    await log({
      action: "investor.added",
      entityType: "investor",
      entityId: investor.id,
      summary: `added ${input.name} to the investor list as ${describeGroup(input.group)}`,
      after: { group: input.group },
    });
    return investor;
  })
);

async function listedInvestor(tx: Transaction, actor: Actor, investorId: string) {
  const investor = await tx.investor.findFirst({ where: { id: investorId, teamId: actor.team.id, removedAt: null }, select: { id: true, name: true, group: true } });
  if (!investor) throw notFound("That person is no longer on the list.");
  return investor;
}

/** Moves someone to another group. Updates already sent stay in the version they were sent in. */
export const regroupInvestor = teamCommand({ permission: "investors.manage", input: RegroupInput }, (actor, input) =>
  teamWrite(actor, "investors.manage", async (tx, log) => {
    const investor = await listedInvestor(tx, actor, input.investorId);
    if (investor.group === input.group) return;
    await tx.investor.update({ where: { id: investor.id }, data: { group: input.group } });
    await log({
      action: "investor.regrouped",
      entityType: "investor",
      entityId: investor.id,
      summary: `moved ${investor.name} from ${describeGroup(investor.group)} to ${describeGroup(input.group)}`,
      before: { group: investor.group },
      after: { group: input.group },
    });
  })
);

/** Mail to this person not yet handed to the mail server is not sent. (A message being sent right now goes.) */
async function cancelQueuedMail(tx: Transaction, investorId: string, reason: string) {
  await tx.outboxMessage.updateMany({
    where: { kind: "investor_update", status: "QUEUED", dedupeKey: { startsWith: "investor_update:", endsWith: `:${investorId}` } },
    data: { status: "FAILED", lastError: reason, html: "", text: "", links: [], unsubscribeUrl: null },
  });
}

/** Takes someone off the list: they get nothing more, and their personal links stop working, for good. */
export const removeInvestor = teamCommand({ permission: "investors.manage", input: RemoveInput }, (actor, input) =>
  teamWrite(actor, "investors.manage", async (tx, log) => {
    const investor = await listedInvestor(tx, actor, input.investorId);
    const now = new Date();
    await tx.investor.update({ where: { id: investor.id }, data: { removedAt: now } });
    await tx.updateDelivery.updateMany({ where: { investorId: investor.id, revokedAt: null }, data: { revokedAt: now } });
    await cancelQueuedMail(tx, investor.id, "Taken off the investor list before it was sent.");
    await log({ action: "investor.removed", entityType: "investor", entityId: investor.id, summary: `removed ${investor.name} from the investor list` });
  })
);

/** The list, by group then name, with what each person received and opened. */
export async function listInvestors(teamId: string) {
  const investors = await db.investor.findMany({
    where: { teamId, removedAt: null },
    orderBy: [{ group: "asc" }, { name: "asc" }],
    take: MAX_INVESTORS,
    select: { id: true, name: true, email: true, group: true, unsubscribedAt: true, createdAt: true },
  });
  const stats = await db.updateDelivery.groupBy({
    by: ["investorId"],
    where: { teamId, investorId: { in: investors.map((investor) => investor.id) } },
    _count: { _all: true },
    _max: { lastViewedAt: true },
  });
  const byInvestor = new Map(stats.map((row) => [row.investorId, { received: row._count._all, lastViewedAt: row._max.lastViewedAt }]));
  return investors.map((investor) => ({ ...investor, received: byInvestor.get(investor.id)?.received ?? 0, lastViewedAt: byInvestor.get(investor.id)?.lastViewedAt ?? null }));
}

/** Per group: how many would get a send now (listed and subscribed), and how many of them already have this update. */
export async function sendableCounts(teamId: string, updateId: string) {
  const investors = await db.investor.findMany({
    where: { teamId, removedAt: null },
    select: { group: true, email: true, unsubscribedAt: true, deliveries: { where: { updateId }, select: { id: true } } },
  });
  const optedOut = await accountOptOuts(investors.map((investor) => investor.email));
  const counts = Object.fromEntries(INVESTOR_GROUP_NAMES.map((group) => [group, { listed: 0, received: 0, unsubscribed: 0, waiting: 0 }])) as Record<
    InvestorGroupName,
    { listed: number; received: number; unsubscribed: number; waiting: number }
  >;
  // Each person in exactly one state, decided in the order a send decides it.
  for (const investor of investors) {
    const count = counts[investor.group];
    count.listed++;
    if (investor.deliveries.length > 0) count.received++;
    else if (investor.unsubscribedAt || optedOut.has(investor.email)) count.unsubscribed++;
    else count.waiting++;
  }
  return counts;
}

/** Addresses that turned investor updates off everywhere (their account's notification settings). */
async function accountOptOuts(emails: string[], client: Transaction | typeof db = db) {
  if (emails.length === 0) return new Set<string>();
  const rows = await client.mailOptOut.findMany({ where: { kind: "investor_update", address: { in: emails } }, select: { address: true } });
  return new Set(rows.map((row) => row.address));
}

/** Who an update was sent to, whether the mail went out, and whether and when each opened it. */
export async function deliveriesOf(teamId: string, updateId: string) {
  const [rows, total, opened] = await Promise.all([
    db.updateDelivery.findMany({
      where: { teamId, updateId },
      orderBy: { sentAt: "asc" },
      take: MAX_INVESTORS,
      select: {
        id: true,
        investorId: true,
        group: true,
        sentAt: true,
        firstViewedAt: true,
        lastViewedAt: true,
        views: true,
        revokedAt: true,
        investor: { select: { name: true, unsubscribedAt: true } },
      },
    }),
    db.updateDelivery.count({ where: { teamId, updateId } }),
    db.updateDelivery.count({ where: { teamId, updateId, firstViewedAt: { not: null } } }),
  ]);
  const mail = await db.outboxMessage.findMany({ where: { dedupeKey: { in: rows.map((row) => investorMailKey(updateId, row.investorId)) } }, select: { dedupeKey: true, status: true } });
  const mailStatus = new Map(mail.map((message) => [message.dedupeKey, message.status]));
  return { total, opened, rows: rows.map(({ investorId, ...row }) => ({ ...row, mail: mailStatus.get(investorMailKey(updateId, investorId)) ?? "SENT" })) };
}

export type SendResult = { sent: number; alreadyHad: number; unsubscribed: number };

/**
 * Sends a published update to the chosen groups: one email per person who is on the list, has not
 * unsubscribed and has not had it yet. The update's row is locked while sending, so two clicks (or
 * two app processes) send each person one email; the delivery's unique (update, person) and the
 * outbox's dedupe key would each refuse a second anyway.
 */
export async function sendUpdate(actor: Actor, updateId: string, raw: z.input<typeof SendInput>, origin: string): Promise<SendResult> {
  assertCan(actor, "updates.send");
  const input = validInput(SendInput, raw);
  return teamWrite(actor, "updates.send", async (tx, log) => {
    await tx.$executeRaw`SELECT 1 FROM "InvestorUpdate" WHERE id = ${updateId} AND "teamId" = ${actor.team.id} FOR UPDATE`;
    const update = await tx.investorUpdate.findFirst({ where: { id: updateId, teamId: actor.team.id }, select: { id: true, title: true, status: true, snapshot: true } });
    if (!update) throw notFound("That update no longer exists.");
    if (update.status !== "PUBLISHED" || !update.snapshot) throw invalid({ groups: "Publish the update before sending it." });
    const content = update.snapshot as unknown as UpdateContent;
    const investors = await tx.investor.findMany({
      where: { teamId: actor.team.id, removedAt: null, group: { in: input.groups } },
      orderBy: { name: "asc" },
      select: { id: true, name: true, email: true, group: true, unsubscribedAt: true, deliveries: { where: { updateId: update.id }, select: { id: true } } },
    });
    const result: SendResult = { sent: 0, alreadyHad: 0, unsubscribed: 0 };
    const optedOut = await accountOptOuts(investors.map((investor) => investor.email), tx);
    for (const investor of investors) {
      if (investor.deliveries.length > 0) {
        result.alreadyHad++;
        continue;
      }
      if (investor.unsubscribedAt || optedOut.has(investor.email)) {
        result.unsubscribed++;
        continue;
      }
      const token = generateToken();
      const url = `${origin}/u/${token}`;
      const queued = await enqueueEmail(tx, {
        kind: "investor_update",
        to: { address: investor.email, name: investor.name },
        teamId: actor.team.id,
        dedupeKey: investorMailKey(update.id, investor.id),
        origin,
        unsubscribeUrl: `${url}/unsubscribe`,
        content: ({ unsubscribeUrl }) =>
          investorUpdateEmail({ update: editionFor(content, investor.group), sender: actor.user.name, recipient: investor.name, group: investor.group, url, unsubscribeUrl }),
      });
      // Already in the outbox under this key: the person had it (their delivery row says so too).
      if (!queued) {
        result.alreadyHad++;
        continue;
      }
      await tx.updateDelivery.create({ data: { teamId: actor.team.id, updateId: update.id, investorId: investor.id, group: investor.group, tokenHash: hashToken(token), sentById: actor.user.id } });
      result.sent++;
    }
    if (result.sent > 0) {
      const groups = input.groups.map((group) => INVESTOR_GROUPS[group].label.toLowerCase()).join(", ");
      await log({
        action: "update.sent",
        entityType: "update",
        entityId: update.id,
        summary: `sent ${quoted(update.title)} to ${result.sent} ${result.sent === 1 ? "person" : "people"} (${groups})`,
        after: { groups: input.groups, ...result },
      });
    }
    return result;
  });
}

/** A personal link's holder: the person, their team, and the delivery the token belongs to. Null when unknown or removed from the list. */
async function recipientOf(token: string) {
  if (!isTokenShaped(token)) return null;
  const delivery = await db.updateDelivery.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      updateId: true,
      revokedAt: true,
      investor: { select: { id: true, name: true, email: true, group: true, removedAt: true, unsubscribedAt: true, team: { select: { name: true } } } },
    },
  });
  if (!delivery || delivery.revokedAt || delivery.investor.removedAt) return null;
  return delivery;
}

/**
 * The update behind a personal link (or, with `updateId`, another update sent to the same person),
 * in the version they were sent, logging the view. Null when the link is unknown, its holder was
 * removed from the list, or that update was never sent to them.
 */
export async function readPersonalUpdate(token: string, updateId?: string, now = new Date()) {
  const holder = await recipientOf(token);
  if (!holder) return null;
  const delivery = await db.updateDelivery.findFirst({
    where: { investorId: holder.investor.id, updateId: updateId ?? holder.updateId, revokedAt: null },
    select: { id: true, group: true, sentAt: true, update: { select: { status: true, snapshot: true } } },
  });
  if (!delivery || delivery.update.status !== "PUBLISHED" || !delivery.update.snapshot) return null;
  await db.$executeRaw`UPDATE "UpdateDelivery" SET views = views + 1, "lastViewedAt" = ${now}, "firstViewedAt" = COALESCE("firstViewedAt", ${now}) WHERE id = ${delivery.id}`;
  const content = editionFor(delivery.update.snapshot as unknown as UpdateContent, delivery.group);
  return { content, narrative: narrativeHtml(content), recipient: holder.investor.name, sentAt: delivery.sentAt, subscribed: !holder.investor.unsubscribedAt };
}

/** Every update the team sent to the link's holder, newest first. Reading the list is not a view. */
export async function readPersonalArchive(token: string) {
  const holder = await recipientOf(token);
  if (!holder) return null;
  const deliveries = await db.updateDelivery.findMany({
    where: { investorId: holder.investor.id, revokedAt: null, update: { status: "PUBLISHED" } },
    orderBy: { sentAt: "desc" },
    take: 500,
    select: { sentAt: true, views: true, update: { select: { id: true, title: true, periodStart: true, periodEnd: true } } },
  });
  return { teamName: holder.investor.team.name, recipient: holder.investor.name, subscribed: !holder.investor.unsubscribedAt, updates: deliveries };
}

/** What the unsubscribe page needs to know. */
export async function readSubscription(token: string) {
  const holder = await recipientOf(token);
  if (!holder) return null;
  return { teamName: holder.investor.team.name, email: holder.investor.email, subscribed: !holder.investor.unsubscribedAt };
}

/** Leaves (or rejoins) the team's list. Idempotent: mail clients may post twice. */
export async function setSubscription(token: string, subscribed: boolean) {
  const holder = await recipientOf(token);
  if (!holder) return null;
  await db.$transaction(async (tx) => {
    if (subscribed) await tx.investor.updateMany({ where: { id: holder.investor.id }, data: { unsubscribedAt: null } });
    else {
      // Unsubscribing twice keeps the first date.
      await tx.investor.updateMany({ where: { id: holder.investor.id, unsubscribedAt: null }, data: { unsubscribedAt: new Date() } });
      await cancelQueuedMail(tx, holder.investor.id, "Unsubscribed before it was sent.");
    }
  });
  return { teamName: holder.investor.team.name, email: holder.investor.email, subscribed };
}
