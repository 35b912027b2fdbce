/**
 * What a template holds — an experiment's design without its hypothesis, title or dates — and
 * the arithmetic between a timebox and its length. Pure: the built-in set, the commands and the
 * new-experiment form all read designs through here.
 */
import type { Comparator, ExperimentMethod, MetricKind } from "~/generated/prisma/enums";
import { targetForForm } from "~/modules/experiments/form-input";
import type { CreateExperiment } from "~/modules/experiments/schemas";
import { addDays, daysBetween } from "~/modules/experiments/timebox";
import { describeCriterion } from "~/modules/experiments/vocabulary";

export type TemplateDesign = {
  method: ExperimentMethod;
  /** "To verify that, we will …" */
  plan: string;
  metricName: string;
  metricUnit: string;
  metricKind: MetricKind;
  comparator: Comparator;
  /** RATE: a proportion (0.1 is 10 %). */
  target: number;
  /** The timebox length, both ends counted. */
  days: number;
};

/** A template as the picker and the list show it: a built-in one or one of the team's. */
export type TemplateSummary = TemplateDesign & {
  id: string;
  name: string;
  builtIn: boolean;
  /** The question a built-in template answers; null for the team's own. */
  question: string | null;
};

/** The length of a timebox, both ends counted: 1 March to 14 March is 14 days. */
export function timeboxDays(startsOn: string, endsOn: string): number {
  return daysBetween(startsOn, endsOn) + 1;
}

/** The last day of a timebox of `days` days starting on `startsOn`. */
export function endsOnFor(startsOn: string, days: number): string {
  return addDays(startsOn, days - 1);
}

/** The new-experiment form's fields pre-filled from a design, for a timebox starting on `startsOn`. */
export function formValuesFromDesign(design: TemplateDesign, startsOn: string) {
  return {
    method: design.method,
    plan: design.plan,
    metricName: design.metricName,
    metricUnit: design.metricUnit,
    metricKind: design.metricKind,
    comparator: design.comparator,
    target: targetForForm(design.metricKind, design.target),
    startsOn,
    endsOn: endsOnFor(startsOn, design.days),
  };
}

/** The createExperiment input a design gives, once someone names it and picks what it tests. */
export function experimentFromDesign(design: TemplateDesign, input: { hypothesisId: string; title: string; startsOn: string }): CreateExperiment {
  const { days, ...fields } = design;
  return { ...fields, ...input, endsOn: endsOnFor(input.startsOn, days) };
}

/** "Click-through ≥ 10 % · 14 days" */
export function describeDesign(design: Pick<TemplateDesign, "metricName" | "metricKind" | "comparator" | "target" | "metricUnit" | "days">): string {
  return `${design.metricName} ${describeCriterion(design.metricKind, design.comparator, design.target, design.metricUnit)} · ${design.days} day${design.days === 1 ? "" : "s"}`;
}
