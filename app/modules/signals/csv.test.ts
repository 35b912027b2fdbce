import { describe, expect, it } from "vitest";
import { parseSignalCsv, SIGNAL_CSV_TEMPLATE } from "./csv";

const today = "2026-03-18";

describe("parseSignalCsv", () => {
  it("reads dates, values and notes, in any column order, with a BOM and quotes", () => {
    const result = parseSignalCsv('\uFEFFvalue,date,note\r\n12,2026-03-02,"first, paid"\r\n"15.5",2026-03-09,\r\n', { today });
    expect(result).toEqual({
      ok: true,
      rows: [
        { line: 2, date: "2026-03-02", value: 12, note: "first, paid" },
        { line: 3, date: "2026-03-09", value: 15.5, note: null },
      ],
    });
  });

  it("accepts its own template", () => {
    expect(parseSignalCsv(SIGNAL_CSV_TEMPLATE, { today }).ok).toBe(true);
  });

  it("reports every bad row with its line and column, and returns no rows", () => {
    const result = parseSignalCsv("date,value\n2026-02-30,1\n2026-03-01,lots\n2026-04-01,3\n2026-03-01,4\n2026-03-01,5", { today });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { line: 2, column: "date", reason: "2026-02-30 is not a valid date (use YYYY-MM-DD)" },
      { line: 3, column: "value", reason: "“lots” is not a number" },
      { line: 4, column: "date", reason: "2026-04-01 is in the future" },
      { line: 6, column: "date", reason: "2026-03-01 already appears on line 5 (one value per day)" },
    ]);
  });

  it("refuses a missing or unknown column, an empty file and a huge one", () => {
    expect(parseSignalCsv("date,amount\n2026-03-01,1", { today })).toMatchObject({ ok: false, errors: [{ reason: expect.stringContaining("Unknown column") }] });
    expect(parseSignalCsv("date\n2026-03-01", { today })).toMatchObject({ ok: false, errors: [{ reason: "Missing column: value." }] });
    expect(parseSignalCsv("date,value\n", { today })).toMatchObject({ ok: false, errors: [{ reason: "The file has no rows." }] });
    expect(parseSignalCsv("x".repeat(3 * 1024 * 1024), { today })).toMatchObject({ ok: false, errors: [{ reason: expect.stringContaining("larger than") }] });
  });
});
