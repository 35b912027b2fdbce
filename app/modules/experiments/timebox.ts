/**
 * Date-only arithmetic for timeboxes. Dates are "YYYY-MM-DD" strings, interpreted in UTC; what a
 * valid date is lives in ~/utils/date-only.
 */
import { fromDateOnly, toDateOnly } from "~/utils/date-only";
import { formatDate } from "~/utils/dates";

// Arithmetic callers (the seeds among them) read and write days through here too.
export { fromDateOnly, toDateOnly };

export const DEFAULT_TIMEBOX_DAYS = 14;
const DAY_MS = 86_400_000;

export function addDays(value: string, days: number): string {
  return toDateOnly(new Date(fromDateOnly(value).getTime() + days * DAY_MS));
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((fromDateOnly(b).getTime() - fromDateOnly(a).getTime()) / DAY_MS);
}

export function todayDateOnly(now = new Date()): string {
  return toDateOnly(now);
}

export type TimeboxState =
  | { phase: "not_started"; startsInDays: number; totalDays: number }
  | { phase: "running"; day: number; totalDays: number; daysLeft: number }
  | { phase: "ended"; totalDays: number; overdueByDays: number };

/** Where today falls in an inclusive timebox: "day 6 of 14", "3 days left", "ended 2 days ago". */
export function timeboxState(startsOn: string, endsOn: string, today: string): TimeboxState {
  const totalDays = daysBetween(startsOn, endsOn) + 1;
  if (today < startsOn) return { phase: "not_started", startsInDays: daysBetween(today, startsOn), totalDays };
  if (today > endsOn) return { phase: "ended", totalDays, overdueByDays: daysBetween(endsOn, today) };
  const day = daysBetween(startsOn, today) + 1;
  return { phase: "running", day, totalDays, daysLeft: totalDays - day };
}

/** Running past its last day and not yet concluded or extended. */
export function isOverdue(status: string, endsOn: string, today: string): boolean {
  return status === "RUNNING" && today > endsOn;
}

export function describeTimebox(status: string, startsOn: string, endsOn: string, today: string): string {
  const state = timeboxState(startsOn, endsOn, today);
  if (status === "DRAFT") return `${state.totalDays}-day timebox, from ${formatDate(startsOn)}`;
  if (status !== "RUNNING") return `${formatDate(startsOn)} to ${formatDate(endsOn)}`;
  if (state.phase === "not_started") return `Starts in ${state.startsInDays} day${state.startsInDays === 1 ? "" : "s"}`;
  if (state.phase === "running") {
    const left = state.daysLeft === 0 ? "last day" : `${state.daysLeft} day${state.daysLeft === 1 ? "" : "s"} left`;
    return `Day ${state.day} of ${state.totalDays} · ${left}`;
  }
  return `Overdue by ${state.overdueByDays} day${state.overdueByDays === 1 ? "" : "s"}`;
}
