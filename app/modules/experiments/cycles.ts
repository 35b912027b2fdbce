import { addDays } from "./timebox";

/** Two-week cycles are counted from a fixed Monday, so every page and report agrees on them. */
export const CYCLE_ANCHOR = "2024-01-01";
export const CYCLE_DAYS = 14;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function short(date: string) {
  return `${MONTHS[Number(date.slice(5, 7)) - 1]} ${Number(date.slice(8, 10))}`;
}

export function cycleStart(date: string): string {
  const days = Math.floor((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${CYCLE_ANCHOR}T00:00:00Z`)) / 86_400_000);
  return addDays(CYCLE_ANCHOR, Math.floor(days / CYCLE_DAYS) * CYCLE_DAYS);
}

export function cycleLabel(start: string): string {
  return `${short(start)} – ${short(addDays(start, CYCLE_DAYS - 1))}`;
}

/** The last `count` cycle starts up to and including today's, oldest first. */
export function recentCycles(today: string, count: number): string[] {
  const current = cycleStart(today);
  return Array.from({ length: count }, (_, index) => addDays(current, -(count - 1 - index) * CYCLE_DAYS));
}
