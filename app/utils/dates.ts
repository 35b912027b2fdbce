/**
 * How Evident writes a date for people, in one place. Every date is shown the same way — "9 Mar
 * 2026" — on the server and in the browser alike: the month names are written out here rather
 * than asked of the runtime's locale data (Node and browsers disagree on "Sep" and "Sept"), and
 * timestamps are read in UTC, the calendar Evident's date-only values (timeboxes, observations)
 * are kept in. Relative wording ("3 days ago") needs a "now", which only the browser supplies.
 */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

type Parts = { year: number; month: number; day: number; hour: number; minute: number; dateOnly: boolean };

function partsOf(value: string | Date): Parts | null {
  if (typeof value === "string") {
    const match = DATE_ONLY.exec(value);
    if (match) {
      const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
      if (month < 1 || month > 12 || day < 1 || day > 31) return null;
      return { year, month, day, hour: 0, minute: 0, dateOnly: true };
    }
  }
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return null;
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: date.getUTCHours(), minute: date.getUTCMinutes(), dateOnly: false };
}

const two = (n: number) => String(n).padStart(2, "0");

/** "9 Mar 2026", from a YYYY-MM-DD day or a timestamp (read in UTC). Anything unreadable is shown as it came. */
export function formatDate(value: string | Date): string {
  const parts = partsOf(value);
  if (!parts) return String(value);
  return `${parts.day} ${MONTHS[parts.month - 1]} ${parts.year}`;
}

/** "9 Mar 2026, 14:05 UTC" for a timestamp; a YYYY-MM-DD day has no time of day and reads as formatDate. */
export function formatDateTime(value: string | Date): string {
  const parts = partsOf(value);
  if (!parts) return String(value);
  const day = `${parts.day} ${MONTHS[parts.month - 1]} ${parts.year}`;
  return parts.dateOnly ? day : `${day}, ${two(parts.hour)}:${two(parts.minute)} UTC`;
}

/** The machine-readable form for <time dateTime>: the day itself, or the full ISO timestamp. */
export function machineDate(value: string | Date): string {
  if (typeof value === "string" && DATE_ONLY.test(value)) return value;
  const date = typeof value === "string" ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
}

const UNITS: [unit: Intl.RelativeTimeFormatUnit, seconds: number][] = [
  ["year", 365 * 86_400],
  ["month", 30 * 86_400],
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
];
const RELATIVE = new Intl.RelativeTimeFormat("en-US", { numeric: "auto" });

/** "just now", "5 minutes ago", "yesterday", "in 6 days", "3 months ago": how long before or after `now`. */
export function relativeTime(value: string | Date, now: Date): string {
  const date = typeof value === "string" ? new Date(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value) : value;
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  if (!Number.isFinite(seconds)) return "";
  if (Math.abs(seconds) < 60) return "just now";
  const [unit, size] = UNITS.find(([, size]) => Math.abs(seconds) >= size) ?? UNITS[UNITS.length - 1];
  return RELATIVE.format(Math.trunc(seconds / size), unit);
}

/** The hover text of an event's date: how long ago, then the exact time; without a "now", the exact time alone. */
export function eventDateTitle(value: string | Date, now: Date | null): string {
  const exact = formatDateTime(value);
  const relative = now ? relativeTime(value, now) : "";
  return relative ? `${relative} · ${exact}` : exact;
}
