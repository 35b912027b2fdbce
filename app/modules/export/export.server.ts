/**
 * Team export and import: one JSON document holding everything a team recorded, and the import
 * that turns such a document into a NEW team, in one transaction (all or nothing).
 *
 * The document never depends on database ids. Every row that something else points at gets an
 * export-local id of the form "<kind>:<n>" ("product:1", "hypothesis:12", "person:3"); the
 * same ids replace database ids inside the JSON snapshots (agendas, activity before/after), so
 * a re-imported team's agenda still knows which experiment a past verdict belonged to.
 */
import { z } from "zod";
import { Prisma } from "~/generated/prisma/client";
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
import { recordActivity } from "~/modules/activity/activity.server";
import { MAX_VALUE } from "~/modules/evidence/csv";
import { insertObservationRows } from "~/modules/evidence/observations.server";
import { slugify, uniqueSlug } from "~/modules/teams/slug";
import { TeamNameSchema } from "~/modules/teams/schemas";
import { db, type Transaction } from "~/utils/db.server";
import { orderedIds } from "~/utils/ids.server";
import { AppError, conflict, notFound } from "~/utils/errors";
import { dateOnlyProblem, fromDateOnly, MAX_YEAR, MIN_YEAR, toDateOnly } from "~/utils/date-only";
import { isStorableText } from "~/utils/fields";

export const EXPORT_FORMAT = "evident.team-export";
export const EXPORT_VERSION = 1;

/** Rows read per query while exporting, so a team with 100,000+ observations is read in pages. */
const READ_PAGE = 10_000;
/** Rows per INSERT while importing, at most. */
const WRITE_CHUNK = 5_000;
/**
 * Bind parameters (one per column per row) above which Prisma splits a createMany itself and
 * sends the parts concurrently on the transaction's one connection (pg deprecates that).
 */
const MAX_BIND_PARAMETERS = 32_766;
/** A large import is one long transaction; Prisma's 5 s default would abort it. */
const IMPORT_TIMEOUT_MS = 10 * 60_000;

// ---------------------------------------------------------------------------------------------
// The document

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
const dateOnly = z.string().superRefine((value, context) => {
  const problem = dateOnlyProblem(value);
  if (problem === "format") context.addIssue({ code: "custom", message: "must be a date written YYYY-MM-DD" });
  else if (problem === "range") context.addIssue({ code: "custom", message: `must be a date between ${MIN_YEAR} and ${MAX_YEAR}` });
});
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
  investorUpdates: z.array(InvestorUpdateSchema),
  activity: z.array(ActivitySchema),
});

type Document = z.output<typeof DocumentSchema>;

/** Every reference must resolve and every unique key must hold, or the import would fail halfway. */
function checkReferences(doc: Document, ctx: z.RefinementCtx<Document>) {
  let reported = 0;
  const issue = (path: (string | number)[], message: string) => {
    // One problem is enough to reject the file; a few help fix it; thousands help nobody.
    if (reported++ < 20) ctx.addIssue({ code: "custom", path, message });
  };
  const idsOf = (name: string, rows: { id: string }[]) => {
    const ids = new Set<string>();
    rows.forEach((row, index) => {
      if (ids.has(row.id)) issue([name, index, "id"], `repeats the id ${row.id}`);
      ids.add(row.id);
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
    ["reviews", doc.reviews],
    ["investorUpdates", doc.investorUpdates],
  ] as const) {
    idsOf(name, rows);
  }
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
  doc.investorUpdates.forEach((u, i) => must(people, "person", u.createdBy, ["investorUpdates", i, "createdBy"]));
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
function withRecountedAggregates(doc: Document): Document {
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
function remapJson(value: unknown, ids: ReadonlyMap<string, string>): unknown {
  if (typeof value === "string") return ids.get(value) ?? value;
  if (Array.isArray(value)) return value.map((item) => remapJson(item, ids));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[ids.get(key) ?? key] = remapJson(item, ids);
    return out;
  }
  return value;
}

const iso = (date: Date) => date.toISOString();
const isoOrNull = (date: Date | null) => (date ? date.toISOString() : null);
const dayOrNull = (date: Date | null) => (date ? toDateOnly(date) : null);

// ---------------------------------------------------------------------------------------------
// Export

/** Reads all of a query's rows in pages of READ_PAGE, ordered so that a cursor is stable. */
async function readAll<T extends { id: string }>(page: (cursor: { cursor?: { id: string }; skip?: number; take: number }) => Promise<T[]>): Promise<T[]> {
  const rows: T[] = [];
  for (let cursor: string | undefined; ; ) {
    const batch = await page({ take: READ_PAGE, ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}) });
    rows.push(...batch);
    if (batch.length < READ_PAGE) return rows;
    cursor = batch[batch.length - 1].id;
  }
}

// Creation order, ties broken by id. The import hands out ids that sort in document order, so
// exporting an imported team lists every row in the same order as the file it came from.
const created = () => [{ createdAt: "asc" as const }, { id: "asc" as const }];

/** Everything the team recorded, as a self-contained document. */
export async function exportTeam(teamId: string): Promise<TeamExport> {
  const team = await db.team.findUnique({ where: { id: teamId }, select: { id: true, name: true, slug: true, hypothesisSeq: true, experimentSeq: true } });
  if (!team) throw notFound("That team no longer exists.");
  const where = { teamId };
  const orderBy = created();
  const [memberships, products, hypotheses, experiments, learningCards, comments, signals, gateCriteria, gateDecisions, scaleProposals, reviews, investorUpdates] = await Promise.all([
    db.membership.findMany({ where, select: { userId: true, role: true } }),
    db.product.findMany({ where, orderBy }),
    db.hypothesis.findMany({ where, orderBy: { number: "asc" } }),
    db.experiment.findMany({ where, orderBy: { number: "asc" } }),
    db.learningCard.findMany({ where, orderBy }),
    db.comment.findMany({ where, orderBy }),
    db.signal.findMany({ where, orderBy }),
    db.gateCriterion.findMany({ where, orderBy }),
    db.gateDecision.findMany({ where, orderBy }),
    db.scaleProposal.findMany({ where, orderBy }),
    db.review.findMany({ where, orderBy }),
    // Share links are deliberately not read: their tokens are secrets of the source team.
    db.investorUpdate.findMany({ where, orderBy }),
  ]);
  const observations = await readAll((page) => db.observation.findMany({ where, orderBy, ...page }));
  const signalPoints = await readAll((page) => db.signalPoint.findMany({ where, orderBy, ...page }));
  const activity = await readAll((page) => db.activityEvent.findMany({ where, orderBy, ...page }));

  // People: everyone the team's rows point at, plus its members, by email.
  const userIds = new Set<string>(memberships.map((m) => m.userId));
  const addUser = (id: string | null) => id !== null && userIds.add(id);
  hypotheses.forEach((h) => (addUser(h.ownerId), addUser(h.createdById)));
  experiments.forEach((e) => addUser(e.createdById));
  observations.forEach((o) => addUser(o.loggedById));
  learningCards.forEach((c) => addUser(c.createdById));
  comments.forEach((c) => addUser(c.authorId));
  gateDecisions.forEach((d) => addUser(d.decidedById));
  scaleProposals.forEach((p) => (addUser(p.createdById), addUser(p.decidedById)));
  reviews.forEach((r) => addUser(r.createdById));
  investorUpdates.forEach((u) => addUser(u.createdById));
  activity.forEach((a) => addUser(a.actorId));
  const users = await db.user.findMany({ where: { id: { in: [...userIds] } }, select: { id: true, email: true, name: true }, orderBy: { email: "asc" } });
  // Activity about members ("removed Sam") points at the member's user id: name them too when they still exist.
  const memberEntityIds = activity.filter((a) => a.entityType === "member" && !userIds.has(a.entityId)).map((a) => a.entityId);
  if (memberEntityIds.length > 0) {
    users.push(...(await db.user.findMany({ where: { id: { in: [...new Set(memberEntityIds)] } }, select: { id: true, email: true, name: true } })));
    users.sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
  }

  // Source id → export-local id.
  const ids = new Map<string, string>([[team.id, "team:1"]]);
  const assign = (kind: string, rows: { id: string }[]) => rows.forEach((row, index) => ids.set(row.id, `${kind}:${index + 1}`));
  assign("person", users);
  assign("product", products);
  // Hypotheses and experiments by their team number, so "hypothesis:12" is H-12.
  hypotheses.forEach((h) => ids.set(h.id, `hypothesis:${h.number}`));
  experiments.forEach((e) => ids.set(e.id, `experiment:${e.number}`));
  assign("card", learningCards);
  assign("comment", comments);
  assign("signal", signals);
  assign("criterion", gateCriteria);
  assign("decision", gateDecisions);
  assign("proposal", scaleProposals);
  assign("review", reviews);
  assign("update", investorUpdates);
  const ref = (id: string) => {
    const local = ids.get(id);
    if (local === undefined) throw new Error(`export: ${id} is referenced but was not exported`);
    return local;
  };
  const refOrNull = (id: string | null) => (id === null ? null : ref(id));
  const snapshot = (value: Prisma.JsonValue) => remapJson(value, ids) as z.output<typeof json>;
  const snapshotOrNull = (value: Prisma.JsonValue | null) => (value === null ? null : snapshot(value));
  const numberOf = new Map(experiments.map((e) => [e.id, e.number]));

  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: new Date().toISOString(),
    team: { name: team.name, slug: team.slug, hypothesisSeq: team.hypothesisSeq, experimentSeq: team.experimentSeq },
    people: users.map((u) => ({ id: ref(u.id), email: u.email, name: u.name })),
    memberships: memberships
      .map((m) => ({ person: ref(m.userId), role: m.role }))
      .sort((a, b) => Number(a.person.split(":")[1]) - Number(b.person.split(":")[1])),
    products: products.map((p) => ({
      id: ref(p.id), name: p.name, description: p.description, stage: p.stage, version: p.version,
      deletedAt: isoOrNull(p.deletedAt), createdAt: iso(p.createdAt), updatedAt: iso(p.updatedAt),
    })),
    hypotheses: hypotheses.map((h) => ({
      id: ref(h.id), number: h.number, product: ref(h.productId), statement: h.statement, segment: h.segment, category: h.category,
      importance: h.importance, owner: refOrNull(h.ownerId), status: h.status, statusOverridden: h.statusOverridden,
      evidenceStrength: h.evidenceStrength, version: h.version, createdBy: ref(h.createdById),
      deletedAt: isoOrNull(h.deletedAt), createdAt: iso(h.createdAt), updatedAt: iso(h.updatedAt),
    })),
    experiments: experiments.map((e) => ({
      id: ref(e.id), number: e.number, hypothesis: ref(e.hypothesisId), title: e.title, method: e.method, plan: e.plan,
      metricName: e.metricName, metricUnit: e.metricUnit, metricKind: e.metricKind, comparator: e.comparator, target: e.target,
      startsOn: toDateOnly(e.startsOn), endsOn: toDateOnly(e.endsOn), status: e.status,
      startedAt: isoOrNull(e.startedAt), concludedAt: isoOrNull(e.concludedAt),
      criterionChangedAfterStart: e.criterionChangedAfterStart, finalVerdict: e.finalVerdict,
      observationCount: e.observationCount, successes: e.successes, trials: e.trials, valueCount: e.valueCount,
      valueSum: e.valueSum, valueSumSquares: e.valueSumSquares, lastObservedOn: dayOrNull(e.lastObservedOn),
      maxStrength: e.maxStrength, version: e.version, createdBy: ref(e.createdById),
      retestOf: e.retestOfId === null ? null : (numberOf.get(e.retestOfId) ?? null),
      deletedAt: isoOrNull(e.deletedAt), createdAt: iso(e.createdAt), updatedAt: iso(e.updatedAt),
    })),
    observations: observations.map((o) => ({
      experiment: ref(o.experimentId), observedOn: toDateOnly(o.observedOn), successes: o.successes, trials: o.trials, value: o.value,
      note: o.note, source: o.source, strength: o.strength, loggedBy: ref(o.loggedById), idempotencyKey: o.idempotencyKey,
      deletedAt: isoOrNull(o.deletedAt), createdAt: iso(o.createdAt),
    })),
    learningCards: learningCards.map((c) => ({
      id: ref(c.id), experiment: ref(c.experimentId), observed: c.observed, learned: c.learned, nextSteps: c.nextSteps,
      decision: c.decision, verdictSnapshot: snapshot(c.verdictSnapshot), createdBy: ref(c.createdById), createdAt: iso(c.createdAt),
    })),
    comments: comments.map((c) => ({
      id: ref(c.id), hypothesis: refOrNull(c.hypothesisId), experiment: refOrNull(c.experimentId), author: ref(c.authorId),
      body: c.body, deletedAt: isoOrNull(c.deletedAt), createdAt: iso(c.createdAt),
    })),
    signals: signals.map((s) => ({
      id: ref(s.id), product: ref(s.productId), name: s.name, unit: s.unit, direction: s.direction, description: s.description,
      version: s.version, deletedAt: isoOrNull(s.deletedAt), createdAt: iso(s.createdAt), updatedAt: iso(s.updatedAt),
    })),
    signalPoints: signalPoints.map((p) => ({ signal: ref(p.signalId), date: toDateOnly(p.date), value: p.value, note: p.note, createdAt: iso(p.createdAt) })),
    gateCriteria: gateCriteria.map((c) => ({
      id: ref(c.id), product: ref(c.productId), kind: c.kind, signal: refOrNull(c.signalId), hypothesis: refOrNull(c.hypothesisId),
      threshold: c.threshold, comparator: c.comparator, weeks: c.weeks, deletedAt: isoOrNull(c.deletedAt), createdAt: iso(c.createdAt),
    })),
    gateDecisions: gateDecisions.map((d) => ({
      id: ref(d.id), product: ref(d.productId), action: d.action, rationale: d.rationale, snapshot: snapshot(d.snapshot),
      decidedBy: ref(d.decidedById), createdAt: iso(d.createdAt),
    })),
    scaleProposals: scaleProposals.map((p) => ({
      id: ref(p.id), product: ref(p.productId), title: p.title, description: p.description, signal: ref(p.signalId),
      threshold: p.threshold, comparator: p.comparator, weeks: p.weeks, status: p.status, decisionNote: p.decisionNote,
      evidenceSnapshot: snapshotOrNull(p.evidenceSnapshot), decidedBy: refOrNull(p.decidedById), decidedAt: isoOrNull(p.decidedAt),
      createdBy: ref(p.createdById), version: p.version, createdAt: iso(p.createdAt),
    })),
    reviews: reviews.map((r) => ({
      id: ref(r.id), heldOn: toDateOnly(r.heldOn), attendees: r.attendees, notes: r.notes, decisions: r.decisions,
      agenda: snapshot(r.agenda), createdBy: ref(r.createdById), createdAt: iso(r.createdAt),
    })),
    investorUpdates: investorUpdates.map((u) => ({
      id: ref(u.id), title: u.title, periodStart: toDateOnly(u.periodStart), periodEnd: toDateOnly(u.periodEnd),
      highlights: u.highlights, lowlights: u.lowlights, asks: u.asks, status: u.status, snapshot: snapshotOrNull(u.snapshot),
      publishedAt: isoOrNull(u.publishedAt), version: u.version, createdBy: ref(u.createdById), createdAt: iso(u.createdAt), updatedAt: iso(u.updatedAt),
    })),
    activity: activity.map((a) => ({
      actor: refOrNull(a.actorId), imported: a.imported, action: a.action, entityType: a.entityType, entityId: ids.get(a.entityId) ?? a.entityId,
      summary: a.summary, before: snapshotOrNull(a.before), after: snapshotOrNull(a.after), createdAt: iso(a.createdAt),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Import

const date = (value: string) => new Date(value);
const dateOrNull = (value: string | null) => (value === null ? null : new Date(value));
const dayOrNullIn = (value: string | null) => (value === null ? null : fromDateOnly(value));
/** Nullable JSON columns take Prisma.DbNull for "no value". */
const jsonOrDbNull = (value: unknown) => (value === null ? Prisma.DbNull : (value as Prisma.InputJsonValue));

/** Inserts in chunks of WRITE_CHUNK rows, fewer for wide rows (see MAX_BIND_PARAMETERS). */
async function insertChunked<T, D extends object>(rows: T[], toData: (row: T) => D, insert: (data: D[]) => Promise<unknown>) {
  if (rows.length === 0) return;
  const columns = Object.keys(toData(rows[0])).length;
  const size = Math.min(WRITE_CHUNK, Math.floor(MAX_BIND_PARAMETERS / columns));
  for (let start = 0; start < rows.length; start += size) await insert(rows.slice(start, start + size).map(toData));
}

export type ImportResult = { teamId: string; slug: string; counts: Record<string, number> };

/**
 * Creates a new team from an export, owned by `ownerUserId`; nothing outside it changes. Validates
 * the whole document first (AppError 400 naming the first problem), then writes it in one
 * transaction. Nobody but the owner becomes a member (the owner invites people later); the file's
 * people are credited as described at creditableAccounts, or kept as the new team's placeholders.
 */
export async function importTeam(doc: unknown, options: { ownerUserId: string; name?: string; slug?: string }): Promise<ImportResult> {
  const document = withRecountedAggregates(parseTeamExport(doc));
  const name = options.name?.trim() ? TeamNameSchema.safeParse(options.name) : null;
  if (name && !name.success) throw new AppError(400, "invalid", name.error.issues[0].message, { name: name.error.issues[0].message });
  const teamName = name?.data ?? document.team.name;
  const owner = await db.user.findUnique({ where: { id: options.ownerUserId }, select: { id: true } });
  if (!owner) throw new AppError(400, "invalid", "The person importing the team no longer exists.");

  const accounts = await creditableAccounts(owner.id, document.people);

  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await db.$transaction((tx) => writeTeam(tx, document, { ownerId: owner.id, name: teamName, slug: options.slug, accounts }), {
        timeout: IMPORT_TIMEOUT_MS,
        maxWait: 30_000,
      });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      // Another team took the slug between our check and our insert: pick again.
      if (code === "P2002") continue;
      // A value the database refused despite validation (out of range, too long…) is still the file's fault.
      if (typeof code === "string" && /^P20(00|03|07|11|12|13|20)$/.test(code)) {
        throw new AppError(400, "invalid_export", `This file can't be imported: the database refused one of its values (${(error as Error).message.split("\n").pop()?.slice(0, 200)}).`);
      }
      throw error;
    }
  }
  throw conflict("Couldn't find a free address for the imported team. Try a different name.");
}

/**
 * The accounts the file's people may be credited as, by the file's local id: a person whose email
 * belongs to the importer, or to someone who already shares a team with the importer, is that
 * account. The file decides nothing else: anyone else becomes a placeholder (see writeTeam), so a
 * crafted file can neither credit an unrelated account with work nor learn its name from the export.
 */
async function creditableAccounts(importerId: string, people: TeamExport["people"]): Promise<Map<string, string>> {
  const emails = [...new Set(people.map((person) => person.email.toLowerCase()))];
  const found = await db.user.findMany({
    where: {
      email: { in: emails },
      placeholderTeamId: null,
      OR: [{ id: importerId }, { memberships: { some: { team: { memberships: { some: { userId: importerId } } } } } }],
    },
    select: { id: true, email: true },
  });
  const byEmail = new Map(found.map((user) => [user.email, user.id]));
  const accounts = new Map<string, string>();
  for (const person of people) {
    const account = byEmail.get(person.email.toLowerCase());
    if (account) accounts.set(person.id, account);
  }
  return accounts;
}

/** A placeholder's address: unique, never deliverable (.invalid), and no one can sign in with it. */
const placeholderEmail = (id: string) => `imported-${id}@placeholder.invalid`;
/** Not an argon2 hash: no password ever verifies against it (and sign-in refuses placeholders anyway). */
const NO_PASSWORD = "!";

async function chooseSlug(tx: Transaction, name: string, wanted: string | undefined): Promise<string> {
  const taken = async (base: string) => new Set((await tx.team.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map((row) => row.slug));
  if (wanted?.trim()) {
    const slug = slugify(wanted);
    if (uniqueSlug(slug, await taken(slug)) === slug) return slug;
  }
  const base = slugify(name);
  return uniqueSlug(base, await taken(base));
}

async function writeTeam(
  tx: Transaction,
  doc: TeamExport,
  input: { ownerId: string; name: string; slug: string | undefined; accounts: ReadonlyMap<string, string> },
): Promise<ImportResult> {
  const slug = await chooseSlug(tx, input.name, input.slug);
  const maxNumber = (rows: { number: number }[]) => rows.reduce((max, row) => Math.max(max, row.number), 0);
  const team = await tx.team.create({
    data: {
      name: input.name,
      slug,
      // Never behind the numbers in use, or the next H-/E- number would collide.
      hypothesisSeq: Math.max(doc.team.hypothesisSeq, maxNumber(doc.hypotheses)),
      experimentSeq: Math.max(doc.team.experimentSeq, maxNumber(doc.experiments)),
      memberships: { create: { userId: input.ownerId, role: "OWNER" } },
    },
    select: { id: true, slug: true },
  });
  const teamId = team.id;

  // Export-local id → new database id, for columns and for ids inside JSON snapshots.
  const nextId = orderedIds();
  // Everyone who is not a creditable account gets a placeholder of this team, named as in the file.
  const people = new Map(input.accounts);
  const placeholders = new Set<string>();
  const newPeople = doc.people.filter((person) => !people.has(person.id));
  for (const person of newPeople) {
    const id = nextId();
    people.set(person.id, id);
    placeholders.add(id);
  }
  await insertChunked(newPeople, (person) => {
    const id = people.get(person.id)!;
    return { id, email: placeholderEmail(id), name: person.name.trim().slice(0, 200) || "Someone", passwordHash: NO_PASSWORD, placeholderTeamId: teamId };
  }, (data) => tx.user.createMany({ data }));
  const ids = new Map<string, string>([["team:1", teamId], ...people]);
  const give = (rows: { id: string }[]) => rows.forEach((row) => ids.set(row.id, nextId()));
  give(doc.products);
  give(doc.hypotheses);
  give(doc.experiments);
  give(doc.learningCards);
  give(doc.comments);
  give(doc.signals);
  give(doc.gateCriteria);
  give(doc.gateDecisions);
  give(doc.scaleProposals);
  give(doc.reviews);
  give(doc.investorUpdates);
  // Validation guarantees every reference resolves.
  const id = (local: string) => ids.get(local)!;
  const idOrNull = (local: string | null) => (local === null ? null : id(local));
  const person = (local: string) => people.get(local)!;
  const personOrNull = (local: string | null) => (local === null ? null : person(local));
  // A placeholder owns nothing: a hypothesis they owned in the file has no owner here.
  const ownerOrNull = (local: string | null) => {
    const id = personOrNull(local);
    return id !== null && placeholders.has(id) ? null : id;
  };
  const remap = (value: unknown) => remapJson(value, ids) as Prisma.InputJsonValue;
  const remapOrDbNull = (value: unknown) => (value === null ? Prisma.DbNull : remap(value));
  const experimentByNumber = new Map(doc.experiments.map((e) => [e.number, id(e.id)]));

  await insertChunked(doc.products, (p) => ({
    id: id(p.id), teamId, name: p.name, description: p.description, stage: p.stage, version: p.version,
    deletedAt: dateOrNull(p.deletedAt), createdAt: date(p.createdAt), updatedAt: date(p.updatedAt),
  }), (data) => tx.product.createMany({ data }));
  await insertChunked(doc.hypotheses, (h) => ({
    id: id(h.id), teamId, number: h.number, productId: id(h.product), statement: h.statement, segment: h.segment,
    category: h.category, importance: h.importance, ownerId: ownerOrNull(h.owner), status: h.status,
    statusOverridden: h.statusOverridden, evidenceStrength: h.evidenceStrength, version: h.version, createdById: person(h.createdBy),
    deletedAt: dateOrNull(h.deletedAt), createdAt: date(h.createdAt), updatedAt: date(h.updatedAt),
  }), (data) => tx.hypothesis.createMany({ data }));
  await insertChunked(doc.experiments, (e) => ({
    id: id(e.id), teamId, number: e.number, hypothesisId: id(e.hypothesis), title: e.title, method: e.method, plan: e.plan,
    metricName: e.metricName, metricUnit: e.metricUnit, metricKind: e.metricKind, comparator: e.comparator, target: e.target,
    startsOn: fromDateOnly(e.startsOn), endsOn: fromDateOnly(e.endsOn), status: e.status,
    startedAt: dateOrNull(e.startedAt), concludedAt: dateOrNull(e.concludedAt),
    criterionChangedAfterStart: e.criterionChangedAfterStart, finalVerdict: e.finalVerdict,
    observationCount: e.observationCount, successes: e.successes, trials: e.trials, valueCount: e.valueCount,
    valueSum: e.valueSum, valueSumSquares: e.valueSumSquares, lastObservedOn: dayOrNullIn(e.lastObservedOn),
    maxStrength: e.maxStrength, version: e.version, createdById: person(e.createdBy),
    retestOfId: e.retestOf === null ? null : (experimentByNumber.get(e.retestOf) ?? null),
    deletedAt: dateOrNull(e.deletedAt), createdAt: date(e.createdAt), updatedAt: date(e.updatedAt),
  }), (data) => tx.experiment.createMany({ data }));
  await insertObservationRows(
    tx,
    doc.observations.map((o) => ({
      id: nextId(), teamId, experimentId: id(o.experiment), observedOn: o.observedOn, successes: o.successes, trials: o.trials,
      value: o.value, note: o.note, source: o.source, strength: o.strength, loggedById: person(o.loggedBy),
      idempotencyKey: o.idempotencyKey, deletedAt: o.deletedAt, createdAt: o.createdAt,
    })),
  );
  // The chart's per-day sums are derived data: rebuilt from the evidence, not read from the file.
  await tx.$executeRaw`
    INSERT INTO "ExperimentDay" ("teamId", "experimentId", "day", "successes", "trials", "valueCount", "valueSum", "valueSumSquares")
    SELECT "teamId", "experimentId", "observedOn",
           COALESCE(SUM("successes"), 0)::double precision, COALESCE(SUM("trials"), 0)::double precision,
           COUNT("value")::integer, COALESCE(SUM("value"), 0), COALESCE(SUM("value" * "value"), 0)
    FROM "Observation"
    WHERE "teamId" = ${teamId} AND "deletedAt" IS NULL
    GROUP BY "teamId", "experimentId", "observedOn"`;
  await insertChunked(doc.learningCards, (c) => ({
    id: id(c.id), teamId, experimentId: id(c.experiment), observed: c.observed, learned: c.learned, nextSteps: c.nextSteps,
    decision: c.decision, verdictSnapshot: remap(c.verdictSnapshot), createdById: person(c.createdBy), createdAt: date(c.createdAt),
  }), (data) => tx.learningCard.createMany({ data }));
  await insertChunked(doc.comments, (c) => ({
    id: id(c.id), teamId, hypothesisId: idOrNull(c.hypothesis), experimentId: idOrNull(c.experiment), authorId: person(c.author),
    body: c.body, deletedAt: dateOrNull(c.deletedAt), createdAt: date(c.createdAt),
  }), (data) => tx.comment.createMany({ data }));
  await insertChunked(doc.signals, (s) => ({
    id: id(s.id), teamId, productId: id(s.product), name: s.name, unit: s.unit, direction: s.direction, description: s.description,
    version: s.version, deletedAt: dateOrNull(s.deletedAt), createdAt: date(s.createdAt), updatedAt: date(s.updatedAt),
  }), (data) => tx.signal.createMany({ data }));
  await insertChunked(doc.signalPoints, (p) => ({ id: nextId(), teamId, signalId: id(p.signal), date: fromDateOnly(p.date), value: p.value, note: p.note, createdAt: date(p.createdAt) }), (data) => tx.signalPoint.createMany({ data }));
  await insertChunked(doc.gateCriteria, (c) => ({
    id: id(c.id), teamId, productId: id(c.product), kind: c.kind, signalId: idOrNull(c.signal), hypothesisId: idOrNull(c.hypothesis),
    threshold: c.threshold, comparator: c.comparator, weeks: c.weeks, deletedAt: dateOrNull(c.deletedAt), createdAt: date(c.createdAt),
  }), (data) => tx.gateCriterion.createMany({ data }));
  await insertChunked(doc.gateDecisions, (d) => ({
    id: id(d.id), teamId, productId: id(d.product), action: d.action, rationale: d.rationale, snapshot: remap(d.snapshot),
    decidedById: person(d.decidedBy), createdAt: date(d.createdAt),
  }), (data) => tx.gateDecision.createMany({ data }));
  await insertChunked(doc.scaleProposals, (p) => ({
    id: id(p.id), teamId, productId: id(p.product), title: p.title, description: p.description, signalId: id(p.signal),
    threshold: p.threshold, comparator: p.comparator, weeks: p.weeks, status: p.status, decisionNote: p.decisionNote,
    evidenceSnapshot: remapOrDbNull(p.evidenceSnapshot), decidedById: personOrNull(p.decidedBy), decidedAt: dateOrNull(p.decidedAt),
    createdById: person(p.createdBy), version: p.version, createdAt: date(p.createdAt),
  }), (data) => tx.scaleProposal.createMany({ data }));
  await insertChunked(doc.reviews, (r) => ({
    id: id(r.id), teamId, heldOn: fromDateOnly(r.heldOn), attendees: r.attendees, notes: r.notes, decisions: r.decisions,
    agenda: remap(r.agenda), createdById: person(r.createdBy), createdAt: date(r.createdAt),
  }), (data) => tx.review.createMany({ data }));
  await insertChunked(doc.investorUpdates, (u) => ({
    id: id(u.id), teamId, title: u.title, periodStart: fromDateOnly(u.periodStart), periodEnd: fromDateOnly(u.periodEnd),
    highlights: u.highlights, lowlights: u.lowlights, asks: u.asks, status: u.status, snapshot: remapOrDbNull(u.snapshot),
    publishedAt: dateOrNull(u.publishedAt), version: u.version, createdById: person(u.createdBy), createdAt: date(u.createdAt), updatedAt: date(u.updatedAt),
  }), (data) => tx.investorUpdate.createMany({ data }));
  // The file's history is kept, marked as imported: this server did not see it happen. A member
  // entry names a person by a local id; any other id there is the file's word, and is kept inert
  // (the export names the people behind member entries, and must never look up such an id).
  await insertChunked(doc.activity, (a) => ({
    id: nextId(), teamId, actorId: personOrNull(a.actor), imported: true, action: a.action, entityType: a.entityType,
    entityId: ids.get(a.entityId) ?? (a.entityType === "member" ? `unresolved:${a.entityId}` : a.entityId), summary: a.summary,
    before: remapOrDbNull(a.before), after: remapOrDbNull(a.after), createdAt: date(a.createdAt),
  }), (data) => tx.activityEvent.createMany({ data }));

  const counts: Record<string, number> = {
    products: doc.products.length,
    hypotheses: doc.hypotheses.length,
    experiments: doc.experiments.length,
    observations: doc.observations.length,
    learningCards: doc.learningCards.length,
    comments: doc.comments.length,
    signals: doc.signals.length,
    signalPoints: doc.signalPoints.length,
    gateCriteria: doc.gateCriteria.length,
    gateDecisions: doc.gateDecisions.length,
    scaleProposals: doc.scaleProposals.length,
    reviews: doc.reviews.length,
    investorUpdates: doc.investorUpdates.length,
    activity: doc.activity.length,
  };
  await recordActivity(tx, {
    teamId,
    actorId: input.ownerId,
    action: "team.imported",
    entityType: "team",
    entityId: teamId,
    summary: "imported the team from an export",
    after: { sourceTeam: doc.team.name, exportedAt: doc.exportedAt, counts, placeholders: placeholders.size },
  });
  return { teamId, slug: team.slug, counts };
}

/** A file name for the export download: "ledgerly-2026-01-15.evident.json". */
export function exportFileName(slug: string, now = new Date()): string {
  return `${slug}-${toDateOnly(now)}.evident.json`;
}
