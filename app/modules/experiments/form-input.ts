/**
 * The experiment forms' wire format, translated into the commands' typed inputs: text becomes
 * numbers, and a RATE target typed as a percentage (10 means 10 %) becomes a proportion. No rule
 * is checked here; the commands check them all and name the same fields.
 */
import { typedNumber } from "~/utils/forms";
import type { CreateExperiment } from "./schemas";

type Text = Record<string, string | undefined>;

/** An empty or missing field is absent; the command says what it needs. */
const given = (value: string | undefined) => (value === "" ? undefined : value);

/** Not a number at all: NaN, which the command refuses with the field's own message. */
const number = (value: string | undefined) => typedNumber(value) ?? Number.NaN;

export function experimentPlanFromForm(text: Text): Omit<CreateExperiment, "hypothesisId"> {
  const target = number(text.target);
  return {
    title: text.title as string,
    method: text.method as CreateExperiment["method"],
    plan: text.plan,
    metricName: text.metricName as string,
    metricUnit: text.metricUnit,
    metricKind: text.metricKind as CreateExperiment["metricKind"],
    comparator: text.comparator as CreateExperiment["comparator"],
    target: text.metricKind === "RATE" ? target / 100 : target,
    startsOn: text.startsOn as string,
    endsOn: given(text.endsOn),
  };
}

/** A target as the form shows it, the inverse of the above: a RATE target as a percentage (0.1 → "10"), anything else as is. */
export function targetForForm(kind: CreateExperiment["metricKind"], target: number): string {
  return String(kind === "RATE" ? Number((target * 100).toFixed(4)) : target);
}

/** The `version` a form was rendered with. */
export function versionFromForm(text: Text): number {
  return number(text.version);
}
