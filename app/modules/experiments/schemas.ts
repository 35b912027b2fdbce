import { z } from "zod";
import { parseTypedNumber, versionField } from "~/utils/fields";
import { dateOnly, dateOnlyMessage, dateOnlyProblem } from "~/utils/date-only";
import { DEFAULT_TIMEBOX_DAYS, addDays, daysBetween } from "./timebox";
import { DECISIONS, METHODS, METRIC_KINDS } from "./vocabulary";

const number = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .min(1, message)
    .transform((value, context) => {
      const parsed = parseTypedNumber(value, { integer: false });
      if (parsed === null) {
        context.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return parsed;
    });

/** The experiment form. RATE targets arrive as percentages (10 means 10 %) and leave as proportions. */
export const ExperimentFieldsSchema = z
  .object({
    hypothesisId: z.string({ error: "Choose the hypothesis this tests." }).min(1, "Choose the hypothesis this tests.").max(64),
    title: z.string({ error: "Give the experiment a title." }).trim().min(3, "Give the experiment a short title (at least 3 characters).").max(120, "Keep the title under 120 characters."),
    method: z.enum(METHODS, { error: "Choose a method." }),
    plan: z.string({ error: "Describe what you will do." }).trim().min(10, "Describe what you will do (at least 10 characters).").max(2000, "Keep the plan under 2,000 characters."),
    metricName: z.string({ error: "Name the metric." }).trim().min(2, "Name the metric you will measure.").max(80, "Keep the metric name under 80 characters."),
    metricUnit: z.string().trim().max(30, "Keep the unit under 30 characters.").default(""),
    metricKind: z.enum(METRIC_KINDS, { error: "Choose how the metric is measured." }),
    comparator: z.enum(["GTE", "LTE"], { error: "Choose at least or at most." }),
    target: number("Enter the target as a number."),
    startsOn: dateOnly("start date", { trim: true }),
    endsOn: z.string().trim().optional(),
  })
  .transform((input, context) => {
    const endsOn = input.endsOn ? input.endsOn : addDays(input.startsOn, DEFAULT_TIMEBOX_DAYS - 1);
    const endProblem = dateOnlyProblem(endsOn);
    if (endProblem) {
      // A default end two weeks after a start late in 9999 is past the last year Evident records.
      context.addIssue({ code: "custom", path: ["endsOn"], message: dateOnlyMessage(input.endsOn ? endProblem : "range", "end date") });
      return z.NEVER;
    }
    if (endsOn < input.startsOn) {
      context.addIssue({ code: "custom", path: ["endsOn"], message: "The end date must be on or after the start date." });
      return z.NEVER;
    }
    if (daysBetween(input.startsOn, endsOn) > 365) {
      context.addIssue({ code: "custom", path: ["endsOn"], message: "Keep the timebox under a year; two weeks is the usual." });
      return z.NEVER;
    }
    let target = input.target;
    if (input.metricKind === "RATE") {
      if (target < 0 || target > 100) {
        context.addIssue({ code: "custom", path: ["target"], message: "A rate target is a percentage between 0 and 100." });
        return z.NEVER;
      }
      target = target / 100;
    } else if (input.metricKind === "COUNT" && target < 0) {
      context.addIssue({ code: "custom", path: ["target"], message: "A count target cannot be negative." });
      return z.NEVER;
    }
    return { ...input, endsOn, target };
  });

export type ExperimentFields = z.output<typeof ExperimentFieldsSchema>;

export const VersionSchema = z.object({ version: versionField });

export const ReasonSchema = z.string().trim().max(500, "Keep the reason under 500 characters.").default("");

export const ExtendSchema = z.object({
  endsOn: dateOnly("new end date", { trim: true }),
  reason: z.string({ error: "Say why the timebox is extended." }).trim().min(5, "Say why the timebox is extended (at least 5 characters).").max(500),
  version: versionField,
});

export const AbandonSchema = z.object({
  reason: z.string({ error: "Say why you are abandoning it." }).trim().min(5, "Say why you are abandoning it (at least 5 characters).").max(500),
  version: versionField,
});

export const ConcludeSchema = z.object({
  observed: z.string({ error: "Write what you observed." }).trim().min(5, "Write what you observed.").max(2000),
  learned: z.string({ error: "Write what you learned." }).trim().min(5, "Write what you learned.").max(2000),
  nextSteps: z.string({ error: "Write what you will do next." }).trim().min(5, "Write what you will do next.").max(2000),
  decision: z.enum(DECISIONS, { error: "Choose a decision." }),
  version: versionField,
});
