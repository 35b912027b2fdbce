/** Date-only arithmetic for timeboxes. Dates are "YYYY-MM-DD" strings, interpreted in UTC. */

export const DEFAULT_TIMEBOX_DAYS = 14;
const DAY_MS = 86_400_000;

export function toDateOnly(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function fromDateOnly(value: string): Date {
  // The parts, not the string parser: this runs for every experiment on every list,
  // and parsing an ISO string costs several times more. Anything but YYYY-MM-DD is an Invalid Date.
  if (!DATE_ONLY.test(value)) return new Date(Number.NaN);
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  if (month < 1 || month > 12 || day < 1 || day > 31) return new Date(Number.NaN);
  const date = new Date(0);
  date.setUTCFullYear(Number(value.slice(0, 4)), month - 1, day); // years below 100 stay themselves
  return date;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export function isDateOnly(value: string): boolean {
  if (!DATE_ONLY.test(value)) return false;
  const date = fromDateOnly(value);
  return !Number.isNaN(date.getTime()) && toDateOnly(date) === value;
}

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
  if (status === "DRAFT") return `${state.totalDays}-day timebox, from ${startsOn}`;
  if (status !== "RUNNING") return `${startsOn} → ${endsOn}`;
  if (state.phase === "not_started") return `Starts in ${state.startsInDays} day${state.startsInDays === 1 ? "" : "s"}`;
  if (state.phase === "running") {
    const left = state.daysLeft === 0 ? "last day" : `${state.daysLeft} day${state.daysLeft === 1 ? "" : "s"} left`;
    return `Day ${state.day} of ${state.totalDays} · ${left}`;
  }
  return `Overdue by ${state.overdueByDays} day${state.overdueByDays === 1 ? "" : "s"}`;
}
