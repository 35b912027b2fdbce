import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CSV_COLUMNS,
  csvTemplate,
  parseObservationCsv,
  type CsvError,
  type CsvObservation,
  type CsvParseResult,
  type MetricKind,
} from "./csv";

const base = { experimentId: "exp_1", startsOn: "2026-01-05", endsOn: "2026-03-31", today: "2026-03-15" };
const rate = { ...base, kind: "RATE" as const };
const count = { ...base, kind: "COUNT" as const };
const mean = { ...base, kind: "MEAN" as const };

function rowsOf(result: CsvParseResult): CsvObservation[] {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.errors, null, 2)}`);
  return result.rows;
}

function errorsOf(result: CsvParseResult): CsvError[] {
  if (result.ok) throw new Error("expected errors, got ok");
  return result.errors;
}

const keys = (result: CsvParseResult) => rowsOf(result).map((row) => row.idempotencyKey);
const values = (rows: CsvObservation[]) => rows.map(({ idempotencyKey: _key, ...rest }) => rest);

describe("parseObservationCsv — happy paths", () => {
  it("parses a RATE file with quoted commas, newlines, escaped quotes, CRLF and a BOM", () => {
    const text =
      "\uFEFFobserved_on,successes,trials,note,source,strength\r\n" +
      '2026-01-05,3,10,"Pricing page, variant B",Analytics,3\r\n' +
      '2026-01-06, 4 ,"12","She said ""I would pay""\r\nthen left",,\r\n' +
      '2026-01-07,,,"Interview: wants exports",Call with Ana,\r\n';
    const rows = rowsOf(parseObservationCsv(text, rate));
    expect(values(rows)).toEqual([
      { line: 2, observedOn: "2026-01-05", successes: 3, trials: 10, value: null, note: "Pricing page, variant B", source: "Analytics", strength: 3 },
      { line: 3, observedOn: "2026-01-06", successes: 4, trials: 12, value: null, note: 'She said "I would pay"\nthen left', source: null, strength: 2 },
      // The quoted newline above makes the next row start on line 5.
      { line: 5, observedOn: "2026-01-07", successes: null, trials: null, value: null, note: "Interview: wants exports", source: "Call with Ana", strength: 1 },
    ]);
    for (const row of rows) expect(row.idempotencyKey).toMatch(/^[0-9a-f]{64}$/);
  });

  it("parses a COUNT file with free column order, odd header case and LF endings", () => {
    const text = ' Note , VALUE,Observed_On\n"7 sign-ups, mostly newsletter",7,2026-02-01\n,0,2026-02-02\n,2.5,2026-02-03';
    expect(values(rowsOf(parseObservationCsv(text, count)))).toEqual([
      { line: 2, observedOn: "2026-02-01", successes: null, trials: null, value: 7, note: "7 sign-ups, mostly newsletter", source: null, strength: 2 },
      { line: 3, observedOn: "2026-02-02", successes: null, trials: null, value: 0, note: null, source: null, strength: 2 },
      { line: 4, observedOn: "2026-02-03", successes: null, trials: null, value: 2.5, note: null, source: null, strength: 2 },
    ]);
  });

  it("parses a MEAN file with negative, decimal and exponent values and strength words", () => {
    const text = "observed_on,value,strength,note\r\n2026-03-01,-4.25,paid,\r\n2026-03-02,1e3,Committed,\r\n2026-03-03,,,\"Only a note\"\r\n";
    expect(values(rowsOf(parseObservationCsv(text, mean)))).toEqual([
      { line: 2, observedOn: "2026-03-01", successes: null, trials: null, value: -4.25, note: null, source: null, strength: 4 },
      { line: 3, observedOn: "2026-03-02", successes: null, trials: null, value: 1000, note: null, source: null, strength: 3 },
      { line: 4, observedOn: "2026-03-03", successes: null, trials: null, value: null, note: "Only a note", source: null, strength: 1 },
    ]);
  });

  it("skips blank lines in the middle and at the end but keeps physical line numbers", () => {
    const text = "observed_on,value\n2026-02-01,1\n\n,\n  \n2026-02-02,2\n\n\n";
    expect(rowsOf(parseObservationCsv(text, count)).map((row) => [row.line, row.value])).toEqual([
      [2, 1],
      [6, 2],
    ]);
  });

  it("accepts bare CR line endings, spaces around quoted fields and dates on the timebox edges", () => {
    const text = 'observed_on,value,note\r2026-01-05,1, "a, b" \r2026-03-15,2,x';
    expect(rowsOf(parseObservationCsv(text, count)).map((row) => [row.line, row.observedOn, row.note])).toEqual([
      [2, "2026-01-05", "a, b"],
      [3, "2026-03-15", "x"],
    ]);
  });

  it("accepts empty unnamed trailing columns and columns of other kinds left empty", () => {
    const text = "observed_on,successes,trials,value,\n2026-02-01,1,2,,\n";
    expect(rowsOf(parseObservationCsv(text, rate))[0]).toMatchObject({ successes: 1, trials: 2, value: null });
  });

  it.each<MetricKind>(["RATE", "COUNT", "MEAN"])("the %s template parses and lists only known columns", (kind) => {
    const template = csvTemplate(kind);
    const header = template.split("\r\n")[0]!.split(",");
    for (const column of header) expect(CSV_COLUMNS).toContain(column);
    const rows = rowsOf(parseObservationCsv(template, { ...base, kind }));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.note).toContain(",");
  });
});

describe("parseObservationCsv — idempotency keys", () => {
  const text = "observed_on,successes,trials,note\n2026-01-10,1,5,a\n2026-01-11,2,5,\n2026-01-10,1,5,a\n2026-01-12,0,3,\"multi\nline\"\n";

  it("gives identical keys when the same file is parsed again", () => {
    expect(keys(parseObservationCsv(text, rate))).toEqual(keys(parseObservationCsv(text, rate)));
  });

  it("gives identical rows in one file different keys, so both import", () => {
    const rows = rowsOf(parseObservationCsv(text, rate));
    expect(rows).toHaveLength(4);
    expect(values([rows[0]!]).map(({ line: _l, ...rest }) => rest)).toEqual(values([rows[2]!]).map(({ line: _l, ...rest }) => rest));
    expect(rows[0]!.idempotencyKey).not.toBe(rows[2]!.idempotencyKey);
    expect(new Set(keys(parseObservationCsv(text, rate))).size).toBe(4);
  });

  it("gives the same set of keys when the rows are reordered", () => {
    const [header, ...lines] = ["observed_on,successes,trials,note", "2026-01-10,1,5,a", "2026-01-11,2,5,", "2026-01-10,1,5,a", '2026-01-12,0,3,"multi\nline"'];
    const reordered = [header, ...lines.reverse()].join("\r\n");
    expect(keys(parseObservationCsv(reordered, rate)).sort()).toEqual(keys(parseObservationCsv(text, rate)).sort());
  });

  it("normalizes numbers, whitespace, defaults, header order and line endings before hashing", () => {
    const a = parseObservationCsv('observed_on,successes,trials,note,strength\n2026-01-10,10,20,"x\ny",\n', rate);
    const b = parseObservationCsv('Trials , note ,observed_on,successes,strength\r\n 20.0 ,"  x\r\ny ",2026-01-10, 1e1 ,2\r\n', rate);
    expect(keys(b)).toEqual(keys(a));
  });

  it("changes the key with the experiment and with any content", () => {
    const line = "observed_on,successes,trials\n2026-01-10,1,5\n";
    const original = keys(parseObservationCsv(line, rate))[0];
    expect(keys(parseObservationCsv(line, { ...rate, experimentId: "exp_2" }))[0]).not.toBe(original);
    expect(keys(parseObservationCsv(line.replace(",1,", ",2,"), rate))[0]).not.toBe(original);
    expect(keys(parseObservationCsv("observed_on,successes,trials,strength\n2026-01-10,1,5,3\n", rate))[0]).not.toBe(original);
  });
});

describe("parseObservationCsv — file-level errors", () => {
  it("reports missing required columns in one error", () => {
    expect(errorsOf(parseObservationCsv("observed_on,successes\n2026-01-10,1\n", rate))).toEqual([
      { line: null, column: null, reason: "Missing column: trials" },
    ]);
    expect(errorsOf(parseObservationCsv("note\nhello\n", rate))).toEqual([
      { line: null, column: null, reason: "Missing columns: observed_on, successes, trials" },
    ]);
    expect(errorsOf(parseObservationCsv("observed_on,successes,trials\n2026-01-10,1,2\n", count))).toEqual([
      { line: null, column: null, reason: "Missing column: value" },
    ]);
  });

  it("names unknown columns", () => {
    const result = parseObservationCsv("observed_on,value,Comment,weight\n2026-01-10,1,x,2\n", count);
    const errors = errorsOf(result);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: null, column: null });
    expect(errors[0]!.reason).toMatch(/^Unknown columns: "Comment", "weight"/);
    expect(result).toMatchObject({ rowCount: 1 });
  });

  it("reports duplicate columns", () => {
    expect(errorsOf(parseObservationCsv("observed_on,value,VALUE\n2026-01-10,1,2\n", count))[0]!.reason).toBe("Duplicate column: value");
  });

  it("explains a semicolon-separated file", () => {
    expect(errorsOf(parseObservationCsv("observed_on;value\n2026-01-10;1\n", count))[0]!.reason).toMatch(/separated by semicolons/);
  });

  it.each([
    ["an empty file", ""],
    ["only a BOM and blank lines", "\uFEFF\r\n\r\n"],
    ["a header only", "observed_on,value\r\n"],
    ["a header and blank lines", "observed_on,value\n\n,\n"],
  ])("rejects %s", (_name, text) => {
    expect(parseObservationCsv(text, count)).toEqual({ ok: false, rowCount: 0, errors: [{ line: null, column: null, reason: "The file has no rows" }] });
  });

  it("rejects an unterminated quote, naming the line where it starts", () => {
    const text = 'observed_on,value,note\n2026-01-10,1,ok\n2026-01-11,2,"never closed\n2026-01-12,3,x\n';
    const errors = errorsOf(parseObservationCsv(text, count));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: null, column: null });
    expect(errors[0]!.reason).toContain("line 3");
  });

  it("rejects text after a closing quote", () => {
    const errors = errorsOf(parseObservationCsv('observed_on,value,note\n2026-01-10,1,"a"b\n', count));
    expect(errors[0]!.reason).toContain("Line 2");
  });

  it("rejects a file over maxBytes before parsing, measuring UTF-8 bytes", () => {
    const header = "observed_on,value,note\n";
    const small = header + "2026-01-10,1,e\n";
    expect(parseObservationCsv(small, { ...count, maxBytes: small.length }).ok).toBe(true);
    // 'é' is one UTF-16 unit but two UTF-8 bytes: same length in JS, one byte too many on disk.
    const accented = header + "2026-01-10,1,é\n";
    expect(accented.length).toBe(small.length);
    expect(parseObservationCsv(accented, { ...count, maxBytes: small.length })).toEqual({
      ok: false,
      rowCount: 0,
      errors: [{ line: null, column: null, reason: `The file is larger than ${small.length} bytes. Split it into smaller files.` }],
    });
    // Over-size junk is rejected without being parsed (an unterminated quote would otherwise be reported).
    const big = '"' + "x".repeat(2048);
    expect(errorsOf(parseObservationCsv(big, { ...count, maxBytes: 1024 }))[0]!.reason).toBe(
      "The file is larger than 1 KB. Split it into smaller files.",
    );
  });

  it("uses a 5 MB default size limit", () => {
    const big = "observed_on,value\n" + "2026-01-10,1\n".repeat(Math.ceil((5 * 1024 * 1024) / 13));
    expect(errorsOf(parseObservationCsv(big, count))[0]!.reason).toBe("The file is larger than 5 MB. Split it into smaller files.");
  });

  it("rejects more than maxRows data rows, not counting blank lines", () => {
    const text = "observed_on,value\n" + "2026-01-10,1\n\n".repeat(3);
    expect(parseObservationCsv(text, { ...count, maxRows: 3 }).ok).toBe(true);
    const over = text + "2026-01-11,1\n";
    expect(parseObservationCsv(over, { ...count, maxRows: 3 })).toEqual({
      ok: false,
      rowCount: 4,
      errors: [{ line: null, column: null, reason: "The file has 4 rows; at most 3 can be imported at once. Split it into smaller files." }],
    });
  });

  it("uses a 5000-row default limit", () => {
    const text = "observed_on,value\n" + "2026-01-10,1\n".repeat(5001);
    expect(parseObservationCsv(text, count)).toMatchObject({ ok: false, rowCount: 5001 });
    expect(parseObservationCsv(text.slice(0, -"2026-01-10,1\n".length), count).ok).toBe(true);
  });

  it("rejects binary files", () => {
    expect(errorsOf(parseObservationCsv("PK\u0003\u0004\u0000\u0000", count))[0]!.reason).toMatch(/not a plain-text CSV/);
  });

  it("throws on invalid options, which are programming errors", () => {
    expect(() => parseObservationCsv("", { ...count, startsOn: "2026-13-01" })).toThrow(TypeError);
    expect(() => parseObservationCsv("", { ...count, experimentId: "" })).toThrow(TypeError);
    expect(() => parseObservationCsv("", { ...count, maxRows: 0 })).toThrow(TypeError);
  });
});

describe("parseObservationCsv — row errors", () => {
  const rateFile = (...rows: string[]) => ["observed_on,successes,trials,note,source,strength", ...rows].join("\n");

  it("collects every error with its line, column and reason", () => {
    const text = rateFile(
      "2026-01-10,abc,10,,,", // 2
      "2026-01-10,12,10,,,", // 3
      "2026-01-10,1.5,2.5,,,", // 4
      "2026-01-10,-1,0,,,", // 5
      "2026-03-40,1,2,,,", // 6
      "2026-02-30,1,2,,,", // 7
      "2026-01-02,1,2,,,", // 8
      "2026-03-16,1,2,,,", // 9
      ",1,2,,,", // 10
      "2026-01-10,1,,,,", // 11
      "2026-01-10,,,,Source only,", // 12
      "2026-01-10,1,2,,,5", // 13
      "01/10/2026,1,2,,,", // 14
      "2026-01-10,1e10,1e10,,,", // 15
    );
    const result = parseObservationCsv(text, rate);
    expect(result).toMatchObject({ ok: false, rowCount: 14 });
    expect(errorsOf(result)).toEqual([
      { line: 2, column: "successes", reason: "must be a number" },
      { line: 3, column: "successes", reason: "successes (12) cannot exceed trials (10)" },
      { line: 4, column: "successes", reason: "must be a whole number" },
      { line: 4, column: "trials", reason: "must be a whole number" },
      { line: 5, column: "successes", reason: "cannot be negative (-1)" },
      { line: 5, column: "trials", reason: "must be at least 1" },
      { line: 6, column: "observed_on", reason: "2026-03-40 is not a valid date (use YYYY-MM-DD)" },
      { line: 7, column: "observed_on", reason: "2026-02-30 is not a valid date (use YYYY-MM-DD)" },
      { line: 8, column: "observed_on", reason: "2026-01-02 is before the experiment started (2026-01-05)" },
      { line: 9, column: "observed_on", reason: "2026-03-16 is in the future (today is 2026-03-15)" },
      { line: 10, column: "observed_on", reason: "is required" },
      { line: 11, column: "trials", reason: "is required" },
      { line: 12, column: null, reason: "needs successes and trials, or a note" },
      { line: 13, column: "strength", reason: "must be 1 (said), 2 (did), 3 (committed) or 4 (paid)" },
      { line: 14, column: "observed_on", reason: "01/10/2026 is not a valid date (use YYYY-MM-DD)" },
      { line: 15, column: "successes", reason: "is too large (at most 2147483647)" },
      { line: 15, column: "trials", reason: "is too large (at most 2147483647)" },
    ]);
  });

  it("reports dates after the timebox once it has ended", () => {
    const ended = { ...rate, endsOn: "2026-02-28", today: "2026-03-15" };
    expect(errorsOf(parseObservationCsv(rateFile("2026-03-01,1,2,,,"), ended))).toEqual([
      { line: 2, column: "observed_on", reason: "2026-03-01 is after the experiment ended (2026-02-28)" },
    ]);
    expect(errorsOf(parseObservationCsv(rateFile("2026-04-01,1,2,,,"), ended))[0]!.reason).toBe(
      "2026-04-01 is after the experiment ended (2026-02-28)",
    );
    // While it runs, a date after today is "in the future".
    expect(errorsOf(parseObservationCsv(rateFile("2026-04-01,1,2,,,"), rate))[0]!.reason).toBe("2026-04-01 is in the future (today is 2026-03-15)");
    // Leap days are real dates only in leap years.
    expect(parseObservationCsv(rateFile("2028-02-29,1,2,,,"), { ...rate, endsOn: "2028-12-31", today: "2028-03-01" }).ok).toBe(true);
  });

  it("rejects a negative COUNT value and non-numbers, but allows a negative MEAN", () => {
    expect(errorsOf(parseObservationCsv("observed_on,value\n2026-01-10,-3\n2026-01-11,abc\n2026-01-12,1,5\n2026-01-13,0x10\n", count))).toEqual([
      { line: 2, column: "value", reason: "cannot be negative (-3)" },
      { line: 3, column: "value", reason: "must be a number" },
      { line: 4, column: null, reason: "has a value in column C, beyond the last header column" },
      { line: 5, column: "value", reason: "must be a number" },
    ]);
    expect(rowsOf(parseObservationCsv("observed_on,value\n2026-01-10,-3\n", mean))[0]!.value).toBe(-3);
  });

  it("rejects numbers in another kind's column", () => {
    expect(errorsOf(parseObservationCsv("observed_on,value,successes\n2026-01-10,1,2\n2026-01-11,,3\n", count))).toEqual([
      { line: 2, column: "successes", reason: "is not used in a count experiment (leave it empty)" },
      { line: 3, column: "successes", reason: "is not used in a count experiment (leave it empty)" },
    ]);
  });

  it("limits note and source lengths (in characters, not bytes)", () => {
    const okNote = "😀".repeat(2000);
    expect(rowsOf(parseObservationCsv(`observed_on,value,note\n2026-01-10,,${okNote}\n`, count))[0]!.note).toBe(okNote);
    expect(errorsOf(parseObservationCsv(`observed_on,value,note,source\n2026-01-10,,${"n".repeat(2001)},${"s".repeat(201)}\n`, count))).toEqual([
      { line: 2, column: "note", reason: "is too long (2001 characters, at most 2000)" },
      { line: 2, column: "source", reason: "is too long (201 characters, at most 200)" },
    ]);
  });

  it("caps the reported errors at 100 and summarises the rest", () => {
    const text = "observed_on,value\n" + "2026-01-10,abc\n".repeat(250);
    const result = parseObservationCsv(text, count);
    const errors = errorsOf(result);
    expect(result).toMatchObject({ rowCount: 250 });
    expect(errors).toHaveLength(101);
    expect(errors[0]).toEqual({ line: 2, column: "value", reason: "must be a number" });
    expect(errors[99]).toEqual({ line: 101, column: "value", reason: "must be a number" });
    expect(errors[100]).toEqual({ line: null, column: null, reason: "…and 150 more errors" });
  });

  it("writes nothing when one row is bad: no rows are returned", () => {
    const result = parseObservationCsv("observed_on,value\n2026-01-10,1\n2026-01-11,x\n", count);
    expect(result.ok).toBe(false);
    expect("rows" in result).toBe(false);
  });
});

describe("parseObservationCsv — property", () => {
  type Row = { offset: number; successes: number; trials: number; note: string; source: string; strength: 0 | 1 | 2 | 3 | 4 } | { offset: number; note: string; source: string; strength: 0 | 1 | 2 | 3 | 4 };

  const tricky = fc.constantFrom(",", '"', '""', "\n", "\r\n", "\r", " ", "\t", "é", "😀", "a", "Z", "1", ";");
  const text = (maxLength: number) => fc.string({ unit: fc.oneof(tricky, fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 })), maxLength });
  const strength = fc.constantFrom<0 | 1 | 2 | 3 | 4>(0, 1, 2, 3, 4); // 0 = left empty
  const numericRow = fc
    .record({ offset: fc.integer({ min: 0, max: 69 }), trials: fc.integer({ min: 1, max: 1_000_000 }), ratio: fc.double({ min: 0, max: 1, noNaN: true }), note: text(60), source: text(30), strength })
    .map(({ ratio, trials, ...rest }): Row => ({ ...rest, trials, successes: Math.floor(ratio * trials) }));
  const noteRow = fc
    .record({ offset: fc.integer({ min: 0, max: 69 }), note: text(60).filter((note) => note.trim() !== ""), source: text(30), strength })
    .map((row): Row => row);

  const startsOn = "2026-01-05";
  const dateAt = (offset: number) => new Date(Date.UTC(2026, 0, 5 + offset)).toISOString().slice(0, 10);

  it("serializing valid RATE rows with random quoting and parsing them gives the same values", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 3, arbitrary: numericRow }, { weight: 1, arbitrary: noteRow }), { minLength: 1, maxLength: 25 }),
        fc.infiniteStream(fc.boolean()),
        fc.shuffledSubarray(["note", "source", "strength"]),
        fc.constantFrom("\n", "\r\n"),
        fc.boolean(),
        fc.boolean(),
        (rows, quoteCoins, optional, eol, bom, trailingEol) => {
          const quoteIt = quoteCoins[Symbol.iterator]();
          const field = (value: string) => {
            const needsQuotes = /[",\r\n]/.test(value);
            return needsQuotes || quoteIt.next().value ? `"${value.replaceAll('"', '""')}"` : value;
          };
          const columns = ["observed_on", "successes", "trials", ...optional];
          const cells = (row: Row): Record<string, string> => ({
            observed_on: dateAt(row.offset),
            successes: "successes" in row ? String(row.successes) : "",
            trials: "successes" in row ? String(row.trials) : "",
            note: row.note,
            source: row.source,
            strength: row.strength === 0 ? "" : String(row.strength),
          });

          const lines = [columns.map((column) => field(column.toUpperCase())).join(",")];
          const expected: Array<Omit<CsvObservation, "idempotencyKey">> = [];
          let line = 2 + (lines[0]!.match(/\r\n|\r|\n/g)?.length ?? 0);
          for (const row of rows) {
            const record = cells(row);
            const serialized = columns.map((column) => field(record[column]!)).join(",");
            const hasNote = optional.includes("note") && row.note.replace(/\r\n?/g, "\n").trim() !== "";
            if ("successes" in row || hasNote) {
              const clean = (value: string, column: string) => (optional.includes(column) ? value.replace(/\r\n?/g, "\n").trim() || null : null);
              expected.push({
                line,
                observedOn: dateAt(row.offset),
                successes: "successes" in row ? row.successes : null,
                trials: "successes" in row ? row.trials : null,
                value: null,
                note: clean(row.note, "note"),
                source: clean(row.source, "source"),
                strength: optional.includes("strength") && row.strength !== 0 ? row.strength : "successes" in row ? 2 : 1,
              });
              lines.push(serialized);
              line += 1 + (serialized.match(/\r\n|\r|\n/g)?.length ?? 0);
            }
          }
          fc.pre(expected.length > 0);
          const csv = (bom ? "\uFEFF" : "") + lines.join(eol) + (trailingEol ? eol : "");

          const result = parseObservationCsv(csv, { kind: "RATE", experimentId: "exp_p", startsOn, endsOn: "2026-03-31", today: "2026-03-31" });
          expect(values(rowsOf(result))).toEqual(expected);
          expect(keys(parseObservationCsv(csv, { kind: "RATE", experimentId: "exp_p", startsOn, endsOn: "2026-03-31", today: "2026-03-31" }))).toEqual(keys(result));
        },
      ),
      { numRuns: 300 },
    );
  });
});
