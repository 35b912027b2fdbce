/** The handlers behind /api/v1: parse with the API schemas, call the same modules as the pages. */
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
import type { z } from "zod";
import type { HypothesisCategory, HypothesisStatus } from "~/generated/prisma/enums";
import { toDateOnly } from "~/utils/date-only";
import { AppError, renamingFields } from "~/utils/errors";

import { createHypothesis, setHypothesisDeleted, updateHypothesis } from "~/modules/hypotheses/hypotheses.server";
import { hypothesisKey } from "~/modules/hypotheses/vocabulary";
import { productGate } from "~/modules/gate/gate.server";
import { createProduct, updateProduct } from "~/modules/products/products.server";
import { searchTeam } from "~/modules/search/search.server";
import { plainSnippet, type SearchType } from "~/modules/search/types";
import { createSignal, recordSignalPoints } from "~/modules/signals/signals.server";
import { db } from "~/utils/db.server";
import { idParam } from "~/utils/fields";
import { publicOrigin } from "~/utils/origin.server";
import { ApiError, endpoint, invalidCursor, notFoundApi, page, pageParams, parseInput, rowKeys, type ApiContext } from "./http.server";
import * as S from "./schemas";
import { toApiEnum, toStoredEnum } from "./schemas";

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
const serializeProduct = (p: { id: string; name: string; description: string; stage: "MVP" | "GROWTH"; version: number; createdAt: Date }) => ({
  id: p.id, name: p.name, description: p.description, stage: toApiEnum(p.stage), version: p.version, createdAt: p.createdAt.toISOString(),
});

export const listProductsApi = endpoint("listProducts", async ({ actor, query }) => {
  const { limit, cursor } = pageParams(query);
  const rows = await db.product.findMany({
    where: { teamId: actor.team.id, deletedAt: null, ...(cursor ? { id: { gt: cursor } } : {}) },
    orderBy: { id: "asc" }, take: limit + 1, select: PRODUCT_SELECT,
  });
  return page(rows, limit, serializeProduct);
});

async function findProduct(teamId: string, id: string) {
  const product = await db.product.findFirst({ where: { id, teamId, deletedAt: null }, select: PRODUCT_SELECT });
  return product ?? notFoundApi("product");
}

export const createProductApi = endpoint("createProduct", async ({ actor, body }) => {
  const input = parseInput(S.ProductCreate, body);
  const product = await createProduct(actor, { name: input.name, description: input.description ?? "" });
  return serializeProduct(await findProduct(actor.team.id, product.id));
});

export const getProductApi = endpoint("getProduct", async (context) => serializeProduct(await findProduct(context.actor.team.id, requireId(context))));

export const patchProductApi = endpoint("updateProduct", async (context) => {
  const input = parseInput(S.ProductPatch, context.body);
  const current = await findProduct(context.actor.team.id, requireId(context));
  await updateProduct(context.actor, { id: current.id, name: input.name ?? current.name, description: input.description ?? current.description, version: input.version ?? current.version });
  return serializeProduct(await findProduct(context.actor.team.id, current.id));
});

export const productGateApi = endpoint("getProductGate", async (context) => {
  const gate = await productGate(context.actor.team.id, requireId(context));
  if (!gate) notFoundApi("product");
  return {
    productId: gate.product.id,
    stage: toApiEnum(gate.product.stage),
    status: toApiEnum(gate.evaluation.status),
    headline: gate.evaluation.headline,
    criteria: gate.criteria.map((criterion) => ({
      id: criterion.id,
      kind: toApiEnum(criterion.kind),
      label: criterion.input.label,
      met: criterion.result.met,
      current: criterion.result.current,
      distance: criterion.result.distance,
      weeksSustained: criterion.result.weeksSustained,
      weeksRequired: criterion.result.weeksRequired,
      summary: criterion.result.summary,
    })),
  };
});

// -------------------------------------------------------------------------------- hypotheses

const HYPOTHESIS_SELECT = {
  id: true, number: true, productId: true, statement: true, segment: true, category: true, importance: true, status: true,
  statusOverridden: true, evidenceStrength: true, ownerId: true, version: true, createdAt: true, updatedAt: true,
} as const;
type HypothesisRow = { id: string; number: number; productId: string; statement: string; segment: string; category: HypothesisCategory; importance: number; status: HypothesisStatus; statusOverridden: boolean; evidenceStrength: number; ownerId: string | null; version: number; createdAt: Date; updatedAt: Date };
const serializeHypothesis = (h: HypothesisRow) => ({
  id: h.id, key: hypothesisKey(h.number), productId: h.productId, statement: h.statement, segment: h.segment,
  category: toApiEnum(h.category), importance: h.importance, status: toApiEnum(h.status), statusOverridden: h.statusOverridden,
  evidenceStrength: h.evidenceStrength, ownerId: h.ownerId, version: h.version, createdAt: h.createdAt.toISOString(), updatedAt: h.updatedAt.toISOString(),
});

async function findHypothesis(teamId: string, id: string) {
  const row = await db.hypothesis.findFirst({ where: { id, teamId, deletedAt: null }, select: HYPOTHESIS_SELECT });
  return row ?? notFoundApi("hypothesis");
}

export const listHypothesesApi = endpoint("listHypotheses", async ({ actor, query }) => {
  const { limit, cursor } = pageParams(query);
  const after = numberCursor(cursor);
  const status = query.status as z.infer<typeof S.HypothesisStatus> | undefined;
  const productId = query.productId as string | undefined;
  const rows = await db.hypothesis.findMany({
    where: { teamId: actor.team.id, deletedAt: null, number: { gt: after }, ...(status ? { status: toStoredEnum(status) } : {}), ...(productId ? { productId } : {}) },
    orderBy: { number: "asc" }, take: limit + 1, select: HYPOTHESIS_SELECT,
  });
  return page(rows, limit, serializeHypothesis, (row) => String(row.number));
});

export const createHypothesisApi = endpoint("createHypothesis", async ({ actor, body }) => {
  const input = parseInput(S.HypothesisCreate, body);
  const created = await createHypothesis(actor, { ...input, category: toStoredEnum(input.category), segment: input.segment ?? "" });
  return serializeHypothesis(await findHypothesis(actor.team.id, created.id));
});

export const getHypothesisApi = endpoint("getHypothesis", async (context) => serializeHypothesis(await findHypothesis(context.actor.team.id, requireId(context))));

export const patchHypothesisApi = endpoint("updateHypothesis", async (context) => {
  const input = parseInput(S.HypothesisPatch, context.body);
  const current = await findHypothesis(context.actor.team.id, requireId(context));
  await updateHypothesis(context.actor, {
    id: current.id,
    version: input.version ?? current.version,
    productId: input.productId ?? current.productId,
    statement: input.statement ?? current.statement,
    segment: input.segment ?? current.segment,
    category: input.category ? toStoredEnum(input.category) : current.category,
    importance: input.importance ?? current.importance,
    ownerId: input.ownerId === undefined ? (current.ownerId ?? undefined) : (input.ownerId ?? undefined),
  });
  return serializeHypothesis(await findHypothesis(context.actor.team.id, current.id));
});

export const deleteHypothesisApi = endpoint("deleteHypothesis", async (context) => {
  const current = await findHypothesis(context.actor.team.id, requireId(context));
  await setHypothesisDeleted(context.actor, { id: current.id, deleted: true });
  return null;
});

// ------------------------------------------------------------------------------- experiments

async function experimentView(teamId: string, id: string) {
  const experiment = await experimentById(teamId, id);
  if (!experiment) notFoundApi("experiment");
  return experiment;
}

type ExperimentView = NonNullable<Awaited<ReturnType<typeof experimentById>>>;
type ExperimentSummary = Awaited<ReturnType<typeof experimentPage>>["experiments"][number];

function serializeExperimentSummary(e: ExperimentSummary) {
  return {
    id: e.id,
    key: e.key,
    hypothesisId: e.hypothesisId,
    title: e.title,
    method: toApiEnum(e.method),
    plan: e.plan,
    metric: { name: e.metricName, kind: toApiEnum(e.metricKind), unit: e.metricUnit },
    criterion: { comparator: toApiEnum(e.comparator), target: e.target },
    criterionChangedAfterStart: e.criterionChangedAfterStart,
    startsOn: e.startsOn,
    endsOn: e.endsOn,
    status: toApiEnum(e.status),
    overdue: e.overdue,
    version: e.version,
    result: {
      kind: toApiEnum(e.result.kind),
      n: e.result.n,
      estimate: e.result.estimate,
      interval: e.result.interval,
      probabilityMeetsTarget: e.result.probabilityMeetsTarget,
      verdict: e.finalVerdict ? toApiEnum(e.finalVerdict) : e.result.verdict,
    },
  };
}

function serializeExperiment(e: ExperimentView) {
  const summary = serializeExperimentSummary(e);
  const card = e.learningCard;
  return {
    ...summary,
    result: { ...summary.result, projection: e.result.projection, extraSampleNeeded: e.result.extraSampleNeeded, explanation: e.result.explanation },
    learningCard: card ? { observed: card.observed, learned: card.learned, nextSteps: card.nextSteps, decision: toApiEnum(card.decision) } : null,
  };
}

export const listExperimentsApi = endpoint("listExperiments", async ({ actor, query }) => {
  const { limit, cursor } = pageParams(query);
  const after = numberCursor(cursor);
  const { experiments, hasMore } = await experimentPage(actor.team.id, { afterNumber: after, limit, hypothesisId: query.hypothesisId as string | undefined });
  return {
    data: experiments.map(serializeExperimentSummary),
    nextCursor: hasMore ? Buffer.from(String(experiments[experiments.length - 1].number)).toString("base64url") : null,
  };
});

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
export const createExperimentApi = endpoint("createExperiment", async ({ actor, body }) => {
  const input = parseInput(S.ExperimentCreate, body);
  const created = await asApi(
    () =>
      createExperiment(actor, {
        hypothesisId: input.hypothesisId,
        title: input.title,
        method: toStoredEnum(input.method),
        plan: input.plan,
        metricName: input.metric.name,
        metricUnit: input.metric.unit,
        metricKind: toStoredEnum(input.metric.kind),
        comparator: toStoredEnum(input.criterion.comparator),
        target: input.criterion.target,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
      }),
    experimentPath,
  );
  return serializeExperiment(await experimentView(actor.team.id, created.id));
});

export const getExperimentApi = endpoint("getExperiment", async (context) => serializeExperiment(await experimentView(context.actor.team.id, requireId(context))));

/** A partial change: what the body leaves out stays as it is, and the command checks the whole. */
export const patchExperimentApi = endpoint("updateExperiment", async (context) => {
  const input = parseInput(S.ExperimentPatch, context.body);
  const current = await experimentView(context.actor.team.id, requireId(context));
  await asApi(
    () =>
      updateExperiment(context.actor, {
        id: current.id,
        version: input.version ?? current.version,
        reason: input.reason,
        title: input.title ?? current.title,
        method: input.method ? toStoredEnum(input.method) : current.method,
        plan: input.plan ?? current.plan,
        metricName: input.metric?.name ?? current.metricName,
        metricUnit: input.metric?.unit ?? current.metricUnit,
        metricKind: input.metric?.kind ? toStoredEnum(input.metric.kind) : current.metricKind,
        comparator: input.criterion?.comparator ? toStoredEnum(input.criterion.comparator) : current.comparator,
        target: input.criterion?.target ?? current.target,
        startsOn: input.startsOn ?? current.startsOn,
        endsOn: input.endsOn ?? current.endsOn,
      }),
    experimentPath,
  );
  return serializeExperiment(await experimentView(context.actor.team.id, current.id));
});

export const deleteExperimentApi = endpoint("deleteExperiment", async (context) => {
  const current = await experimentView(context.actor.team.id, requireId(context));
  await setExperimentDeleted(context.actor, { id: current.id, deleted: true });
  return null;
});

export const startExperimentApi = endpoint("startExperiment", async (context) => {
  const input = parseInput(S.ExperimentStart, context.body);
  const current = await experimentView(context.actor.team.id, requireId(context));
  await asApi(() => startExperiment(context.actor, { id: current.id, version: input.version ?? current.version }));
  return serializeExperiment(await experimentView(context.actor.team.id, current.id));
});

export const concludeExperimentApi = endpoint("concludeExperiment", async (context) => {
  const input = parseInput(S.ExperimentConclude, context.body);
  const current = await experimentView(context.actor.team.id, requireId(context));
  await asApi(() =>
    concludeExperiment(context.actor, { id: current.id, version: input.version ?? current.version, observed: input.observed, learned: input.learned, nextSteps: input.nextSteps, decision: toStoredEnum(input.decision) }),
  );
  return serializeExperiment(await experimentView(context.actor.team.id, current.id));
});

// ------------------------------------------------------------------------------ observations

const serializeObservation = (o: { id: string; observedOn: string; successes: number | null; trials: number | null; value: number | null; note: string | null; source: string | null; strength: number; createdAt: Date }) => ({
  id: o.id, observedOn: o.observedOn, successes: o.successes, trials: o.trials, value: o.value, note: o.note, source: o.source, strength: o.strength, createdAt: o.createdAt.toISOString(),
});

export const listObservationsApi = endpoint("listObservations", async (context) => {
  const experiment = await db.experiment.findFirst({ where: { id: requireId(context), teamId: context.actor.team.id, deletedAt: null }, select: { id: true } });
  if (!experiment) notFoundApi("experiment");
  const { limit, cursor } = pageParams(context.query);
  const rows = await db.observation.findMany({
    where: { teamId: context.actor.team.id, experimentId: experiment.id, deletedAt: null, ...(cursor ? { id: { gt: cursor } } : {}) },
    orderBy: { id: "asc" }, take: limit + 1,
    select: { id: true, observedOn: true, successes: true, trials: true, value: true, note: true, source: true, strength: true, createdAt: true },
  });
  return page(rows.map((row) => ({ ...row, observedOn: toDateOnly(row.observedOn) })), limit, serializeObservation);
});

/** One observation or `{ observations: [...] }` (up to 5,000), all-or-nothing, under the same rules as the form. */
export const addObservationsApi = endpoint("addObservations", async (context) => {
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
  return { received: rows.length, created: result.added, replaced: 0, unchanged: result.skipped };
});

// ----------------------------------------------------------------------------------- signals

const serializeSignal = (s: { id: string; productId: string; name: string; unit: string; direction: "UP" | "DOWN"; description: string; createdAt: Date }) => ({
  id: s.id, productId: s.productId, name: s.name, unit: s.unit, direction: toApiEnum(s.direction), description: s.description, createdAt: s.createdAt.toISOString(),
});
const SIGNAL_SELECT = { id: true, productId: true, name: true, unit: true, direction: true, description: true, createdAt: true } as const;

export const listSignalsApi = endpoint("listSignals", async ({ actor, query }) => {
  const { limit, cursor } = pageParams(query);
  const rows = await db.signal.findMany({ where: { teamId: actor.team.id, deletedAt: null, ...(cursor ? { id: { gt: cursor } } : {}) }, orderBy: { id: "asc" }, take: limit + 1, select: SIGNAL_SELECT });
  return page(rows, limit, serializeSignal);
});

export const createSignalApi = endpoint("createSignal", async ({ actor, body }) => {
  const input = parseInput(S.SignalCreate, body);
  const created = await createSignal(actor, {
    productId: input.productId, name: input.name, unit: input.unit ?? "", direction: toStoredEnum(input.direction ?? "up"), description: input.description ?? "",
  });
  const row = await db.signal.findFirstOrThrow({ where: { id: created.id }, select: SIGNAL_SELECT });
  return serializeSignal(row);
});

export const addSignalPointsApi = endpoint("addSignalPoints", async (context) => {
  const signal = await db.signal.findFirst({ where: { id: requireId(context), teamId: context.actor.team.id, deletedAt: null }, select: { id: true } });
  if (!signal) notFoundApi("signal");
  const body = context.body as Record<string, unknown>;
  const { points, replace } =
    body && typeof body === "object" && "points" in body
      ? parseInput(S.PointBulk, body)
      : (({ replace, ...point }) => ({ points: [point], replace }))(parseInput(S.PointSingle, body));
  const result = await recordSignalPoints(context.actor, { signalId: signal.id, points, replace });
  return { received: points.length, created: result.recorded - result.replaced, replaced: result.replaced, unchanged: result.unchanged };
});

// ------------------------------------------------------------------------------------ export

export const exportApi = endpoint("exportTeam", async ({ actor }) => exportTeam(actor.team.id));


// ------------------------------------------------------------------------------------ search

export const searchApi = endpoint("searchTeam", async ({ actor, query, request }) => {
  const { limit, cursor } = pageParams(query);
  const offset = numberCursor(cursor);
  const type = query.type as SearchType | undefined;
  const result = await searchTeam(actor.team.id, { q: query.q as string, base: `${publicOrigin(request)}/t/${actor.team.slug}`, types: type ? [type] : undefined, limit, offset });
  return {
    data: result.hits.map((hit) => ({ ...hit, snippet: plainSnippet(hit.snippet) })),
    nextCursor: result.nextOffset === null ? null : Buffer.from(String(result.nextOffset)).toString("base64url"),
  };
});
