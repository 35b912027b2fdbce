/**
 * The API's request and response shapes — one set of Zod schemas for validation and for the
 * OpenAPI document. Enum values are accepted in any case; dates are YYYY-MM-DD.
 */
import { z } from "zod";
import { dateOnly } from "~/utils/date-only";

// Case-insensitive enums: "landing page", "Landing-Page" and "LANDING_PAGE" all mean LANDING_PAGE.
// The cast keeps the enum's output type; at run time the value is normalised first.
const upper = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((value) => (typeof value === "string" ? value.trim().toUpperCase().replace(/[\s-]+/g, "_") : value), z.enum(values)) as unknown as z.ZodEnum<{ [K in T[number]]: K }>;
const lower = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((value) => (typeof value === "string" ? value.trim().toLowerCase() : value), z.enum(values)) as unknown as z.ZodEnum<{ [K in T[number]]: K }>;

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

const Metric = z.strictObject({ name: Text(80).min(2), kind: Kind, unit: Text(30).optional() });
const Criterion = z.strictObject({ comparator: Comparator, target: z.number().finite() });

export const ExperimentCreate = z.strictObject({
  hypothesisId: z.string().min(1).max(64),
  title: Text(120).min(3),
  method: Method,
  plan: Text(2000).optional(),
  metric: Metric,
  criterion: Criterion,
  startsOn: DateOnly,
  endsOn: DateOnly.optional(),
});
export const ExperimentPatch = z.strictObject({
  title: Text(120).min(3).optional(),
  method: Method.optional(),
  plan: Text(2000).optional(),
  metric: Metric.partial().strict().optional(),
  criterion: Criterion.partial().strict().optional(),
  startsOn: DateOnly.optional(),
  endsOn: DateOnly.optional(),
  reason: Text(500).optional().meta({ description: "Required when changing the criterion of a started experiment." }),
  version: z.number().int().positive().optional(),
});
export const ExperimentConclude = z.strictObject({
  observed: Text(2000).min(5),
  learned: Text(2000).min(5),
  nextSteps: Text(2000).min(5),
  decision: Decision,
  version: z.number().int().positive().optional(),
});
export const VersionOnly = z.strictObject({ version: z.number().int().positive().optional() });

export const ObservationInput = z.strictObject({
  observedOn: DateOnly,
  successes: z.number().int().min(0).nullable().optional(),
  trials: z.number().int().min(1).nullable().optional(),
  value: z.number().finite().nullable().optional(),
  note: Text(2000).nullable().optional(),
  source: Text(200).nullable().optional(),
  strength: z.number().int().min(1).max(4).optional().meta({ description: "1 said · 2 did · 3 committed · 4 paid (default 2, or 1 for a note alone)" }),
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
export const PointBulk = z.strictObject({ points: z.array(PointInput).min(1).max(5000) });

export const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), fields: z.record(z.string(), z.string()).optional() }) });
