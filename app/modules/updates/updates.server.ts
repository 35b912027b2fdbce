import { z } from "zod";
import type { Prisma } from "~/generated/prisma/client";
import { recordActivity } from "~/modules/activity/activity.server";
import { emitEvent } from "~/modules/events/emit.server";
import { teamCommand, teamWrite, validInput } from "~/modules/activity/team-write.server";
import { generateToken, hashToken } from "~/modules/auth/session.server";
import { gateStatuses } from "~/modules/gate/gate.server";
import { listSignals } from "~/modules/signals/signals.server";
import { DECISION_LABELS, experimentKey } from "~/modules/experiments/vocabulary";
import { hypothesisKey } from "~/modules/hypotheses/vocabulary";
import { assertCan, type Actor } from "~/modules/teams/actor";
import { dateOnly, fromDateOnly, toDateOnly } from "~/utils/date-only";
import { db, type Transaction } from "~/utils/db.server";
import { AppError, conflict, invalid, notFound } from "~/utils/errors";
import { idField, versionField } from "~/utils/fields";
import { ASK_STATUSES, isUpdateSection, suggestedNarrative, UPDATE_SECTION_NAMES, type AskStatusName, type PreviousAsks, type SignalKpi, type UpdateContent, type UpdateSection } from "./content";
import { askItems, narrativeHtml } from "./markdown.server";
import { quoted } from "~/utils/quote";

export const ComposeSchema = z
  .object({ title: z.string({ error: "Give the update a title." }).trim().min(3, "Give the update a title.").max(120), periodStart: dateOnly("start of the period", { trim: true }), periodEnd: dateOnly("end of the period", { trim: true }) })
  .refine((input) => input.periodEnd >= input.periodStart, { path: ["periodEnd"], message: "The period must end on or after its start." });

export const NarrativeSchema = z.object({
  title: z.string({ error: "Give the update a title." }).trim().min(3, "Give the update a title.").max(120),
  highlights: z.string().trim().max(5000).default(""),
  lowlights: z.string().trim().max(5000).default(""),
  asks: z.string().trim().max(5000).default(""),
  /** Sections prospects do not receive. */
  investorsOnly: z
    .array(z.string())
    .max(UPDATE_SECTION_NAMES.length, "Choose sections of the update.")
    .default([])
    .pipe(z.array(z.enum(UPDATE_SECTION_NAMES as [UpdateSection, ...UpdateSection[]], { error: "Choose sections of the update." })))
    .transform((sections) => UPDATE_SECTION_NAMES.filter((section) => sections.includes(section))),
  version: versionField,
});

export const ShareSchema = z.object({ days: z.coerce.number().int().min(1, "At least 1 day.").max(90, "At most 90 days.").default(30) });

/** The evidence for a period: learnings, experiments, signal changes, gates. A fixed number of queries. */
export async function buildEvidence(teamId: string, periodStart: string, periodEnd: string): Promise<Omit<UpdateContent, "title" | "highlights" | "lowlights" | "asks" | "teamName" | "periodStart" | "periodEnd">> {
  const start = fromDateOnly(periodStart);
  // The period's last millisecond, not the next day's start: 9999-12-31 has no next day to name.
  const end = new Date(fromDateOnly(periodEnd).getTime() + 86_399_999);
  const [cards, experiments, signals, gates, decisions, previousUpdate, targets] = await Promise.all([
    db.learningCard.findMany({
      where: { teamId, createdAt: { gte: start, lte: end }, experiment: { deletedAt: null, hypothesis: { deletedAt: null, status: { in: ["VALIDATED", "INVALIDATED"] } } } },
      orderBy: { createdAt: "asc" },
      select: { learned: true, decision: true, experiment: { select: { hypothesis: { select: { number: true, statement: true, status: true } } } } },
    }),
    db.experiment.findMany({
      where: { teamId, deletedAt: null, status: { in: ["RUNNING", "CONCLUDED"] }, startsOn: { lte: end }, endsOn: { gte: start } },
      orderBy: { number: "asc" },
      take: 100,
      select: { number: true, title: true, status: true, finalVerdict: true },
    }),
    listSignals(teamId, { today: periodEnd }),
    gateStatuses(teamId, periodEnd),
    db.gateDecision.findMany({ where: { teamId, createdAt: { gte: start, lte: end } }, orderBy: { createdAt: "asc" }, select: { productId: true, action: true, rationale: true, createdAt: true } }),
    // The update investors read last: the latest published one whose period ended before this one's.
    db.investorUpdate.findFirst({
      where: { teamId, status: "PUBLISHED", periodEnd: { lt: fromDateOnly(periodEnd) } },
      orderBy: [{ periodEnd: "desc" }, { publishedAt: "desc" }],
      select: { id: true, title: true, periodEnd: true, snapshot: true, askItems: { select: { position: true, status: true, helpedBy: true, version: true } } },
    }),
    db.gateCriterion.findMany({ where: { teamId, deletedAt: null, kind: "SIGNAL_SUSTAINED", signalId: { not: null }, threshold: { not: null } }, orderBy: { createdAt: "asc" }, select: { signalId: true, threshold: true, comparator: true } }),
  ]);
  const previousValues = new Map<string, number>();
  for (const row of (previousUpdate?.snapshot as unknown as UpdateContent | null)?.signals ?? []) if (typeof row?.end === "number") previousValues.set(row.name, row.end);
  const previousEnd = previousUpdate ? toDateOnly(previousUpdate.periodEnd) : null;
  const previousAsks = previousUpdate ? askFollowUps(previousUpdate) : null;
  return {
    previousAsks,
    learnings: cards.map((card) => ({
      key: hypothesisKey(card.experiment.hypothesis.number),
      statement: card.experiment.hypothesis.statement,
      status: card.experiment.hypothesis.status as "VALIDATED" | "INVALIDATED",
      learned: card.learned,
      decision: DECISION_LABELS[card.decision],
    })),
    experiments: experiments.map((experiment) => ({
      key: experimentKey(experiment.number),
      title: experiment.title,
      status: experiment.status,
      verdict: experiment.finalVerdict ? experiment.finalVerdict.toLowerCase().replace("_", " ") : null,
    })),
    signals: signals.map((signal): SignalKpi => {
      const inPeriod = signal.points.filter((point) => point.date >= periodStart && point.date <= periodEnd);
      const before = signal.points.filter((point) => point.date < periodStart).at(-1);
      const first = before ?? inPeriod[0];
      const last = inPeriod.at(-1) ?? null;
      const previous = previousValues.get(signal.name);
      const target = targets.find((criterion) => criterion.signalId === signal.id);
      return {
        name: signal.name,
        unit: signal.unit,
        start: first?.value ?? null,
        end: last?.value ?? null,
        change: first && last ? last.value - first.value : null,
        points: inPeriod,
        readings: inPeriod.length,
        startsBefore: before !== undefined,
        previous: previous !== undefined && previousEnd !== null ? { value: previous, periodEnd: previousEnd } : null,
        target: target ? { value: target.threshold!, direction: target.comparator === "LTE" ? "lte" : "gte" } : null,
        direction: signal.direction,
      };
    }),
    gates: gates.map(({ product, evaluation }) => ({
      product: product.name,
      stage: product.stage,
      headline: evaluation.headline,
      decisions: decisions.filter((decision) => decision.productId === product.id).map((decision) => ({ on: toDateOnly(decision.createdAt), action: decision.action, rationale: decision.rationale })),
    })),
  };
}

/** The asks of a published update, as items of its frozen text (a stored snapshot of any shape: none). */
function askedIn(snapshot: unknown): string[] {
  const asked = (snapshot as UpdateContent | null)?.asks;
  return typeof asked === "string" ? askItems(asked) : [];
}

/** The asks of a published update, each with what became of it (no row yet: still open). */
function askFollowUps(update: { id: string; title: string; periodEnd: Date; snapshot: unknown; askItems: { position: number; status: AskStatusName; helpedBy: string; version: number }[] }): PreviousAsks | null {
  const items = askedIn(update.snapshot);
  if (items.length === 0) return null;
  return {
    updateId: update.id,
    title: update.title,
    periodEnd: toDateOnly(update.periodEnd),
    items: items.map((text, position) => {
      const followed = update.askItems.find((item) => item.position === position);
      return { position, text, status: followed?.status ?? "OPEN", helpedBy: followed?.helpedBy ?? "", version: followed?.version ?? 1 };
    }),
  };
}

export const AskFollowUpInput = z.object({
  updateId: idField,
  position: z.coerce.number({ error: "Choose an ask." }).int("Choose an ask.").min(0, "Choose an ask.").max(500, "Choose an ask."),
  status: z.enum(["OPEN", "DONE", "DROPPED"], { error: "Choose still open, done or dropped." }),
  helpedBy: z.string().trim().max(200, "Use at most 200 characters.").default(""),
  version: versionField,
});

/**
 * Records what became of one ask of a published update (done, dropped, still open) and who helped.
 * The next update shows it; once that one is published, it keeps what it said.
 */
export const followUpAsk = teamCommand({ permission: "work.edit", input: AskFollowUpInput }, (actor, input) =>
  teamWrite(actor, "work.edit", async (tx, log) => {
    const asked = await tx.investorUpdate.findFirst({ where: { id: input.updateId, teamId: actor.team.id, status: "PUBLISHED" }, select: { title: true, snapshot: true } });
    if (!asked) throw notFound("That update no longer exists.");
    const text = askedIn(asked.snapshot)[input.position];
    if (text === undefined) throw notFound("That ask is not in the update.");
    const data = { status: input.status, helpedBy: input.helpedBy, version: input.version + 1 };
    // No row yet is version 1; whoever saves first makes it, a second save from the same page conflicts.
    const saved =
      input.version === 1
        ? await tx.updateAsk.createMany({ data: [{ teamId: actor.team.id, updateId: input.updateId, position: input.position, text, ...data }], skipDuplicates: true })
        : await tx.updateAsk.updateMany({ where: { updateId: input.updateId, position: input.position, version: input.version }, data });
    if (saved.count === 0) throw conflict("Someone recorded what became of this ask since you opened the page. Reload to see it.");
    await log({
      action: "update.ask_followed_up",
      entityType: "update",
      entityId: input.updateId,
      summary: `marked the ask ${quoted(text.slice(0, 80))} ${ASK_STATUSES[input.status].toLowerCase()}${input.helpedBy ? `, thanks to ${input.helpedBy}` : ""}`,
      after: { position: input.position, status: input.status, helpedBy: input.helpedBy },
    });
  }),
);

export async function composeUpdate(actor: Actor, input: z.infer<typeof ComposeSchema>) {
  assertCan(actor, "work.edit");
  const evidence = await buildEvidence(actor.team.id, input.periodStart, input.periodEnd);
  return db.$transaction((tx) => composeDraft(tx, actor, input, evidence));
}

export type Evidence = Awaited<ReturnType<typeof buildEvidence>>;

/**
 * Writes a draft for the period, its narrative suggested from the evidence, in the caller's
 * transaction. The evidence is read before the transaction begins: its queries use the pool, and
 * the embedded database's pool is one connection, which the transaction holds.
 */
export async function composeDraft(tx: Transaction, actor: Actor, input: z.infer<typeof ComposeSchema>, evidence: Evidence, summary = `started the investor update ${quoted(input.title)}`) {
  const { highlights, lowlights } = suggestedNarrative(evidence);
  const update = await tx.investorUpdate.create({
    data: { teamId: actor.team.id, title: input.title, periodStart: fromDateOnly(input.periodStart), periodEnd: fromDateOnly(input.periodEnd), highlights, lowlights, createdById: actor.user.id },
    select: { id: true },
  });
  await recordActivity(tx, { teamId: actor.team.id, actorId: actor.user.id, action: "update.composed", entityType: "update", entityId: update.id, summary, after: input });
  return update;
}

async function loadUpdate(teamId: string, id: string) {
  return db.investorUpdate.findFirst({
    where: { teamId, id },
    select: {
      id: true, title: true, periodStart: true, periodEnd: true, highlights: true, lowlights: true, asks: true, investorsOnly: true, status: true, snapshot: true, publishedAt: true, version: true, createdAt: true,
      createdBy: { select: { name: true } },
      team: { select: { name: true } },
      shareLinks: { where: { revokedAt: null }, orderBy: { createdAt: "desc" }, select: { id: true, expiresAt: true, createdAt: true, createdBy: { select: { name: true } } } },
    },
  });
}

/** An update with its content: frozen once published, live from the evidence while a draft. */
export async function getUpdate(teamId: string, id: string) {
  const update = await loadUpdate(teamId, id);
  if (!update) return null;
  const periodStart = toDateOnly(update.periodStart);
  const periodEnd = toDateOnly(update.periodEnd);
  const content: UpdateContent =
    update.status === "PUBLISHED" && update.snapshot
      ? (update.snapshot as unknown as UpdateContent)
      : {
          teamName: update.team.name,
          title: update.title,
          periodStart,
          periodEnd,
          highlights: update.highlights,
          lowlights: update.lowlights,
          asks: update.asks,
          ...(await buildEvidence(teamId, periodStart, periodEnd)),
          investorsOnly: update.investorsOnly.filter(isUpdateSection),
        };
  const now = Date.now();
  return { ...update, periodStart, periodEnd, content, narrative: narrativeHtml(content), shareLinks: update.shareLinks.filter((link) => link.expiresAt.getTime() > now) };
}

export function listUpdates(teamId: string) {
  return db.investorUpdate.findMany({
    where: { teamId },
    orderBy: [{ periodEnd: "desc" }, { createdAt: "desc" }],
    take: 100,
    select: { id: true, title: true, periodStart: true, periodEnd: true, status: true, publishedAt: true, createdBy: { select: { name: true } } },
  });
}

export async function saveNarrative(actor: Actor, id: string, raw: z.input<typeof NarrativeSchema>) {
  assertCan(actor, "work.edit");
  const input = validInput(NarrativeSchema, raw);
  await db.$transaction(async (tx) => {
    const current = await tx.investorUpdate.findFirst({ where: { id, teamId: actor.team.id }, select: { status: true, version: true, title: true } });
    if (!current) throw notFound("That update no longer exists.");
    if (current.status === "PUBLISHED") throw new AppError(400, "published", "This update is published; its content is frozen.");
    const { version, ...fields } = input;
    const updated = await tx.investorUpdate.updateMany({ where: { id, teamId: actor.team.id, version }, data: { ...fields, version: { increment: 1 } } });
    if (updated.count === 0) throw conflict(`Someone saved this update since you opened it (now version ${current.version}). Copy your text, reload, and merge.`);
    await recordActivity(tx, { teamId: actor.team.id, actorId: actor.user.id, action: "update.edited", entityType: "update", entityId: id, summary: `edited the investor update ${quoted(fields.title)}` });
  });
}

/** Publishing freezes everything the update shows; later changes to the evidence leave it as sent. */
export async function publishUpdate(actor: Actor, id: string, input: { version: number }) {
  assertCan(actor, "work.edit");
  const update = await getUpdate(actor.team.id, id);
  if (!update) throw notFound("That update no longer exists.");
  if (update.status === "PUBLISHED") throw new AppError(400, "published", "This update is already published.");
  await db.$transaction(async (tx) => {
    const published = await tx.investorUpdate.updateMany({
      where: { id, teamId: actor.team.id, version: input.version, status: "DRAFT" },
      data: { status: "PUBLISHED", publishedAt: new Date(), snapshot: update.content as unknown as Prisma.InputJsonValue, version: { increment: 1 } },
    });
    if (published.count === 0) throw conflict("Someone changed this update since you opened it. Reload and publish again.");
    await recordActivity(tx, { teamId: actor.team.id, actorId: actor.user.id, action: "update.published", entityType: "update", entityId: id, summary: `published the investor update ${quoted(update.title)}` });
    await emitEvent(tx, {
      teamId: actor.team.id,
      type: "update.published",
      actorId: actor.user.id,
      subject: { type: "update", id, key: null, title: update.title, path: `/t/${actor.team.slug}/updates/${id}` },
      summary: `published the investor update ${quoted(update.title)}`,
      details: { period: `${update.content.periodStart} to ${update.content.periodEnd}` },
    });
  });
}

export async function createShareLink(actor: Actor, updateId: string, input: { days: number }) {
  assertCan(actor, "work.edit");
  const update = await db.investorUpdate.findFirst({ where: { id: updateId, teamId: actor.team.id }, select: { id: true, status: true, title: true } });
  if (!update) throw notFound("That update no longer exists.");
  if (update.status !== "PUBLISHED") throw invalid({ days: "Publish the update before sharing it." });
  const token = generateToken();
  const expiresAt = new Date(Date.now() + input.days * 86_400_000);
  await db.$transaction(async (tx) => {
    const link = await tx.shareLink.create({ data: { teamId: actor.team.id, updateId, tokenHash: hashToken(token), expiresAt, createdById: actor.user.id }, select: { id: true } });
    await recordActivity(tx, { teamId: actor.team.id, actorId: actor.user.id, action: "update.shared", entityType: "update", entityId: updateId, summary: `created a share link for ${quoted(update.title)}, valid ${input.days} days`, after: { linkId: link.id, expiresAt: expiresAt.toISOString() } });
  });
  return { token, expiresAt };
}

export async function revokeShareLink(actor: Actor, updateId: string, linkId: string) {
  assertCan(actor, "work.edit");
  await db.$transaction(async (tx) => {
    const link = await tx.shareLink.findFirst({ where: { id: linkId, updateId, teamId: actor.team.id }, select: { id: true, revokedAt: true } });
    if (!link) throw notFound("That link no longer exists.");
    if (link.revokedAt) return;
    await tx.shareLink.update({ where: { id: link.id }, data: { revokedAt: new Date() } });
    await recordActivity(tx, { teamId: actor.team.id, actorId: actor.user.id, action: "update.share_revoked", entityType: "update", entityId: updateId, summary: "revoked a share link" });
  });
}

/** The published update behind a share link, or null when the link is unknown, revoked or expired. */
export async function sharedUpdate(token: string, now = new Date()) {
  const link = await db.shareLink.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { revokedAt: true, expiresAt: true, update: { select: { status: true, snapshot: true, publishedAt: true } } },
  });
  if (!link || link.revokedAt || link.expiresAt.getTime() <= now.getTime()) return null;
  if (link.update.status !== "PUBLISHED" || !link.update.snapshot) return null;
  const content = link.update.snapshot as unknown as UpdateContent;
  return { content, narrative: narrativeHtml(content), publishedAt: link.update.publishedAt, expiresAt: link.expiresAt };
}

