/**
 * The API's request and response shapes — one set of Zod schemas for validation and for the
 * OpenAPI document. Enum values are accepted in any case; dates are YYYY-MM-DD. Experiments and
 * observations are the commands' own typed inputs in the API's arrangement (metric, criterion,
 * lower-case comparators): their fields carry the commands' rules and messages, and the rules
 * that span fields (timebox, target range, evidence on its experiment) are the commands' alone.
 */
import { z } from "zod";
import { ObservationInput as ObservationRow } from "~/modules/evidence/schemas";
import { ExperimentRules as R } from "~/modules/experiments/schemas";
import { dateOnly } from "~/utils/date-only";

// Case-insensitive enums: "landing page", "Landing-Page" and "LANDING_PAGE" all mean LANDING_PAGE.
// The cast keeps the enum's output type; at run time the value is normalised first.
const upper = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((value) => (typeof value === "string" ? value.trim().toUpperCase().replace(/[\s-]+/g, "_") : value), z.enum(values)) as unknown as z.ZodEnum<{ [K in T[number]]: K }>;
const lower = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((value) => (typeof value === "string" ? value.trim().toLowerCase() : value), z.enum(values)) as unknown as z.ZodEnum<{ [K in T[number]]: K }>;

const DATE = { format: "date", example: "2026-03-02", description: "YYYY-MM-DD, a year from 1900 to 9999" } as const;
export const DateOnly = dateOnly().meta({ format: "date", example: "2026-03-02", description: "YYYY-MM-DD, a year from 1900 to 9999" });
const Text = (max: number) => z.string().trim().max(max);

export const Category = upper(["DESIRABILITY", "VIABILITY", "FEASIBILITY", "USABILITY"]);
export const HypothesisStatus = upper(["UNTESTED", "TESTING", "VALIDATED", "INVALIDATED", "INCONCLUSIVE"]);
export const Method = upper(["INTERVIEW", "SURVEY", "LANDING_PAGE", "FAKE_DOOR", "CONCIERGE", "WIZARD_OF_OZ", "PROTOTYPE", "PRE_SALE", "AB_TEST", "OTHER"]);
export const Kind = upper(["RATE", "COUNT", "MEAN"]);
export const Comparator = lower(["gte", "lte"]);
export const Decision = upper(["PERSEVERE", "PIVOT", "KILL", "RETEST"]);

export const ProductCreate = z.strictObject({ name: Text(80).min(2), description: Text(500).optional() });
export const ProductPatch = z.strictObject({ name: Text(80).min(2).optional(), description: Text(500).optional(), version: z.number().int().positive().optional() });

export const HypothesisCreate = z.strictObject({
  productId: z.string().min(1).max(64),
  statement: Text(500).min(10),
  category: Category,
  importance: z.number().int().min(1).max(5),
  segment: Text(120).optional(),
  ownerId: z.string().min(1).max(64).optional(),
});
export const HypothesisPatch = z.strictObject({
  statement: Text(500).min(10).optional(),
  category: Category.optional(),
  importance: z.number().int().min(1).max(5).optional(),
  segment: Text(120).optional(),
  productId: z.string().min(1).max(64).optional(),
  ownerId: z.string().min(1).max(64).nullable().optional(),
  version: z.number().int().positive().optional(),
});

const Metric = z.strictObject({ name: R.metricName, kind: Kind, unit: R.metricUnit.optional() });
const Criterion = z.strictObject({
  comparator: Comparator,
  target: R.target.meta({ description: "RATE: a proportion from 0 to 1 (10 % is 0.1); COUNT: not negative." }),
});
const Version = R.version.optional();

export const ExperimentCreate = z.strictObject({
  hypothesisId: R.hypothesisId,
  title: R.title,
  method: Method,
  plan: R.plan.optional(),
  metric: Metric,
  criterion: Criterion,
  startsOn: R.startsOn.meta(DATE),
  endsOn: R.endsOn.optional().meta({ ...DATE, description: "On or after startsOn and within a year of it; two weeks from startsOn by default." }),
});
export const ExperimentPatch = z.strictObject({
  title: R.title.optional(),
  method: Method.optional(),
  plan: R.plan.optional(),
  metric: Metric.partial().strict().optional(),
  criterion: Criterion.partial().strict().optional(),
  startsOn: R.startsOn.optional().meta(DATE),
  endsOn: R.endsOn.optional().meta(DATE),
  reason: R.reason.optional().meta({ description: "Required when changing the criterion of a started experiment." }),
  version: Version,
});
export const ExperimentConclude = z.strictObject({
  observed: R.observed,
  learned: R.learned,
  nextSteps: R.nextSteps,
  decision: Decision,
  version: Version,
});
export const VersionOnly = z.strictObject({ version: Version });

/** An observation as addObservations takes it, less the idempotency key (the request's Idempotency-Key header sets it). */
export const ObservationInput = ObservationRow.in.omit({ idempotencyKey: true }).strict().meta({
  description: "RATE: successes and trials; COUNT and MEAN: value; or a note alone. strength: 1 said · 2 did · 3 committed · 4 paid (default 2, or 1 for a note alone).",
});
export const ObservationBulk = z.strictObject({ observations: z.array(ObservationInput).min(1).max(5000) });

export const SignalCreate = z.strictObject({
  productId: z.string().min(1).max(64),
  name: Text(80).min(2),
  unit: Text(20).optional(),
  direction: lower(["up", "down"]).optional(),
  description: Text(300).optional(),
});
export const PointInput = z.strictObject({ date: DateOnly, value: z.number().finite(), note: Text(300).nullable().optional() });
const Replace = z.boolean().optional().meta({ description: "Change a day's value that is already recorded (refused with 409 value_exists otherwise); each replacement is logged." });
export const PointSingle = PointInput.extend({ replace: Replace });
export const PointBulk = z.strictObject({ points: z.array(PointInput).min(1).max(5000), replace: Replace });

export const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), fields: z.record(z.string(), z.string()).optional() }) });
