/**
 * The typed inputs of the experiment commands, and every rule about them, once. The web forms
 * and the API only translate their wire format (text fields, JSON) into these shapes; the
 * commands in experiments.server.ts validate them. A RATE target is a proportion here (0.1 is
 * 10 %), whatever the form shows.
 */
import { z } from "zod";
import { dateOnly, dateOnlyMessage, dateOnlyProblem } from "~/utils/date-only";
import { idField } from "~/utils/fields";
import { DEFAULT_TIMEBOX_DAYS, addDays, daysBetween } from "./timebox";
import { DECISIONS, METHODS, METRIC_KINDS } from "./vocabulary";

const MAX_INT = 2_147_483_647;
/** A timebox ends within a year of its start, however it is planned or extended. */
export const MAX_TIMEBOX_DAYS = 365;

/** The rule of each field, on its own: the API's documented request shapes are built from these too. */
export const ExperimentRules = {
  id: idField,
  hypothesisId: z.string({ error: "Choose the hypothesis this tests." }).min(1, "Choose the hypothesis this tests.").max(64, "Choose one of this team's hypotheses."),
  title: z.string({ error: "Give the experiment a title." }).trim().min(3, "Give the experiment a short title (at least 3 characters).").max(120, "Keep the title under 120 characters."),
  method: z.enum(METHODS, { error: "Choose a method." }),
  plan: z.string({ error: "Describe what you will do." }).trim().max(2000, "Keep the plan under 2,000 characters."),
  metricName: z.string({ error: "Name the metric." }).trim().min(2, "Name the metric you will measure.").max(80, "Keep the metric name under 80 characters."),
  metricUnit: z.string({ error: "Write the unit as text." }).trim().max(30, "Keep the unit under 30 characters."),
  metricKind: z.enum(METRIC_KINDS, { error: "Choose how the metric is measured." }),
  comparator: z.enum(["GTE", "LTE"], { error: "Choose at least or at most." }),
  /** RATE: a proportion from 0 to 1. */
  target: z.number({ error: "Enter the target as a number." }).finite("Enter the target as a number."),
  startsOn: dateOnly("start date"),
  endsOn: dateOnly("end date"),
  version: z.int({ error: "This was edited from an out-of-date copy; reload it." }).positive("This was edited from an out-of-date copy; reload it.").max(MAX_INT, "This was edited from an out-of-date copy; reload it."),
  reason: z.string({ error: "Write the reason as text." }).trim().max(500, "Keep the reason under 500 characters."),
  observed: z.string({ error: "Write what you observed." }).trim().min(5, "Write what you observed.").max(2000, "Keep it under 2,000 characters."),
  learned: z.string({ error: "Write what you learned." }).trim().min(5, "Write what you learned.").max(2000, "Keep it under 2,000 characters."),
  nextSteps: z.string({ error: "Write what you will do next." }).trim().min(5, "Write what you will do next.").max(2000, "Keep it under 2,000 characters."),
  decision: z.enum(DECISIONS, { error: "Choose a decision." }),
};

const R = ExperimentRules;

/** The rule messages the commands give for a whole timebox or criterion, for adapters that explain them. */
export const RULES = {
  endBeforeStart: "The end date must be on or after the start date.",
  timeboxOverAYear: "Keep the timebox under a year; two weeks is the usual.",
  rateTarget: "A rate target is between 0 % and 100 % (a proportion from 0 to 1).",
  countTarget: "A count target cannot be negative.",
} as const;

const planFields = {
  title: R.title,
  method: R.method,
  plan: R.plan.default(""),
  metricName: R.metricName,
  metricUnit: R.metricUnit.default(""),
  metricKind: R.metricKind,
  comparator: R.comparator,
  target: R.target,
  startsOn: R.startsOn,
  endsOn: R.endsOn.optional(),
};

type PlanOutput = z.output<z.ZodObject<typeof planFields>>;

/** An experiment's plan as the commands store it: the end date filled in. */
export type ExperimentPlan = PlanOutput & { endsOn: string };

/**
 * The rules that span fields: the end defaults to two weeks after the start, lies on or after it
 * and within a year of it; a RATE target is a proportion, a COUNT target is not negative; a RATE
 * has no unit.
 */
function timeboxAndCriterion<T extends PlanOutput>(input: T, context: z.RefinementCtx): T & { endsOn: string } {
  const endsOn = input.endsOn ?? addDays(input.startsOn, DEFAULT_TIMEBOX_DAYS - 1);
  const endProblem = dateOnlyProblem(endsOn);
  const issue = (path: string, message: string) => context.addIssue({ code: "custom", path: [path], message });
  // A default end two weeks after a start late in 9999 is past the last year Evident records.
  if (endProblem) issue("endsOn", dateOnlyMessage(input.endsOn === undefined ? "range" : endProblem, "end date"));
  else if (endsOn < input.startsOn) issue("endsOn", RULES.endBeforeStart);
  else if (daysBetween(input.startsOn, endsOn) > MAX_TIMEBOX_DAYS) issue("endsOn", RULES.timeboxOverAYear);
  if (input.metricKind === "RATE" && (input.target < 0 || input.target > 1)) issue("target", RULES.rateTarget);
  else if (input.metricKind === "COUNT" && input.target < 0) issue("target", RULES.countTarget);
  return { ...input, metricUnit: unitFor(input.metricKind, input.metricUnit), endsOn };
}

/**
 * A rate is a share of trials, shown as a percentage: it has no unit of its own. A unit sent with
 * one (a form filled in without JavaScript, where the field stays visible) is dropped.
 */
export function unitFor(kind: PlanOutput["metricKind"], unit: string): string {
  return kind === "RATE" ? "" : unit;
}

/** Plan a new experiment (createExperiment). */
export const CreateExperimentInput = z
  .object({ hypothesisId: R.hypothesisId, ...planFields, retestOfId: R.id.optional() })
  .transform((input, context) => timeboxAndCriterion(input, context));

/**
 * Edit an experiment's plan (updateExperiment). The reason is needed when a started experiment's
 * criterion changes. The hypothesis it tests never changes: a copy of it may come along and is ignored.
 */
export const UpdateExperimentInput = z
  .object({ id: R.id, version: R.version, reason: R.reason.default(""), hypothesisId: z.string().optional(), ...planFields })
  .transform((input, context) => timeboxAndCriterion(input, context));

/** Start, and so lock the criterion (startExperiment). */
export const StartExperimentInput = z.object({ id: R.id, version: R.version });

/** Conclude with a learning card (concludeExperiment). */
export const ConcludeExperimentInput = z.object({ id: R.id, version: R.version, observed: R.observed, learned: R.learned, nextSteps: R.nextSteps, decision: R.decision });

export type CreateExperiment = z.input<typeof CreateExperimentInput>;
export type UpdateExperiment = z.input<typeof UpdateExperimentInput>;
export type ExperimentFields = z.output<typeof CreateExperimentInput>;

/** Extend a running experiment's timebox (extendExperiment). */
export const ExtendExperimentInput = z.object({
  id: R.id,
  version: R.version,
  endsOn: dateOnly("new end date"),
  reason: z.string({ error: "Say why the timebox is extended." }).trim().min(5, "Say why the timebox is extended (at least 5 characters).").max(500, "Keep the reason under 500 characters."),
});

/** Abandon a draft or running experiment (abandonExperiment). */
export const AbandonExperimentInput = z.object({
  id: R.id,
  version: R.version,
  reason: z.string({ error: "Say why you are abandoning it." }).trim().min(5, "Say why you are abandoning it (at least 5 characters).").max(500, "Keep the reason under 500 characters."),
});
