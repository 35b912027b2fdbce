import { z } from "zod";
import { idField, versionField } from "~/utils/fields";
import { Prisma, type HypothesisStatus } from "~/generated/prisma/client";
import { recordActivity } from "~/modules/activity/activity.server";
import { emitEvent, hypothesisSubject } from "~/modules/events/emit.server";
import { toApiEnum } from "~/utils/enum-case";
import { teamCommand, teamWrite } from "~/modules/activity/team-write.server";
import { softDeletion } from "~/modules/trash/soft-delete.server";
import { lastEditor } from "~/modules/activity/history.server";
import type { Actor } from "~/modules/teams/actor";
import { nextTeamNumber } from "~/modules/teams/sequence.server";
import { db, type Transaction } from "~/utils/db.server";
import { pageCount } from "~/utils/paging";
import { conflict, invalid, notFound } from "~/utils/errors";
import type { HypothesisFieldsSchema, HypothesisFilters } from "./schemas";
import { MAP_CELL_DOTS, type MapCell } from "./map";
import { deriveHypothesisStatus } from "./status";
import { hypothesisKey, parseHypothesisKey, STATUS_LABELS } from "./vocabulary";
import { quoted } from "~/utils/quote";

type HypothesisFields = z.infer<typeof HypothesisFieldsSchema>;

export const HYPOTHESES_PAGE_SIZE = 50;

/** Checks that the product and owner belong to the acting team. */
async function assertReferences(tx: Transaction, teamId: string, input: { productId: string; ownerId?: string }) {
  const product = await tx.product.findFirst({ where: { id: input.productId, teamId, deletedAt: null }, select: { id: true } });
  if (!product) throw invalid({ productId: "Choose one of this team's products." });
  if (input.ownerId) {
    const owner = await tx.membership.findUnique({ where: { teamId_userId: { teamId, userId: input.ownerId } }, select: { userId: true } });
    if (!owner) throw invalid({ ownerId: "The owner must be a member of this team." });
  }
}

function snapshot(fields: HypothesisFields) {
  return {
    productId: fields.productId,
    statement: fields.statement,
    segment: fields.segment,
    category: fields.category,
    importance: fields.importance,
    ownerId: fields.ownerId ?? null,
  };
}

export async function createHypothesis(actor: Actor, input: HypothesisFields) {
  return teamWrite(actor, "work.edit", async (tx, log) => {
    await assertReferences(tx, actor.team.id, input);
    const number = await nextTeamNumber(tx, actor.team.id, "hypothesisSeq");
    const hypothesis = await tx.hypothesis.create({
      data: { ...snapshot(input), teamId: actor.team.id, number, createdById: actor.user.id },
      select: { id: true, number: true },
    });
    await log({
      action: "hypothesis.created",
      entityType: "hypothesis",
      entityId: hypothesis.id,
      summary: `wrote ${hypothesisKey(number)}: ${quoted(input.statement)}`,
      after: snapshot(input),
    });
    return hypothesis;
  });
}

/** What an edit can change, and what a conflict shows of the saved version. */
const HYPOTHESIS_FIELDS = { number: true, version: true, productId: true, statement: true, segment: true, category: true, importance: true, ownerId: true } as const;

export async function updateHypothesis(actor: Actor, input: HypothesisFields & { id: string; version: number }) {
  return teamWrite(actor, "work.edit", async (tx, log) => {
    const current = await tx.hypothesis.findFirst({ where: { id: input.id, teamId: actor.team.id, deletedAt: null }, select: HYPOTHESIS_FIELDS });
    if (!current) throw notFound("This hypothesis no longer exists.");
    await assertReferences(tx, actor.team.id, input);
    const updated = await tx.hypothesis.updateMany({
      where: { id: input.id, teamId: actor.team.id, version: input.version },
      data: { ...snapshot(input), version: { increment: 1 } },
    });
    if (updated.count === 0) {
      // Read again: a save that won the race committed after `current` was read.
      const latest = await tx.hypothesis.findFirst({ where: { id: input.id, teamId: actor.team.id }, select: HYPOTHESIS_FIELDS });
      if (!latest) throw notFound("This hypothesis no longer exists.");
      const { version, number, ...theirs } = latest;
      const by = await lastEditor(tx, actor.team.id, "hypothesis", input.id);
      throw conflict(`Changed by ${by} since you opened it (now version ${version}, you edited version ${input.version}). Compare, then save again.`, undefined, {
        theirs,
        theirVersion: version,
        yourVersion: input.version,
        key: hypothesisKey(number),
      });
    }
    const { version: _v, number, ...before } = current;
    await log({
      action: "hypothesis.updated",
      entityType: "hypothesis",
      entityId: input.id,
      summary: `edited ${hypothesisKey(number)}`,
      before,
      after: snapshot(input),
    });
  });
}

export const AssignOwnerInput = z.object({
  id: idField,
  /** Null leaves the hypothesis without an owner. */
  ownerId: idField.nullable(),
  version: versionField,
});

/** Names who owns a hypothesis (the person who gets its reminders), e.g. from the weekly review. */
export const assignHypothesisOwner = teamCommand({ permission: "work.edit", input: AssignOwnerInput }, (actor, input) =>
  teamWrite(actor, "work.edit", async (tx, log) => {
    const current = await tx.hypothesis.findFirst({ where: { id: input.id, teamId: actor.team.id, deletedAt: null }, select: { number: true, ownerId: true, owner: { select: { name: true } } } });
    if (!current) throw notFound("This hypothesis no longer exists.");
    const owner = input.ownerId
      ? await tx.membership.findUnique({ where: { teamId_userId: { teamId: actor.team.id, userId: input.ownerId } }, select: { user: { select: { name: true } } } })
      : null;
    if (input.ownerId && !owner) throw invalid({ ownerId: "The owner must be a member of this team." });
    const updated = await tx.hypothesis.updateMany({ where: { id: input.id, teamId: actor.team.id, version: input.version }, data: { ownerId: input.ownerId, version: { increment: 1 } } });
    if (updated.count === 0) {
      const by = await lastEditor(tx, actor.team.id, "hypothesis", input.id);
      throw conflict(`Changed by ${by} since you opened it. Review it and try again.`);
    }
    const key = hypothesisKey(current.number);
    await log({
      action: "hypothesis.owner_assigned",
      entityType: "hypothesis",
      entityId: input.id,
      summary: owner ? `made ${owner.user.name} the owner of ${key}` : `left ${key} without an owner`,
      before: { ownerId: current.ownerId },
      after: { ownerId: input.ownerId },
    });
  }),
);

/** A person overrides the status the evidence implies; the reason is logged. */
export async function overrideHypothesisStatus(actor: Actor, input: { id: string; status: HypothesisStatus; reason: string; version: number }) {
  return teamWrite(actor, "work.edit", async (tx, log) => {
    const current = await tx.hypothesis.findFirst({ where: { id: input.id, teamId: actor.team.id, deletedAt: null }, select: { id: true, number: true, statement: true, status: true, version: true } });
    if (!current) throw notFound("This hypothesis no longer exists.");
    const updated = await tx.hypothesis.updateMany({
      where: { id: input.id, teamId: actor.team.id, version: input.version },
      data: { status: input.status, statusOverridden: true, version: { increment: 1 } },
    });
    if (updated.count === 0) {
      const by = await lastEditor(tx, actor.team.id, "hypothesis", input.id);
      throw conflict(`Changed by ${by} since you opened it: the status is now ${STATUS_LABELS[current.status]}. Review it and try again.`);
    }
    await log({
      action: "hypothesis.status_overridden",
      entityType: "hypothesis",
      entityId: input.id,
      summary: `set ${hypothesisKey(current.number)} to ${STATUS_LABELS[input.status]} by hand: ${quoted(input.reason)}`,
      before: { status: current.status },
      after: { status: input.status, reason: input.reason },
    });
    if (current.status !== input.status) await announceStatus(tx, actor, current, current.status, input.status, "by hand");
  });
}

/** A hypothesis's status changed: news to its watchers. */
function announceStatus(tx: Transaction, actor: Actor, hypothesis: { id: string; number: number; statement: string }, from: HypothesisStatus, to: HypothesisStatus, how: string) {
  return emitEvent(tx, {
    teamId: actor.team.id,
    type: "hypothesis.status_changed",
    actorId: actor.user.id,
    subject: hypothesisSubject(actor.team.slug, hypothesis),
    summary: `moved ${hypothesisKey(hypothesis.number)} from ${STATUS_LABELS[from].toLowerCase()} to ${STATUS_LABELS[to].toLowerCase()}, ${how}`,
    details: { from: toApiEnum(from), to: toApiEnum(to) },
  });
}

/**
 * Re-derives a hypothesis's status from its experiments after one starts, concludes or is
 * abandoned. A new conclusion replaces a manual override (both are in the history).
 */
export async function refreshHypothesisStatus(tx: Transaction, actor: Actor, hypothesisId: string, options: { clearOverride: boolean }) {
  const hypothesis = await tx.hypothesis.findFirstOrThrow({
    where: { id: hypothesisId, teamId: actor.team.id },
    select: {
      id: true,
      number: true,
      statement: true,
      status: true,
      statusOverridden: true,
      experiments: {
        where: { deletedAt: null },
        select: { status: true, finalVerdict: true, concludedAt: true, learningCard: { select: { decision: true } } },
      },
    },
  });
  if (hypothesis.statusOverridden && !options.clearOverride) return;
  const status = deriveHypothesisStatus(
    hypothesis.experiments.map((experiment) => ({ ...experiment, decision: experiment.learningCard?.decision ?? null })),
  );
  if (status === hypothesis.status && !hypothesis.statusOverridden) return;
  await tx.hypothesis.update({ where: { id: hypothesisId }, data: { status, statusOverridden: false, version: { increment: 1 } } });
  if (status !== hypothesis.status) {
    await recordActivity(tx, {
      teamId: actor.team.id,
      actorId: actor.user.id,
      action: "hypothesis.status_changed",
      entityType: "hypothesis",
      entityId: hypothesisId,
      // Read after the actor's name: "Maya Okafor moved H-12 to validated, following its experiments".
      summary: `moved ${hypothesisKey(hypothesis.number)} to ${STATUS_LABELS[status].toLowerCase()}, following its experiments`,
      before: { status: hypothesis.status },
      after: { status },
    });
    await announceStatus(tx, actor, hypothesis, hypothesis.status, status, "following its experiments");
  }
}

/** Moves a hypothesis to the trash or back. */
export const setHypothesisDeleted = softDeletion({
  missing: "This hypothesis no longer exists.",
  find: (tx, teamId, id) => tx.hypothesis.findFirst({ where: { id, teamId }, select: { id: true, number: true, deletedAt: true, statement: true } }),
  mark: (tx, id, deletedAt) => tx.hypothesis.update({ where: { id }, data: { deletedAt, version: { increment: 1 } } }),
  change: (current, deleted) => ({
    action: deleted ? "hypothesis.trashed" : "hypothesis.restored",
    entityType: "hypothesis",
    entityId: current.id,
    summary: deleted ? `moved ${hypothesisKey(current.number)} to the trash` : `restored ${hypothesisKey(current.number)} from the trash`,
  }),
});

function orderFor(sort: HypothesisFilters["sort"]): Prisma.HypothesisOrderByWithRelationInput[] {
  switch (sort) {
    case "newest":
      return [{ createdAt: "desc" }];
    case "key":
      return [{ number: "asc" }];
    case "importance":
      return [{ importance: "desc" }, { number: "asc" }];
    default:
      // Riskiest first: most important, least evidence.
      return [{ importance: "desc" }, { evidenceStrength: "asc" }, { number: "asc" }];
  }
}

/** Re-derives a hypothesis's evidence strength from its experiments, inside the writing transaction. */
export async function refreshEvidenceStrength(tx: Transaction, teamId: string, hypothesisId: string) {
  const strongest = await tx.experiment.aggregate({ where: { teamId, hypothesisId, deletedAt: null }, _max: { maxStrength: true } });
  await tx.hypothesis.update({ where: { id: hypothesisId }, data: { evidenceStrength: strongest._max.maxStrength ?? 0 } });
}

export async function listHypotheses(teamId: string, filters: HypothesisFilters, page = 1) {
  const where: Prisma.HypothesisWhereInput = {
    teamId,
    deletedAt: null,
    ...(filters.product ? { productId: filters.product } : {}),
    ...(filters.category ? { category: filters.category } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.owner ? { ownerId: filters.owner } : {}),
    ...(filters.importance !== undefined ? { importance: filters.importance } : {}),
    ...(filters.strength !== undefined ? { evidenceStrength: filters.strength } : {}),
    ...(filters.q ? { statement: { contains: filters.q, mode: "insensitive" } } : {}),
  };
  const [total, rows] = await Promise.all([
    db.hypothesis.count({ where }),
    db.hypothesis.findMany({
      where,
      orderBy: orderFor(filters.sort),
      skip: (page - 1) * HYPOTHESES_PAGE_SIZE,
      take: HYPOTHESES_PAGE_SIZE,
      select: {
        id: true,
        number: true,
        statement: true,
        segment: true,
        category: true,
        importance: true,
        status: true,
        evidenceStrength: true,
        product: { select: { name: true } },
        owner: { select: { name: true } },
        // teamId lets the count use the (teamId, hypothesisId) index instead of scanning it.
        _count: { select: { experiments: { where: { teamId, deletedAt: null } } } },
      },
    }),
  ]);
  const hypotheses = rows.map((row) => ({ ...row, key: hypothesisKey(row.number), strength: row.evidenceStrength }));
  return { hypotheses, total, page, pageCount: pageCount(total, HYPOTHESES_PAGE_SIZE) };
}

/** The riskiest hypotheses nobody has tested yet: most important, least evidence. */
export async function riskiestUntested(teamId: string, limit: number) {
  const rows = await db.hypothesis.findMany({
    where: { teamId, deletedAt: null, status: "UNTESTED" },
    orderBy: orderFor("risk"),
    take: limit,
    select: { id: true, number: true, statement: true, importance: true, evidenceStrength: true },
  });
  return rows.map((row) => ({ ...row, key: hypothesisKey(row.number), strength: row.evidenceStrength }));
}

/**
 * The assumptions map (importance × evidence strength): every cell's count by status, and the
 * hypotheses themselves only in cells sparse enough to draw as dots. Two queries whatever the
 * team's size; a map of 2,000 dots would be unreadable and weigh a megabyte.
 */
export async function assumptionsMap(teamId: string, productId?: string): Promise<{ total: number; cells: MapCell[] }> {
  const product = productId ? Prisma.sql`AND "productId" = ${productId}` : Prisma.empty;
  const [counts, sparse] = await Promise.all([
    db.$queryRaw<{ importance: number; strength: number; status: HypothesisStatus; count: number }[]>`
      SELECT importance, "evidenceStrength" AS strength, status::text AS status, count(*)::int AS count
      FROM "Hypothesis" WHERE "teamId" = ${teamId} AND "deletedAt" IS NULL ${product}
      GROUP BY 1, 2, 3`,
    db.$queryRaw<{ id: string; number: number; statement: string; importance: number; strength: number; status: HypothesisStatus }[]>`
      SELECT id, number, statement, importance, strength, status FROM (
        SELECT id, number, statement, importance, "evidenceStrength" AS strength, status::text AS status,
               count(*) OVER (PARTITION BY importance, "evidenceStrength") AS in_cell
        FROM "Hypothesis" WHERE "teamId" = ${teamId} AND "deletedAt" IS NULL ${product}
      ) h WHERE in_cell <= ${MAP_CELL_DOTS} ORDER BY number`,
  ]);
  const cells = new Map<string, MapCell>();
  const cellOf = (importance: number, strength: number) => {
    const key = `${importance}:${strength}`;
    if (!cells.has(key)) cells.set(key, { importance, strength, total: 0, byStatus: {}, points: [] });
    return cells.get(key)!;
  };
  for (const row of counts) {
    const cell = cellOf(row.importance, row.strength);
    cell.total += row.count;
    cell.byStatus[row.status] = row.count;
  }
  for (const row of sparse) cellOf(row.importance, row.strength).points.push({ id: row.id, key: hypothesisKey(row.number), statement: row.statement, importance: row.importance, strength: row.strength, status: row.status });
  return { total: counts.reduce((sum, row) => sum + row.count, 0), cells: [...cells.values()] };
}

export async function getHypothesis(teamId: string, number: number) {
  const hypothesis = await db.hypothesis.findFirst({
    where: { teamId, number, deletedAt: null },
    select: {
      id: true,
      number: true,
      statement: true,
      segment: true,
      category: true,
      importance: true,
      status: true,
      statusOverridden: true,
      version: true,
      productId: true,
      ownerId: true,
      createdAt: true,
      product: { select: { name: true, stage: true } },
      owner: { select: { name: true } },
      createdBy: { select: { name: true } },
    },
  });
  if (!hypothesis) return null;
  const rollup = await db.observation.groupBy({
    by: ["strength"],
    where: { teamId, deletedAt: null, experiment: { hypothesisId: hypothesis.id, deletedAt: null } },
    _count: { _all: true },
  });
  const evidence = [1, 2, 3, 4].map((strength) => ({ strength, count: rollup.find((row) => row.strength === strength)?._count._all ?? 0 }));
  return { ...hypothesis, key: hypothesisKey(hypothesis.number), evidence };
}

/** Hypotheses to choose from: all of the team's, newest first; or one product's riskiest few. */
export function hypothesisOptions(teamId: string, options: { productId?: string; riskiest?: number } = {}) {
  return db.hypothesis.findMany({
    where: { teamId, deletedAt: null, ...(options.productId ? { productId: options.productId } : {}) },
    orderBy: options.riskiest ? orderFor("risk") : { number: "desc" },
    take: options.riskiest,
    select: { id: true, number: true, statement: true },
  });
}

/** A hypothesis of the team by its key ("H-12") or its id. */
export function findHypothesisByKeyOrId(tx: Transaction, teamId: string, keyOrId: string) {
  const number = parseHypothesisKey(keyOrId);
  return tx.hypothesis.findFirst({ where: { teamId, deletedAt: null, ...(number !== null ? { number } : { id: keyOrId }) }, select: { id: true, number: true } });
}
