/**
 * CSV import of a signal's values: columns `date` and `value` (and optional `note`), one value
 * per day. Same rules as the evidence import: the whole file is checked first, every problem is
 * reported with its line and column, and nothing is written unless the whole file is valid.
 * Re-importing a file changes nothing: a day already recorded with the same value is left as it is, and a different value is replaced only when the import says so (see recordSignalPoints).
 */
import { tokenizeCsv } from "~/utils/csv-table";
import { dateOnlyProblem, MAX_YEAR, MIN_YEAR } from "~/utils/date-only";
import { parseTypedNumber } from "~/utils/fields";
import { quoted } from "~/utils/quote";

export const SIGNAL_CSV_MAX_BYTES = 2 * 1024 * 1024;
export const SIGNAL_CSV_MAX_ROWS = 5_000;
const COLUMNS = ["date", "value", "note"] as const;
const MAX_ERRORS = 100;

export type SignalCsvRow = { line: number; date: string; value: number; note: string | null };
export type SignalCsvError = { line: number | null; column: string | null; reason: string };
export type SignalCsvResult = { ok: true; rows: SignalCsvRow[] } | { ok: false; errors: SignalCsvError[] };

export const SIGNAL_CSV_TEMPLATE = "date,value,note\r\n2026-01-05,12,First paying customers\r\n2026-01-12,15,\r\n";

export function parseSignalCsv(text: string, options: { today: string }): SignalCsvResult {
  const fail = (reason: string): SignalCsvResult => ({ ok: false, errors: [{ line: null, column: null, reason }] });
  if (new TextEncoder().encode(text).length > SIGNAL_CSV_MAX_BYTES) return fail(`The file is larger than ${SIGNAL_CSV_MAX_BYTES / 1024 / 1024} MB.`);
  if (text.includes("\u0000")) return fail("This is not a plain-text CSV file.");
  const tokens = tokenizeCsv(text.replace(/^\uFEFF/, ""));
  if (!tokens.ok) return fail(`Line ${tokens.line}: a quoted field is not closed properly.`);
  const records = tokens.records.filter((record) => record.fields.some((field) => field.trim() !== ""));
  const [header, ...rows] = records;
  if (!header) return fail("The file is empty.");
  const names = header.fields.map((field) => field.trim().toLowerCase());
  const unknown = names.filter((name) => name && !(COLUMNS as readonly string[]).includes(name));
  if (unknown.length) return fail(`Unknown column${unknown.length === 1 ? "" : "s"}: ${unknown.join(", ")}. Use date, value and optionally note.`);
  const missing = (["date", "value"] as const).filter((name) => !names.includes(name));
  if (missing.length) return fail(`Missing column${missing.length === 1 ? "" : "s"}: ${missing.join(", ")}.`);
  if (rows.length === 0) return fail("The file has no rows.");
  if (rows.length > SIGNAL_CSV_MAX_ROWS) return fail(`The file has ${rows.length} rows; import at most ${SIGNAL_CSV_MAX_ROWS} at a time.`);

  const index = (name: string) => names.indexOf(name);
  const errors: SignalCsvError[] = [];
  const parsed: SignalCsvRow[] = [];
  const seen = new Map<string, number>();
  for (const record of rows) {
    const cell = (name: string) => (index(name) === -1 ? "" : (record.fields[index(name)] ?? "").trim());
    const date = cell("date");
    const rawValue = cell("value");
    const note = cell("note");
    const rowErrors: SignalCsvError[] = [];
    const dateProblem = dateOnlyProblem(date);
    if (dateProblem === "format") rowErrors.push({ line: record.line, column: "date", reason: date ? `${date.slice(0, 30)} is not a valid date (use YYYY-MM-DD)` : "is empty" });
    else if (dateProblem === "range") rowErrors.push({ line: record.line, column: "date", reason: `${date} is outside the years ${MIN_YEAR} to ${MAX_YEAR}` });
    else if (date > options.today) rowErrors.push({ line: record.line, column: "date", reason: `${date} is in the future` });
    else if (seen.has(date)) rowErrors.push({ line: record.line, column: "date", reason: `${date} already appears on line ${seen.get(date)} (one value per day)` });
    const value = parseTypedNumber(rawValue, { integer: false });
    if (value === null) rowErrors.push({ line: record.line, column: "value", reason: rawValue ? `${quoted(rawValue.slice(0, 30))} is not a number` : "is empty" });
    if (note.length > 300) rowErrors.push({ line: record.line, column: "note", reason: "is longer than 300 characters" });
    if (rowErrors.length) errors.push(...rowErrors);
    else {
      seen.set(date, record.line);
      parsed.push({ line: record.line, date, value: value!, note: note || null });
    }
  }
  if (errors.length) {
    const shown = errors.slice(0, MAX_ERRORS);
    if (errors.length > MAX_ERRORS) shown.push({ line: null, column: null, reason: `…and ${errors.length - MAX_ERRORS} more errors` });
    return { ok: false, errors: shown };
  }
  return { ok: true, rows: parsed };
}
