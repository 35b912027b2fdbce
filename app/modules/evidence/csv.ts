/**
 * CSV import of observations for one experiment: parsing (RFC 4180), validation against the
 * experiment's metric kind and timebox, and a per-row idempotency key so that importing the
 * same file twice adds nothing. Pure: no I/O — the caller writes the rows.
 */
import { sha256 } from "@oslojs/crypto/sha2";
import { tokenizeCsv as tokenize, type RawRecord } from "~/utils/csv-table";
import { dateOnlyProblem, isDateOnly, MAX_YEAR, MIN_YEAR } from "~/utils/date-only";
import { encodeHexLowerCase } from "@oslojs/encoding";
import type { ValidObservation } from "./schemas";
import { STRENGTH_NAMES, STRENGTHS, type Strength } from "./strength";

export type MetricKind = "RATE" | "COUNT" | "MEAN";

/** A row of the file as addObservations takes it, with the line it starts on (header = 1) and its idempotency key. */
export type CsvObservation = ValidObservation & {
  line: number;
  /** Hex sha256; stable across re-imports and re-orderings of the same file. */
  idempotencyKey: string;
};

/** `line` null = file-level error; `column` null = not tied to one column. */
export type CsvError = { line: number | null; column: string | null; reason: string };

export type CsvParseResult = { ok: true; rows: CsvObservation[] } | { ok: false; errors: CsvError[]; rowCount: number };

export type CsvParseOptions = {
  kind: MetricKind;
  experimentId: string;
  /** First day of the timebox, YYYY-MM-DD (inclusive). */
  startsOn: string;
  /** Last day of the timebox, YYYY-MM-DD (inclusive). */
  endsOn: string;
  /** Today's date for the team, YYYY-MM-DD; observations cannot be in the future. */
  today: string;
  /** UTF-8 byte limit, checked before parsing. Default 5 MB. */
  maxBytes?: number;
  /** Limit on data rows (blank lines not counted). Default 5000. */
  maxRows?: number;
};

const COLUMNS = ["observed_on", "successes", "trials", "value", "note", "source", "strength"] as const;
type Column = (typeof COLUMNS)[number];

/** All known column names, in template order. */
export const CSV_COLUMNS: readonly string[] = COLUMNS;

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_MAX_ROWS = 5000;
export const MAX_NOTE_LENGTH = 2000;
export const MAX_SOURCE_LENGTH = 200;
/**
 * The largest measurement taken, either sign: a double holds every whole number up to here exactly,
 * and the sums of squares the statistics keep cannot overflow (a value of 1e300 made them Infinity).
 */
export const MAX_VALUE = 1e15;
/** Reported errors are capped; the rest are summarised in one final error. */
export const MAX_REPORTED_ERRORS = 100;
/** successes / trials are stored as 32-bit integers. */
const MAX_INTEGER = 2_147_483_647;

const NUMERIC_COLUMNS: Record<MetricKind, readonly Column[]> = {
  RATE: ["successes", "trials"],
  COUNT: ["value"],
  MEAN: ["value"],
};
const ALL_NUMERIC_COLUMNS: readonly Column[] = ["successes", "trials", "value"];
const KIND_LABEL: Record<MetricKind, string> = { RATE: "rate", COUNT: "count", MEAN: "mean" };
/** "said" → 1 … "paid" → 4, any case: the strength vocabulary's own words. */
const STRENGTH_WORDS = new Map<string, Strength>(STRENGTHS.map((strength) => [STRENGTH_NAMES[strength].toLowerCase(), strength]));
const STRENGTH_CHOICES = STRENGTHS.map((strength) => `${strength} (${STRENGTH_NAMES[strength].toLowerCase()})`);

function templateColumns(kind: MetricKind): Column[] {
  return ["observed_on", ...NUMERIC_COLUMNS[kind], "note", "source", "strength"];
}

/** Header line + one example row (CRLF line endings, as RFC 4180 asks). */
export function csvTemplate(kind: MetricKind): string {
  const example: Record<MetricKind, string> = {
    RATE: '2026-01-15,12,40,"Pricing page, variant B: 12 of 40 visitors started a trial",Product analytics,2',
    COUNT: '2026-01-15,7,"Seven sign-ups for the waitlist, mostly from the newsletter",Waitlist export,2',
    MEAN: '2026-01-15,4.6,"Average order value in the pilot, in EUR",Checkout report,4',
  };
  return `${templateColumns(kind).join(",")}\r\n${example[kind]}\r\n`;
}

export function parseObservationCsv(text: string, options: CsvParseOptions): CsvParseResult {
  const { kind, experimentId, startsOn, endsOn, today } = options;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  assertOptions(options, maxBytes, maxRows);

  const fail = (errors: CsvError[], rowCount: number): CsvParseResult => ({ ok: false, errors: capErrors(errors), rowCount });
  const fileError = (reason: string): CsvError => ({ line: null, column: null, reason });

  // 1. Size, before any parsing.
  if (utf8ByteLengthExceeds(text, maxBytes)) {
    return fail([fileError(`The file is larger than ${formatBytes(maxBytes)}. Split it into smaller files.`)], 0);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes("\u0000")) {
    return fail([fileError("The file is not a plain-text CSV file. Save it as “CSV UTF-8” and try again.")], 0);
  }

  // 2. Records.
  const tokens = tokenize(text);
  if (!tokens.ok) {
    const reason =
      tokens.problem === "unterminated"
        ? `A quoted field starting on line ${tokens.line} is never closed (a " is missing).`
        : `Line ${tokens.line} has text after a closing quote; quotes inside a quoted field must be doubled ("").`;
    return fail([fileError(reason)], countDataRecords(tokens.records));
  }
  const records = tokens.records.filter((record) => !isBlank(record.fields));
  const [header, ...dataRecords] = records;
  const rowCount = dataRecords.length;
  if (header === undefined) return fail([fileError("The file has no rows")], 0);

  // 3. Header.
  const headerResult = readHeader(header.fields, kind);
  const fileErrors = headerResult.errors.map(fileError);
  if (rowCount === 0) fileErrors.push(fileError("The file has no rows"));
  if (fileErrors.length > 0) return fail(fileErrors, rowCount);
  if (rowCount > maxRows) {
    return fail([fileError(`The file has ${rowCount} rows; at most ${maxRows} can be imported at once. Split it into smaller files.`)], rowCount);
  }

  // 4. Rows.
  const context: RowContext = { kind, startsOn, endsOn, today, columns: headerResult.columns, width: header.fields.length };
  const errors: CsvError[] = [];
  const valid: Array<{ line: number; row: NormalizedRow }> = [];
  for (const record of dataRecords) {
    const result = validateRow(record, context);
    if (result.ok) valid.push({ line: record.line, row: result.row });
    else errors.push(...result.errors);
  }
  if (errors.length > 0) return fail(errors, rowCount);

  // 5. Idempotency keys: content + occurrence of that content within the file, never the line.
  const occurrences = new Map<string, number>();
  const rows = valid.map(({ line, row }): CsvObservation => {
    const content = canonicalContent(experimentId, row);
    const occurrence = occurrences.get(content) ?? 0;
    occurrences.set(content, occurrence + 1);
    const idempotencyKey = encodeHexLowerCase(sha256(new TextEncoder().encode(`${content}#${occurrence}`)));
    return { line, ...row, idempotencyKey };
  });
  return { ok: true, rows };
}

function isBlank(fields: string[]): boolean {
  return fields.every((field) => field.trim() === "");
}

function countDataRecords(records: RawRecord[]): number {
  return Math.max(0, records.filter((record) => !isBlank(record.fields)).length - 1);
}

// ---------------------------------------------------------------------------------------------
// Header

function readHeader(cells: string[], kind: MetricKind): { columns: Map<Column, number>; errors: string[] } {
  const columns = new Map<Column, number>();
  const errors: string[] = [];
  const names = cells.map((cell) => cell.trim());

  // A single header cell full of semicolons or tabs: the file was saved with another separator.
  const only = names.length === 1 ? names[0] : undefined;
  if (only !== undefined && /[;\t]/.test(only)) {
    const separator = only.includes(";") ? "semicolons" : "tabs";
    return { columns, errors: [`The file is separated by ${separator}, not commas. Save it as comma-separated CSV.`] };
  }

  const unknown: string[] = [];
  const duplicates: string[] = [];
  names.forEach((name, index) => {
    if (name === "") return; // Unnamed columns are ignored as long as they stay empty.
    const column = COLUMNS.find((known) => known === name.toLowerCase());
    if (column === undefined) unknown.push(name);
    else if (columns.has(column)) duplicates.push(column);
    else columns.set(column, index);
  });

  if (unknown.length > 0) {
    errors.push(
      `${plural(unknown.length, "Unknown column", "Unknown columns")}: ${unknown.map((name) => `"${shorten(name)}"`).join(", ")} ` +
        `(use ${templateColumns(kind).join(", ")})`,
    );
  }
  if (duplicates.length > 0) {
    errors.push(`${plural(duplicates.length, "Duplicate column", "Duplicate columns")}: ${[...new Set(duplicates)].join(", ")}`);
  }
  const missing = (["observed_on", ...NUMERIC_COLUMNS[kind]] as Column[]).filter((column) => !columns.has(column));
  if (missing.length > 0) errors.push(`${plural(missing.length, "Missing column", "Missing columns")}: ${missing.join(", ")}`);
  return { columns, errors };
}

// ---------------------------------------------------------------------------------------------
// Rows

type RowContext = {
  kind: MetricKind;
  startsOn: string;
  endsOn: string;
  today: string;
  columns: Map<Column, number>;
  width: number;
};

type NormalizedRow = Omit<CsvObservation, "line" | "idempotencyKey">;

function validateRow(record: RawRecord, context: RowContext): { ok: true; row: NormalizedRow } | { ok: false; errors: CsvError[] } {
  const { kind, columns } = context;
  const errors: CsvError[] = [];
  const error = (column: Column | null, reason: string) => errors.push({ line: record.line, column, reason });
  const cell = (column: Column): string => {
    const index = columns.get(column);
    return index === undefined ? "" : (record.fields[index] ?? "").trim();
  };

  // Values outside the named columns (extra cells, or cells under an empty header).
  const namedIndexes = new Set(columns.values());
  record.fields.forEach((field, index) => {
    if (!namedIndexes.has(index) && field.trim() !== "") {
      error(
        null,
        index >= context.width
          ? `has a value in column ${columnLetter(index)}, beyond the last header column`
          : `has a value in column ${columnLetter(index)}, which has no header`,
      );
    }
  });

  // observed_on
  const observedOn = cell("observed_on");
  if (observedOn === "") error("observed_on", "is required");
  else {
    const reason = dateProblem(observedOn, context);
    if (reason !== null) error("observed_on", reason);
  }

  // Columns of other metric kinds must stay empty.
  const numericColumns = NUMERIC_COLUMNS[kind];
  let foreignNumbers = false;
  for (const column of ALL_NUMERIC_COLUMNS) {
    if (!numericColumns.includes(column) && cell(column) !== "") {
      foreignNumbers = true;
      error(column, `is not used in a ${KIND_LABEL[kind]} experiment (leave it empty)`);
    }
  }

  // Text
  const note = cell("note");
  const source = cell("source");
  const noteLength = codePointLength(note);
  if (noteLength > MAX_NOTE_LENGTH) error("note", `is too long (${noteLength} characters, at most ${MAX_NOTE_LENGTH})`);
  const sourceLength = codePointLength(source);
  if (sourceLength > MAX_SOURCE_LENGTH) error("source", `is too long (${sourceLength} characters, at most ${MAX_SOURCE_LENGTH})`);

  // Numbers: a row either carries the kind's numbers (and maybe a note) or is a note on its own.
  const hasNumbers = numericColumns.some((column) => cell(column) !== "");
  let successes: number | null = null;
  let trials: number | null = null;
  let value: number | null = null;
  if (!hasNumbers) {
    if (note === "" && !foreignNumbers) {
      error(null, kind === "RATE" ? "needs successes and trials, or a note" : "needs a value or a note");
    }
  } else if (kind === "RATE") {
    successes = readInteger(cell("successes"), 0, (reason) => error("successes", reason));
    trials = readInteger(cell("trials"), 1, (reason) => error("trials", reason));
    if (successes !== null && trials !== null && successes > trials) {
      error("successes", `successes (${successes}) cannot exceed trials (${trials})`);
    }
  } else {
    const raw = cell("value");
    const parsed = parseNumber(raw);
    if (typeof parsed === "string") error("value", parsed);
    else if (kind === "COUNT" && parsed < 0) error("value", `cannot be negative (${parsed})`);
    else if (Math.abs(parsed) > MAX_VALUE) error("value", "is too large");
    else value = parsed;
  }

  // strength
  let strength: 1 | 2 | 3 | 4 = hasNumbers ? 2 : 1;
  const rawStrength = cell("strength");
  if (rawStrength !== "") {
    const parsed = parseStrength(rawStrength);
    if (parsed === null) error("strength", `must be ${STRENGTH_CHOICES.slice(0, -1).join(", ")} or ${STRENGTH_CHOICES[STRENGTH_CHOICES.length - 1]}`);
    else strength = parsed;
  }

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    row: { observedOn, successes, trials, value, note: note === "" ? null : note, source: source === "" ? null : source, strength },
  };
}

/** "10", " 10 ", "10.0", "1e1" → 10. Rejects "", "abc", "1,5", "0x10", "Infinity". */
function parseNumber(raw: string): number | string {
  if (raw === "") return "is required";
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw)) return "must be a number";
  const parsed = Number(raw);
  if (!Number.isFinite(parsed)) return "is too large";
  return parsed === 0 ? 0 : parsed; // no -0
}

function readInteger(raw: string, min: number, report: (reason: string) => void): number | null {
  const parsed = parseNumber(raw);
  let problem: string | null = null;
  if (typeof parsed === "string") problem = parsed;
  else if (!Number.isInteger(parsed)) problem = "must be a whole number";
  else if (parsed < 0) problem = `cannot be negative (${parsed})`;
  else if (parsed < min) problem = `must be at least ${min}`;
  else if (parsed > MAX_INTEGER) problem = `is too large (at most ${MAX_INTEGER})`;
  if (problem !== null || typeof parsed === "string") {
    report(problem ?? "must be a number");
    return null;
  }
  return parsed;
}

function parseStrength(raw: string): 1 | 2 | 3 | 4 | null {
  const word = STRENGTH_WORDS.get(raw.toLowerCase());
  if (word !== undefined) return word;
  const parsed = parseNumber(raw);
  return parsed === 1 || parsed === 2 || parsed === 3 || parsed === 4 ? parsed : null;
}

// ---------------------------------------------------------------------------------------------
// Dates

function dateProblem(date: string, { startsOn, endsOn, today }: RowContext): string | null {
  const problem = dateOnlyProblem(date);
  if (problem === "format") return `${shorten(date)} is not a valid date (use YYYY-MM-DD)`;
  if (problem === "range") return `${date} is outside the years ${MIN_YEAR} to ${MAX_YEAR}`;
  // ISO dates compare correctly as strings.
  if (date < startsOn) return `${date} is before the experiment started (${startsOn})`;
  if (date > endsOn && endsOn <= today) return `${date} is after the experiment ended (${endsOn})`;
  if (date > today) return `${date} is in the future (today is ${today})`;
  if (date > endsOn) return `${date} is after the experiment ended (${endsOn})`;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Helpers

function canonicalContent(experimentId: string, row: NormalizedRow): string {
  // JSON keeps fields unambiguous; numbers are already normalised ("10.0" → 10), text is
  // trimmed with line endings normalised, and NFC makes macOS/Windows spellings of "é" agree.
  return JSON.stringify([
    "evident.observation.v1",
    experimentId,
    row.observedOn,
    row.successes,
    row.trials,
    row.value,
    row.note?.normalize("NFC") ?? null,
    row.source?.normalize("NFC") ?? null,
    row.strength,
  ]);
}

function capErrors(errors: CsvError[]): CsvError[] {
  if (errors.length <= MAX_REPORTED_ERRORS) return errors;
  const rest = errors.length - MAX_REPORTED_ERRORS;
  return [
    ...errors.slice(0, MAX_REPORTED_ERRORS),
    { line: null, column: null, reason: `…and ${rest} more ${rest === 1 ? "error" : "errors"}` },
  ];
}

/** Whether the UTF-8 encoding of `text` is longer than `limit` bytes, without encoding it. */
function utf8ByteLengthExceeds(text: string, limit: number): boolean {
  if (text.length > limit) return true; // every UTF-16 unit is at least one byte
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3; // BMP, or a lone surrogate (encoded as U+FFFD)
    if (bytes > limit) return true;
  }
  return false;
}

function formatBytes(bytes: number): string {
  const format = (value: number) => String(Math.round(value * 10) / 10);
  if (bytes >= 1024 * 1024) return `${format(bytes / (1024 * 1024))} MB`;
  if (bytes >= 1024) return `${format(bytes / 1024)} KB`;
  return `${bytes} ${bytes === 1 ? "byte" : "bytes"}`;
}

function codePointLength(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}

/** 0 → A, 25 → Z, 26 → AA: how spreadsheets name columns. */
function columnLetter(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function shorten(text: string, max = 40): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function plural(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}

/** Options come from our own code; bad ones are bugs, not user errors. */
function assertOptions(options: CsvParseOptions, maxBytes: number, maxRows: number): void {
  if (!Object.hasOwn(NUMERIC_COLUMNS, options.kind)) throw new TypeError(`Unknown metric kind: ${String(options.kind)}`);
  if (options.experimentId === "") throw new TypeError("experimentId is required");
  for (const name of ["startsOn", "endsOn", "today"] as const) {
    if (!isDateOnly(options[name])) throw new TypeError(`${name} must be a YYYY-MM-DD date, got ${JSON.stringify(options[name])}`);
  }
  if (!Number.isInteger(maxBytes) || maxBytes < 1) throw new TypeError("maxBytes must be a positive integer");
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new TypeError("maxRows must be a positive integer");
}
