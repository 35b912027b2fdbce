import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dateOnly, dateOnlyProblem, fromDateOnly, isDateOnly, MAX_YEAR, MIN_YEAR, toDateOnly } from "./date-only";

describe("date-only values", () => {
  it("accepts real calendar days written YYYY-MM-DD", () => {
    for (const day of ["2026-02-28", "2024-02-29", "2000-02-29", "1900-01-01", "9999-12-31"]) expect(isDateOnly(day), day).toBe(true);
    for (const day of ["2026-02-29", "1900-02-29", "2026-02-30", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00", "2026-2-3", " 2026-01-05", "2026-01-05T10:00:00Z", "", "abcd-ef-gh"]) {
      expect(dateOnlyProblem(day), day).toBe("format");
    }
  });

  it("refuses year 0000, which PostgreSQL cannot store, and every year outside 1900–9999", () => {
    for (const day of ["0000-01-01", "0000-02-29", "0001-01-01", "0099-03-01", "1899-12-31"]) expect(dateOnlyProblem(day), day).toBe("range");
    // Five-digit and signed years cannot be written YYYY-MM-DD at all.
    for (const day of ["10000-01-01", "+010000-01-01", "-000001-01-01"]) expect(dateOnlyProblem(day), day).toBe("format");
  });

  it("accepts exactly the days from 1900-01-01 to 9999-12-31, each read back as itself", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }), (moment) => {
        const day = toDateOnly(moment);
        const year = moment.getUTCFullYear();
        expect(isDateOnly(day)).toBe(year >= MIN_YEAR && year <= MAX_YEAR);
        expect(fromDateOnly(day).getTime()).toBe(new Date(`${day}T00:00:00.000Z`).getTime());
      }),
    );
  });

  it("never accepts a string that does not name the day it reads as", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.stringMatching(/^\d{4}-\d{2}-\d{2}$/), (junk, shaped) => {
        for (const text of [junk, shaped]) if (isDateOnly(text)) expect(toDateOnly(fromDateOnly(text))).toBe(text);
      }),
    );
    for (const junk of ["", "2026-1-05", "2026-13-01", "abcd-ef-gh", " 2026-01-05"]) expect(Number.isNaN(fromDateOnly(junk).getTime()), junk).toBe(true);
  });

  it("speaks a form's words or the API's", () => {
    expect(dateOnly("start date", { trim: true }).safeParse(" 2026-03-02 ")).toEqual({ success: true, data: "2026-03-02" });
    expect(dateOnly("start date").safeParse(" 2026-03-02").success).toBe(false);
    expect(dateOnly("start date", { trim: true }).safeParse("0000-03-02").error?.issues[0].message).toBe("Enter the start date with a year between 1900 and 9999.");
    expect(dateOnly("start date", { trim: true }).safeParse("2026-02-30").error?.issues[0].message).toBe("Enter the start date as a real date, YYYY-MM-DD.");
    expect(dateOnly().safeParse(" 2026-03-02").success).toBe(false);
    expect(dateOnly().safeParse("1899-12-31").error?.issues[0].message).toBe("Use a date with a year between 1900 and 9999.");
  });
});
