import { z } from "zod";
import { announceEvidence, type AnnouncedExperiment } from "./evidence-events.server";
import type { MetricKind } from "~/generated/prisma/enums";
import { teamCommand, teamWrite, validInput } from "~/modules/activity/team-write.server";
import { softDeletion } from "~/modules/trash/soft-delete.server";
import { refreshEvidenceStrength } from "~/modules/hypotheses/hypotheses.server";
import { experimentKey } from "~/modules/experiments/vocabulary";
import { dateOnly, fromDateOnly, toDateOnly } from "~/utils/date-only";
import { idField } from "~/utils/fields";
import type { Actor } from "~/modules/teams/actor";
import { db, type Transaction } from "~/utils/db.server";
import { pageCount } from "~/utils/paging";
import { orderedIds } from "~/utils/ids.server";
import { AppError, conflict, notFound } from "~/utils/errors";
import { ObservationInput, observationRules, type ValidObservation } from "./schemas";

export const OBSERVATIONS_PAGE_SIZE = 50;

/** An observation as stored: ids resolved, dates as `YYYY-MM-DD` and ISO timestamps. */
export type StoredObservation = {
  id: string;
  teamId: string;
  experimentId: string;
  observedOn: string;
  successes: number | null;
  trials: number | null;
  value: number | null;
  note: string | null;
  source: string | null;
  strength: number;
  loggedById: string;
  idempotencyKey: string | null;
  deletedAt: string | null;
  createdAt: string;
};

/** Rows per INSERT: the statement carries one array per column, whatever the row count. */
const INSERT_CHUNK = 5_000;

/** "2026-01-15T09:30:00.000Z" → "2026-01-15T09:30:00.000": the UTC wall time Prisma stores in timestamp(3). */
const utcTimestamp = (value: string | null) => (value === null ? null : new Date(value).toISOString().slice(0, -1));

/** A duplicate key, as Prisma reports it for model writes (P2002) and for raw SQL (P2010 with 23505). */
function isUniqueViolation(error: unknown): boolean {
  const { code, meta } = error as { code?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } };
  return code === "P2002" || (code === "P2010" && meta?.driverAdapterError?.cause?.originalCode === "23505");
}

/**
 * Writes observations in bulk: one INSERT … SELECT FROM unnest(…) per 5,000 rows, fourteen array
 * parameters whatever the count. Observations are the one table written thousands of rows at a
 * time (bulk API, CSV, team import), and createMany builds each row through Prisma's query
 * compiler: about 3 s of CPU for 5,000 rows, against 0.1 s here. Aggregates are the caller's job.
 */
export async function insertObservationRows(tx: Transaction, rows: StoredObservation[]) {
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const chunk = rows.slice(start, start + INSERT_CHUNK);
    const column = <T>(pick: (row: StoredObservation) => T) => chunk.map(pick);
    await tx.$executeRaw`
      INSERT INTO "Observation" ("id", "teamId", "experimentId", "observedOn", "successes", "trials", "value", "note", "source",
                                 "strength", "loggedById", "idempotencyKey", "deletedAt", "createdAt")
      SELECT * FROM unnest(
        ${column((o) => o.id)}::text[], ${column((o) => o.teamId)}::text[], ${column((o) => o.experimentId)}::text[],
        ${column((o) => o.observedOn)}::date[], ${column((o) => o.successes)}::integer[], ${column((o) => o.trials)}::integer[],
        ${column((o) => o.value)}::double precision[], ${column((o) => o.note)}::text[], ${column((o) => o.source)}::text[],
        ${column((o) => o.strength)}::integer[], ${column((o) => o.loggedById)}::text[], ${column((o) => o.idempotencyKey)}::text[],
        ${column((o) => utcTimestamp(o.deletedAt))}::timestamp(3)[], ${column((o) => utcTimestamp(o.createdAt))}::timestamp(3)[]
      )`;
  }
}

type Sums = { count: number; successes: number; trials: number; valueCount: number; valueSum: number; valueSumSquares: number };

function sumsOf(rows: Pick<ValidObservation, "successes" | "trials" | "value">[]): Sums {
  const sums: Sums = { count: 0, successes: 0, trials: 0, valueCount: 0, valueSum: 0, valueSumSquares: 0 };
  for (const row of rows) {
    sums.count += 1;
    sums.successes += row.successes ?? 0;
    sums.trials += row.trials ?? 0;
    if (row.value !== null && row.value !== undefined) {
      sums.valueCount += 1;
      sums.valueSum += row.value;
      sums.valueSumSquares += row.value * row.value;
    }
  }
  return sums;
}

/** The experiment row as evidence writes need it, read under its row lock. */
type LockedExperiment = AnnouncedExperiment & {
  status: string;
  deletedAt: Date | null;
  maxStrength: number;
  lastObservedOn: Date | null;
  hypothesisId: string;
};

/**
 * Locks the experiment row and reads it, in one statement: concurrent writers of its evidence
 * queue here, so the aggregates stay exact.
 */
async function lockExperiment(tx: Transaction, teamId: string, experimentId: string): Promise<LockedExperiment | undefined> {
  const [row] = await tx.$queryRaw<LockedExperiment[]>`
    SELECT id, number, title, status::text AS status, "deletedAt", "maxStrength", "lastObservedOn", "hypothesisId",
           "metricKind"::text AS "metricKind", "metricName", "metricUnit", comparator::text AS comparator, target, "startsOn", "endsOn",
           "observationCount", successes, trials, "valueCount", "valueSum", "valueSumSquares", "announcedVerdict"::text AS "announcedVerdict"
    FROM "Experiment" WHERE id = ${experimentId} AND "teamId" = ${teamId} FOR UPDATE`;
  return row;
}

/**
 * Applies a delta (sign +1 to add, −1 to remove) to the experiment's running and per-day
 * aggregates and to its hypothesis's evidence strength. Adding never reads the experiment's
 * observations: the strongest evidence and the last day only grow. Removing recomputes both
 * from what is left (trashing is one row at a time, and rare).
 */
async function applyToAggregates(tx: Transaction, teamId: string, experiment: LockedExperiment, rows: ValidObservation[], sign: 1 | -1) {
  const total = sumsOf(rows);
  let maxStrength: number;
  let lastObservedOn: string | null;
  if (sign === 1) {
    maxStrength = rows.reduce((max, row) => Math.max(max, row.strength), experiment.maxStrength);
    lastObservedOn = rows.reduce<string | null>((last, row) => (last === null || row.observedOn > last ? row.observedOn : last), experiment.lastObservedOn ? toDateOnly(experiment.lastObservedOn) : null);
  } else {
    const [left] = await tx.$queryRaw<{ strength: number | null; day: Date | null }[]>`
      SELECT max(strength) AS strength, max("observedOn") AS day FROM "Observation"
      WHERE "teamId" = ${teamId} AND "experimentId" = ${experiment.id} AND "deletedAt" IS NULL`;
    maxStrength = left?.strength ?? 0;
    lastObservedOn = left?.day ? toDateOnly(left.day) : null;
  }
  await tx.experiment.update({
    where: { id: experiment.id },
    data: {
      observationCount: { increment: sign * total.count },
      successes: { increment: sign * total.successes },
      trials: { increment: sign * total.trials },
      valueCount: { increment: sign * total.valueCount },
      valueSum: { increment: sign * total.valueSum },
      valueSumSquares: { increment: sign * total.valueSumSquares },
      maxStrength,
      lastObservedOn: lastObservedOn === null ? null : fromDateOnly(lastObservedOn),
    },
  });
  const byDay = new Map<string, ValidObservation[]>();
  for (const row of rows) byDay.set(row.observedOn, [...(byDay.get(row.observedOn) ?? []), row]);
  for (const [day, dayRows] of byDay) {
    const sums = sumsOf(dayRows);
    const delta = {
      successes: sign * sums.successes,
      trials: sign * sums.trials,
      valueCount: sign * sums.valueCount,
      valueSum: sign * sums.valueSum,
      valueSumSquares: sign * sums.valueSumSquares,
    };
    await tx.experimentDay.upsert({
      where: { teamId_experimentId_day: { teamId, experimentId: experiment.id, day: fromDateOnly(day) } },
      create: { teamId, experimentId: experiment.id, day: fromDateOnly(day), ...delta },
      update: {
        successes: { increment: delta.successes },
        trials: { increment: delta.trials },
        valueCount: { increment: delta.valueCount },
        valueSum: { increment: delta.valueSum },
        valueSumSquares: { increment: delta.valueSumSquares },
      },
    });
  }
  if (sign === 1) {
    // A hypothesis's strength is its experiments' strongest evidence: an addition can only raise it.
    await tx.hypothesis.updateMany({ where: { id: experiment.hypothesisId, teamId, evidenceStrength: { lt: maxStrength } }, data: { evidenceStrength: maxStrength } });
  } else {
    await refreshEvidenceStrength(tx, teamId, experiment.hypothesisId);
  }
}

/** Which of these rows' idempotency keys the experiment has recorded already (live or in the trash). */
export async function recordedKeys(client: Transaction | typeof db, teamId: string, experimentId: string, rows: { idempotencyKey: string | null }[]): Promise<Set<string>> {
  const keys = rows.map((row) => row.idempotencyKey).filter((key): key is string => Boolean(key));
  if (keys.length === 0) return new Set();
  const found = await client.observation.findMany({ where: { teamId, experimentId, idempotencyKey: { in: keys } }, select: { idempotencyKey: true } });
  return new Set(found.flatMap((row) => (row.idempotencyKey ? [row.idempotencyKey] : [])));
}

/** The rows an import adds: those whose key was not recorded before (re-importing a file adds nothing). */
export function unrecordedRows<T extends { idempotencyKey: string | null }>(rows: T[], recorded: Set<string>): T[] {
  return rows.filter((row) => !row.idempotencyKey || !recorded.has(row.idempotencyKey));
}

const AddObservationsInput = z.object({
  experimentId: idField,
  rows: z.array(ObservationInput),
  via: z.enum(["form", "csv", "api"]),
  /** The team's today, YYYY-MM-DD: evidence cannot be from the future. */
  today: dateOnly().optional(),
});

/**
 * Logs evidence on a running experiment, all rows or none, under the rules of its metric kind
 * and timebox (observationRules; a refusal names `rows.N.field`). Rows whose idempotency key was
 * already recorded are skipped (re-importing a file adds nothing); aggregates move in the same
 * transaction.
 */
export const addObservations = teamCommand({ permission: "work.edit", input: AddObservationsInput }, async (actor, input) => {
  try {
    return await teamWrite(actor, "work.edit", async (tx, log) => {
      const experiment = await lockExperiment(tx, actor.team.id, input.experimentId);
      if (!experiment || experiment.deletedAt) throw notFound("This experiment no longer exists.");
      const timebox = { startsOn: toDateOnly(experiment.startsOn), endsOn: toDateOnly(experiment.endsOn), today: input.today ?? toDateOnly(new Date()) };
      const rows = validInput(z.object({ rows: observationRules(experiment.metricKind, timebox) }), { rows: input.rows }).rows;
      if (experiment.status !== "RUNNING") {
        throw new AppError(400, "not_running", experiment.status === "DRAFT" ? "Start the experiment before logging evidence: starting locks its criterion." : "This experiment is closed; its evidence is part of the record.");
      }
      const fresh = unrecordedRows(rows, await recordedKeys(tx, actor.team.id, experiment.id, rows));
      if (fresh.length > 0) {
        const nextId = orderedIds();
        const createdAt = new Date().toISOString();
        await insertObservationRows(
          tx,
          fresh.map((row) => ({
            id: nextId(),
            teamId: actor.team.id,
            experimentId: experiment.id,
            observedOn: row.observedOn,
            successes: row.successes,
            trials: row.trials,
            value: row.value,
            note: row.note,
            source: row.source,
            strength: row.strength,
            loggedById: actor.user.id,
            idempotencyKey: row.idempotencyKey,
            deletedAt: null,
            createdAt,
          })),
        );
        await applyToAggregates(tx, actor.team.id, experiment, fresh, 1);
        await log({
          action: "observation.added",
          entityType: "experiment",
          entityId: experiment.id,
          summary:
            fresh.length === 1
              ? `logged evidence on ${experimentKey(experiment.number)}`
              : `logged ${fresh.length} observations on ${experimentKey(experiment.number)}${input.via === "csv" ? " from a CSV file" : ""}`,
          after: { count: fresh.length, via: input.via },
        });
        // The aggregates as they stand now, from the locked row and what was added: no second read.
        const added = sumsOf(fresh);
        const now = {
          ...experiment,
          observationCount: experiment.observationCount + fresh.length,
          successes: experiment.successes + added.successes,
          trials: experiment.trials + added.trials,
          valueCount: experiment.valueCount + added.valueCount,
          valueSum: experiment.valueSum + added.valueSum,
          valueSumSquares: experiment.valueSumSquares + added.valueSumSquares,
        };
        await announceEvidence(tx, actor, now, { count: fresh.length, via: input.via, today: timebox.today });
      }
      return { added: fresh.length, skipped: rows.length - fresh.length };
    });
  } catch (error) {
    // Two identical imports at the same instant: the unique key stops the second one.
    if (isUniqueViolation(error)) throw conflict("The same evidence is being recorded right now. Reload to see it.");
    throw error;
  }
});

/** Moves an observation to the trash or back, moving its experiment's aggregates with it. */
export const setObservationDeleted = softDeletion({
  missing: "That observation no longer exists.",
  find: async (tx, teamId, id) => {
    const owner = await tx.observation.findFirst({ where: { id, teamId }, select: { experimentId: true } });
    if (!owner) return null;
    // Lock the experiment before reading the observation's state: two people trashing the same
    // row at once must not both see it live and both subtract it from the aggregates.
    const experiment = (await lockExperiment(tx, teamId, owner.experimentId))!;
    const observation = await tx.observation.findFirstOrThrow({
      where: { id, teamId },
      select: { id: true, experimentId: true, observedOn: true, successes: true, trials: true, value: true, note: true, source: true, strength: true, deletedAt: true },
    });
    const row: ValidObservation = { ...observation, observedOn: toDateOnly(observation.observedOn), strength: observation.strength as ValidObservation["strength"], idempotencyKey: null };
    return { ...observation, row, experiment };
  },
  guard: ({ experiment }) => {
    if (experiment.status !== "RUNNING") throw new AppError(400, "closed", "This experiment is closed; its evidence is part of the record.");
  },
  mark: (tx, id, deletedAt) => tx.observation.update({ where: { id }, data: { deletedAt } }),
  change: ({ experimentId, experiment, row }, deleted) => ({
    action: deleted ? "observation.trashed" : "observation.restored",
    entityType: "experiment",
    entityId: experimentId,
    summary: `${deleted ? "moved an observation to the trash" : "restored an observation"} on ${experimentKey(experiment.number)}`,
    before: { observedOn: row.observedOn, successes: row.successes, trials: row.trials, value: row.value, note: row.note },
  }),
  then: (tx, actor, { experiment, row }, deleted) => applyToAggregates(tx, actor.team.id, experiment, [row], deleted ? -1 : 1),
});

/** A page of an experiment's evidence, newest first. The total is the maintained count, never a scan. */
export async function listObservations(teamId: string, experiment: { id: string; observationCount: number }, page = 1) {
  const where = { teamId, experimentId: experiment.id, deletedAt: null };
  const total = experiment.observationCount;
  const observations = await db.observation.findMany({
    where,
    orderBy: [{ observedOn: "desc" }, { createdAt: "desc" }],
    skip: (page - 1) * OBSERVATIONS_PAGE_SIZE,
    take: OBSERVATIONS_PAGE_SIZE,
    select: { id: true, observedOn: true, successes: true, trials: true, value: true, note: true, source: true, strength: true, createdAt: true, loggedBy: { select: { name: true } } },
  });
  return {
    total,
    page,
    pageCount: pageCount(total, OBSERVATIONS_PAGE_SIZE),
    observations: observations.map((row) => ({ ...row, observedOn: toDateOnly(row.observedOn) })),
  };
}
