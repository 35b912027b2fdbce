/**
 * Date-only values ("YYYY-MM-DD", a calendar day in UTC): the one rule for every date a person or
 * a client gives Evident — forms, the API, CSV files and team imports all read dates here.
 *
 * A date is accepted when it is written exactly YYYY-MM-DD, names a day that exists (2026-02-29
 * does not), and falls in the years Evident records, 1900 to 9999. PostgreSQL's `date` stores a
 * far wider range but has no year 0000, and a five-digit year cannot be written YYYY-MM-DD; the
 * narrower range also catches typos such as 0226 for 2026. Whatever passes here, PostgreSQL stores.
 */
import { z } from "zod";

export const MIN_YEAR = 1900;
export const MAX_YEAR = 9999;

const SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

export type DateOnlyProblem = "format" | "range";

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Why `value` is not an acceptable date: not a real day written YYYY-MM-DD, or outside 1900–9999. Null when it is fine. */
export function dateOnlyProblem(value: string): DateOnlyProblem | null {
  const match = SHAPE.exec(value);
  if (!match) return "format";
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return "format";
  if (year < MIN_YEAR || year > MAX_YEAR) return "range";
  return null;
}

export function isDateOnly(value: string): boolean {
  return dateOnlyProblem(value) === null;
}

export function toDateOnly(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * The day as a Date at midnight UTC. Reads the parts rather than calling the string parser: this
 * runs for every experiment on every list, and parsing an ISO string costs several times more.
 * Anything not shaped YYYY-MM-DD with a possible month and day is an Invalid Date. It does not
 * apply the year range: it also reads dates that came from the database or from arithmetic.
 */
export function fromDateOnly(value: string): Date {
  const match = SHAPE.exec(value);
  if (!match) return new Date(Number.NaN);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return new Date(Number.NaN);
  const date = new Date(0);
  date.setUTCFullYear(Number(match[1]), month - 1, day); // years below 100 stay themselves
  return date;
}

/** The message for a problem, in a form's words ("the start date") or, without a label, the API's. */
export function dateOnlyMessage(problem: DateOnlyProblem, label?: string): string {
  if (problem === "range") return label ? `Enter the ${label} with a year between ${MIN_YEAR} and ${MAX_YEAR}.` : `Use a date with a year between ${MIN_YEAR} and ${MAX_YEAR}.`;
  return label ? `Enter the ${label} as a real date, YYYY-MM-DD.` : "Use a real date as YYYY-MM-DD.";
}

/**
 * The one Zod rule for a date-only value, in a field's words ("the start date") or, without a
 * label, in general ones. `trim` ignores surrounding spaces, for what people type; documents and
 * API bodies are read exactly as given.
 */
export function dateOnly(label?: string, options: { trim?: boolean } = {}) {
  const text = z.string({ error: label ? `Enter the ${label} as YYYY-MM-DD.` : dateOnlyMessage("format") });
  return (options.trim ? text.trim() : text).superRefine((value, context) => {
    const problem = dateOnlyProblem(value);
    if (problem) context.addIssue({ code: "custom", message: dateOnlyMessage(problem, label) });
  });
}
