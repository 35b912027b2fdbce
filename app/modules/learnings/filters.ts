/**
 * The learning library's filters as they arrive in the address (a GET form, so they work without
 * JavaScript), and what each one means for the cards it selects.
 */
import { z } from "zod";
import type { Decision, Verdict } from "~/generated/prisma/enums";
import { DECISIONS, DECISION_LABELS } from "~/modules/experiments/vocabulary";
import { conclusionOutcome, type ConclusionOutcome } from "~/modules/hypotheses/status";
import { CATEGORIES, STATUS_LABELS } from "~/modules/hypotheses/vocabulary";
import { idField } from "~/utils/fields";
import { CHANGED_MIND_DECISIONS, parsePeriod, periodKey, type Period } from "./quarters";

export const OUTCOMES = ["VALIDATED", "INVALIDATED", "INCONCLUSIVE"] as const satisfies readonly ConclusionOutcome[];

export const OUTCOME_OPTIONS = OUTCOMES.map((outcome) => ({ value: outcome, label: STATUS_LABELS[outcome] }));

/** What each outcome means, in the words of the rule that sets a hypothesis's status (conclusionOutcome). */
export const OUTCOME_MEANINGS: Record<ConclusionOutcome, string> = {
  VALIDATED: "Validated: the criterion was met and the team persevered.",
  INVALIDATED: "Invalidated: the criterion was not met.",
  INCONCLUSIVE: "Inconclusive: too early to tell, or met without persevering.",
};

/** Every decision, and "changed our mind": a pivot or a kill. */
export const CHANGED_MIND = "CHANGED";
export const DECISION_FILTERS = [...DECISIONS, CHANGED_MIND] as const;
export type DecisionFilter = (typeof DECISION_FILTERS)[number];

export const DECISION_OPTIONS = [...DECISIONS.map((decision) => ({ value: decision, label: DECISION_LABELS[decision] })), { value: CHANGED_MIND, label: "Pivot or kill" }];

export function decisionsOf(filter: DecisionFilter): readonly Decision[] {
  return filter === CHANGED_MIND ? CHANGED_MIND_DECISIONS : [filter];
}

const VERDICTS = ["MET", "NOT_MET", "TOO_EARLY", null] as const satisfies readonly (Verdict | null)[];

/**
 * The frozen verdicts and decisions whose cards have `outcome`, derived from conclusionOutcome
 * itself so the library and the hypothesis status never disagree. Per verdict: every decision
 * ("any"), or the ones listed; verdicts that never give the outcome are left out.
 */
export function outcomeConditions(outcome: ConclusionOutcome): { finalVerdict: Verdict | null; decisions: "any" | Decision[] }[] {
  return VERDICTS.flatMap((finalVerdict) => {
    const decisions = DECISIONS.filter((decision) => conclusionOutcome(finalVerdict, decision) === outcome);
    if (decisions.length === 0) return [];
    return [{ finalVerdict, decisions: decisions.length === DECISIONS.length ? ("any" as const) : decisions }];
  });
}

/**
 * Where a page of cards ends, to continue after it: the last card's date and id (cards are
 * ordered newest first, the id breaking ties). Written "2026-03-09T14:05:00.000Z_<id>".
 */
export type Cursor = { createdAt: Date; id: string };

export function encodeCursor(cursor: Cursor): string {
  return `${cursor.createdAt.toISOString()}_${cursor.id}`;
}

const CursorField = z
  .string()
  .max(100)
  .transform((value, context): Cursor => {
    const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([A-Za-z0-9_-]{1,64})$/.exec(value);
    const createdAt = match ? new Date(match[1]) : null;
    // A day that does not exist (31 February) would roll over: only the exact form a card gives is read.
    if (!match || !createdAt || Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== match[1]) {
      context.addIssue({ code: "custom", message: "Not a place in the library." });
      return z.NEVER;
    }
    return { createdAt, id: match[2] };
  });

const PeriodField = z
  .string()
  .max(10)
  .transform((value, context): Period => {
    const period = parsePeriod(value);
    if (!period) {
      context.addIssue({ code: "custom", message: "Not a quarter or a year." });
      return z.NEVER;
    }
    return period;
  });

/** The library's query string; anything unreadable (including "All", an empty value) filters nothing. */
export const LibraryQuerySchema = z.object({
  outcome: z.enum(OUTCOMES).optional().catch(undefined),
  decision: z.enum(DECISION_FILTERS).optional().catch(undefined),
  category: z.enum(CATEGORIES).optional().catch(undefined),
  product: idField.optional().catch(undefined),
  period: PeriodField.optional().catch(undefined),
  before: CursorField.optional().catch(undefined),
});

export type LibraryQuery = z.infer<typeof LibraryQuerySchema>;
export type LibraryFilters = Omit<LibraryQuery, "before">;

export function isFiltered(filters: LibraryFilters): boolean {
  return Boolean(filters.outcome || filters.decision || filters.category || filters.product || filters.period);
}

/** The query string of a filtered library, optionally continued after `before`: what the filter form would send. */
export function libraryParams(filters: LibraryFilters, before?: Cursor): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.outcome) params.set("outcome", filters.outcome);
  if (filters.decision) params.set("decision", filters.decision);
  if (filters.category) params.set("category", filters.category);
  if (filters.product) params.set("product", filters.product);
  if (filters.period) params.set("period", periodKey(filters.period));
  if (before) params.set("before", encodeCursor(before));
  return params;
}
