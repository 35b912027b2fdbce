import { describe, expect, it } from "vitest";
import { CreateExperimentInput, ExperimentRules } from "~/modules/experiments/schemas";
import { EMPTY_AGGREGATE, MIN_RATE_TRIALS, evaluate, rateDecisionPoints, type Aggregate } from "~/modules/experiments/statistics";
import { fromDateOnly } from "~/modules/experiments/timebox";
import { BUILT_IN_PREFIX, BUILT_IN_TEMPLATES, builtInTemplate, isBuiltInName } from "./built-in";
import { experimentFromDesign } from "./design";
import { TemplateRules } from "./schemas";

const START = "2026-03-02";

describe("the built-in templates", () => {
  it("are the four starting designs, each with its own id, name and question", () => {
    expect(BUILT_IN_TEMPLATES.map((t) => [t.name, t.method, t.metricKind])).toEqual([
      ["Fake door", "FAKE_DOOR", "RATE"],
      ["Pre-sale", "PRE_SALE", "RATE"],
      ["Concierge", "CONCIERGE", "COUNT"],
      ["Problem interviews", "INTERVIEW", "COUNT"],
    ]);
    expect(new Set(BUILT_IN_TEMPLATES.map((t) => t.id)).size).toBe(BUILT_IN_TEMPLATES.length);
    for (const template of BUILT_IN_TEMPLATES) {
      expect(template.id.startsWith(BUILT_IN_PREFIX)).toBe(true);
      // Never a stored template's id: those are cuids, without dashes.
      expect(template.id).toMatch(/-/);
      expect(template.builtIn).toBe(true);
      expect(template.question).toMatch(/\?$/);
      expect(TemplateRules.name.safeParse(template.name).success).toBe(true);
      expect(builtInTemplate(template.id)).toBe(template);
      expect(isBuiltInName(template.name.toUpperCase())).toBe(true);
    }
    expect(builtInTemplate("builtin-nothing")).toBeNull();
  });

  it.each(BUILT_IN_TEMPLATES.map((t) => [t.name, t] as const))("%s is a valid experiment under the experiment rules", (_name, template) => {
    for (const [field, rule] of Object.entries({
      method: ExperimentRules.method,
      plan: ExperimentRules.plan,
      metricName: ExperimentRules.metricName,
      metricUnit: ExperimentRules.metricUnit,
      metricKind: ExperimentRules.metricKind,
      comparator: ExperimentRules.comparator,
      target: ExperimentRules.target,
    })) {
      const value = template[field as keyof typeof template];
      expect(rule.safeParse(value).success, `${field}: ${String(value)}`).toBe(true);
      // Stored as written: nothing for the rules to trim.
      if (typeof value === "string") expect(value).toBe(value.trim());
    }
    expect(TemplateRules.days.safeParse(template.days).success).toBe(true);
    const parsed = CreateExperimentInput.safeParse(experimentFromDesign(template, { hypothesisId: "h1", title: "A test from the template", startsOn: START }));
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.data).toMatchObject({ method: template.method, metricKind: template.metricKind, target: template.target, endsOn: "2026-03-15" });
    if (template.metricKind === "RATE") {
      expect(template.target).toBeGreaterThan(0);
      expect(template.target).toBeLessThan(1);
      expect(template.metricUnit).toBe("");
    } else {
      expect(Number.isInteger(template.target)).toBe(true);
      expect(template.metricUnit).not.toBe("");
    }
    // Two weeks: "Can we learn something in the next two weeks?"
    expect(template.days).toBe(14);
  });

  it("plan sample guidance that the verdict agrees with, count by count", () => {
    for (const template of BUILT_IN_TEMPLATES.filter((t) => t.metricKind === "RATE")) {
      const trials = Number(/at least (\d+) /.exec(template.plan)?.[1]);
      const criterion = { comparator: "gte" as const, target: template.target };
      const points = rateDecisionPoints(trials, criterion);
      expect(template.plan).toContain(`With ${trials} `);
      expect(template.plan).toContain(` ${points.met} `);
      // The verdict the experiment page would show at every count of successes.
      const verdict = (successes: number) => {
        const aggregate: Aggregate = { ...EMPTY_AGGREGATE, successes, trials };
        return evaluate({ kind: "RATE", criterion, aggregate, startsOn: fromDateOnly(START), endsOn: fromDateOnly("2026-03-15"), asOf: fromDateOnly("2026-03-16") }).verdict;
      };
      for (let successes = 0; successes <= trials; successes++) {
        const expected = successes >= points.met! ? "met" : successes <= points.notMet! ? "not_met" : "too_early";
        expect(verdict(successes), `${template.name}: ${successes} of ${trials}`).toBe(expected);
      }
    }
    const fakeDoor = BUILT_IN_TEMPLATES.find((t) => t.name === "Fake door")!;
    expect(fakeDoor.plan).toContain("With 200 visitors, 29 clicks or more (14.5 %) meet the target with the whole 95 % interval above it; 11 or fewer miss it; 12 to 28 leave it too early.");
    const preSale = BUILT_IN_TEMPLATES.find((t) => t.name === "Pre-sale")!;
    expect(preSale.plan).toContain("With 100 prospects, 10 deposits or more (10 %) meet the target with the whole 95 % interval above it; no deposits at all misses it; 1 to 9 leave it too early.");
  });

  it("use counts where the sample is too small for a rate, and say why", () => {
    const concierge = BUILT_IN_TEMPLATES.find((t) => t.name === "Concierge")!;
    expect(concierge).toMatchObject({ metricKind: "COUNT", comparator: "GTE", target: 3 });
    expect(concierge.plan).toContain("serve 5 customers by hand");
    // Five trials: no rate verdict is possible at all.
    expect(5).toBeLessThan(MIN_RATE_TRIALS);
    expect(rateDecisionPoints(5, { comparator: "gte", target: 0.6 })).toEqual({ met: null, notMet: null });
    expect(concierge.plan).toContain(`at least ${MIN_RATE_TRIALS} trials before any verdict`);

    const interviews = BUILT_IN_TEMPLATES.find((t) => t.name === "Problem interviews")!;
    expect(interviews).toMatchObject({ metricKind: "COUNT", comparator: "GTE", target: 6 });
    expect(rateDecisionPoints(10, { comparator: "gte", target: 0.6 }).met).toBe(10);
    expect(interviews.plan).toContain("only 10 of 10 would clear 60 %");
    // As a count, six describing it meets it.
    const count = (total: number) =>
      evaluate({
        kind: "COUNT",
        criterion: { comparator: "gte", target: 6 },
        aggregate: { ...EMPTY_AGGREGATE, valueCount: total, valueSum: total },
        startsOn: fromDateOnly(START),
        endsOn: fromDateOnly("2026-03-15"),
        asOf: fromDateOnly("2026-03-10"),
      }).verdict;
    expect([count(5), count(6)]).toEqual(["too_early", "met"]);
  });
});
