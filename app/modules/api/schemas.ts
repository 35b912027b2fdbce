/**
 * The API's shapes, requests and responses alike — one set of Zod schemas that validates what
 * clients send, shapes what the server answers (every success body is parsed through its schema
 * on the way out) and generates the OpenAPI document. Enum values are the stored names in lower
 * case (`landing_page`, `running`) everywhere; dates are YYYY-MM-DD; times are ISO 8601 in UTC.
 * Experiments and observations are the commands' own typed inputs in the API's arrangement
 * (metric, criterion): their fields carry the commands' rules and messages, and the rules that
 * span fields (timebox, target range, evidence on its experiment) are the commands' alone.
 */
import { z } from "zod";
import { ObservationInput as ObservationRow } from "~/modules/evidence/schemas";
import { ExperimentRules as R } from "~/modules/experiments/schemas";
import { TeamExportShape } from "~/modules/export/document";
import { SEARCH_TYPES } from "~/modules/search/types";
import { dateOnly } from "~/utils/date-only";
import { idField } from "~/utils/fields";

/** An API enum: the stored names, lower case ("LANDING_PAGE" is "landing_page" on the wire). */
function apiEnum<const T extends readonly [string, ...string[]]>(stored: T) {
  const values = stored.map((value) => value.toLowerCase()) as unknown as { [K in keyof T]: Lowercase<T[K]> };
  return z.enum(values);
}
export { toApiEnum } from "~/utils/enum-case";
/** An API enum value as it is stored. */
export const toStoredEnum = <T extends string>(value: T) => value.toUpperCase() as Uppercase<T>;

const DATE = { format: "date", example: "2026-03-02", description: "YYYY-MM-DD, a year from 1900 to 9999" } as const;
export const DateOnly = dateOnly().meta(DATE);
const Text = (max: number) => z.string().trim().max(max);
const Id = idField.meta({ description: "An id, as the API hands it out.", example: "cm8v0f2ka0001qz8k3x1b2c3d" });
const Timestamp = z.iso.datetime().meta({ example: "2026-03-02T09:30:00.000Z" });
const Version = z.int().positive().meta({ description: "Increases with every change; send it back to refuse a change made on stale data (409 conflict)." });

export const Category = apiEnum(["DESIRABILITY", "VIABILITY", "FEASIBILITY", "USABILITY"]);
export const HypothesisStatus = apiEnum(["UNTESTED", "TESTING", "VALIDATED", "INVALIDATED", "INCONCLUSIVE"]);
export const Method = apiEnum(["INTERVIEW", "SURVEY", "LANDING_PAGE", "FAKE_DOOR", "CONCIERGE", "WIZARD_OF_OZ", "PROTOTYPE", "PRE_SALE", "AB_TEST", "OTHER"]);
export const Kind = apiEnum(["RATE", "COUNT", "MEAN"]);
export const Comparator = apiEnum(["GTE", "LTE"]);
export const Decision = apiEnum(["PERSEVERE", "PIVOT", "KILL", "RETEST"]);
export const Stage = apiEnum(["MVP", "GROWTH"]);
export const ExperimentStatus = apiEnum(["DRAFT", "RUNNING", "CONCLUDED", "ABANDONED"]);
export const Verdict = apiEnum(["MET", "NOT_MET", "TOO_EARLY"]);
export const Direction = apiEnum(["UP", "DOWN"]);
export const GateStatus = apiEnum(["HOLD", "READY", "OPEN"]);
export const GateCriterionKind = apiEnum(["SIGNAL_SUSTAINED", "HYPOTHESIS_VALIDATED", "BOTTLENECK"]);

// ------------------------------------------------------------------------------------ requests

export const ProductCreate = z.strictObject({ name: Text(80).min(2), description: Text(500).optional() });
export const ProductPatch = z.strictObject({ name: Text(80).min(2).optional(), description: Text(500).optional(), version: Version.optional() });

export const HypothesisCreate = z.strictObject({
  productId: Id,
  statement: Text(500).min(10),
  category: Category,
  importance: z.int().min(1).max(5),
  segment: Text(120).optional(),
  ownerId: Id.optional().meta({ description: "A member of the team; the token's creator by default." }),
});
export const HypothesisPatch = z.strictObject({
  statement: Text(500).min(10).optional(),
  category: Category.optional(),
  importance: z.int().min(1).max(5).optional(),
  segment: Text(120).optional(),
  productId: Id.optional(),
  ownerId: Id.nullable().optional().meta({ description: "null leaves the hypothesis without an owner." }),
  version: Version.optional(),
});

const MetricInput = z.strictObject({ name: R.metricName, kind: Kind, unit: R.metricUnit.optional().meta({ description: "Ignored for a rate." }) });
const CriterionInput = z.strictObject({
  comparator: Comparator,
  target: R.target.meta({ description: "rate: a proportion from 0 to 1 (10 % is 0.1); count: not negative." }),
});

export const ExperimentCreate = z.strictObject({
  hypothesisId: Id,
  title: R.title,
  method: Method,
  plan: R.plan.optional(),
  metric: MetricInput,
  criterion: CriterionInput,
  startsOn: R.startsOn.meta(DATE),
  endsOn: R.endsOn.optional().meta({ ...DATE, description: "On or after startsOn and within a year of it; two weeks from startsOn by default." }),
});
export const ExperimentPatch = z.strictObject({
  title: R.title.optional(),
  method: Method.optional(),
  plan: R.plan.optional(),
  metric: MetricInput.partial().strict().optional(),
  criterion: CriterionInput.partial().strict().optional(),
  startsOn: R.startsOn.optional().meta(DATE),
  endsOn: R.endsOn.optional().meta(DATE),
  reason: R.reason.optional().meta({ description: "Required when changing the criterion of a started experiment." }),
  version: Version.optional(),
});
export const ExperimentConclude = z.strictObject({
  observed: R.observed,
  learned: R.learned,
  nextSteps: R.nextSteps,
  decision: Decision,
  version: Version.optional(),
});
export const ExperimentStart = z.strictObject({ version: Version.optional() });

/** An observation as addObservations takes it, less the idempotency key (the request's Idempotency-Key header sets it). */
export const ObservationInput = ObservationRow.in.omit({ idempotencyKey: true }).strict().meta({
  description: "rate: successes and trials; count and mean: value; or a note alone. strength: 1 said · 2 did · 3 committed · 4 paid (default 2, or 1 for a note alone).",
});
export const ObservationBulk = z.strictObject({ observations: z.array(ObservationInput).min(1).max(5000) });

export const SignalCreate = z.strictObject({
  productId: Id,
  name: Text(80).min(2),
  unit: Text(20).optional(),
  direction: Direction.optional().meta({ description: "up: higher is better (the default); down: lower is better." }),
  description: Text(300).optional(),
});
export const PointInput = z.strictObject({ date: DateOnly, value: z.number(), note: Text(300).nullable().optional() });
const Replace = z.boolean().optional().meta({ description: "Change a day's value that is already recorded (refused with 409 value_exists otherwise); each replacement is logged." });
export const PointSingle = PointInput.extend({ replace: Replace });
export const PointBulk = z.strictObject({ points: z.array(PointInput).min(1).max(5000), replace: Replace });

// ------------------------------------------------------------------------------ query strings

/** A query parameter: its value schema (numbers arrive as text and are read as numbers first) and what it means. */
export type QueryParameter = {
  schema: z.ZodType;
  integer?: boolean;
  /** Any text at all, NUL included: the handler cleans it (search), so it is never refused. */
  anyText?: boolean;
  description: string;
};

const PAGING: Record<string, QueryParameter> = {
  limit: { schema: z.int({ error: "Use a whole number from 1 to 100." }).min(1, "Use 1 to 100.").max(100, "Use 1 to 100.").default(50), integer: true, description: "Items per page, 1 to 100." },
  cursor: { schema: z.string().max(200).optional(), description: "The nextCursor of the previous page." },
};
export const ListQuery = PAGING;
export const HypothesisListQuery: Record<string, QueryParameter> = {
  ...PAGING,
  status: { schema: HypothesisStatus.optional(), description: "Only hypotheses with this status." },
  productId: { schema: Id.optional(), description: "Only hypotheses of this product." },
};
export const SearchQuery: Record<string, QueryParameter> = {
  q: {
    schema: z.string().default("").meta({ description: "Words, part of a word (typos forgiven) or a key (H-12, E-7); any text is accepted, and only the first 200 characters are searched. Without it, nothing is found." }),
    anyText: true,
    description: "What to search for.",
  },
  type: { schema: z.enum(SEARCH_TYPES).optional(), description: "Only items of this kind." },
  limit: { schema: z.int().min(1, "Use 1 to 50.").max(50, "Use 1 to 50.").default(20), integer: true, description: "Hits per page, 1 to 50." },
  cursor: { schema: z.string().max(200).optional(), description: "The nextCursor of the previous page." },
};
export const ExperimentListQuery: Record<string, QueryParameter> = { ...PAGING, hypothesisId: { schema: Id.optional(), description: "Only experiments testing this hypothesis." } };

// ----------------------------------------------------------------------------------- responses

export const Product = z.object({ id: Id, name: z.string(), description: z.string(), stage: Stage, version: Version, createdAt: Timestamp });

export const Hypothesis = z.object({
  id: Id,
  key: z.string().meta({ example: "H-12" }),
  productId: Id,
  statement: z.string(),
  segment: z.string(),
  category: Category,
  importance: z.int().min(1).max(5),
  status: HypothesisStatus,
  statusOverridden: z.boolean().meta({ description: "A person set the status by hand instead of leaving it to the evidence." }),
  evidenceStrength: z.int().min(0).max(4).meta({ description: "The strongest evidence behind it: 0 none · 1 said · 2 did · 3 committed · 4 paid." }),
  ownerId: Id.nullable(),
  version: Version,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

const Interval = z.object({ low: z.number(), high: z.number() });
const ResultSummary = {
  kind: Kind,
  n: z.int().min(0).meta({ description: "rate: trials; count and mean: values." }),
  estimate: z.number().nullable().meta({ description: "rate: the observed proportion; count: the total; mean: the mean; null without data." }),
  interval: Interval.nullable().meta({ description: "The 95 % interval (rate: Wilson; mean: t); null for a count or too little data." }),
  probabilityMeetsTarget: z.number().min(0).max(1).nullable().meta({ description: "rate only: the chance the true rate meets the criterion." }),
  verdict: Verdict,
};
const ExperimentFields = {
  id: Id,
  key: z.string().meta({ example: "E-7" }),
  hypothesisId: Id,
  title: z.string(),
  method: Method,
  plan: z.string(),
  metric: z.object({ name: z.string(), kind: Kind, unit: z.string() }),
  criterion: z.object({ comparator: Comparator, target: z.number() }),
  criterionChangedAfterStart: z.boolean(),
  startsOn: DateOnly,
  endsOn: DateOnly,
  status: ExperimentStatus,
  overdue: z.boolean().meta({ description: "Running past its end date." }),
  version: Version,
};
/** An experiment as lists show it. */
export const ExperimentSummary = z.object({ ...ExperimentFields, result: z.object(ResultSummary) });
const LearningCard = z.object({ observed: z.string(), learned: z.string(), nextSteps: z.string(), decision: Decision });
/** One experiment, with the whole of its result and its learning card once concluded. */
export const Experiment = z.object({
  ...ExperimentFields,
  result: z.object({
    ...ResultSummary,
    projection: z.number().nullable().meta({ description: "count only: the total at the end date at the pace so far." }),
    extraSampleNeeded: z.number().nullable().meta({ description: "While too early: about how many more trials, values or units could decide it." }),
    explanation: z.string().meta({ description: "The verdict in one plain sentence." }),
  }),
  learningCard: LearningCard.nullable(),
});

export const Observation = z.object({
  id: Id,
  observedOn: DateOnly,
  successes: z.int().nullable(),
  trials: z.int().nullable(),
  value: z.number().nullable(),
  note: z.string().nullable(),
  source: z.string().nullable(),
  strength: z.int().min(1).max(4),
  createdAt: Timestamp,
});

export const Signal = z.object({ id: Id, productId: Id, name: z.string(), unit: z.string(), direction: Direction, description: z.string(), createdAt: Timestamp });

export const Gate = z.object({
  productId: Id,
  stage: Stage,
  status: GateStatus,
  headline: z.string(),
  criteria: z.array(
    z.object({
      id: Id,
      kind: GateCriterionKind,
      label: z.string(),
      met: z.boolean(),
      current: z.number().nullable().meta({ description: "Signals: the latest value on or before today; null without data or for a hypothesis." }),
      distance: z.number().nullable().meta({ description: "Signals: how far the current value is from the threshold, 0 when there." }),
      weeksSustained: z.int().nullable().meta({ description: "Signals: ended weeks in a row meeting the threshold." }),
      weeksRequired: z.int().nullable(),
      summary: z.string(),
    }),
  ),
});

/** What a bulk write did with each row it was sent (one observation or point counts as a bulk of one). */
export const BulkResult = z.object({
  received: z.int().min(1).meta({ description: "Rows in the request." }),
  created: z.int().min(0).meta({ description: "Rows recorded for the first time." }),
  replaced: z.int().min(0).meta({ description: "Signal days whose value was replaced (replace: true). Always 0 for observations." }),
  unchanged: z.int().min(0).meta({ description: "Rows already recorded as sent: a retried request changes nothing." }),
});

export const SearchHit = z.object({
  type: z.enum(SEARCH_TYPES),
  key: z.string().nullable().meta({ description: "H-12 or E-7 where the item has a key (evidence, learnings and comments carry their experiment's or hypothesis's)." }),
  title: z.string(),
  snippet: z.string().meta({ description: "The text around the words that matched." }),
  url: z.string().meta({ description: "The page that shows the item.", format: "uri" }),
});

export const TeamExport = TeamExportShape;

export function PageOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable().meta({ description: "Pass as cursor for the next page; null on the last page." }) });
}

/** Every error code the API answers with. */
export const ERROR_CODES = [
  "invalid_request",
  "invalid_json",
  "invalid_idempotency_key",
  "unauthorized",
  "forbidden",
  "not_found",
  "method_not_allowed",
  "conflict",
  "value_exists",
  "idempotency_conflict",
  "payload_too_large",
  "unsupported_media_type",
  "idempotency_mismatch",
  "not_running",
  "wrong_status",
  "closed",
  "not_possible",
  "rate_limited",
  "internal",
  "unavailable",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ErrorBody = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES).meta({ description: "Stable; safe to branch on." }),
    message: z.string().meta({ description: "For people; may change." }),
    fields: z.record(z.string(), z.string()).optional().meta({ description: "The invalid fields or query parameters, by path (criterion.target, observations.3.trials, limit), with what is wrong." }),
  }),
});
