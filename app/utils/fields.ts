import { z } from "zod";

const MAX_INT = 2_147_483_647;

/** The `version` a form was rendered with, for optimistic concurrency. Bounded to the column's range. */
export const versionField = z.coerce
  .number({ error: "This form is out of date; reload the page." })
  .int("This form is out of date; reload the page.")
  .positive("This form is out of date; reload the page.")
  .max(MAX_INT, "This form is out of date; reload the page.");

/**
 * Reads a number as people type it: "12", "-3.5", or "2,5" with a decimal comma. Thousands
 * separators ("1,000"), hex, exponents and other surprises are refused rather than guessed.
 */
export function parseTypedNumber(text: string, options: { integer: boolean }): number | null {
  const trimmed = text.trim();
  const pattern = options.integer ? /^-?\d+$/ : /^-?\d+(?:[.,]\d+)?$|^-?[.,]\d+$/;
  if (!pattern.test(trimmed)) return null;
  if (!options.integer && /^-?\d{1,3},\d{3}$/.test(trimmed)) return null;
  const value = Number(trimmed.replace(",", "."));
  if (!Number.isFinite(value) || (options.integer && Math.abs(value) > MAX_INT)) return null;
  return value;
}

/** The id of a row named by a hidden form field or an API path: what our ids look like, so nothing else reaches a query. */
export const idField = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** A route's id parameter when it looks like one of our ids, otherwise null: the page answers 404. */
export function idParam(value: string | undefined): string | null {
  return value !== undefined && idField.safeParse(value).success ? value : null;
}

/** Text PostgreSQL can store: no NUL character, and no half of a surrogate pair (which is not Unicode at all). */
export function isStorableText(value: string): boolean {
  return !/\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value);
}
