import { describe, expect, it } from "vitest";
import { computeAgenda, type AgendaExperiment, type AgendaHypothesis } from "./agenda";
import { compareAgendas } from "./compare";

const running = (id: string, endsOn: string): AgendaExperiment => ({ id, key: id.toUpperCase(), title: `Experiment ${id}`, status: "RUNNING", endsOn, verdict: "too_early" });
const untested = (id: string): AgendaHypothesis => ({ id, key: id.toUpperCase(), statement: `Statement ${id}`, importance: 5, status: "UNTESTED", createdOn: "2026-01-01" });

function agendaOn(today: string, experiments: AgendaExperiment[], hypotheses: AgendaHypothesis[] = []) {
  return computeAgenda({ today, lastReviewOn: null, previousVerdicts: {}, experiments, hypotheses, gateEvents: [] });
}

describe("compareAgendas", () => {
  it("lists what came onto each section and what left it since the previous review", () => {
    const lastWeek = agendaOn("2026-03-09", [running("e1", "2026-03-05"), running("e2", "2026-03-12")], [untested("h1"), untested("h2")]);
    // e1 was concluded (gone); e2 is now overdue; e3 is new and ends this week; h2 got tested.
    const thisWeek = agendaOn("2026-03-16", [running("e2", "2026-03-12"), running("e3", "2026-03-20")], [untested("h1")]);
    const comparison = compareAgendas(lastWeek, thisWeek);
    const section = (name: string) => comparison.sections.find((s) => s.section === name)!;
    expect(section("overdue").added.map((i) => i.key)).toEqual(["E2"]);
    expect(section("overdue").cleared.map((i) => i.key)).toEqual(["E1"]);
    expect(section("endingSoon").added.map((i) => i.key)).toEqual(["E3"]);
    expect(section("endingSoon").cleared.map((i) => i.key)).toEqual(["E2"]);
    expect(section("untestedHighImportance").cleared).toEqual([{ id: "h2", key: "H2", title: "Statement h2" }]);
    expect(section("untestedHighImportance").kept).toBe(1);
    expect(comparison.unchanged).toBe(false);
  });

  it("says unchanged when the same items are on the agenda", () => {
    const a = agendaOn("2026-03-09", [running("e1", "2026-03-05")]);
    const b = agendaOn("2026-03-16", [running("e1", "2026-03-05")]);
    const comparison = compareAgendas(a, b);
    expect(comparison.unchanged).toBe(true);
    expect(comparison.sections.find((s) => s.section === "overdue")!.kept).toBe(1);
  });
});
