import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, describeTimebox, fromDateOnly, isDateOnly, isOverdue, timeboxState, toDateOnly } from "./timebox";

describe("timebox", () => {
  it("validates calendar dates", () => {
    expect(isDateOnly("2026-02-28")).toBe(true);
    expect(isDateOnly("2026-02-30")).toBe(false);
    expect(isDateOnly("2026-2-3")).toBe(false);
  });

  it("reads a date the way the ISO parser does, for every calendar day and for junk", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T00:00:00Z"), noInvalidDate: true }), (moment) => {
        const day = toDateOnly(moment);
        expect(fromDateOnly(day).getTime()).toBe(new Date(`${day}T00:00:00.000Z`).getTime());
      }),
    );
    for (const junk of ["", "2026-1-05", "2026-13-01", "2026-00-10", "2026-01-00", "2026-01-32", "abcd-ef-gh", "2026-01-05T10:00:00Z", " 2026-01-05"]) {
      expect(Number.isNaN(fromDateOnly(junk).getTime()), junk).toBe(true);
    }
    expect(toDateOnly(fromDateOnly("0099-03-01"))).toBe("0099-03-01");
  });

  it("adds days across months", () => {
    expect(addDays("2026-01-25", 13)).toBe("2026-02-07");
  });

  it("says which day of the timebox it is", () => {
    expect(timeboxState("2026-03-01", "2026-03-14", "2026-03-06")).toEqual({ phase: "running", day: 6, totalDays: 14, daysLeft: 8 });
    expect(describeTimebox("RUNNING", "2026-03-01", "2026-03-14", "2026-03-06")).toBe("Day 6 of 14 · 8 days left");
    expect(describeTimebox("RUNNING", "2026-03-01", "2026-03-14", "2026-03-14")).toBe("Day 14 of 14 · last day");
  });

  it("counts a running experiment past its last day as overdue", () => {
    expect(isOverdue("RUNNING", "2026-03-14", "2026-03-14")).toBe(false);
    expect(isOverdue("RUNNING", "2026-03-14", "2026-03-16")).toBe(true);
    expect(isOverdue("CONCLUDED", "2026-03-14", "2026-03-16")).toBe(false);
    expect(describeTimebox("RUNNING", "2026-03-01", "2026-03-14", "2026-03-16")).toBe("Overdue by 2 days");
  });
});
