/**
 * The scale gate: does the evidence now demand growth-stage engineering?
 *
 * Pure functions only — no I/O and no clock; callers pass `today`. Dates are "YYYY-MM-DD" strings
 * interpreted in UTC, and weeks are ISO weeks (Monday–Sunday).
 */
import { fromDateOnly, toDateOnly } from "~/utils/date-only";
import { formatDate } from "~/utils/dates";
import { formatQuantity } from "~/utils/quantity";
import { quoted } from "~/utils/quote";

export type Direction = "gte" | "lte";
export type SignalPoint = { date: string; value: number };
export type CriterionInput =
  | { id: string; kind: "SIGNAL_SUSTAINED"; label: string; unit: string; threshold: number; direction: Direction; weeks: number; points: SignalPoint[] }
  | { id: string; kind: "BOTTLENECK"; label: string; unit: string; threshold: number; direction: Direction; weeks: number; points: SignalPoint[] }
  | {
      id: string;
      kind: "HYPOTHESIS_VALIDATED";
      label: string;
      hypothesisKey: string;
      hypothesisStatus: "UNTESTED" | "TESTING" | "VALIDATED" | "INVALIDATED" | "INCONCLUSIVE" | null;
      /** What the hypothesis says, so a criterion never names it by key alone (null once deleted). */
      hypothesisStatement?: string | null;
    };
export type CriterionResult = {
  id: string;
  kind: CriterionInput["kind"];
  met: boolean;
  /** Signals: the latest value on or before today (null without data). Hypotheses: null. */
  current: number | null;
  /** Signals: how far `current` is from the threshold in the needed direction, 0 when there. */
  distance: number | null;
  /** Signals: consecutive weeks (ending now) meeting the threshold. */
  weeksSustained: number | null;
  /** Signals: weeks the threshold must hold for. */
  weeksRequired: number | null;
  /** One plain sentence for people. */
  summary: string;
};
export type GateStatus = "HOLD" | "READY" | "OPEN";
export type GateEvaluation = { status: GateStatus; results: CriterionResult[]; metCount: number; total: number; headline: string };

type SignalCriterion = Extract<CriterionInput, { kind: "SIGNAL_SUSTAINED" | "BOTTLENECK" }>;
type HypothesisCriterion = Extract<CriterionInput, { kind: "HYPOTHESIS_VALIDATED" }>;

const DAY_MS = 86_400_000;

/** Parses a "YYYY-MM-DD" calendar date to UTC milliseconds; throws on anything else (2026-02-30 too). */
function parseDateOnly(value: string): number {
  if (typeof value === "string") {
    const date = fromDateOnly(value);
    // A day past the month's end rolls over into the next month: not the date that was written.
    if (!Number.isNaN(date.getTime()) && date.getUTCDate() === Number(value.slice(8, 10))) return date.getTime();
  }
  throw new RangeError(`Expected a "YYYY-MM-DD" date, got ${JSON.stringify(value)}`);
}

function formatDateOnly(time: number): string {
  return toDateOnly(new Date(time));
}

function addDays(date: string, days: number): string {
  return formatDateOnly(parseDateOnly(date) + days * DAY_MS);
}

/** The Monday of `date`'s ISO week, as "YYYY-MM-DD". */
export function isoWeekStart(date: string): string {
  const time = parseDateOnly(date);
  const daysSinceMonday = (new Date(time).getUTCDay() + 6) % 7;
  return formatDateOnly(time - daysSinceMonday * DAY_MS);
}

/**
 * What "sustained for N weeks" means, in words shown beside every signal criterion. The verdict
 * below applies exactly this: a level reported once does not prove it held all week.
 */
export const SUSTAINED_RULE =
  "A week runs Monday to Sunday. It counts once it has ended, when it has at least one reading and every reading in it meets the threshold; a week without a reading breaks the run, and so does a reading this week that misses.";

/**
 * Each ISO week's readings up to `today`, by week start, weeks ascending, readings in date order
 * (points on one date keep their input order). Throws a RangeError on a malformed date or a
 * non-finite value.
 */
export function readingsByWeek(points: SignalPoint[], today: string): Map<string, SignalPoint[]> {
  parseDateOnly(today);
  const byWeek = new Map<string, SignalPoint[]>();
  for (const point of points) {
    parseDateOnly(point.date);
    if (!Number.isFinite(point.value)) {
      throw new RangeError(`Expected a finite value on ${point.date}, got ${String(point.value)}`);
    }
    if (point.date > today) continue;
    const week = isoWeekStart(point.date);
    const readings = byWeek.get(week) ?? [];
    readings.push(point);
    byWeek.set(week, readings);
  }
  const sorted = [...byWeek.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // A stable sort: points on the same date stay in input order, so the later one is last.
  return new Map(sorted.map(([week, readings]) => [week, [...readings].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))]));
}

/**
 * One value per ISO week that has data, weeks ascending: the last point dated inside the week
 * (signals are levels). Points after `today` are ignored. Points on the same date keep their
 * input order, so the later one wins. Throws a RangeError on a malformed date or a non-finite value.
 */
export function weeklyValues(points: SignalPoint[], today: string): { week: string; value: number }[] {
  return [...readingsByWeek(points, today).entries()].map(([week, readings]) => ({ week, value: readings[readings.length - 1].value }));
}

function meets(value: number, threshold: number, direction: Direction): boolean {
  return direction === "gte" ? value >= threshold : value <= threshold;
}

function distanceFrom(current: number, threshold: number, direction: Direction): number {
  return direction === "gte" ? Math.max(0, threshold - current) : Math.max(0, current - threshold);
}

/** Whole weeks required: at least 1; a fractional requirement rounds up. */
function normaliseWeeks(weeks: number): number {
  return Number.isFinite(weeks) ? Math.max(1, Math.ceil(weeks)) : 1;
}


/** "9 Mar 2026", as every page writes a day. */
const formatDay = formatDate;

function fullWeeksText(count: number): string {
  return `${count} full week${count === 1 ? "" : "s"}`;
}

/** Why a week does not count: no reading in it, or its first reading that missed. */
type WeekBreak = { week: string; missed: SignalPoint | null };

function evaluateSignal(criterion: SignalCriterion, today: string): CriterionResult {
  const { id, kind, label, unit, threshold, direction } = criterion;
  const weeksRequired = normaliseWeeks(criterion.weeks);
  const byWeek = readingsByWeek(criterion.points, today);
  const firstMiss = (readings: SignalPoint[] | undefined) => readings?.find((reading) => !meets(reading.value, threshold, direction)) ?? null;

  // Only ended weeks count; this week's readings can only break the run, never extend it.
  const currentWeek = isoWeekStart(today);
  const thisWeek = byWeek.get(currentWeek);
  const missedThisWeek = firstMiss(thisWeek);
  let weeksSustained = 0;
  let broken: WeekBreak | null = missedThisWeek ? { week: currentWeek, missed: missedThisWeek } : null;
  for (let week = addDays(currentWeek, -7); !broken; week = addDays(week, -7)) {
    const readings = byWeek.get(week);
    const missed = firstMiss(readings);
    if (!readings || missed) broken = { week, missed };
    else weeksSustained += 1;
  }

  const latestWeek = [...byWeek.values()].pop();
  const latest = latestWeek ? latestWeek[latestWeek.length - 1] : undefined;
  const current = latest ? latest.value : null;
  const distance = current === null ? null : distanceFrom(current, threshold, direction);
  const met = weeksSustained >= weeksRequired;

  const symbol = direction === "gte" ? "≥" : "≤";
  const target = `${symbol} ${formatQuantity(threshold, unit)}`;
  const needs = `needs ${target} for ${fullWeeksText(weeksRequired)} in a row`;
  const sunday = formatDay(addDays(currentWeek, 6));
  const thisWeekClause = missedThisWeek ? "" : thisWeek ? ` This week counts once it ends on ${sunday}.` : ` This week needs a reading before it ends on ${sunday}.`;
  let summary: string;
  if (current === null || distance === null || !latest) {
    summary = "No data yet.";
  } else if (met) {
    summary = `${label} has been ${target} for ${fullWeeksText(weeksSustained)}, meeting the ${weeksRequired} required (now ${formatQuantity(current, unit)}).`;
  } else if (distance > 0) {
    const gap = direction === "gte" ? "Short by" : "Over by";
    summary = `${gap} ${formatQuantity(distance, unit)}: now ${formatQuantity(current, unit)}, ${needs}.`;
  } else if (broken?.missed && weeksSustained > 0) {
    const { missed } = broken;
    summary = `${label} has been ${target} for ${weeksSustained} of ${fullWeeksText(weeksRequired)}; before that it was ${formatQuantity(missed.value, unit)} on ${formatDay(missed.date)} (now ${formatQuantity(current, unit)}).${thisWeekClause}`;
  } else if (broken?.missed) {
    const { missed } = broken;
    const side = direction === "gte" ? "under" : "over";
    summary = `${label} was ${formatQuantity(missed.value, unit)} on ${formatDay(missed.date)}, ${side} the threshold: ${needs} (now ${formatQuantity(current, unit)}).${thisWeekClause}`;
  } else if (weeksSustained > 0) {
    summary = `${label} has been ${target} for ${weeksSustained} of ${fullWeeksText(weeksRequired)} (now ${formatQuantity(current, unit)}).${thisWeekClause}`;
  } else {
    const gapWeek = broken ? formatDay(broken.week) : formatDay(addDays(currentWeek, -7));
    summary = `No reading in the week of ${gapWeek}: a week counts only with readings in it; ${label} ${needs} (now ${formatQuantity(current, unit)}).${thisWeekClause}`;
  }

  return { id, kind, met, current, distance, weeksSustained, weeksRequired, summary };
}

const HYPOTHESIS_WORDING: Record<NonNullable<HypothesisCriterion["hypothesisStatus"]>, string> = {
  VALIDATED: "is validated",
  TESTING: "is still testing",
  UNTESTED: "has not been tested yet",
  INVALIDATED: "was invalidated",
  INCONCLUSIVE: "was inconclusive",
};

function evaluateHypothesis(criterion: HypothesisCriterion): CriterionResult {
  const { id, kind, hypothesisKey, hypothesisStatus, hypothesisStatement } = criterion;
  // Named with what it says: "H-12 is validated" alone tells a reader nothing.
  const named = hypothesisStatement ? `${hypothesisKey} ${quoted(hypothesisStatement)}` : hypothesisKey;
  const summary =
    hypothesisStatus === null
      ? `${hypothesisKey} no longer exists (the hypothesis was deleted), so this criterion cannot be met.`
      : `${named} ${HYPOTHESIS_WORDING[hypothesisStatus]}.`;
  return {
    id,
    kind,
    met: hypothesisStatus === "VALIDATED",
    current: null,
    distance: null,
    weeksSustained: null,
    weeksRequired: null,
    summary,
  };
}

export function evaluateCriterion(criterion: CriterionInput, today: string): CriterionResult {
  parseDateOnly(today);
  switch (criterion.kind) {
    case "SIGNAL_SUSTAINED":
    case "BOTTLENECK":
      return evaluateSignal(criterion, today);
    case "HYPOTHESIS_VALIDATED":
      return evaluateHypothesis(criterion);
  }
}

/**
 * OPEN once a person opened the gate (it stays open); READY when there is at least one criterion
 * and every one is met; HOLD otherwise — including a gate with no criteria yet.
 */
export function evaluateGate(criteria: CriterionInput[], options: { opened: boolean; today: string }): GateEvaluation {
  parseDateOnly(options.today);
  const results = criteria.map((criterion) => evaluateCriterion(criterion, options.today));
  const total = results.length;
  const metCount = results.filter((result) => result.met).length;

  if (options.opened) return { status: "OPEN", results, metCount, total, headline: "Scaling: the gate was opened." };
  if (total > 0 && metCount === total) return { status: "READY", results, metCount, total, headline: "Evidence met — decide." };
  const headline =
    total === 0
      ? "Keep it simple: no criteria defined yet."
      : `Keep it simple: ${metCount} of ${total} ${total === 1 ? "criterion" : "criteria"} met.`;
  return { status: "HOLD", results, metCount, total, headline };
}
