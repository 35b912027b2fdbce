import { describe, expect, it } from "vitest";
import { addDays, describeTimebox, isOverdue, timeboxState } from "./timebox";

describe("timebox", () => {
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

  it("gives a plan's and a closed experiment's timebox as plain dates", () => {
    expect(describeTimebox("DRAFT", "2026-03-01", "2026-03-14", "2026-02-20")).toBe("14-day timebox, from 1 Mar 2026");
    expect(describeTimebox("CONCLUDED", "2026-03-01", "2026-03-14", "2026-04-02")).toBe("1 Mar 2026 to 14 Mar 2026");
  });
});
