import { describe, expect, it } from "vitest";
import {
  changedMindByQuarter,
  changedOurMind,
  parsePeriod,
  parseQuarterKey,
  periodKey,
  periodLabel,
  periodOptions,
  periodRange,
  previousQuarter,
  quarterKey,
  quarterLabel,
  quarterOf,
  type QuarterDecisionCount,
} from "./quarters";

const at = (iso: string) => new Date(iso);

describe("quarters", () => {
  it("places a moment in its calendar quarter, read in UTC", () => {
    expect(quarterOf(at("2026-01-01T00:00:00.000Z"))).toEqual({ year: 2026, quarter: 1 });
    expect(quarterOf(at("2026-03-31T23:59:59.999Z"))).toEqual({ year: 2026, quarter: 1 });
    expect(quarterOf(at("2026-04-01T00:00:00.000Z"))).toEqual({ year: 2026, quarter: 2 });
    expect(quarterOf(at("2026-09-30T12:00:00.000Z"))).toEqual({ year: 2026, quarter: 3 });
    expect(quarterOf(at("2026-12-31T23:59:59.999Z"))).toEqual({ year: 2026, quarter: 4 });
    // 1 April 01:00 in Berlin is still 31 March in UTC.
    expect(quarterOf(at("2026-04-01T01:00:00+02:00"))).toEqual({ year: 2026, quarter: 1 });
  });

  it("writes a quarter for the address and for people, and reads the address form back", () => {
    expect(quarterKey({ year: 2026, quarter: 1 })).toBe("2026-Q1");
    expect(quarterLabel({ year: 2026, quarter: 1 })).toBe("Q1 2026");
    expect(parseQuarterKey("2026-Q4")).toEqual({ year: 2026, quarter: 4 });
    for (const junk of ["2026-Q5", "2026-Q0", "2026Q1", "Q1 2026", "0026-Q1", "2026-q1", "", "2026-Q1 "]) expect(parseQuarterKey(junk), junk).toBeNull();
  });

  it("steps back across a year", () => {
    expect(previousQuarter({ year: 2026, quarter: 1 })).toEqual({ year: 2025, quarter: 4 });
    expect(previousQuarter({ year: 2026, quarter: 3 })).toEqual({ year: 2026, quarter: 2 });
  });

  it("knows which decisions changed our mind", () => {
    expect(["PERSEVERE", "PIVOT", "KILL", "RETEST"].filter((d) => changedOurMind(d as never))).toEqual(["PIVOT", "KILL"]);
  });
});

describe("periods", () => {
  it("reads a quarter or a year, and nothing else", () => {
    expect(parsePeriod("2026-Q2")).toEqual({ kind: "quarter", quarter: { year: 2026, quarter: 2 } });
    expect(parsePeriod("2025")).toEqual({ kind: "year", year: 2025 });
    for (const junk of ["26", "20256", "1899", "this-quarter", "2026-Q2-Q3", "2026-01-01"]) expect(parsePeriod(junk), junk).toBeNull();
  });

  it("covers whole quarters and years, from the first instant up to the next period's", () => {
    expect(periodRange({ kind: "quarter", quarter: { year: 2026, quarter: 1 } })).toEqual({ from: at("2026-01-01T00:00:00.000Z"), until: at("2026-04-01T00:00:00.000Z") });
    expect(periodRange({ kind: "quarter", quarter: { year: 2026, quarter: 4 } })).toEqual({ from: at("2026-10-01T00:00:00.000Z"), until: at("2027-01-01T00:00:00.000Z") });
    expect(periodRange({ kind: "year", year: 2025 })).toEqual({ from: at("2025-01-01T00:00:00.000Z"), until: at("2026-01-01T00:00:00.000Z") });
  });

  it("round-trips through the address and reads well", () => {
    for (const key of ["2026-Q3", "2024"]) expect(periodKey(parsePeriod(key)!)).toBe(key);
    expect(periodLabel(parsePeriod("2026-Q3")!)).toBe("Q3 2026");
    expect(periodLabel(parsePeriod("2024")!)).toBe("All of 2024");
  });

  it("offers this year's quarters so far, and every year with a card with its quarters, newest first", () => {
    const options = periodOptions(["2025-Q2", "2026-Q1"], at("2026-05-10T00:00:00.000Z")).map(periodKey);
    expect(options).toEqual(["2026", "2026-Q2", "2026-Q1", "2025", "2025-Q4", "2025-Q3", "2025-Q2", "2025-Q1"]);
  });

  it("offers this year alone to a team without cards, and keeps a period typed into the address", () => {
    const today = at("2026-02-01T00:00:00.000Z");
    expect(periodOptions([], today).map(periodKey)).toEqual(["2026", "2026-Q1"]);
    expect(periodOptions([], today, { kind: "year", year: 2019 }).map(periodKey)).toEqual(["2026", "2026-Q1", "2019", "2019-Q4", "2019-Q3", "2019-Q2", "2019-Q1"]);
    expect(periodOptions([], today, { kind: "quarter", quarter: { year: 2026, quarter: 3 } }).map(periodKey)).toEqual(["2026", "2026-Q3", "2026-Q2", "2026-Q1"]);
  });
});

describe("changedMindByQuarter", () => {
  const row = (quarter: string, decision: QuarterDecisionCount["decision"], count: number): QuarterDecisionCount => ({ quarter, decision, count });
  const today = at("2026-05-10T09:00:00.000Z"); // Q2 2026

  it("is empty without cards", () => {
    expect(changedMindByQuarter([], today)).toEqual([]);
  });

  it("counts pivots and kills per quarter beside every decision, newest first", () => {
    const counts = [row("2026-Q1", "PIVOT", 2), row("2026-Q1", "KILL", 1), row("2026-Q1", "PERSEVERE", 4), row("2026-Q1", "RETEST", 1), row("2026-Q2", "PERSEVERE", 2), row("2025-Q4", "KILL", 1)];
    expect(changedMindByQuarter(counts, today)).toEqual([
      { key: "2026-Q2", label: "Q2 2026", changed: 0, decided: 2 },
      { key: "2026-Q1", label: "Q1 2026", changed: 3, decided: 8 },
      { key: "2025-Q4", label: "Q4 2025", changed: 1, decided: 1 },
    ]);
  });

  it("shows quiet quarters as zeros, from the current quarter back to the first card", () => {
    expect(changedMindByQuarter([row("2025-Q3", "PIVOT", 1)], today)).toEqual([
      { key: "2026-Q2", label: "Q2 2026", changed: 0, decided: 0 },
      { key: "2026-Q1", label: "Q1 2026", changed: 0, decided: 0 },
      { key: "2025-Q4", label: "Q4 2025", changed: 0, decided: 0 },
      { key: "2025-Q3", label: "Q3 2025", changed: 1, decided: 1 },
    ]);
  });

  it("keeps to the latest `limit` quarters", () => {
    const counts = [row("2020-Q1", "KILL", 5), row("2026-Q2", "PIVOT", 1)];
    const quarters = changedMindByQuarter(counts, today, 4);
    expect(quarters.map((q) => q.key)).toEqual(["2026-Q2", "2026-Q1", "2025-Q4", "2025-Q3"]);
    expect(quarters[0]).toMatchObject({ changed: 1, decided: 1 });
  });

  it("starts at a later quarter when a card is dated there", () => {
    expect(changedMindByQuarter([row("2026-Q3", "KILL", 1)], today).map((q) => q.key)).toEqual(["2026-Q3"]);
  });

  it("ignores rows it cannot place", () => {
    expect(changedMindByQuarter([row("someday", "KILL", 3), row("2026-Q2", "PIVOT", 0)], today)).toEqual([]);
  });
});
