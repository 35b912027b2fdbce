import { z } from "zod";
import type { Prisma } from "~/generated/prisma/client";
import { recordActivity } from "~/modules/activity/activity.server";
import { evaluateExperiment, type AggregateColumns } from "~/modules/experiments/evaluation";
import { todayDateOnly } from "~/modules/experiments/timebox";
import { experimentKey } from "~/modules/experiments/vocabulary";
import { hypothesisKey } from "~/modules/hypotheses/vocabulary";
import { assertCan, type Actor } from "~/modules/teams/actor";
import { dateOnly, fromDateOnly, toDateOnly } from "~/utils/date-only";
import { db } from "~/utils/db.server";
import { invalid } from "~/utils/errors";
import { AGENDA_SECTIONS, computeAgenda, type Agenda, type Verdict } from "./agenda";

export const ReviewSchema = z.object({
  heldOn: dateOnly("date", { trim: true }),
  attendees: z.string({ error: "List who attended." }).trim().min(2, "List who attended.").max(500),
  notes: z.string().trim().max(5000).default(""),
  decisions: z.string().trim().max(5000).default(""),
});

/** `?all=overdue` shows that agenda section in full; anything else shows every section cut short. */
export const AgendaQuerySchema = z.object({ all: z.enum(AGENDA_SECTIONS).optional().catch(undefined) });

const VERDICT_FROM_DB: Record<string, Verdict> = { MET: "met", NOT_MET: "not_met", TOO_EARLY: "too_early" };

/** This week's agenda, computed from the evidence as it stands (a handful of indexed queries). */
export async function currentAgenda(teamId: string, today = todayDateOnly()): Promise<Agenda> {
  // Of the last review, only the verdicts it saw: its whole agenda can run to hundreds of kilobytes.
  const [lastReview] = await db.$queryRaw<{ heldOn: string; verdicts: Record<string, Verdict> | null }[]>`
    SELECT to_char("heldOn", 'YYYY-MM-DD') AS "heldOn", agenda -> 'verdictsNow' AS verdicts FROM "Review"
    WHERE "teamId" = ${teamId} ORDER BY "heldOn" DESC, "createdAt" DESC LIMIT 1`;
  const lastReviewOn = lastReview?.heldOn ?? null;
  const since = fromDateOnly(lastReviewOn ?? today);
  const eventsSince = lastReviewOn ? since : new Date(since.getTime() - 7 * 86_400_000);
  const [experiments, hypotheses, decisions, proposals] = await Promise.all([
    // Every running experiment is evaluated, so this is one plain statement with dates as text:
    // a team can run thousands, and Prisma's row mapping would cost more than the evaluation.
    db.$queryRaw<(AggregateColumns & { id: string; number: number; title: string; status: "RUNNING" | "CONCLUDED"; finalVerdict: string | null })[]>`
      SELECT id, number, title, status::text AS status, "metricKind"::text AS "metricKind", comparator::text AS comparator, target,
             to_char("startsOn", 'YYYY-MM-DD') AS "startsOn", to_char("endsOn", 'YYYY-MM-DD') AS "endsOn",
             successes, trials, "valueCount", "valueSum", "valueSumSquares", "finalVerdict"::text AS "finalVerdict"
      FROM "Experiment"
      WHERE "teamId" = ${teamId} AND "deletedAt" IS NULL AND (status = 'RUNNING' OR (status = 'CONCLUDED' AND "concludedAt" >= ${eventsSince}))`,
    db.hypothesis.findMany({
      where: { teamId, deletedAt: null, status: "UNTESTED", importance: { gte: 4 } },
      select: { id: true, number: true, statement: true, importance: true, status: true, createdAt: true },
    }),
    db.gateDecision.findMany({ where: { teamId, createdAt: { gte: eventsSince } }, select: { action: true, rationale: true, createdAt: true, product: { select: { name: true } } } }),
    db.scaleProposal.findMany({ where: { teamId, decidedAt: { gte: eventsSince } }, select: { title: true, status: true, decidedAt: true, product: { select: { name: true } } } }),
  ]);
  const previous = lastReview?.verdicts ?? {};
  return computeAgenda({
    today,
    lastReviewOn,
    previousVerdicts: previous,
    experiments: experiments.map((row) => {
      const verdict = row.finalVerdict ? VERDICT_FROM_DB[row.finalVerdict] : evaluateExperiment(row, today).verdict;
      return { id: row.id, key: experimentKey(row.number), title: row.title, status: row.status, endsOn: row.endsOn, verdict };
    }),
    hypotheses: hypotheses.map((row) => ({ id: row.id, key: hypothesisKey(row.number), statement: row.statement, importance: row.importance, status: row.status, createdOn: toDateOnly(row.createdAt) })),
    gateEvents: [
      ...decisions.map((decision) => ({
        productName: decision.product.name,
        description: decision.action === "OPEN" ? `Gate opened: ${decision.rationale}` : `Gate held: ${decision.rationale}`,
        on: toDateOnly(decision.createdAt),
      })),
      ...proposals.map((proposal) => ({
        productName: proposal.product.name,
        description: `Scale proposal ${proposal.status === "APPROVED" ? "approved" : "rejected"}: ${proposal.title}`,
        on: toDateOnly(proposal.decidedAt!),
      })),
    ],
  });
}

/** Records a review with the agenda exactly as it stands now; past reviews keep theirs. */
export async function recordReview(actor: Actor, input: z.infer<typeof ReviewSchema>, today = todayDateOnly()) {
  assertCan(actor, "work.edit");
  if (input.heldOn > today) throw invalid({ heldOn: "Record a review on or after the day it was held." });
  const agenda = await currentAgenda(actor.team.id, today);
  return db.$transaction(async (tx) => {
    const review = await tx.review.create({
      data: { teamId: actor.team.id, heldOn: fromDateOnly(input.heldOn), attendees: input.attendees, notes: input.notes, decisions: input.decisions, agenda: agenda as unknown as Prisma.InputJsonValue, createdById: actor.user.id },
      select: { id: true },
    });
    await recordActivity(tx, {
      teamId: actor.team.id,
      actorId: actor.user.id,
      action: "review.recorded",
      entityType: "review",
      entityId: review.id,
      summary: `recorded the weekly review of ${input.heldOn}`,
      after: { heldOn: input.heldOn, attendees: input.attendees },
    });
    return review;
  });
}

export function listReviews(teamId: string) {
  return db.review.findMany({
    where: { teamId },
    orderBy: [{ heldOn: "desc" }, { createdAt: "desc" }],
    take: 52,
    select: { id: true, heldOn: true, attendees: true, decisions: true, createdBy: { select: { name: true } } },
  });
}

export async function getReview(teamId: string, id: string) {
  const review = await db.review.findFirst({
    where: { teamId, id },
    select: { id: true, heldOn: true, attendees: true, notes: true, decisions: true, agenda: true, createdAt: true, createdBy: { select: { name: true } } },
  });
  return review ? { ...review, heldOn: toDateOnly(review.heldOn), agenda: review.agenda as unknown as Agenda } : null;
}
