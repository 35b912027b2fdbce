/**
 * The team export document: one JSON file holding everything a team recorded, and the rules a file
 * must meet before anything is written (its shape, every reference resolving, every unique key
 * holding, the maintained counts agreeing with the rows). Pure: no database.
 *
 * The document never depends on database ids. Every row that something else points at gets an
 * export-local id of the form "<kind>:<n>" ("product:1", "hypothesis:12", "person:3"); the
 * same ids replace database ids inside the JSON snapshots (agendas, activity before/after), so
 * a re-imported team's agenda still knows which experiment a past verdict belonged to.
 */
import { z } from "zod";
import {
  Comparator,
  Decision,
  ExperimentMethod,
  ExperimentStatus,
  GateAction,
  GateCriterionKind,
  HypothesisCategory,
  HypothesisStatus,
  MetricKind,
  ProposalStatus,
  Role,
  SignalDirection,
  Stage,
  UpdateStatus,
  Verdict,
} from "~/generated/prisma/enums";
import { MAX_VALUE } from "~/modules/evidence/csv";
import { TeamNameSchema } from "~/modules/teams/schemas";
import { AppError } from "~/utils/errors";
import { dateOnly as dateOnlyRule } from "~/utils/date-only";
import { isStorableText } from "~/utils/fields";

export const EXPORT_FORMAT = "evident.team-export";
export const EXPORT_VERSION = 1;

const INT32_MAX = 2_147_483_647;
const int = z.int().min(-INT32_MAX - 1).max(INT32_MAX);
const count = z.int().min(0).max(INT32_MAX);
const strength = z.int().min(0).max(4);
// PostgreSQL cannot store NUL in text or jsonb, and half a surrogate pair is not Unicode (the
// database client fails on it); refusing both here keeps a bad file a 400.
const noNul = (value: string) => !value.includes("\u0000");
const text = z.string().refine(noNul, { error: "contains a NUL character" }).refine(isStorableText, { error: "contains half of a surrogate pair (not valid Unicode)" });
// Years before 1000 are either typos or dates PostgreSQL does not accept (there is no year 0).
const dateTime = z.iso
  .datetime({ error: "must be a date and time in ISO 8601 (e.g. 2026-01-15T09:30:00.000Z)" })
  .refine((value) => /^[1-9]/.test(value), { error: "must be a year from 1000 on" });
// Read exactly as written, with the same rule as every form, API body and CSV file.
const dateOnly = dateOnlyRule();
/** Export-local ids: a kind, a colon and a number. The fixed shape keeps the JSON remapping safe. */
const localId = z.string().regex(/^[a-z]+:[1-9][0-9]{0,9}$/, { error: 'must be an export-local id such as "product:1"' });
/** Every string (and key) in a JSON value, depth first. */
function* jsonStrings(value: unknown): Generator<string> {
  const stack = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === "string") yield item;
    else if (item && typeof item === "object")
      for (const [key, child] of Object.entries(item)) {
        yield key;
        stack.push(child);
      }
  }
}
const json = z
  .json()
  .refine((value) => !JSON.stringify(value).includes("\\u0000"), { error: "contains a NUL character" })
  .refine((value) => [...jsonStrings(value)].every(isStorableText), { error: "contains half of a surrogate pair (not valid Unicode)" });

const PersonSchema = z.object({ id: localId, email: z.email({ error: "must be an email address" }).max(320), name: text.max(200) });
const MembershipSchema = z.object({ person: localId, role: z.enum(Role) });
const ProductSchema = z.object({
  id: localId,
  name: text,
  description: text,
  stage: z.enum(Stage),
  version: count,
  deletedAt: dateTime.nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
});
const HypothesisSchema = z.object({
  id: localId,
  number: z.int().min(1).max(INT32_MAX),
  product: localId,
  statement: text,
  segment: text,
  category: z.enum(HypothesisCategory),
  importance: int,
  owner: localId.nullable(),
  status: z.enum(HypothesisStatus),
  statusOverridden: z.boolean(),
  evidenceStrength: strength,
  version: count,
  createdBy: localId,
  deletedAt: dateTime.nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
});
const ExperimentSchema = z.object({
  id: localId,
  number: z.int().min(1).max(INT32_MAX),
  hypothesis: localId,
  title: text,
  method: z.enum(ExperimentMethod),
  plan: text,
  metricName: text,
  metricUnit: text,
  metricKind: z.enum(MetricKind),
  comparator: z.enum(Comparator),
  target: z.number(),
  startsOn: dateOnly,
  endsOn: dateOnly,
  status: z.enum(ExperimentStatus),
  startedAt: dateTime.nullable(),
  concludedAt: dateTime.nullable(),
  criterionChangedAfterStart: z.boolean(),
  finalVerdict: z.enum(Verdict).nullable(),
  observationCount: count,
  successes: z.number(),
  trials: z.number(),
  valueCount: count,
  valueSum: z.number(),
  valueSumSquares: z.number(),
  lastObservedOn: dateOnly.nullable(),
  maxStrength: strength,
  version: count,
  createdBy: localId,
  /** The experiment this one retests, by its number (E-4 → 4). */
  retestOf: z.int().min(1).max(INT32_MAX).nullable(),
  deletedAt: dateTime.nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
});
const ObservationSchema = z.object({
  experiment: localId,
  observedOn: dateOnly,
  successes: count.nullable(),
  trials: count.nullable(),
  value: z.number().min(-MAX_VALUE).max(MAX_VALUE).nullable(),
  note: text.nullable(),
  source: text.nullable(),
  strength: z.int().min(1).max(4),
  loggedBy: localId,
  idempotencyKey: text.max(200).nullable(),
  deletedAt: dateTime.nullable(),
  createdAt: dateTime,
});
const LearningCardSchema = z.object({
  id: localId,
  experiment: localId,
  observed: text,
  learned: text,
  nextSteps: text,
  decision: z.enum(Decision),
  verdictSnapshot: json,
  createdBy: localId,
  createdAt: dateTime,
});
const CommentSchema = z.object({
  id: localId,
  hypothesis: localId.nullable(),
  experiment: localId.nullable(),
  author: localId,
  body: text,
  deletedAt: dateTime.nullable(),
  createdAt: dateTime,
});
const SignalSchema = z.object({
  id: localId,
  product: localId,
  name: text,
  unit: text,
  direction: z.enum(SignalDirection),
  description: text,
  version: count,
  deletedAt: dateTime.nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
});
const SignalPointSchema = z.object({ signal: localId, date: dateOnly, value: z.number(), note: text.nullable(), createdAt: dateTime });
const GateCriterionSchema = z.object({
  id: localId,
  product: localId,
  kind: z.enum(GateCriterionKind),
  signal: localId.nullable(),
  hypothesis: localId.nullable(),
  threshold: z.number().nullable(),
  comparator: z.enum(Comparator).nullable(),
  weeks: int,
  deletedAt: dateTime.nullable(),
  createdAt: dateTime,
});
const GateDecisionSchema = z.object({
  id: localId,
  product: localId,
  action: z.enum(GateAction),
  rationale: text,
  snapshot: json,
  decidedBy: localId,
  createdAt: dateTime,
});
const ScaleProposalSchema = z.object({
  id: localId,
  product: localId,
  title: text,
  description: text,
  signal: localId,
  threshold: z.number(),
  comparator: z.enum(Comparator),
  weeks: int,
  status: z.enum(ProposalStatus),
  decisionNote: text.nullable(),
  evidenceSnapshot: json.nullable(),
  decidedBy: localId.nullable(),
  decidedAt: dateTime.nullable(),
  createdBy: localId,
  version: count,
  createdAt: dateTime,
});
const ReviewSchema = z.object({
  id: localId,
  heldOn: dateOnly,
  attendees: text,
  notes: text,
  decisions: text,
  agenda: json,
  /** Decisions and action items as the review recorded them; files from before minutes were kept have none. */
  minutes: json.nullable().default(null),
  createdBy: localId,
  createdAt: dateTime,
});
const ActionItemSchema = z.object({
  id: localId,
  title: text,
  owner: localId.nullable(),
  dueOn: dateOnly.nullable(),
  experiment: localId.nullable(),
  hypothesis: localId.nullable(),
  status: z.enum(["OPEN", "DONE"]),
  doneAt: dateTime.nullable(),
  raisedIn: localId.nullable(),
  closedIn: localId.nullable(),
  version: count,
  createdBy: localId,
  createdAt: dateTime,
});
const InvestorUpdateSchema = z.object({
  id: localId,
  title: text,
  periodStart: dateOnly,
  periodEnd: dateOnly,
  highlights: text,
  lowlights: text,
  asks: text,
  status: z.enum(UpdateStatus),
  snapshot: json.nullable(),
  publishedAt: dateTime.nullable(),
  version: count,
  createdBy: localId,
  createdAt: dateTime,
  updatedAt: dateTime,
});
const TemplateSchema = z.object({
  id: localId,
  name: text,
  method: z.enum(ExperimentMethod),
  plan: text,
  metricName: text,
  metricUnit: text,
  metricKind: z.enum(MetricKind),
  comparator: z.enum(Comparator),
  target: z.number(),
  /** The timebox length in days, both ends counted (at most a year and a day). */
  days: z.int().min(1).max(366),
  version: count,
  createdBy: localId,
  deletedAt: dateTime.nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
});
const ActivitySchema = z.object({
  actor: localId.nullable(),
  /** Whether the entry came with an earlier import (absent in older files: false). */
  imported: z.boolean().optional(),
  action: text.max(200),
  entityType: text.max(200),
  /** An export-local id when the entity is in the document, else the source's opaque id. */
  entityId: text.max(200),
  summary: text,
  before: json.nullable(),
  after: json.nullable(),
  createdAt: dateTime,
});

const DocumentSchema = z.object({
  // Checked first, so a file of another kind or version fails on that and not on its contents.
  format: z.literal(EXPORT_FORMAT, { error: `must be "${EXPORT_FORMAT}" (this is not an Evident team export)` }),
  version: z.literal(EXPORT_VERSION, { error: `must be ${EXPORT_VERSION} (this Evident imports version ${EXPORT_VERSION} exports only)` }),
  exportedAt: dateTime,
  team: z.object({ name: TeamNameSchema, slug: text.max(100), hypothesisSeq: count, experimentSeq: count }),
  people: z.array(PersonSchema),
  memberships: z.array(MembershipSchema),
  products: z.array(ProductSchema),
  hypotheses: z.array(HypothesisSchema),
  experiments: z.array(ExperimentSchema),
  observations: z.array(ObservationSchema),
  learningCards: z.array(LearningCardSchema),
  comments: z.array(CommentSchema),
  signals: z.array(SignalSchema),
  signalPoints: z.array(SignalPointSchema),
  gateCriteria: z.array(GateCriterionSchema),
  gateDecisions: z.array(GateDecisionSchema),
  scaleProposals: z.array(ScaleProposalSchema),
  reviews: z.array(ReviewSchema),
  actionItems: z.array(ActionItemSchema).default([]),
  investorUpdates: z.array(InvestorUpdateSchema),
  /** Experiment templates; files from before templates existed have none. */
  templates: z.array(TemplateSchema).default([]),
  activity: z.array(ActivitySchema),
});

type Document = z.output<typeof DocumentSchema>;
/** The document's shape alone (without the cross-row checks an import runs): what the API documents and answers with. */
export const TeamExportShape = DocumentSchema;

/** Every reference must resolve and every unique key must hold, or the import would fail halfway. */
function checkReferences(doc: Document, ctx: z.RefinementCtx<Document>) {
  let reported = 0;
  const issue = (path: (string | number)[], message: string) => {
    // One problem is enough to reject the file; a few help fix it; thousands help nobody.
    if (reported++ < 20) ctx.addIssue({ code: "custom", path, message });
  };
  // Ids are unique across the whole file: an import maps each to one new row, whatever its kind.
  const everyId = new Set<string>();
  const idsOf = (name: string, rows: { id: string }[]) => {
    const ids = new Set<string>();
    rows.forEach((row, index) => {
      if (everyId.has(row.id)) issue([name, index, "id"], `repeats the id ${row.id}`);
      ids.add(row.id);
      everyId.add(row.id);
    });
    return ids;
  };
  const people = idsOf("people", doc.people);
  const products = idsOf("products", doc.products);
  const hypotheses = idsOf("hypotheses", doc.hypotheses);
  const experiments = idsOf("experiments", doc.experiments);
  const signals = idsOf("signals", doc.signals);
  for (const [name, rows] of [
    ["learningCards", doc.learningCards],
    ["comments", doc.comments],
    ["gateCriteria", doc.gateCriteria],
    ["gateDecisions", doc.gateDecisions],
    ["scaleProposals", doc.scaleProposals],
    ["investorUpdates", doc.investorUpdates],
  ] as const) {
    idsOf(name, rows);
  }
  const reviews = idsOf("reviews", doc.reviews);
  idsOf("actionItems", doc.actionItems);
  idsOf("templates", doc.templates);
  const must = (ids: Set<string>, kind: string, value: string | null, path: (string | number)[]) => {
    if (value !== null && !ids.has(value)) issue(path, `refers to ${kind} ${value}, which is not in the file`);
  };
  const unique = <T>(seen: Set<T>, value: T, path: (string | number)[], message: string) => {
    if (seen.has(value)) issue(path, message);
    seen.add(value);
  };

  const emails = new Set<string>();
  doc.people.forEach((person, i) => unique(emails, person.email.toLowerCase(), ["people", i, "email"], `repeats the email ${person.email}`));
  doc.memberships.forEach((m, i) => must(people, "person", m.person, ["memberships", i, "person"]));

  const hypothesisNumbers = new Set<number>();
  doc.hypotheses.forEach((h, i) => {
    unique(hypothesisNumbers, h.number, ["hypotheses", i, "number"], `repeats the hypothesis number ${h.number}`);
    must(products, "product", h.product, ["hypotheses", i, "product"]);
    must(people, "person", h.owner, ["hypotheses", i, "owner"]);
    must(people, "person", h.createdBy, ["hypotheses", i, "createdBy"]);
  });
  const experimentNumbers = new Set<number>();
  doc.experiments.forEach((e, i) => unique(experimentNumbers, e.number, ["experiments", i, "number"], `repeats the experiment number ${e.number}`));
  doc.experiments.forEach((e, i) => {
    must(hypotheses, "hypothesis", e.hypothesis, ["experiments", i, "hypothesis"]);
    must(people, "person", e.createdBy, ["experiments", i, "createdBy"]);
    if (e.retestOf !== null && !experimentNumbers.has(e.retestOf)) issue(["experiments", i, "retestOf"], `refers to experiment number ${e.retestOf}, which is not in the file`);
  });
  const idempotencyKeys = new Set<string>();
  doc.observations.forEach((o, i) => {
    must(experiments, "experiment", o.experiment, ["observations", i, "experiment"]);
    must(people, "person", o.loggedBy, ["observations", i, "loggedBy"]);
    if (o.idempotencyKey !== null) {
      unique(idempotencyKeys, JSON.stringify([o.experiment, o.idempotencyKey]), ["observations", i, "idempotencyKey"], `repeats the idempotency key of another observation of ${o.experiment}`);
    }
  });
  const carded = new Set<string>();
  doc.learningCards.forEach((c, i) => {
    must(experiments, "experiment", c.experiment, ["learningCards", i, "experiment"]);
    unique(carded, c.experiment, ["learningCards", i, "experiment"], `is a second learning card for ${c.experiment}`);
    must(people, "person", c.createdBy, ["learningCards", i, "createdBy"]);
  });
  doc.comments.forEach((c, i) => {
    must(hypotheses, "hypothesis", c.hypothesis, ["comments", i, "hypothesis"]);
    must(experiments, "experiment", c.experiment, ["comments", i, "experiment"]);
    must(people, "person", c.author, ["comments", i, "author"]);
  });
  doc.signals.forEach((s, i) => must(products, "product", s.product, ["signals", i, "product"]));
  const pointDays = new Set<string>();
  doc.signalPoints.forEach((p, i) => {
    must(signals, "signal", p.signal, ["signalPoints", i, "signal"]);
    unique(pointDays, `${p.signal}@${p.date}`, ["signalPoints", i, "date"], `is a second value of ${p.signal} on ${p.date}`);
  });
  doc.gateCriteria.forEach((c, i) => {
    must(products, "product", c.product, ["gateCriteria", i, "product"]);
    must(signals, "signal", c.signal, ["gateCriteria", i, "signal"]);
    must(hypotheses, "hypothesis", c.hypothesis, ["gateCriteria", i, "hypothesis"]);
  });
  doc.gateDecisions.forEach((d, i) => {
    must(products, "product", d.product, ["gateDecisions", i, "product"]);
    must(people, "person", d.decidedBy, ["gateDecisions", i, "decidedBy"]);
  });
  doc.scaleProposals.forEach((p, i) => {
    must(products, "product", p.product, ["scaleProposals", i, "product"]);
    must(signals, "signal", p.signal, ["scaleProposals", i, "signal"]);
    must(people, "person", p.createdBy, ["scaleProposals", i, "createdBy"]);
    must(people, "person", p.decidedBy, ["scaleProposals", i, "decidedBy"]);
  });
  doc.reviews.forEach((r, i) => must(people, "person", r.createdBy, ["reviews", i, "createdBy"]));
  doc.actionItems.forEach((a, i) => {
    must(people, "person", a.owner, ["actionItems", i, "owner"]);
    must(people, "person", a.createdBy, ["actionItems", i, "createdBy"]);
    must(experiments, "experiment", a.experiment, ["actionItems", i, "experiment"]);
    must(hypotheses, "hypothesis", a.hypothesis, ["actionItems", i, "hypothesis"]);
    must(reviews, "review", a.raisedIn, ["actionItems", i, "raisedIn"]);
    must(reviews, "review", a.closedIn, ["actionItems", i, "closedIn"]);
    if (a.experiment !== null && a.hypothesis !== null) issue(["actionItems", i, "hypothesis"], "follows up an experiment and a hypothesis; an action item follows up one of them");
    if ((a.status === "DONE") !== (a.doneAt !== null)) issue(["actionItems", i, "doneAt"], "a done action item has the time it was done, an open one has none");
  });
  doc.investorUpdates.forEach((u, i) => must(people, "person", u.createdBy, ["investorUpdates", i, "createdBy"]));
  const templateNames = new Set<string>();
  doc.templates.forEach((t, i) => {
    must(people, "person", t.createdBy, ["templates", i, "createdBy"]);
    unique(templateNames, t.name.toLocaleLowerCase("en"), ["templates", i, "name"], `repeats the template name ${JSON.stringify(t.name)}`);
  });
  doc.activity.forEach((a, i) => must(people, "person", a.actor, ["activity", i, "actor"]));
  checkMaintainedState(doc, issue, carded);
}

type Sums = { count: number; successes: number; trials: number; valueCount: number; valueSum: number; valueSumSquares: number; maxStrength: number; last: string | null };
const NO_SUMS: Sums = { count: 0, successes: 0, trials: 0, valueCount: 0, valueSum: 0, valueSumSquares: 0, maxStrength: 0, last: null };

/** What each experiment's live observations in the file add up to. */
function recount(doc: Document): Map<string, Sums> {
  const sums = new Map<string, Sums>();
  for (const o of doc.observations) {
    if (o.deletedAt !== null) continue;
    const s = sums.get(o.experiment) ?? { ...NO_SUMS };
    s.count += 1;
    s.successes += o.successes ?? 0;
    s.trials += o.trials ?? 0;
    if (o.value !== null) {
      s.valueCount += 1;
      s.valueSum += o.value;
      s.valueSumSquares += o.value * o.value;
    }
    s.maxStrength = Math.max(s.maxStrength, o.strength);
    if (s.last === null || o.observedOn > s.last) s.last = o.observedOn;
    sums.set(o.experiment, s);
  }
  return sums;
}

/** Statuses must agree with learning cards and dates, and the short-number sequences must be ahead of every number. */
function checkMaintainedState(doc: Document, issue: (path: (string | number)[], message: string) => void, carded: ReadonlySet<string>) {
  const sums = recount(doc);
  doc.experiments.forEach((e, i) => {
    const concluded = e.status === "CONCLUDED";
    if (concluded !== carded.has(e.id)) issue(["experiments", i, "status"], concluded ? "is CONCLUDED without a learning card" : `is ${e.status} but has a learning card`);
    if (concluded !== (e.finalVerdict !== null)) issue(["experiments", i, "finalVerdict"], concluded ? "is missing for a concluded experiment" : "is set, but only a concluded experiment has one");
    if ((e.status === "RUNNING" || concluded) && e.startedAt === null) issue(["experiments", i, "startedAt"], `is missing for a ${e.status.toLowerCase()} experiment`);
    if (e.status === "DRAFT" && (sums.get(e.id)?.count ?? 0) > 0) issue(["experiments", i, "status"], "is DRAFT but has observations");
    if (e.endsOn < e.startsOn) issue(["experiments", i, "endsOn"], "is before startsOn");
  });
  const highest = (numbers: number[]) => numbers.reduce((max, n) => Math.max(max, n), 0);
  if (doc.team.hypothesisSeq < highest(doc.hypotheses.map((h) => h.number))) issue(["team", "hypothesisSeq"], "is below the highest hypothesis number");
  if (doc.team.experimentSeq < highest(doc.experiments.map((e) => e.number))) issue(["team", "experimentSeq"], "is below the highest experiment number");
}

/**
 * The maintained aggregates (an experiment's counts, sums and strongest evidence; a hypothesis's
 * evidence strength) are derived from the observations, and every verdict reads them: the
 * imported team gets what the file's observations add up to. Values that already agree are kept
 * as they are (sums kept row by row may differ from a recount in the last bits), so an export of a
 * consistent team imports back identically.
 */
export function withRecountedAggregates(doc: Document): Document {
  const sums = recount(doc);
  const same = (kept: number, counted: number) => Math.abs(kept - counted) <= 1e-9 * Math.max(1, Math.abs(counted));
  const pick = (kept: number, counted: number) => (same(kept, counted) ? kept : counted);
  const experiments = doc.experiments.map((e) => {
    const s = sums.get(e.id) ?? NO_SUMS;
    return {
      ...e,
      observationCount: s.count,
      successes: pick(e.successes, s.successes),
      trials: pick(e.trials, s.trials),
      valueCount: s.valueCount,
      valueSum: pick(e.valueSum, s.valueSum),
      valueSumSquares: pick(e.valueSumSquares, s.valueSumSquares),
      maxStrength: s.maxStrength,
      lastObservedOn: s.last,
    };
  });
  const strongest = new Map<string, number>();
  for (const e of experiments) if (e.deletedAt === null) strongest.set(e.hypothesis, Math.max(strongest.get(e.hypothesis) ?? 0, e.maxStrength));
  const hypotheses = doc.hypotheses.map((h) => ({ ...h, evidenceStrength: strongest.get(h.id) ?? 0 }));
  return { ...doc, experiments, hypotheses };
}

const CheckedDocumentSchema = DocumentSchema.superRefine(checkReferences);

export type TeamExport = Document;
/** A JSON snapshot inside the document (an agenda, an activity entry's before and after). */
export type Snapshot = z.output<typeof json>;
export const TeamExportSchema: z.ZodType<TeamExport> = CheckedDocumentSchema;

/** "experiments[3].hypothesis" */
function formatPath(path: readonly PropertyKey[]): string {
  return path.map((part, index) => (typeof part === "number" ? `[${part}]` : index === 0 ? String(part) : `.${String(part)}`)).join("");
}

/** The validated document, or an AppError 400 naming the first problem and where it is. */
export function parseTeamExport(doc: unknown): TeamExport {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    throw new AppError(400, "invalid_export", "This file is not an Evident team export: it is not a JSON object.");
  }
  const result = CheckedDocumentSchema.safeParse(doc);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  const where = first.path.length > 0 ? `${formatPath(first.path)}: ` : "";
  const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more problem${result.error.issues.length === 2 ? "" : "s"})` : "";
  throw new AppError(400, "invalid_export", `This file can't be imported. ${where}${first.message}${more}.`);
}

// ---------------------------------------------------------------------------------------------
// Ids inside JSON snapshots

/** Replaces every string (value or key) that is exactly a known id; all other content is untouched. */
export function remapJson(value: unknown, ids: ReadonlyMap<string, string>): unknown {
  if (typeof value === "string") return ids.get(value) ?? value;
  if (Array.isArray(value)) return value.map((item) => remapJson(item, ids));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[ids.get(key) ?? key] = remapJson(item, ids);
    return out;
  }
  return value;
}
