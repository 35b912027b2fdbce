import { describe, expect, it } from "vitest";
import type { Decision, Verdict } from "~/generated/prisma/enums";
import { DECISIONS } from "~/modules/experiments/vocabulary";
import { conclusionOutcome } from "~/modules/hypotheses/status";
import { decisionsOf, encodeCursor, isFiltered, LibraryQuerySchema, libraryParams, OUTCOMES, outcomeConditions } from "./filters";

describe("outcome", () => {
  const verdicts: (Verdict | null)[] = ["MET", "NOT_MET", "TOO_EARLY", null];

  it("follows the rule that sets a hypothesis's status: met and persevered validates, not met invalidates, the rest is inconclusive", () => {
    expect(conclusionOutcome("MET", "PERSEVERE")).toBe("VALIDATED");
    expect(conclusionOutcome("MET", "PIVOT")).toBe("INCONCLUSIVE");
    expect(conclusionOutcome("NOT_MET", "KILL")).toBe("INVALIDATED");
    expect(conclusionOutcome("NOT_MET", "PERSEVERE")).toBe("INVALIDATED");
    expect(conclusionOutcome("TOO_EARLY", "RETEST")).toBe("INCONCLUSIVE");
  });

  it("selects, for each outcome, exactly the verdict and decision pairs the rule gives it", () => {
    const matches = (outcome: (typeof OUTCOMES)[number], verdict: Verdict | null, decision: Decision) =>
      outcomeConditions(outcome).some((c) => c.finalVerdict === verdict && (c.decisions === "any" || c.decisions.includes(decision)));
    for (const verdict of verdicts) {
      for (const decision of DECISIONS) {
        const selectedBy = OUTCOMES.filter((outcome) => matches(outcome, verdict, decision));
        expect(selectedBy, `${verdict} + ${decision}`).toEqual([conclusionOutcome(verdict, decision)]);
      }
    }
  });

  it("asks the database for few conditions", () => {
    expect(outcomeConditions("VALIDATED")).toEqual([{ finalVerdict: "MET", decisions: ["PERSEVERE"] }]);
    expect(outcomeConditions("INVALIDATED")).toEqual([{ finalVerdict: "NOT_MET", decisions: "any" }]);
    expect(outcomeConditions("INCONCLUSIVE")).toEqual([
      { finalVerdict: "MET", decisions: ["PIVOT", "KILL", "RETEST"] },
      { finalVerdict: "TOO_EARLY", decisions: "any" },
      { finalVerdict: null, decisions: "any" },
    ]);
  });
});

describe("decision filter", () => {
  it("is one decision, or pivot and kill together", () => {
    expect(decisionsOf("RETEST")).toEqual(["RETEST"]);
    expect(decisionsOf("CHANGED")).toEqual(["PIVOT", "KILL"]);
  });
});

describe("LibraryQuerySchema", () => {
  it("reads every filter", () => {
    const query = LibraryQuerySchema.parse({ outcome: "VALIDATED", decision: "CHANGED", category: "VIABILITY", product: "cmabc123", period: "2026-Q1", before: "2026-03-09T14:05:00.000Z_cmcard1" });
    expect(query).toEqual({
      outcome: "VALIDATED",
      decision: "CHANGED",
      category: "VIABILITY",
      product: "cmabc123",
      period: { kind: "quarter", quarter: { year: 2026, quarter: 1 } },
      before: { createdAt: new Date("2026-03-09T14:05:00.000Z"), id: "cmcard1" },
    });
    expect(isFiltered(query)).toBe(true);
  });

  it("treats empty, unknown and malformed values as no filter, never as an error", () => {
    const query = LibraryQuerySchema.parse({
      outcome: "",
      decision: "persevere'; DROP TABLE",
      category: ["VIABILITY"],
      product: "../../etc",
      period: "2026-Q9",
      before: "2026-02-31T00:00:00.000Z_x",
      extra: "ignored",
    });
    expect(query).toEqual({});
    expect(isFiltered(query)).toBe(false);
    expect(LibraryQuerySchema.parse({ before: "not a cursor" })).toEqual({});
    expect(LibraryQuerySchema.parse({ period: "x".repeat(5000) })).toEqual({});
  });

  it("writes a view back into the address it came from, and continues it after a card", () => {
    const address = "outcome=INCONCLUSIVE&decision=PIVOT&category=USABILITY&product=p1&period=2025";
    const { before: _none, ...filters } = LibraryQuerySchema.parse(Object.fromEntries(new URLSearchParams(address)));
    expect(libraryParams(filters).toString()).toBe(address);
    const cursor = { createdAt: new Date("2025-06-01T08:00:00.000Z"), id: "card_9" };
    const next = libraryParams(filters, cursor);
    expect(next.get("before")).toBe(encodeCursor(cursor));
    expect(LibraryQuerySchema.parse(Object.fromEntries(next)).before).toEqual(cursor);
  });
});
