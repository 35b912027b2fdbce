import { describe, expect, it } from "vitest";
import { deriveHypothesisStatus, type ExperimentOutcome } from "./status";

const at = (day: number) => new Date(Date.UTC(2026, 0, day));
const concluded = (day: number, finalVerdict: ExperimentOutcome["finalVerdict"], decision: ExperimentOutcome["decision"]): ExperimentOutcome => ({
  status: "CONCLUDED",
  finalVerdict,
  decision,
  concludedAt: at(day),
});

describe("deriveHypothesisStatus", () => {
  it("is untested without experiments or with drafts only", () => {
    expect(deriveHypothesisStatus([])).toBe("UNTESTED");
    expect(deriveHypothesisStatus([{ status: "DRAFT", finalVerdict: null, decision: null, concludedAt: null }])).toBe("UNTESTED");
  });

  it("is testing while an experiment runs", () => {
    expect(deriveHypothesisStatus([concluded(1, "MET", "PERSEVERE"), { status: "RUNNING", finalVerdict: null, decision: null, concludedAt: null }])).toBe("TESTING");
  });

  it("is validated only when the criterion was met and the team persevered", () => {
    expect(deriveHypothesisStatus([concluded(1, "MET", "PERSEVERE")])).toBe("VALIDATED");
    expect(deriveHypothesisStatus([concluded(1, "MET", "RETEST")])).toBe("INCONCLUSIVE");
  });

  it("is invalidated when the latest conclusion failed, inconclusive when it was too early", () => {
    expect(deriveHypothesisStatus([concluded(1, "MET", "PERSEVERE"), concluded(5, "NOT_MET", "PIVOT")])).toBe("INVALIDATED");
    expect(deriveHypothesisStatus([concluded(5, "TOO_EARLY", "RETEST"), concluded(1, "NOT_MET", "KILL")])).toBe("INCONCLUSIVE");
  });

  it("ignores abandoned experiments", () => {
    expect(deriveHypothesisStatus([{ status: "ABANDONED", finalVerdict: null, decision: null, concludedAt: null }])).toBe("UNTESTED");
  });
});
