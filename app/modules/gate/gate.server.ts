import { z } from "zod";
import type { Prisma } from "~/generated/prisma/client";
import { recordActivity } from "~/modules/activity/activity.server";
import { emitEvent, productSubject } from "~/modules/events/emit.server";
import { toApiEnum } from "~/utils/enum-case";
import { todayDateOnly } from "~/modules/experiments/timebox";
import { findHypothesisByKeyOrId } from "~/modules/hypotheses/hypotheses.server";
import { hypothesisKey } from "~/modules/hypotheses/vocabulary";
import { listSignals, type SignalWithPoints } from "~/modules/signals/signals.server";
import { assertCan, type Actor } from "~/modules/teams/actor";
import { canDecideProposal, OWN_PROPOSAL } from "~/modules/teams/permissions";
import { db } from "~/utils/db.server";
import { AppError, conflict, forbidden, invalid, notFound } from "~/utils/errors";
import { parseTypedNumber, versionField } from "~/utils/fields";
import { addDays } from "~/modules/experiments/timebox";
import type { AgendaCriterion, AgendaGate, AgendaSignal } from "~/modules/review/agenda";
import { evaluateCriterion, evaluateGate, isoWeekStart, weeklyValues, type CriterionInput } from "./evaluate";
import { quoted } from "~/utils/quote";

const threshold = z
  .string({ error: "Enter the threshold." })
  .trim()
  .min(1, "Enter the threshold.")
  .transform((text, context) => {
    const value = parseTypedNumber(text, { integer: false });
    if (value === null) {
      context.addIssue({ code: "custom", message: "Enter the threshold as a number." });
      return z.NEVER;
    }
    return value;
  });
const weeks = z.coerce.number({ error: "Enter a number of weeks." }).int("Enter whole weeks.").min(1, "At least 1 week.").max(26, "At most 26 weeks.");

export const CriterionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("SIGNAL_SUSTAINED"), signalId: z.string().min(1, "Choose a signal.").max(64), comparator: z.enum(["GTE", "LTE"]), threshold, weeks }),
  z.object({ kind: z.literal("BOTTLENECK"), signalId: z.string().min(1, "Choose a signal.").max(64), comparator: z.enum(["GTE", "LTE"]), threshold, weeks }),
  // A key ("H-12") as typed in the form, or an id.
  z.object({ kind: z.literal("HYPOTHESIS_VALIDATED"), hypothesisId: z.string().trim().min(1, "Enter the hypothesis's key, e.g. H-12.").max(64) }),
], { error: "Choose the kind of criterion." });

export const DecisionSchema = z.object({
  action: z.enum(["OPEN", "HOLD"], { error: "Choose to open or hold the gate." }),
  rationale: z.string({ error: "Write why." }).trim().min(10, "Write why, in a sentence or two (at least 10 characters).").max(2000),
});

export const ProposalSchema = z.object({
  title: z.string({ error: "Name the change." }).trim().min(5, "Name the change (at least 5 characters).").max(120),
  description: z.string().trim().max(2000).default(""),
  signalId: z.string({ error: "Choose the signal that demands it." }).min(1, "Choose the signal that demands it.").max(64),
  comparator: z.enum(["GTE", "LTE"]),
  threshold,
  weeks,
});

export const ProposalDecisionSchema = z.object({
  proposalId: z.string().min(1).max(64),
  verdict: z.enum(["APPROVED", "REJECTED"]),
  note: z.string().trim().max(1000).default(""),
  version: versionField,
});

type CriterionRow = Prisma.GateCriterionGetPayload<{ include: { hypothesis: { select: { number: true; statement: true; status: true; deletedAt: true } } } }>;

function direction(comparator: "GTE" | "LTE" | null) {
  return comparator === "LTE" ? ("lte" as const) : ("gte" as const);
}

function toInput(row: CriterionRow, signals: Map<string, SignalWithPoints>): CriterionInput {
  if (row.kind === "HYPOTHESIS_VALIDATED") {
    const hypothesis = row.hypothesis;
    return {
      id: row.id,
      kind: "HYPOTHESIS_VALIDATED",
      label: hypothesis ? `${hypothesisKey(hypothesis.number)} validated` : "Hypothesis validated",
      hypothesisKey: hypothesis ? hypothesisKey(hypothesis.number) : "a deleted hypothesis",
      hypothesisStatus: hypothesis && !hypothesis.deletedAt ? hypothesis.status : null,
      hypothesisStatement: hypothesis && !hypothesis.deletedAt ? hypothesis.statement : null,
    };
  }
  const signal = signals.get(row.signalId ?? "");
  return {
    id: row.id,
    kind: row.kind,
    label: signal?.name ?? "A removed signal",
    unit: signal?.unit ?? "",
    threshold: row.threshold ?? 0,
    direction: direction(row.comparator),
    weeks: row.weeks,
    points: signal?.points ?? [],
  };
}

/** Everything the gate page shows for one product, in a constant number of queries. */
export async function productGate(teamId: string, productId: string, today = todayDateOnly()) {
  const product = await db.product.findFirst({ where: { id: productId, teamId, deletedAt: null }, select: { id: true, name: true, stage: true, description: true } });
  if (!product) return null;
  const [rows, signals, decisions, proposals] = await Promise.all([
    db.gateCriterion.findMany({
      where: { teamId, productId, deletedAt: null },
      orderBy: { createdAt: "asc" },
      include: { hypothesis: { select: { number: true, statement: true, status: true, deletedAt: true } } },
    }),
    listSignals(teamId, { productId, today }),
    db.gateDecision.findMany({
      where: { teamId, productId },
      orderBy: { createdAt: "desc" },
      select: { id: true, action: true, rationale: true, snapshot: true, createdAt: true, decidedBy: { select: { name: true } } },
    }),
    db.scaleProposal.findMany({
      where: { teamId, productId },
      orderBy: { createdAt: "desc" },
      select: {
        id: true, title: true, description: true, signalId: true, threshold: true, comparator: true, weeks: true, status: true, decisionNote: true, decidedAt: true, version: true, createdAt: true, createdById: true,
        createdBy: { select: { name: true } }, decidedBy: { select: { name: true } },
      },
    }),
  ]);
  const bySignal = new Map(signals.map((signal) => [signal.id, signal]));
  const inputs = rows.map((row) => toInput(row, bySignal));
  const evaluation = evaluateGate(inputs, { opened: product.stage === "GROWTH", today });
  const criteria = rows.map((row, index) => ({ id: row.id, kind: row.kind, input: inputs[index], result: evaluation.results[index], signalId: row.signalId }));
  const proposalsWithEvidence = proposals.map((proposal) => {
    const signal = bySignal.get(proposal.signalId);
    const evidence = evaluateCriterion(
      { id: proposal.id, kind: "BOTTLENECK", label: signal?.name ?? "signal", unit: signal?.unit ?? "", threshold: proposal.threshold, direction: direction(proposal.comparator), weeks: proposal.weeks, points: signal?.points ?? [] },
      today,
    );
    return { ...proposal, signalName: signal?.name ?? "a removed signal", unit: signal?.unit ?? "", evidence };
  });
  return { product, criteria, evaluation, signals, decisions, proposals: proposalsWithEvidence };
}

/** Gate status of every product, for the dashboard. */
export async function gateStatuses(teamId: string, today = todayDateOnly()) {
  const products = await db.product.findMany({ where: { teamId, deletedAt: null }, orderBy: { name: "asc" }, select: { id: true, name: true, stage: true } });
  if (products.length === 0) return [];
  const [rows, signals] = await Promise.all([
    db.gateCriterion.findMany({ where: { teamId, deletedAt: null }, include: { hypothesis: { select: { number: true, statement: true, status: true, deletedAt: true } } } }),
    listSignals(teamId, { today, weekly: true }),
  ]);
  const bySignal = new Map(signals.map((signal) => [signal.id, signal]));
  return products.map((product) => {
    const inputs = rows.filter((row) => row.productId === product.id).map((row) => toInput(row, bySignal));
    return { product, evaluation: evaluateGate(inputs, { opened: product.stage === "GROWTH", today }) };
  });
}

/** A signal's value this ISO week and last (the latest reading of each week), for "this week against last". */
function lastTwoWeeks(points: { date: string; value: number }[], today: string) {
  const byWeek = new Map(weeklyValues(points, today).map(({ week, value }) => [week, value]));
  const thisWeek = isoWeekStart(today);
  return { thisWeek: byWeek.get(thisWeek) ?? null, lastWeek: byWeek.get(addDays(thisWeek, -7)) ?? null };
}

/**
 * Every product's gate with each criterion's standing and trend, and the signals no criterion
 * watches: what the weekly review reads about the gates. Three queries whatever the team's size.
 */
export async function gatesForReview(teamId: string, today = todayDateOnly()): Promise<{ gates: AgendaGate[]; signals: AgendaSignal[] }> {
  const [products, rows, signals] = await Promise.all([
    db.product.findMany({ where: { teamId, deletedAt: null }, orderBy: { name: "asc" }, select: { id: true, name: true, stage: true } }),
    db.gateCriterion.findMany({ where: { teamId, deletedAt: null }, orderBy: { createdAt: "asc" }, include: { hypothesis: { select: { number: true, statement: true, status: true, deletedAt: true } } } }),
    listSignals(teamId, { today, weekly: true }),
  ]);
  const bySignal = new Map(signals.map((signal) => [signal.id, signal]));
  const productNames = new Map(products.map((product) => [product.id, product.name]));
  const gates = products.map((product) => {
    const own = rows.filter((row) => row.productId === product.id);
    const inputs = own.map((row) => toInput(row, bySignal));
    const evaluation = evaluateGate(inputs, { opened: product.stage === "GROWTH", today });
    const criteria = inputs.map((input, index): AgendaCriterion => {
      const result = evaluation.results[index];
      if (input.kind === "HYPOTHESIS_VALIDATED") {
        return { label: input.label, met: result.met, summary: result.summary, unit: "", threshold: null, direction: null, thisWeek: null, lastWeek: null };
      }
      return { label: input.label, met: result.met, summary: result.summary, unit: input.unit, threshold: input.threshold, direction: input.direction, ...lastTwoWeeks(input.points, today) };
    });
    return { productId: product.id, productName: product.name, status: evaluation.status, headline: evaluation.headline, criteria };
  });
  const watched = new Set(rows.map((row) => row.signalId));
  const unwatched = signals
    .filter((signal) => !watched.has(signal.id))
    .map((signal) => ({ name: signal.name, unit: signal.unit, productName: productNames.get(signal.productId) ?? "", ...lastTwoWeeks(signal.points, today) }));
  return { gates, signals: unwatched };
}

async function assertProduct(teamId: string, productId: string) {
  const product = await db.product.findFirst({ where: { id: productId, teamId, deletedAt: null }, select: { id: true, name: true, stage: true } });
  if (!product) throw notFound("That product no longer exists.");
  return product;
}

export async function addCriterion(actor: Actor, productId: string, input: z.infer<typeof CriterionSchema>) {
  assertCan(actor, "work.edit");
  const product = await assertProduct(actor.team.id, productId);
  return db.$transaction(async (tx) => {
    let data: Prisma.GateCriterionUncheckedCreateInput;
    if (input.kind === "HYPOTHESIS_VALIDATED") {
      const hypothesis = await findHypothesisByKeyOrId(tx, actor.team.id, input.hypothesisId);
      if (!hypothesis) throw invalid({ hypothesisId: `No hypothesis ${input.hypothesisId} in this team. Enter a key such as H-12.` });
      data = { kind: input.kind, hypothesisId: hypothesis.id, teamId: actor.team.id, productId };
    } else {
      const signal = await tx.signal.findFirst({ where: { id: input.signalId, teamId: actor.team.id, productId, deletedAt: null }, select: { id: true } });
      if (!signal) throw invalid({ signalId: "Choose one of this product's signals." });
      data = { ...input, teamId: actor.team.id, productId };
    }
    const criterion = await tx.gateCriterion.create({ data, select: { id: true } });
    await recordActivity(tx, {
      teamId: actor.team.id,
      actorId: actor.user.id,
      action: "gate.criterion_added",
      entityType: "product",
      entityId: productId,
      summary: `added a gate criterion to ${product.name}`,
      after: { ...input },
    });
    return criterion;
  });
}

export async function removeCriterion(actor: Actor, criterionId: string) {
  assertCan(actor, "work.edit");
  await db.$transaction(async (tx) => {
    const criterion = await tx.gateCriterion.findFirst({ where: { id: criterionId, teamId: actor.team.id, deletedAt: null }, select: { id: true, productId: true, kind: true, threshold: true } });
    if (!criterion) throw notFound("That criterion no longer exists.");
    await tx.gateCriterion.update({ where: { id: criterion.id }, data: { deletedAt: new Date() } });
    await recordActivity(tx, {
      teamId: actor.team.id,
      actorId: actor.user.id,
      action: "gate.criterion_removed",
      entityType: "product",
      entityId: criterion.productId,
      summary: "removed a gate criterion",
      before: { kind: criterion.kind, threshold: criterion.threshold },
    });
  });
}

/**
 * Opens or holds a product's gate, on the record: the rationale and every criterion's evidence as it
 * stands are frozen with the decision. The gate opens only when all criteria are met; opening moves
 * the product to GROWTH, holding an open gate moves it back to MVP.
 */
export async function decideGate(actor: Actor, productId: string, input: z.infer<typeof DecisionSchema>, today = todayDateOnly()) {
  assertCan(actor, "gate.decide");
  const gate = await productGate(actor.team.id, productId, today);
  if (!gate) throw notFound("That product no longer exists.");
  if (input.action === "OPEN") {
    if (gate.product.stage === "GROWTH") throw new AppError(400, "already_open", "The gate is already open.");
    if (gate.evaluation.status !== "READY") {
      const missing = gate.evaluation.results.filter((result) => !result.met).map((result) => result.summary);
      throw new AppError(400, "not_ready", `The gate opens only when the evidence demands it. Not yet met: ${missing.join(" ") || "no criteria are defined."}`);
    }
  }
  const snapshot = {
    asOf: today,
    status: gate.evaluation.status,
    headline: gate.evaluation.headline,
    criteria: gate.criteria.map((criterion) => ({ label: criterion.input.label, kind: criterion.kind, met: criterion.result.met, summary: criterion.result.summary, current: criterion.result.current })),
  };
  return db.$transaction(async (tx) => {
    const stage = input.action === "OPEN" ? "GROWTH" : "MVP";
    const updated = await tx.product.updateMany({ where: { id: productId, teamId: actor.team.id, stage: gate.product.stage }, data: { stage, version: { increment: 1 } } });
    if (updated.count === 0) throw conflict("Someone decided on this gate at the same moment. Reload to see their decision.");
    const decision = await tx.gateDecision.create({
      data: { teamId: actor.team.id, productId, action: input.action, rationale: input.rationale, snapshot, decidedById: actor.user.id },
      select: { id: true },
    });
    await recordActivity(tx, {
      teamId: actor.team.id,
      actorId: actor.user.id,
      action: input.action === "OPEN" ? "gate.opened" : "gate.held",
      entityType: "product",
      entityId: productId,
      summary: input.action === "OPEN" ? `opened the scale gate of ${gate.product.name}: ${quoted(input.rationale)}` : `held the scale gate of ${gate.product.name}: ${quoted(input.rationale)}`,
      before: { stage: gate.product.stage },
      after: { stage, status: gate.evaluation.status },
    });
    await emitEvent(tx, {
      teamId: actor.team.id,
      type: input.action === "OPEN" ? "gate.opened" : "gate.held",
      actorId: actor.user.id,
      subject: productSubject(actor.team.slug, gate.product),
      summary: input.action === "OPEN" ? `opened the scale gate of ${gate.product.name}: it moves to growth` : `held the scale gate of ${gate.product.name}`,
      details: { rationale: input.rationale },
    });
    return decision;
  });
}

export async function createProposal(actor: Actor, productId: string, input: z.infer<typeof ProposalSchema>) {
  assertCan(actor, "proposals.create");
  const product = await assertProduct(actor.team.id, productId);
  return db.$transaction(async (tx) => {
    const signal = await tx.signal.findFirst({ where: { id: input.signalId, teamId: actor.team.id, productId, deletedAt: null }, select: { id: true, name: true } });
    if (!signal) throw invalid({ signalId: "Cite one of this product's signals." });
    const proposal = await tx.scaleProposal.create({ data: { ...input, teamId: actor.team.id, productId, createdById: actor.user.id }, select: { id: true } });
    await recordActivity(tx, {
      teamId: actor.team.id,
      actorId: actor.user.id,
      action: "proposal.created",
      entityType: "product",
      entityId: productId,
      summary: `proposed ${quoted(input.title)} for ${product.name}, citing ${signal.name}`,
      after: { ...input },
    });
    return proposal;
  });
}

/**
 * Approves (only when the cited evidence meets its threshold) or rejects a scale proposal. Only
 * those who decide proposals may, and no one approves their own (ADR 017).
 */
export async function decideProposal(actor: Actor, productId: string, input: z.infer<typeof ProposalDecisionSchema>, today = todayDateOnly()) {
  assertCan(actor, "proposals.decide");
  const gate = await productGate(actor.team.id, productId, today);
  const proposal = gate?.proposals.find((candidate) => candidate.id === input.proposalId);
  if (!gate || !proposal) throw notFound("That proposal no longer exists.");
  if (!canDecideProposal(actor.role, { verdict: input.verdict, ownProposal: proposal.createdById === actor.user.id })) {
    throw forbidden(OWN_PROPOSAL);
  }
  if (proposal.status !== "PROPOSED") throw new AppError(400, "decided", "This proposal has already been decided.");
  if (input.verdict === "APPROVED" && !proposal.evidence.met) {
    throw new AppError(400, "evidence_missing", `It cannot be approved yet: the evidence does not demand it. ${proposal.evidence.summary}`);
  }
  await db.$transaction(async (tx) => {
    const updated = await tx.scaleProposal.updateMany({
      where: { id: proposal.id, teamId: actor.team.id, version: input.version, status: "PROPOSED" },
      data: {
        status: input.verdict,
        decisionNote: input.note || null,
        decidedById: actor.user.id,
        decidedAt: new Date(),
        evidenceSnapshot: { asOf: today, met: proposal.evidence.met, summary: proposal.evidence.summary, current: proposal.evidence.current },
        version: { increment: 1 },
      },
    });
    if (updated.count === 0) throw conflict("Someone decided on this proposal since you opened the page. Reload to see it.");
    await recordActivity(tx, {
      teamId: actor.team.id,
      actorId: actor.user.id,
      action: input.verdict === "APPROVED" ? "proposal.approved" : "proposal.rejected",
      entityType: "product",
      entityId: productId,
      summary: `${input.verdict === "APPROVED" ? "approved" : "rejected"} the proposal ${quoted(proposal.title)}`,
      after: { status: input.verdict, note: input.note, evidence: proposal.evidence.summary },
    });
    await emitEvent(tx, {
      teamId: actor.team.id,
      type: "proposal.decided",
      actorId: actor.user.id,
      subject: { ...productSubject(actor.team.slug, gate.product), type: "proposal", id: proposal.id, title: proposal.title },
      summary: `${input.verdict === "APPROVED" ? "approved" : "rejected"} the scale proposal ${quoted(proposal.title)} for ${gate.product.name}`,
      details: { status: toApiEnum(input.verdict), note: input.note ?? "" },
      people: [proposal.createdById],
    });
  });
}
