/**
 * When an investor update is due. Pure: dates are "YYYY-MM-DD" strings in UTC.
 *
 * A team chooses a cadence of whole months: 1 (monthly) or 3 (quarterly). The update due is the
 * one for the latest calendar period — month, or quarter starting January, April, July, October —
 * that has ended before today. Only that one: a team turning reminders on is not asked for a
 * year of back issues.
 */
export const CADENCES = { 1: "Monthly", 3: "Quarterly" } as const;
export type Cadence = keyof typeof CADENCES;

export function isCadence(value: number): value is Cadence {
  return value === 1 || value === 3;
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

function pad(value: number) {
  return String(value).padStart(2, "0");
}

/** The last day of a month (month 1–12). */
function lastDay(year: number, month: number) {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export type DuePeriod = { start: string; end: string; label: string };

export function duePeriod(today: string, cadence: Cadence): DuePeriod {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7)); // 1–12
  // The period that holds today starts on this month (0-based months since year 0, for arithmetic).
  const current = year * 12 + (month - 1);
  const currentStart = current - ((month - 1) % cadence);
  const start = currentStart - cadence;
  const end = currentStart - 1;
  const startYear = Math.floor(start / 12);
  const startMonth = (start % 12) + 1;
  const endYear = Math.floor(end / 12);
  const endMonth = (end % 12) + 1;
  const label = cadence === 1 ? `${MONTHS[startMonth - 1]} ${startYear}` : `Q${Math.floor((startMonth - 1) / 3) + 1} ${startYear}`;
  return { start: `${startYear}-${pad(startMonth)}-01`, end: `${endYear}-${pad(endMonth)}-${pad(lastDay(endYear, endMonth))}`, label };
}
