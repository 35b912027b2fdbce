/** The handlers behind /api/v1: parse with the API schemas, call the same modules as the pages. */
import type { z } from "zod";
import { addObservations } from "~/modules/evidence/observations.server";
import { exportTeam } from "~/modules/export/export.server";
import {
  concludeExperiment,
  createExperiment,
  experimentById,
  experimentPage,
  setExperimentDeleted,
  startExperiment,
  updateExperiment,
} from "~/modules/experiments/experiments.server";
import { toDateOnly } from "~/utils/date-only";
import { AppError, renamingFields } from "~/utils/errors";

import { createHypothesis, setHypothesisDeleted, updateHypothesis } from "~/modules/hypotheses/hypotheses.server";
import { hypothesisKey } from "~/modules/hypotheses/vocabulary";
import { productGate } from "~/modules/gate/gate.server";
import { createProduct, updateProduct } from "~/modules/products/products.server";
import { createSignal, recordSignalPoints } from "~/modules/signals/signals.server";
import { db } from "~/utils/db.server";
import { idParam } from "~/utils/fields";
import { ApiError, invalidCursor, notFoundApi, page, pageParams, parseInput, rowKeys, type ApiContext, type ApiResult } from "./http.server";
import * as S from "./schemas";

const ok = (body: unknown, status = 200): ApiResult => ({ status, body });

function requireId(context: ApiContext): string {
  // Only what our ids look like reaches a query (PostgreSQL refuses a NUL in text outright).
  return idParam(context.params.id) ?? notFoundApi();
}

/** A cursor over short numbers (H-12, E-7): a whole number the Int column can hold. */
function numberCursor(cursor: string | null): number {
  if (cursor === null) return 0;
  const after = Number(cursor);
  if (!Number.isInteger(after) || after < 0 || after > 2_147_483_647) invalidCursor();
  return after;
}

// ---------------------------------------------------------------------------------- products

const PRODUCT_SELECT = { id: true, name: true, description: true, stage: true, version: true, createdAt: true } as const;
const serializeProduct = (p: { id: string; name: string; description: string; stage: string; version: number; createdAt: Date }) => ({
  id: p.id, name: p.name, description: p.description, stage: p.stage, version: p.version, createdAt: p.createdAt.toISOString(),
});

export async function listProductsApi({ actor, url }: ApiContext) {
  const { limit, cursor } = pageParams(url);
  const rows = await db.product.findMany({
    where: { teamId: actor.team.id, deletedAt: null, ...(cursor ? { id: { gt: cursor } } : {}) },
    orderBy: { id: "asc" }, take: limit + 1, select: PRODUCT_SELECT,
  });
  return ok(page(rows, limit, serializeProduct));
}

async function findProduct(teamId: string, id: string) {
  const product = await db.product.findFirst({ where: { id, teamId, deletedAt: null }, select: PRODUCT_SELECT });
  return product ?? notFoundApi("product");
}

export async function createProductApi({ actor, body }: ApiContext) {
  const input = parseInput(S.ProductCreate, body);
  const product = await createProduct(actor, { name: input.name, description: input.description ?? "" });
  return ok(serializeProduct(await findProduct(actor.team.id, product.id)), 201);
}

export async function getProductApi(context: ApiContext) {
  return ok(serializeProduct(await findProduct(context.actor.team.id, requireId(context))));
}

export async function patchProductApi(context: ApiContext) {
  const input = parseInput(S.ProductPatch, context.body);
  const current = await findProduct(context.actor.team.id, requireId(context));
  await updateProduct(context.actor, { id: current.id, name: input.name ?? current.name, description: input.description ?? current.description, version: input.version ?? current.version });
  return ok(serializeProduct(await findProduct(context.actor.team.id, current.id)));
}

export async function productGateApi(context: ApiContext) {
  const gate = await productGate(context.actor.team.id, requireId(context));
  if (!gate) notFoundApi("product");
  return ok({
    productId: gate.product.id,
    stage: gate.product.stage,
    status: gate.evaluation.status,
    headline: gate.evaluation.headline,
    criteria: gate.criteria.map((criterion) => ({
      id: criterion.id,
      kind: criterion.kind,
      label: criterion.input.label,
      met: criterion.result.met,
      current: criterion.result.current,
      distance: criterion.result.distance,
      weeksSustained: criterion.result.weeksSustained,
      weeksRequired: criterion.result.weeksRequired,
      summary: criterion.result.summary,
    })),
  });
}

// -------------------------------------------------------------------------------- hypotheses

const HYPOTHESIS_SELECT = {
  id: true, number: true, productId: true, statement: true, segment: true, category: true, importance: true, status: true,
  statusOverridden: true, evidenceStrength: true, ownerId: true, version: true, createdAt: true, updatedAt: true,
} as const;
type HypothesisRow = { id: string; number: number; productId: string; statement: string; segment: string; category: string; importance: number; status: string; statusOverridden: boolean; evidenceStrength: number; ownerId: string | null; version: number; createdAt: Date; updatedAt: Date };
const serializeHypothesis = (h: HypothesisRow) => ({
  id: h.id, key: hypothesisKey(h.number), productId: h.productId, statement: h.statement, segment: h.segment,
  category: h.category.toLowerCase(), importance: h.importance, status: h.status.toLowerCase(), statusOverridden: h.statusOverridden,
  evidenceStrength: h.evidenceStrength, ownerId: h.ownerId, version: h.version, createdAt: h.createdAt.toISOString(), updatedAt: h.updatedAt.toISOString(),
});

async function findHypothesis(teamId: string, id: string) {
  const row = await db.hypothesis.findFirst({ where: { id, teamId, deletedAt: null }, select: HYPOTHESIS_SELECT });
  return row ?? notFoundApi("hypothesis");
}

export async function listHypothesesApi({ actor, url }: ApiContext) {
  const { limit, cursor } = pageParams(url);
  const after = numberCursor(cursor);
  const status = url.searchParams.get("status");
  const productId = url.searchParams.get("productId");
  const statusFilter = status ? parseInput(S.HypothesisStatus, status) : undefined;
  const rows = await db.hypothesis.findMany({
    where: { teamId: actor.team.id, deletedAt: null, number: { gt: after }, ...(statusFilter ? { status: statusFilter } : {}), ...(productId ? { productId } : {}) },
    orderBy: { number: "asc" }, take: limit + 1, select: HYPOTHESIS_SELECT,
  });
  return ok(page(rows, limit, serializeHypothesis, (row) => String(row.number)));
}

export async function createHypothesisApi({ actor, body }: ApiContext) {
  const input = parseInput(S.HypothesisCreate, body);
  const created = await createHypothesis(actor, { ...input, segment: input.segment ?? "" });
  return ok(serializeHypothesis(await findHypothesis(actor.team.id, created.id)), 201);
}

export async function getHypothesisApi(context: ApiContext) {
  return ok(serializeHypothesis(await findHypothesis(context.actor.team.id, requireId(context))));
}

export async function patchHypothesisApi(context: ApiContext) {
  const input = parseInput(S.HypothesisPatch, context.body);
  const current = await findHypothesis(context.actor.team.id, requireId(context));
  await updateHypothesis(context.actor, {
    id: current.id,
    version: input.version ?? current.version,
    productId: input.productId ?? current.productId,
    statement: input.statement ?? current.statement,
    segment: input.segment ?? current.segment,
    category: input.category ?? (current.category as z.infer<typeof S.Category>),
    importance: input.importance ?? current.importance,
    ownerId: input.ownerId === undefined ? (current.ownerId ?? undefined) : (input.ownerId ?? undefined),
  });
  return ok(serializeHypothesis(await findHypothesis(context.actor.team.id, current.id)));
}

export async function deleteHypothesisApi(context: ApiContext) {
  const current = await findHypothesis(context.actor.team.id, requireId(context));
  await setHypothesisDeleted(context.actor, { id: current.id, deleted: true });
  return ok(null, 204);
}

// ------------------------------------------------------------------------------- experiments

async function experimentView(teamId: string, id: string) {
  const experiment = await experimentById(teamId, id);
  if (!experiment) notFoundApi("experiment");
  return experiment;
}

type ExperimentView = NonNullable<Awaited<ReturnType<typeof experimentById>>>;
type ExperimentSummary = Awaited<ReturnType<typeof experimentPage>>["experiments"][number];

function serializeExperiment(e: ExperimentSummary & { learningCard?: ExperimentView["learningCard"] }, detail: boolean) {
  return {
    id: e.id,
    key: e.key,
    hypothesisId: e.hypothesisId,
    title: e.title,
    method: e.method,
    plan: e.plan,
    metric: { name: e.metricName, kind: e.metricKind, unit: e.metricUnit },
    criterion: { comparator: e.comparator === "GTE" ? "gte" : "lte", target: e.target },
    criterionChangedAfterStart: e.criterionChangedAfterStart,
    startsOn: e.startsOn,
    endsOn: e.endsOn,
    status: e.status.toLowerCase(),
    overdue: e.overdue,
    version: e.version,
    result: {
      kind: e.result.kind,
      n: e.result.n,
      estimate: e.result.estimate,
      interval: e.result.interval,
      probabilityMeetsTarget: e.result.probabilityMeetsTarget,
      verdict: e.finalVerdict ? e.finalVerdict.toLowerCase() : e.result.verdict,
      ...(detail ? { projection: e.result.projection, extraSampleNeeded: e.result.extraSampleNeeded, explanation: e.result.explanation } : {}),
    },
    ...(detail && e.learningCard
      ? { learningCard: { observed: e.learningCard.observed, learned: e.learningCard.learned, nextSteps: e.learningCard.nextSteps, decision: e.learningCard.decision.toLowerCase() } }
      : {}),
  };
}

export async function listExperimentsApi({ actor, url }: ApiContext) {
  const { limit, cursor } = pageParams(url);
  const after = numberCursor(cursor);
  const { experiments, hasMore } = await experimentPage(actor.team.id, { afterNumber: after, limit, hypothesisId: url.searchParams.get("hypothesisId") ?? undefined });
  return ok({
    data: experiments.map((experiment) => serializeExperiment(experiment, false)),
    nextCursor: hasMore ? Buffer.from(String(experiments[experiments.length - 1].number)).toString("base64url") : null,
  });
}

/** Where the experiment commands' fields sit in the API's bodies. */
const EXPERIMENT_PATHS: Record<string, string> = {
  metricName: "metric.name",
  metricUnit: "metric.unit",
  metricKind: "metric.kind",
  comparator: "criterion.comparator",
  target: "criterion.target",
};

/**
 * Runs a command and answers its refusal of the input the way the API refuses any bad field: a
 * 400 whose `fields` name the API's own paths (`criterion.target`, `observations.3.trials`).
 */
async function asApi<T>(run: () => Promise<T>, path: (field: string) => string = (field) => field): Promise<T> {
  try {
    return await renamingFields(run, path);
  } catch (error) {
    if (error instanceof AppError && error.code === "invalid" && error.fields) throw new ApiError(400, "invalid_request", "The request has invalid fields.", error.fields);
    throw error;
  }
}

const experimentPath = (field: string) => EXPERIMENT_PATHS[field] ?? field;
const comparatorOf = (comparator: "gte" | "lte") => (comparator === "gte" ? "GTE" : "LTE");

export async function createExperimentApi({ actor, body }: ApiContext) {
  const input = parseInput(S.ExperimentCreate, body);
  const created = await asApi(
    () =>
      createExperiment(actor, {
        hypothesisId: input.hypothesisId,
        title: input.title,
        method: input.method,
        plan: input.plan,
        metricName: input.metric.name,
        metricUnit: input.metric.unit,
        metricKind: input.metric.kind,
        comparator: comparatorOf(input.criterion.comparator),
        target: input.criterion.target,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
      }),
    experimentPath,
  );
  return ok(serializeExperiment(await experimentView(actor.team.id, created.id), true), 201);
}

export async function getExperimentApi(context: ApiContext) {
  return ok(serializeExperiment(await experimentView(context.actor.team.id, requireId(context)), true));
}

/** A partial change: what the body leaves out stays as it is, and the command checks the whole. */
export async function patchExperimentApi(context: ApiContext) {
  const input = parseInput(S.ExperimentPatch, context.body);
  const current = await experimentView(context.actor.team.id, requireId(context));
  await asApi(
    () =>
      updateExperiment(context.actor, {
        id: current.id,
        version: input.version ?? current.version,
        reason: input.reason,
        title: input.title ?? current.title,
        method: input.method ?? current.method,
        plan: input.plan ?? current.plan,
        metricName: input.metric?.name ?? current.metricName,
        metricUnit: input.metric?.unit ?? current.metricUnit,
        metricKind: input.metric?.kind ?? current.metricKind,
        comparator: input.criterion?.comparator ? comparatorOf(input.criterion.comparator) : current.comparator,
        target: input.criterion?.target ?? current.target,
        startsOn: input.startsOn ?? current.startsOn,
        endsOn: input.endsOn ?? current.endsOn,
      }),
    experimentPath,
  );
  return ok(serializeExperiment(await experimentView(context.actor.team.id, current.id), true));
}

export async function deleteExperimentApi(context: ApiContext) {
  const current = await experimentView(context.actor.team.id, requireId(context));
  await setExperimentDeleted(context.actor, { id: current.id, deleted: true });
  return ok(null, 204);
}

export async function startExperimentApi(context: ApiContext) {
  const input = parseInput(S.VersionOnly, context.body);
  const current = await experimentView(context.actor.team.id, requireId(context));
  await asApi(() => startExperiment(context.actor, { id: current.id, version: input.version ?? current.version }));
  return ok(serializeExperiment(await experimentView(context.actor.team.id, current.id), true));
}

export async function concludeExperimentApi(context: ApiContext) {
  const input = parseInput(S.ExperimentConclude, context.body);
  const current = await experimentView(context.actor.team.id, requireId(context));
  await asApi(() => concludeExperiment(context.actor, { id: current.id, version: input.version ?? current.version, observed: input.observed, learned: input.learned, nextSteps: input.nextSteps, decision: input.decision }));
  return ok(serializeExperiment(await experimentView(context.actor.team.id, current.id), true));
}

// ------------------------------------------------------------------------------ observations

const serializeObservation = (o: { id: string; observedOn: string; successes: number | null; trials: number | null; value: number | null; note: string | null; source: string | null; strength: number; createdAt: Date }) => ({
  id: o.id, observedOn: o.observedOn, successes: o.successes, trials: o.trials, value: o.value, note: o.note, source: o.source, strength: o.strength, createdAt: o.createdAt.toISOString(),
});

export async function listObservationsApi(context: ApiContext) {
  const experiment = await db.experiment.findFirst({ where: { id: requireId(context), teamId: context.actor.team.id, deletedAt: null }, select: { id: true } });
  if (!experiment) notFoundApi("experiment");
  const { limit, cursor } = pageParams(context.url);
  const rows = await db.observation.findMany({
    where: { teamId: context.actor.team.id, experimentId: experiment.id, deletedAt: null, ...(cursor ? { id: { gt: cursor } } : {}) },
    orderBy: { id: "asc" }, take: limit + 1,
    select: { id: true, observedOn: true, successes: true, trials: true, value: true, note: true, source: true, strength: true, createdAt: true },
  });
  return ok(page(rows.map((row) => ({ ...row, observedOn: toDateOnly(row.observedOn) })), limit, serializeObservation));
}

/** One observation or `{ observations: [...] }` (up to 5,000), all-or-nothing, under the same rules as the form. */
export async function addObservationsApi(context: ApiContext) {
  const experiment = await db.experiment.findFirst({ where: { id: requireId(context), teamId: context.actor.team.id, deletedAt: null }, select: { id: true } });
  if (!experiment) notFoundApi("experiment");
  const body = context.body as Record<string, unknown>;
  const bulk = body && typeof body === "object" && "observations" in body;
  const rows = bulk ? parseInput(S.ObservationBulk, body).observations : [parseInput(S.ObservationInput, body)];
  const keys = rowKeys(context.idempotencyKey, rows.length);
  // The command names rows.N.field; a single observation's fields are the body's own.
  const path = (field: string) => (bulk ? field.replace(/^rows\./, "observations.") : field.replace(/^rows\.0\./, ""));
  const result = await asApi(
    () => addObservations(context.actor, { experimentId: experiment.id, rows: rows.map((row, index) => ({ ...row, idempotencyKey: keys[index] })), via: "api" }),
    path,
  );
  return ok({ added: result.added }, 201);
}

// ----------------------------------------------------------------------------------- signals

const serializeSignal = (s: { id: string; productId: string; name: string; unit: string; direction: string; description: string; createdAt: Date }) => ({
  id: s.id, productId: s.productId, name: s.name, unit: s.unit, direction: s.direction.toLowerCase(), description: s.description, createdAt: s.createdAt.toISOString(),
});
const SIGNAL_SELECT = { id: true, productId: true, name: true, unit: true, direction: true, description: true, createdAt: true } as const;

export async function listSignalsApi({ actor, url }: ApiContext) {
  const { limit, cursor } = pageParams(url);
  const rows = await db.signal.findMany({ where: { teamId: actor.team.id, deletedAt: null, ...(cursor ? { id: { gt: cursor } } : {}) }, orderBy: { id: "asc" }, take: limit + 1, select: SIGNAL_SELECT });
  return ok(page(rows, limit, serializeSignal));
}

export async function createSignalApi({ actor, body }: ApiContext) {
  const input = parseInput(S.SignalCreate, body);
  const created = await createSignal(actor, {
    productId: input.productId, name: input.name, unit: input.unit ?? "", direction: input.direction === "down" ? "DOWN" : "UP", description: input.description ?? "",
  });
  const row = await db.signal.findFirstOrThrow({ where: { id: created.id }, select: SIGNAL_SELECT });
  return ok(serializeSignal(row), 201);
}

export async function addSignalPointsApi(context: ApiContext) {
  const signal = await db.signal.findFirst({ where: { id: requireId(context), teamId: context.actor.team.id, deletedAt: null }, select: { id: true } });
  if (!signal) notFoundApi("signal");
  const body = context.body as Record<string, unknown>;
  const { points, replace } =
    body && typeof body === "object" && "points" in body
      ? parseInput(S.PointBulk, body)
      : (({ replace, ...point }) => ({ points: [point], replace }))(parseInput(S.PointSingle, body));
  const result = await recordSignalPoints(context.actor, { signalId: signal.id, points, replace });
  return ok(result, 201);
}

// ------------------------------------------------------------------------------------ export

export async function exportApi({ actor }: ApiContext) {
  return ok(await exportTeam(actor.team.id));
}

