import type { ExperimentMethod, ExperimentStatus, MetricKind, Decision } from "~/generated/prisma/enums";

export const METHODS = [
  "INTERVIEW", "SURVEY", "LANDING_PAGE", "FAKE_DOOR", "CONCIERGE", "WIZARD_OF_OZ", "PROTOTYPE", "PRE_SALE", "AB_TEST", "OTHER",
] as const satisfies readonly ExperimentMethod[];
export const METRIC_KINDS = ["RATE", "COUNT", "MEAN"] as const satisfies readonly MetricKind[];
export const DECISIONS = ["PERSEVERE", "PIVOT", "KILL", "RETEST"] as const satisfies readonly Decision[];
export const EXPERIMENT_STATUSES = ["DRAFT", "RUNNING", "CONCLUDED", "ABANDONED"] as const satisfies readonly ExperimentStatus[];

export const METHOD_LABELS: Record<ExperimentMethod, string> = {
  INTERVIEW: "Interview",
  SURVEY: "Survey",
  LANDING_PAGE: "Landing page",
  FAKE_DOOR: "Fake door",
  CONCIERGE: "Concierge",
  WIZARD_OF_OZ: "Wizard of Oz",
  PROTOTYPE: "Prototype",
  PRE_SALE: "Pre-sale",
  AB_TEST: "A/B test",
  OTHER: "Other",
};

/** Short enough to read whole in a select; the examples go beside it (KIND_EXAMPLES). */
export const KIND_LABELS: Record<MetricKind, string> = {
  RATE: "Rate — successes out of trials",
  COUNT: "Count — a total that adds up",
  MEAN: "Mean — an average of values",
};

export const KIND_EXAMPLES = "Rate: 12 of 80 visitors signed up. Count: pre-orders. Mean: minutes to send an invoice.";

export const STATUS_LABELS: Record<ExperimentStatus, string> = {
  DRAFT: "Draft",
  RUNNING: "Running",
  CONCLUDED: "Concluded",
  ABANDONED: "Abandoned",
};

export const DECISION_LABELS: Record<Decision, string> = {
  PERSEVERE: "Persevere",
  PIVOT: "Pivot",
  KILL: "Kill",
  RETEST: "Retest",
};

export const DECISION_HELP: Record<Decision, string> = {
  PERSEVERE: "The evidence supports the belief; keep going.",
  PIVOT: "Change direction based on what we learned.",
  KILL: "Stop investing in this idea.",
  RETEST: "Not enough to decide; run a new experiment.",
};

export function experimentKey(number: number): string {
  return `E-${number}`;
}

export function parseExperimentKey(value: string | undefined): number | null {
  const match = /^(?:e-)?(\d{1,9})$/i.exec(value ?? "");
  return match ? Number(match[1]) : null;
}

/** RATE targets are stored as proportions but typed and shown as percentages. */
export function formatMetric(kind: MetricKind, value: number | null | undefined, unit = ""): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  if (kind === "RATE") return `${(value * 100).toFixed(1)} %`;
  const rounded = Math.abs(value) >= 100 ? value.toFixed(0) : Number(value.toFixed(1)).toString();
  return unit ? `${rounded} ${unit}` : rounded;
}

export function describeCriterion(kind: MetricKind, comparator: "GTE" | "LTE", target: number, unit: string): string {
  return `${comparator === "GTE" ? "≥" : "≤"} ${formatMetric(kind, target, unit)}`;
}
