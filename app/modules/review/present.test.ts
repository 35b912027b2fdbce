import { describe, expect, it } from "vitest";
import { computeAgenda, type AgendaExperiment, type AgendaGate } from "./agenda";
import { presentationSlides } from "./present";

const TODAY = "2026-03-18";
const experiment = (id: string, endsOn: string, verdict: AgendaExperiment["verdict"] = "too_early"): AgendaExperiment => ({ id, key: id, title: `Title ${id}`, status: "RUNNING", endsOn, verdict });
const gate = (name: string, status: AgendaGate["status"]): AgendaGate => ({
  productId: name, productName: name, status, headline: status,
  criteria: [{ label: "Paying teams", met: status !== "HOLD", summary: "", unit: "", threshold: 10, direction: "gte", thisWeek: 11, lastWeek: 9 }],
});

describe("presentationSlides", () => {
  it("shows an experiment that sits in several sections once, naming each section", () => {
    const agenda = computeAgenda({
      today: TODAY, lastReviewOn: null, previousVerdicts: {},
      experiments: [experiment("E-1", "2026-03-10", "met"), experiment("E-2", "2026-03-20")],
      hypotheses: [{ id: "h", key: "H-1", statement: "S", importance: 5, status: "UNTESTED", createdOn: "2026-01-01" }],
      gateEvents: [],
      gates: [gate("Hold", "HOLD"), gate("Ready", "READY"), { ...gate("Empty", "HOLD"), criteria: [] }],
    });
    const slides = presentationSlides(agenda);
    expect(slides.map((s) => (s.kind === "experiment" ? s.experiment.key : s.kind === "gate" ? s.gate.productName : s.kind))).toEqual([
      "E-1", "E-2", "hypothesis", "Ready", "Hold", "actions", "close",
    ]);
    const first = slides[0] as Extract<(typeof slides)[number], { kind: "experiment" }>;
    expect(first.sections).toEqual(["Overdue", "Verdicts that changed", "Learning cards to write"]);
    expect(first.experiment.overdueByDays).toBe(8);
    expect(first.experiment.from).toBeNull();
  });

  it("still opens and closes the meeting when the agenda is empty", () => {
    const agenda = computeAgenda({ today: TODAY, lastReviewOn: null, previousVerdicts: {}, experiments: [], hypotheses: [], gateEvents: [] });
    expect(presentationSlides(agenda).map((s) => s.kind)).toEqual(["actions", "close"]);
  });
});
