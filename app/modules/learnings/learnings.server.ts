/**
 * The learning library: every learning card of a team, newest first, with the verdict and the
 * locked criterion it was judged against. A card is written in the transaction that concludes its
 * experiment, so its date is the day of the conclusion. Cards of trashed experiments or
 * hypotheses are left out, as everywhere else.
 */
import type { Prisma } from "~/generated/prisma/client";
import type { Verdict } from "~/generated/prisma/enums";
import { experimentKey } from "~/modules/experiments/vocabulary";
import { hypothesisKey } from "~/modules/hypotheses/vocabulary";
import { db } from "~/utils/db.server";
import { decisionsOf, outcomeConditions, type Cursor, type LibraryFilters } from "./filters";
import { changedMindByQuarter, periodKey, periodLabel, periodOptions, periodRange, type QuarterDecisionCount } from "./quarters";

export const LIBRARY_PAGE_SIZE = 50;

const CARD_SELECT = {
  id: true,
  observed: true,
  learned: true,
  nextSteps: true,
  decision: true,
  verdictSnapshot: true,
  createdAt: true,
  experiment: {
    select: {
      number: true,
      title: true,
      metricName: true,
      metricKind: true,
      metricUnit: true,
      comparator: true,
      target: true,
      finalVerdict: true,
      criterionChangedAfterStart: true,
      observationCount: true,
      hypothesis: { select: { number: true, statement: true, category: true, product: { select: { name: true } } } },
    },
  },
} satisfies Prisma.LearningCardSelect;

type CardRow = Prisma.LearningCardGetPayload<{ select: typeof CARD_SELECT }>;

function cardWhere(teamId: string, filters: LibraryFilters, before?: Cursor): Prisma.LearningCardWhereInput {
  const range = filters.period ? periodRange(filters.period) : null;
  const and: Prisma.LearningCardWhereInput[] = [];
  if (filters.outcome) {
    and.push({
      OR: outcomeConditions(filters.outcome).map(({ finalVerdict, decisions }) => ({
        experiment: { finalVerdict },
        ...(decisions === "any" ? {} : { decision: { in: decisions } }),
      })),
    });
  }
  if (before) and.push({ OR: [{ createdAt: { lt: before.createdAt } }, { createdAt: before.createdAt, id: { lt: before.id } }] });
  return {
    teamId,
    ...(filters.decision ? { decision: { in: [...decisionsOf(filters.decision)] } } : {}),
    ...(range ? { createdAt: { gte: range.from, lt: range.until } } : {}),
    experiment: {
      teamId,
      deletedAt: null,
      hypothesis: { teamId, deletedAt: null, ...(filters.product ? { productId: filters.product } : {}), ...(filters.category ? { category: filters.category } : {}) },
    },
    ...(and.length ? { AND: and } : {}),
  };
}

/** The verdict frozen at conclusion: the experiment's, or else the one in the card's snapshot (an imported experiment may lack its own). */
function frozenVerdict(row: CardRow): Verdict | null {
  if (row.experiment.finalVerdict) return row.experiment.finalVerdict;
  const snapshot = row.verdictSnapshot as { verdict?: unknown } | null;
  const fromSnapshot = { met: "MET", not_met: "NOT_MET", too_early: "TOO_EARLY" }[String(snapshot?.verdict)] as Verdict | undefined;
  return fromSnapshot ?? null;
}

function present(row: CardRow) {
  const { experiment } = row;
  return {
    id: row.id,
    observed: row.observed,
    learned: row.learned,
    nextSteps: row.nextSteps,
    decision: row.decision,
    concludedAt: row.createdAt.toISOString(),
    verdict: frozenVerdict(row),
    experiment: {
      key: experimentKey(experiment.number),
      title: experiment.title,
      metricName: experiment.metricName,
      metricKind: experiment.metricKind,
      metricUnit: experiment.metricUnit,
      comparator: experiment.comparator,
      target: experiment.target,
      criterionChangedAfterStart: experiment.criterionChangedAfterStart,
      observationCount: experiment.observationCount,
    },
    hypothesis: {
      key: hypothesisKey(experiment.hypothesis.number),
      statement: experiment.hypothesis.statement,
      category: experiment.hypothesis.category,
      productName: experiment.hypothesis.product.name,
    },
  };
}

export type LibraryCard = ReturnType<typeof present>;

/**
 * A page of the team's learning cards matching `filters`, newest first, continuing after `before`:
 * one query (the experiment, hypothesis and product are joined in), whatever the page size.
 * `next` is where the following page starts, or null on the last.
 */
export async function listLearningCards(teamId: string, filters: LibraryFilters, before?: Cursor, limit = LIBRARY_PAGE_SIZE) {
  const rows = await db.learningCard.findMany({
    where: cardWhere(teamId, filters, before),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: CARD_SELECT,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { cards: page.map(present), next: rows.length > limit && last ? { createdAt: last.createdAt, id: last.id } : null };
}

/**
 * The whole library's decisions counted per quarter (UTC) and decision: one grouped query. Feeds
 * "changed our mind" and the periods the filter offers.
 */
export async function decisionsPerQuarter(teamId: string): Promise<QuarterDecisionCount[]> {
  const rows = await db.$queryRaw<{ quarter: string; decision: QuarterDecisionCount["decision"]; count: number }[]>`
    SELECT to_char(c."createdAt", 'YYYY-"Q"Q') AS quarter, c.decision::text AS decision, count(*)::int AS count
    FROM "LearningCard" c
    JOIN "Experiment" e ON e.id = c."experimentId" AND e."teamId" = c."teamId"
    JOIN "Hypothesis" h ON h.id = e."hypothesisId" AND h."teamId" = e."teamId"
    WHERE c."teamId" = ${teamId} AND e."deletedAt" IS NULL AND h."deletedAt" IS NULL
    GROUP BY 1, 2`;
  return rows.map((row) => ({ quarter: row.quarter, decision: row.decision, count: Number(row.count) }));
}

/**
 * The library page's data in two queries run together: a page of cards, and the per-quarter
 * counts behind "changed our mind" and the periods the filter offers.
 */
export async function learningLibrary(teamId: string, filters: LibraryFilters, before: Cursor | undefined, today = new Date()) {
  const [page, counts] = await Promise.all([listLearningCards(teamId, filters, before), decisionsPerQuarter(teamId)]);
  const periods = periodOptions(
    counts.map((row) => row.quarter),
    today,
    filters.period
  ).map((period) => ({ value: periodKey(period), label: periodLabel(period) }));
  return { ...page, changedMind: changedMindByQuarter(counts, today), periods };
}
