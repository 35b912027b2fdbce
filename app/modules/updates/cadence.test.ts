import { describe, expect, it } from "vitest";
import { duePeriod } from "./cadence";

describe("the investor update due", () => {
  it("is for the last whole calendar month", () => {
    expect(duePeriod("2026-12-02", 1)).toEqual({ start: "2026-11-01", end: "2026-11-30", label: "November 2026" });
    expect(duePeriod("2026-12-31", 1)).toEqual({ start: "2026-11-01", end: "2026-11-30", label: "November 2026" });
    expect(duePeriod("2027-01-01", 1)).toEqual({ start: "2026-12-01", end: "2026-12-31", label: "December 2026" });
    expect(duePeriod("2028-03-15", 1)).toEqual({ start: "2028-02-01", end: "2028-02-29", label: "February 2028" });
  });

  it("is for the last whole calendar quarter", () => {
    expect(duePeriod("2026-12-02", 3)).toEqual({ start: "2026-07-01", end: "2026-09-30", label: "Q3 2026" });
    expect(duePeriod("2026-10-01", 3)).toEqual({ start: "2026-07-01", end: "2026-09-30", label: "Q3 2026" });
    expect(duePeriod("2026-09-30", 3)).toEqual({ start: "2026-04-01", end: "2026-06-30", label: "Q2 2026" });
    expect(duePeriod("2027-02-10", 3)).toEqual({ start: "2026-10-01", end: "2026-12-31", label: "Q4 2026" });
  });
});
