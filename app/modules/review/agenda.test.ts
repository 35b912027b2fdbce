import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { addDays } from "~/modules/experiments/timebox";
import {
  AGENDA_SECTION_LIMIT,
  computeAgenda,
  shownAgenda,
  UNTESTED_AFTER_DAYS,
  youngerUntestedNote,
  type AgendaExperiment,
  type AgendaHypothesis,
  type AgendaInput,
  type GateEvent,
} from "./agenda";

const TODAY = "2026-03-18";

let seq = 0;
function experiment(overrides: Partial<AgendaExperiment> = {}): AgendaExperiment {
  seq += 1;
  return {
    id: `exp_${seq}`,
    key: `E-${String(seq).padStart(3, "0")}`,
    title: `Experiment ${seq}`,
    status: "RUNNING",
    endsOn: addDays(TODAY, 3),
    verdict: "too_early",
    ...overrides,
  };
}

function hypothesis(overrides: Partial<AgendaHypothesis> = {}): AgendaHypothesis {
  seq += 1;
  return {
    id: `hyp_${seq}`,
    key: `H-${String(seq).padStart(3, "0")}`,
    statement: `Hypothesis ${seq}`,
    importance: 5,
    status: "UNTESTED",
    createdOn: addDays(TODAY, -60),
    ...overrides,
  };
}

function input(overrides: Partial<AgendaInput> = {}): AgendaInput {
  return {
    today: TODAY,
    lastReviewOn: null,
    previousVerdicts: {},
    experiments: [],
    hypotheses: [],
    gateEvents: [],
    ...overrides,
  };
}

const keys = (items: { key: string }[]) => items.map((i) => i.key);

describe("computeAgenda", () => {
  // The agenda must depend on `today` only; pin the wall clock far away to prove it.
  beforeAll(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2031-07-01T12:00:00Z"));
  });
  afterAll(() => {
    vi.useRealTimers();
  });

  describe("ending soon", () => {
    it("includes today and today+7, excludes today+8, and sends yesterday to overdue", () => {
      const endsToday = experiment({ key: "A", endsOn: TODAY });
      const endsIn7 = experiment({ key: "B", endsOn: "2026-03-25" });
      const endsIn8 = experiment({ key: "C", endsOn: "2026-03-26" });
      const endedYesterday = experiment({ key: "D", endsOn: "2026-03-17" });
      const agenda = computeAgenda(input({ experiments: [endsIn8, endsIn7, endedYesterday, endsToday] }));

      expect(agenda.endingSoon.map((e) => [e.key, e.daysLeft])).toEqual([
        ["A", 0],
        ["B", 7],
      ]);
      expect(keys(agenda.overdue)).toEqual(["D"]);
      expect(agenda.overdue[0].overdueByDays).toBe(1);
    });

    it("orders soonest first with ties broken by key", () => {
      const agenda = computeAgenda(
        input({
          experiments: [
            experiment({ key: "Z", endsOn: "2026-03-20" }),
            experiment({ key: "M", endsOn: "2026-03-19" }),
            experiment({ key: "B", endsOn: "2026-03-20" }),
          ],
        }),
      );
      expect(agenda.endingSoon.map((e) => `${e.key}:${e.daysLeft}`)).toEqual(["M:1", "B:2", "Z:2"]);
    });

    it("crosses month boundaries", () => {
      const agenda = computeAgenda(
        input({ today: "2026-02-25", experiments: [experiment({ key: "A", endsOn: "2026-03-04" }), experiment({ key: "B", endsOn: "2026-03-05" })] }),
      );
      expect(agenda.endingSoon.map((e) => `${e.key}:${e.daysLeft}`)).toEqual(["A:7"]);
    });
  });

  describe("overdue", () => {
    it("lists most overdue first with overdueByDays, ties by key", () => {
      const agenda = computeAgenda(
        input({
          experiments: [
            experiment({ key: "A", endsOn: "2026-03-16" }),
            experiment({ key: "B", endsOn: "2026-03-01" }),
            experiment({ key: "D", endsOn: "2026-03-10" }),
            experiment({ key: "C", endsOn: "2026-03-10" }),
          ],
        }),
      );
      expect(agenda.overdue.map((e) => `${e.key}:${e.overdueByDays}`)).toEqual(["B:17", "C:8", "D:8", "A:2"]);
    });

    it("never lists drafts, concluded or abandoned experiments as ending soon or overdue", () => {
      const experiments = (["DRAFT", "CONCLUDED", "ABANDONED"] as const).flatMap((status) => [
        experiment({ status, endsOn: TODAY }),
        experiment({ status, endsOn: "2026-03-20" }),
        experiment({ status, endsOn: "2026-03-01" }),
      ]);
      const agenda = computeAgenda(input({ experiments }));
      expect(agenda.endingSoon).toEqual([]);
      expect(agenda.overdue).toEqual([]);
      expect(agenda.learningCardsToWrite).toEqual([]);
    });
  });

  describe("verdict changes", () => {
    it("without a previous review lists only decisive results of running experiments", () => {
      const agenda = computeAgenda(
        input({
          lastReviewOn: null,
          // Ignored when there was no review.
          previousVerdicts: { exp_x: "too_early" },
          experiments: [
            experiment({ id: "exp_x", key: "A", verdict: "met" }),
            experiment({ key: "B", verdict: "not_met" }),
            experiment({ key: "C", verdict: "too_early" }),
            experiment({ key: "D", status: "CONCLUDED", verdict: "met" }),
            experiment({ key: "E", status: "DRAFT", verdict: "met" }),
          ],
        }),
      );
      expect(agenda.verdictChanges.map((e) => [e.key, e.from, e.to])).toEqual([
        ["A", null, "met"],
        ["B", null, "not_met"],
      ]);
    });

    it("with a previous review lists verdicts that differ from the recorded ones", () => {
      const agenda = computeAgenda(
        input({
          lastReviewOn: "2026-03-11",
          previousVerdicts: {
            e_changed: "too_early",
            e_same: "met",
            e_flipped: "met",
            e_concluded: "too_early",
            e_concluded_same: "met",
            e_abandoned: "too_early",
            e_back: "not_met",
          },
          experiments: [
            experiment({ id: "e_changed", key: "A", verdict: "met" }),
            experiment({ id: "e_same", key: "B", verdict: "met" }),
            experiment({ id: "e_flipped", key: "C", verdict: "not_met" }),
            experiment({ id: "e_concluded", key: "D", status: "CONCLUDED", verdict: "not_met" }),
            experiment({ id: "e_concluded_same", key: "E", status: "CONCLUDED", verdict: "met" }),
            experiment({ id: "e_abandoned", key: "F", status: "ABANDONED", verdict: "met" }),
            experiment({ id: "e_back", key: "G", verdict: "too_early" }),
          ],
        }),
      );
      expect(agenda.verdictChanges.map((e) => [e.key, e.from, e.to])).toEqual([
        ["A", "too_early", "met"],
        ["C", "met", "not_met"],
        ["D", "too_early", "not_met"],
        ["G", "not_met", "too_early"],
      ]);
    });

    it("lists running experiments new since the last review only when decisive", () => {
      const agenda = computeAgenda(
        input({
          lastReviewOn: "2026-03-11",
          previousVerdicts: {},
          experiments: [
            experiment({ key: "A", verdict: "too_early" }),
            experiment({ key: "B", verdict: "not_met" }),
            // Concluded and never recorded: concluded before the last review, so not news.
            experiment({ key: "C", status: "CONCLUDED", verdict: "met" }),
          ],
        }),
      );
      expect(agenda.verdictChanges.map((e) => [e.key, e.from, e.to])).toEqual([["B", null, "not_met"]]);
    });

    it("does not keep listing an unchanged verdict at the next review", () => {
      const experiments = [experiment({ key: "A", verdict: "met" })];
      const first = computeAgenda(input({ lastReviewOn: null, experiments }));
      expect(keys(first.verdictChanges)).toEqual(["A"]);
      const second = computeAgenda(
        input({ today: "2026-03-25", lastReviewOn: TODAY, previousVerdicts: first.verdictsNow, experiments }),
      );
      expect(second.verdictChanges).toEqual([]);
    });
  });

  describe("learning cards to write", () => {
    it("lists overdue and decisive running experiments, not too-early ones within the timebox", () => {
      const agenda = computeAgenda(
        input({
          experiments: [
            experiment({ key: "A", endsOn: "2026-03-10", verdict: "too_early" }), // overdue
            experiment({ key: "B", endsOn: "2026-03-25", verdict: "met" }), // decisive
            experiment({ key: "C", endsOn: "2026-04-01", verdict: "not_met" }), // decisive
            experiment({ key: "D", endsOn: "2026-03-20", verdict: "too_early" }), // within timebox
            experiment({ key: "E", endsOn: TODAY, verdict: "too_early" }), // last day, not overdue yet
            experiment({ key: "F", status: "CONCLUDED", endsOn: "2026-03-10", verdict: "met" }),
          ],
        }),
      );
      expect(keys(agenda.learningCardsToWrite)).toEqual(["A", "B", "C"]);
      // Independent of overdue: A is in both.
      expect(keys(agenda.overdue)).toEqual(["A"]);
    });
  });

  describe("untested high-importance hypotheses", () => {
    it("flags hypotheses older than two cycles: 28 days excluded, 29 included", () => {
      expect(UNTESTED_AFTER_DAYS).toBe(28);
      const agenda = computeAgenda(
        input({
          hypotheses: [
            hypothesis({ key: "H28", createdOn: "2026-02-18" }),
            hypothesis({ key: "H29", createdOn: "2026-02-17" }),
          ],
        }),
      );
      expect(agenda.untestedHighImportance.map((h) => [h.key, h.ageDays])).toEqual([["H29", 29]]);
    });

    it("excludes importance below 4 and hypotheses that are not UNTESTED", () => {
      const agenda = computeAgenda(
        input({
          hypotheses: [
            hypothesis({ key: "A", importance: 3 }),
            hypothesis({ key: "B", importance: 4, status: "TESTING" }),
            hypothesis({ key: "C", importance: 5, status: "VALIDATED" }),
            hypothesis({ key: "D", importance: 4 }),
          ],
        }),
      );
      expect(keys(agenda.untestedHighImportance)).toEqual(["D"]);
    });

    it("orders by importance desc, then oldest first, then key", () => {
      const agenda = computeAgenda(
        input({
          hypotheses: [
            hypothesis({ key: "A", importance: 4, createdOn: "2026-01-01" }),
            hypothesis({ key: "B", importance: 5, createdOn: "2026-02-01" }),
            hypothesis({ key: "D", importance: 5, createdOn: "2026-01-15" }),
            hypothesis({ key: "C", importance: 5, createdOn: "2026-01-15" }),
          ],
        }),
      );
      expect(agenda.untestedHighImportance.map((h) => `${h.key}:${h.ageDays}`)).toEqual(["C:62", "D:62", "B:45", "A:76"]);
    });

    it("counts the important untested hypotheses the age rule leaves out, and says so", () => {
      const agenda = computeAgenda(
        input({
          hypotheses: [
            hypothesis({ key: "OLD" }),
            hypothesis({ key: "NEW1", createdOn: addDays(TODAY, -3) }),
            hypothesis({ key: "NEW2", createdOn: TODAY }),
            hypothesis({ key: "LOW", importance: 2, createdOn: TODAY }),
          ],
        }),
      );
      expect(keys(agenda.untestedHighImportance)).toEqual(["OLD"]);
      expect(agenda.youngerUntestedCount).toBe(2);
      expect(youngerUntestedNote(agenda.youngerUntestedCount)).toBe(
        "2 more important hypotheses are untested but were written 4 weeks ago or less; each is listed here once it has waited longer.",
      );
      expect(youngerUntestedNote(1)).toMatch(/^1 more important hypothesis is untested/);
      expect(youngerUntestedNote(0)).toBeNull();
    });
  });

  describe("what each item carries", () => {
    it("keeps an experiment's progress and version, and a hypothesis's owner and strength, without sharing objects", () => {
      const progress = {
        hypothesisKey: "H-1", metricName: "Sign-up rate", unit: "", kind: "RATE" as const, comparator: "gte" as const, target: 0.1,
        estimate: 0.12, low: 0.08, high: 0.17, n: 200, projection: null, explanation: "Too early.",
      };
      const e = experiment({ key: "P", endsOn: addDays(TODAY, -1), version: 4, progress });
      const h = hypothesis({ key: "Q", strength: 2, ownerId: "u1", ownerName: "Maya", version: 7 });
      const agenda = computeAgenda(input({ experiments: [e], hypotheses: [h] }));
      expect(agenda.overdue[0]).toMatchObject({ key: "P", version: 4, progress });
      expect(agenda.overdue[0].progress).not.toBe(progress);
      expect(agenda.untestedHighImportance[0]).toMatchObject({ key: "Q", strength: 2, ownerId: "u1", ownerName: "Maya", version: 7 });
    });

    it("passes the gates and signals through, neither counted as items needing a decision", () => {
      const gate = {
        productId: "p1", productName: "Invoicing", status: "HOLD" as const, headline: "Keep it simple: 0 of 1 criterion met.",
        criteria: [{ label: "Weekly paying teams", met: false, summary: "Short by 3.", unit: "teams", threshold: 20, direction: "gte" as const, thisWeek: 17, lastWeek: 15 }],
      };
      const signal = { name: "Churn", unit: "%", productName: "Invoicing", thisWeek: null, lastWeek: 2 };
      const agenda = computeAgenda(input({ gates: [gate], signals: [signal] }));
      expect(agenda.gates).toEqual([gate]);
      expect(agenda.gates![0].criteria[0]).not.toBe(gate.criteria[0]);
      expect(agenda.signals).toEqual([signal]);
      expect(agenda.itemCount).toBe(0);
      expect(agenda.isEmpty).toBe(true);
    });
  });

  describe("gate changes", () => {
    const events: GateEvent[] = [
      { productName: "Atlas", description: "Status → SCALING", on: "2026-03-11" },
      { productName: "Atlas", description: "Decision: persevere", on: "2026-03-12" },
      { productName: "Beacon", description: "Decision: pivot", on: "2026-03-17" },
      { productName: "Atlas", description: "Status → VALIDATING", on: "2026-03-17" },
      { productName: "Comet", description: "Status → EXPLORING", on: "2026-03-05" },
    ];

    it("lists events after the last review (exclusive), newest first, ties by product", () => {
      const agenda = computeAgenda(input({ lastReviewOn: "2026-03-11", gateEvents: events }));
      expect(agenda.since).toBe("2026-03-11");
      expect(agenda.gateChanges.map((g) => `${g.on} ${g.productName}`)).toEqual([
        "2026-03-17 Atlas",
        "2026-03-17 Beacon",
        "2026-03-12 Atlas",
      ]);
    });

    it("without a previous review covers the last 7 days (today−6 … today)", () => {
      const agenda = computeAgenda(
        input({
          lastReviewOn: null,
          gateEvents: [
            { productName: "A", description: "seven days ago", on: "2026-03-11" },
            { productName: "B", description: "six days ago", on: "2026-03-12" },
            { productName: "C", description: "today", on: TODAY },
          ],
        }),
      );
      expect(agenda.since).toBeNull();
      expect(agenda.gateChanges.map((g) => g.description)).toEqual(["today", "six days ago"]);
    });
  });

  describe("counts and storage", () => {
    it("is empty when nothing needs discussing", () => {
      const agenda = computeAgenda(
        input({
          experiments: [experiment({ endsOn: "2026-04-01" }), experiment({ status: "DRAFT", endsOn: TODAY })],
          hypotheses: [hypothesis({ importance: 2 })],
        }),
      );
      expect(agenda.itemCount).toBe(0);
      expect(agenda.isEmpty).toBe(true);
      expect(agenda.today).toBe(TODAY);
    });

    it("counts items across all sections (an experiment in two sections counts twice)", () => {
      const agenda = computeAgenda(
        input({
          lastReviewOn: "2026-03-11",
          previousVerdicts: {},
          experiments: [
            experiment({ key: "A", endsOn: "2026-03-10" }), // overdue + learning card
            experiment({ key: "B", endsOn: "2026-03-20", verdict: "met" }), // ending soon + change + learning card
          ],
          hypotheses: [hypothesis({ key: "H" })], // untested
          gateEvents: [{ productName: "P", description: "Decision", on: "2026-03-15" }], // gate
        }),
      );
      expect(agenda.endingSoon).toHaveLength(1);
      expect(agenda.overdue).toHaveLength(1);
      expect(agenda.verdictChanges).toHaveLength(1);
      expect(agenda.learningCardsToWrite).toHaveLength(2);
      expect(agenda.untestedHighImportance).toHaveLength(1);
      expect(agenda.gateChanges).toHaveLength(1);
      expect(agenda.itemCount).toBe(7);
      expect(agenda.isEmpty).toBe(false);
    });

    it("records verdicts for running experiments only", () => {
      const agenda = computeAgenda(
        input({
          experiments: [
            experiment({ id: "r1", verdict: "met" }),
            experiment({ id: "r2", verdict: "too_early", endsOn: "2026-05-01" }),
            experiment({ id: "d1", status: "DRAFT" }),
            experiment({ id: "c1", status: "CONCLUDED", verdict: "met" }),
            experiment({ id: "a1", status: "ABANDONED", verdict: "not_met" }),
          ],
        }),
      );
      expect(agenda.verdictsNow).toEqual({ r1: "met", r2: "too_early" });
    });

    it("survives a JSON round trip unchanged and shares nothing with the input", () => {
      const extra = { ...experiment({ key: "X", endsOn: "2026-03-01", verdict: "met" }), startsOn: new Date("2026-02-15") };
      const agenda = computeAgenda(
        input({
          lastReviewOn: "2026-03-11",
          previousVerdicts: { exp_gone: "met" },
          experiments: [extra, experiment({ key: "Y", endsOn: "2026-03-22" })],
          hypotheses: [hypothesis({ key: "H" })],
          gateEvents: [{ productName: "P", description: "Decision", on: "2026-03-15" }],
        }),
      );
      expect(agenda.itemCount).toBeGreaterThan(0);
      expect(JSON.parse(JSON.stringify(agenda))).toStrictEqual(agenda);
      // Extra fields on caller rows are not copied into the stored agenda.
      expect(agenda.overdue[0]).not.toHaveProperty("startsOn");
      expect(agenda.overdue[0]).not.toBe(extra);
    });

    it("is deterministic regardless of input order", () => {
      const experiments = [
        experiment({ key: "B", endsOn: "2026-03-20", verdict: "met" }),
        experiment({ key: "A", endsOn: "2026-03-20", verdict: "met" }),
        experiment({ key: "C", endsOn: "2026-03-10" }),
        experiment({ key: "D", endsOn: "2026-03-10", verdict: "not_met" }),
      ];
      const hypotheses = [hypothesis({ key: "H2" }), hypothesis({ key: "H1" })];
      const a = computeAgenda(input({ experiments, hypotheses }));
      const b = computeAgenda(input({ experiments: [...experiments].reverse(), hypotheses: [...hypotheses].reverse() }));
      expect(b).toStrictEqual(a);
      expect(keys(a.endingSoon)).toEqual(["A", "B"]);
      expect(keys(a.learningCardsToWrite)).toEqual(["C", "D", "A", "B"]);
      expect(keys(a.untestedHighImportance)).toEqual(["H1", "H2"]);
    });

    it("rejects a malformed today", () => {
      expect(() => computeAgenda(input({ today: "2026-02-30" }))).toThrow(RangeError);
      expect(() => computeAgenda(input({ today: "18/03/2026" }))).toThrow(RangeError);
      expect(() => computeAgenda(input({ lastReviewOn: "yesterday" }))).toThrow(RangeError);
    });
  });
});

describe("shownAgenda", () => {
  const big = () =>
    computeAgenda(
      input({
        // 25 overdue (most overdue first: E-… ending 30 days ago down to 6 days ago), 3 ending soon.
        experiments: [
          ...Array.from({ length: 25 }, (_, i) => experiment({ endsOn: addDays(TODAY, -30 + i) })),
          ...Array.from({ length: 3 }, () => experiment({ endsOn: addDays(TODAY, 2) })),
        ],
        hypotheses: Array.from({ length: 12 }, () => hypothesis()),
      }),
    );

  it("cuts every section to the most urgent items and keeps each full count", () => {
    const agenda = big();
    const shown = shownAgenda(agenda);
    expect(shown.overdue).toEqual(agenda.overdue.slice(0, AGENDA_SECTION_LIMIT));
    expect(shown.overdue[0].overdueByDays).toBe(30);
    expect(shown.learningCardsToWrite).toHaveLength(AGENDA_SECTION_LIMIT);
    expect(shown.untestedHighImportance).toHaveLength(AGENDA_SECTION_LIMIT);
    expect(shown.endingSoon).toHaveLength(3);
    expect(shown.totals).toEqual({ overdue: 25, endingSoon: 3, verdictChanges: 0, learningCardsToWrite: 25, untestedHighImportance: 12, gateChanges: 0 });
    expect(shown.itemCount).toBe(agenda.itemCount);
    expect(shown.expanded).toBeNull();
  });

  it("shows the one section asked for in full, and only that one", () => {
    const agenda = big();
    const shown = shownAgenda(agenda, { expanded: "overdue" });
    expect(shown.overdue).toEqual(agenda.overdue);
    expect(shown.learningCardsToWrite).toHaveLength(AGENDA_SECTION_LIMIT);
    expect(shown.expanded).toBe("overdue");
  });

  it("keeps the verdicts recorded for the next review's comparison off the page", () => {
    const agenda = big();
    expect(Object.keys(agenda.verdictsNow)).toHaveLength(28);
    expect(shownAgenda(agenda)).not.toHaveProperty("verdictsNow");
  });
});
