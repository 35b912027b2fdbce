import { z } from "zod";
import type { Prisma } from "~/generated/prisma/client";
import { recordActivity } from "~/modules/activity/activity.server";
import { emitEvent } from "~/modules/events/emit.server";
import { evaluateExperiment, type AggregateColumns } from "~/modules/experiments/evaluation";
import { addDays, todayDateOnly } from "~/modules/experiments/timebox";
import { experimentKey } from "~/modules/experiments/vocabulary";
import { gatesForReview } from "~/modules/gate/gate.server";
import { hypothesisKey } from "~/modules/hypotheses/vocabulary";
import { assertCan, type Actor } from "~/modules/teams/actor";
import { dateOnly, fromDateOnly, toDateOnly } from "~/utils/date-only";
import { db, type Transaction } from "~/utils/db.server";
import { invalid } from "~/utils/errors";
import { closeActionItemsInto, type RecordedActionItems } from "./action-items.server";
import { AGENDA_SECTIONS, computeAgenda, type Agenda, type Verdict } from "./agenda";

export const ReviewSchema = z.object({
  heldOn: dateOnly("date", { trim: true }),
  attendees: z.string({ error: "List who attended." }).trim().min(2, "List who attended.").max(500),
  notes: z.string().trim().max(5000).default(""),
  decisions: z.string().trim().max(5000).default(""),
});

/** `?all=overdue` shows that agenda section in full; anything else shows every section cut short. */
export const AgendaQuerySchema = z.object({ all: z.enum(AGENDA_SECTIONS).optional().catch(undefined) });

type ExperimentRow = {
  id: string;
  number: number;
  title: string;
  status: "RUNNING" | "CONCLUDED";
  finalVerdict: string | null;
  version: number;
  metricName: string;
  metricUnit: string;
  hypothesisNumber: number;
};

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
  const [experiments, hypotheses, decisions, proposals, { gates, signals }] = await Promise.all([
    // Every running experiment is evaluated, so this is one plain statement with dates as text:
    // a team can run thousands, and Prisma's row mapping would cost more than the evaluation.
    db.$queryRaw<(AggregateColumns & ExperimentRow)[]>`
      SELECT e.id, e.number, e.title, e.status::text AS status, e."metricKind"::text AS "metricKind", e.comparator::text AS comparator, e.target,
             to_char(e."startsOn", 'YYYY-MM-DD') AS "startsOn", to_char(e."endsOn", 'YYYY-MM-DD') AS "endsOn",
             e.successes, e.trials, e."valueCount", e."valueSum", e."valueSumSquares", e."finalVerdict"::text AS "finalVerdict",
             e.version, e."metricName", e."metricUnit", h.number AS "hypothesisNumber"
      FROM "Experiment" e JOIN "Hypothesis" h ON h.id = e."hypothesisId"
      WHERE e."teamId" = ${teamId} AND e."deletedAt" IS NULL AND (e.status = 'RUNNING' OR (e.status = 'CONCLUDED' AND e."concludedAt" >= ${eventsSince}))`,
    db.hypothesis.findMany({
      where: { teamId, deletedAt: null, status: "UNTESTED", importance: { gte: 4 } },
      select: { id: true, number: true, statement: true, importance: true, status: true, createdAt: true, evidenceStrength: true, ownerId: true, version: true, owner: { select: { name: true } } },
    }),
    db.gateDecision.findMany({ where: { teamId, createdAt: { gte: eventsSince } }, select: { action: true, rationale: true, createdAt: true, product: { select: { name: true } } } }),
    db.scaleProposal.findMany({ where: { teamId, decidedAt: { gte: eventsSince } }, select: { title: true, status: true, decidedAt: true, product: { select: { name: true } } } }),
    gatesForReview(teamId, today),
  ]);
  const previous = lastReview?.verdicts ?? {};
  return computeAgenda({
    today,
    lastReviewOn,
    previousVerdicts: previous,
    experiments: experiments.map((row) => {
      const result = evaluateExperiment(row, today);
      const verdict = row.finalVerdict ? VERDICT_FROM_DB[row.finalVerdict] : result.verdict;
      return {
        id: row.id,
        key: experimentKey(row.number),
        title: row.title,
        status: row.status,
        endsOn: row.endsOn,
        verdict,
        version: row.version,
        progress: {
          hypothesisKey: hypothesisKey(row.hypothesisNumber),
          metricName: row.metricName,
          unit: row.metricUnit,
          kind: row.metricKind,
          comparator: row.comparator === "GTE" ? "gte" : "lte",
          target: row.target,
          estimate: result.estimate,
          low: result.interval?.low ?? null,
          high: result.interval?.high ?? null,
          n: result.n,
          projection: result.projection,
          explanation: result.explanation,
        },
      };
    }),
    hypotheses: hypotheses.map((row) => ({
      id: row.id,
      key: hypothesisKey(row.number),
      statement: row.statement,
      importance: row.importance,
      status: row.status,
      createdOn: toDateOnly(row.createdAt),
      strength: row.evidenceStrength,
      ownerId: row.ownerId,
      ownerName: row.owner?.name ?? null,
      version: row.version,
    })),
    gates,
    signals,
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

/** What a recorded review keeps of the meeting besides its agenda. */
export type ReviewMinutes = {
  /** Decisions logged after the review recorded before this one, up to when this one was recorded (at most the end of its day), oldest first. */
  decisions: { on: string; who: string; summary: string }[];
  actionItems: RecordedActionItems;
};

/** The activity that counts as a decision for the review's record. */
const DECISION_ACTIONS = [
  "experiment.started",
  "experiment.extended",
  "experiment.abandoned",
  "experiment.concluded",
  "hypothesis.owner_assigned",
  "hypothesis.status_overridden",
  "gate.opened",
  "gate.held",
  "proposal.approved",
  "proposal.rejected",
];
const MINUTES_DECISIONS = 200;

/**
 * Where a review's minutes stop: when it was recorded, or the end of the day it was held if it was
 * recorded later. The next review's minutes start there, so every decision is in exactly one.
 */
function minutesCut(review: { createdAt: Date; heldOn: Date }): Date {
  const endOfDay = fromDateOnly(addDays(toDateOnly(review.heldOn), 1));
  return review.createdAt < endOfDay ? review.createdAt : endOfDay;
}

/** Decisions from where the review recorded before this one stopped (a first review: a week before its day) to where this one stops. */
async function decisionsSinceLastReview(tx: Transaction, teamId: string, review: { id: string; createdAt: Date; heldOn: Date }): Promise<ReviewMinutes["decisions"]> {
  const previous = await tx.review.findFirst({ where: { teamId, id: { not: review.id } }, orderBy: { createdAt: "desc" }, select: { createdAt: true, heldOn: true } });
  const since = previous ? minutesCut(previous) : fromDateOnly(addDays(toDateOnly(review.heldOn), -7));
  const events = await tx.activityEvent.findMany({
    where: { teamId, action: { in: DECISION_ACTIONS }, createdAt: { gt: since, lte: minutesCut(review) }, imported: false },
    orderBy: { createdAt: "asc" },
    take: MINUTES_DECISIONS,
    select: { createdAt: true, summary: true, actor: { select: { name: true } } },
  });
  return events.map((event) => ({ on: toDateOnly(event.createdAt), who: event.actor?.name ?? "Someone", summary: event.summary }));
}

/**
 * Records a review with the agenda exactly as it stands now, the decisions taken since the last
 * one and its action items (raised, done, carried); past reviews keep theirs.
 */
export async function recordReview(actor: Actor, input: z.infer<typeof ReviewSchema>, today = todayDateOnly()) {
  assertCan(actor, "work.edit");
  if (input.heldOn > today) throw invalid({ heldOn: "Record a review on or after the day it was held." });
  const agenda = await currentAgenda(actor.team.id, today);
  return db.$transaction(async (tx) => {
    // One review is recorded at a time per team, so each sees the one before and claims its own items.
    await tx.$executeRaw`SELECT 1 FROM "Team" WHERE id = ${actor.team.id} FOR UPDATE`;
    const review = await tx.review.create({
      data: { teamId: actor.team.id, heldOn: fromDateOnly(input.heldOn), attendees: input.attendees, notes: input.notes, decisions: input.decisions, agenda: agenda as unknown as Prisma.InputJsonValue, createdById: actor.user.id },
      select: { id: true, createdAt: true, heldOn: true },
    });
    const minutes: ReviewMinutes = {
      decisions: await decisionsSinceLastReview(tx, actor.team.id, review),
      actionItems: await closeActionItemsInto(tx, actor.team.id, review.id),
    };
    await tx.review.update({ where: { id: review.id }, data: { minutes: minutes as unknown as Prisma.InputJsonValue } });
    await recordActivity(tx, {
      teamId: actor.team.id,
      actorId: actor.user.id,
      action: "review.recorded",
      entityType: "review",
      entityId: review.id,
      summary: `recorded the weekly review of ${input.heldOn}`,
      after: { heldOn: input.heldOn, attendees: input.attendees },
    });
    await emitEvent(tx, {
      teamId: actor.team.id,
      type: "review.recorded",
      actorId: actor.user.id,
      subject: { type: "review", id: review.id, key: null, title: `Weekly review of ${input.heldOn}`, path: `/t/${actor.team.slug}/review/${review.id}` },
      summary: `recorded the weekly review of ${input.heldOn}: ${minutes.decisions.length} decision${minutes.decisions.length === 1 ? "" : "s"} since the last one`,
      details: { decisions: minutes.decisions.length },
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

const MinutesItemSchema = z.object({ id: z.string(), title: z.string(), ownerName: z.string().nullable(), dueOn: z.string().nullable(), linkKey: z.string().nullable(), status: z.enum(["OPEN", "DONE"]), doneOn: z.string().nullable() }).passthrough();
const MinutesSchema = z.object({
  decisions: z.array(z.object({ on: z.string(), who: z.string(), summary: z.string() })),
  actionItems: z.object({ raised: z.array(MinutesItemSchema), done: z.array(MinutesItemSchema), carried: z.array(MinutesItemSchema) }),
});

/** Minutes as stored, when they have the shape the page reads (an imported file may hold anything). */
function readableMinutes(value: unknown): ReviewMinutes | null {
  return MinutesSchema.safeParse(value).success ? (value as ReviewMinutes) : null;
}

/** A recorded review, with the one recorded before it (for "what changed since last week"). */
export async function getReview(teamId: string, id: string) {
  const select = { id: true, heldOn: true, attendees: true, notes: true, decisions: true, agenda: true, minutes: true, createdAt: true, createdBy: { select: { name: true } } } as const;
  const review = await db.review.findFirst({ where: { teamId, id }, select });
  if (!review) return null;
  const previous = await db.review.findFirst({
    where: { teamId, OR: [{ heldOn: { lt: review.heldOn } }, { heldOn: review.heldOn, createdAt: { lt: review.createdAt } }] },
    orderBy: [{ heldOn: "desc" }, { createdAt: "desc" }],
    select: { id: true, heldOn: true, agenda: true },
  });
  return {
    ...review,
    heldOn: toDateOnly(review.heldOn),
    agenda: review.agenda as unknown as Agenda,
    minutes: readableMinutes(review.minutes),
    previous: previous ? { id: previous.id, heldOn: toDateOnly(previous.heldOn), agenda: previous.agenda as unknown as Agenda } : null,
  };
}
