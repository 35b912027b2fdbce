import type { Prisma } from "~/generated/prisma/client";
import type { ExperimentStatus, Verdict as DbVerdict } from "~/generated/prisma/enums";
import { z } from "zod";
import { teamCommand, teamWrite } from "~/modules/activity/team-write.server";
import { softDeletion } from "~/modules/trash/soft-delete.server";
import { emitEvent, experimentSubject } from "~/modules/events/emit.server";
import { lastEditor } from "~/modules/activity/history.server";
import { refreshEvidenceStrength, refreshHypothesisStatus } from "~/modules/hypotheses/hypotheses.server";
import { hypothesisKey } from "~/modules/hypotheses/vocabulary";
import type { Actor } from "~/modules/teams/actor";
import { nextTeamNumber } from "~/modules/teams/sequence.server";
import { db, type Transaction } from "~/utils/db.server";
import { pageCount } from "~/utils/paging";
import { AppError, conflict, invalid, notFound } from "~/utils/errors";
import { CYCLE_ANCHOR, cycleLabel, recentCycles } from "./cycles";
import { cumulativeSeries, evaluateExperiment } from "./evaluation";
import {
  AbandonExperimentInput,
  ConcludeExperimentInput,
  CreateExperimentInput,
  ExtendExperimentInput,
  MAX_TIMEBOX_DAYS,
  RULES,
  StartExperimentInput,
  UpdateExperimentInput,
  unitFor,
  type ExperimentPlan,
} from "./schemas";
import type { Evaluation, Verdict } from "./statistics";
import { dateOnly, fromDateOnly, toDateOnly } from "~/utils/date-only";
import { daysBetween, todayDateOnly } from "./timebox";
import { describeCriterion, experimentKey, METRIC_KINDS, STATUS_LABELS } from "./vocabulary";
import { quoted } from "~/utils/quote";
import { toApiEnum } from "~/utils/enum-case";

const VERDICT_TO_DB: Record<Verdict, DbVerdict> = { met: "MET", not_met: "NOT_MET", too_early: "TOO_EARLY" };

const CRITERION_FIELDS = ["metricName", "metricKind", "comparator", "target", "metricUnit"] as const;

/** The columns every experiment view needs, with dates as YYYY-MM-DD. */
const SUMMARY_SELECT = {
  id: true,
  number: true,
  title: true,
  method: true,
  status: true,
  metricName: true,
  metricUnit: true,
  metricKind: true,
  comparator: true,
  target: true,
  startsOn: true,
  endsOn: true,
  successes: true,
  trials: true,
  valueCount: true,
  valueSum: true,
  valueSumSquares: true,
  observationCount: true,
  maxStrength: true,
  finalVerdict: true,
  criterionChangedAfterStart: true,
  version: true,
  hypothesisId: true,
} satisfies Prisma.ExperimentSelect;

type SummaryRow = Prisma.ExperimentGetPayload<{ select: typeof SUMMARY_SELECT }>;

function withResult<T extends SummaryRow>(row: T, today: string) {
  const startsOn = toDateOnly(row.startsOn);
  const endsOn = toDateOnly(row.endsOn);
  const result = evaluateExperiment({ ...row, startsOn, endsOn }, today);
  return { ...row, startsOn, endsOn, key: experimentKey(row.number), result, overdue: row.status === "RUNNING" && today > endsOn };
}

async function findForChange(tx: Transaction, actor: Actor, id: string) {
  const experiment = await tx.experiment.findFirst({ where: { id, teamId: actor.team.id, deletedAt: null }, select: { ...SUMMARY_SELECT, plan: true } });
  if (!experiment) throw notFound("This experiment no longer exists.");
  return experiment;
}

/**
 * Refuses a save made on an outdated version. The version is read afresh: when two saves race,
 * the loser's earlier read predates the winner's commit, and the message must name the winner's.
 */
async function staleVersion(tx: Transaction, actor: Actor, id: string, yours: number): Promise<never> {
  const latest = await tx.experiment.findFirst({ where: { id, teamId: actor.team.id }, select: { version: true } });
  if (!latest) throw notFound("This experiment no longer exists.");
  const current = latest.version;
  const by = await lastEditor(tx, actor.team.id, "experiment", id);
  throw conflict(`Changed by ${by} since you opened it (now version ${current}, you edited version ${yours}). Review the latest version, then try again.`, undefined, {
    theirVersion: current,
    yourVersion: yours,
  });
}

async function guardedUpdate(tx: Transaction, actor: Actor, id: string, version: number, data: Prisma.ExperimentUpdateManyMutationInput) {
  const updated = await tx.experiment.updateMany({ where: { id, teamId: actor.team.id, version }, data: { ...data, version: { increment: 1 } } });
  if (updated.count === 0) await staleVersion(tx, actor, id, version);
}

async function assertHypothesis(tx: Transaction, teamId: string, hypothesisId: string) {
  const hypothesis = await tx.hypothesis.findFirst({ where: { id: hypothesisId, teamId, deletedAt: null }, select: { id: true, number: true } });
  if (!hypothesis) throw invalid({ hypothesisId: "Choose one of this team's hypotheses." });
  return hypothesis;
}

function fieldsData(input: ExperimentPlan) {
  return {
    title: input.title,
    method: input.method,
    plan: input.plan,
    metricName: input.metricName,
    metricUnit: input.metricUnit,
    metricKind: input.metricKind,
    comparator: input.comparator,
    target: input.target,
    startsOn: fromDateOnly(input.startsOn),
    endsOn: fromDateOnly(input.endsOn),
  };
}

/** Plans an experiment as a draft. */
export const createExperiment = teamCommand({ permission: "work.edit", input: CreateExperimentInput }, (actor, input) =>
  teamWrite(actor, "work.edit", async (tx, log) => {
    const hypothesis = await assertHypothesis(tx, actor.team.id, input.hypothesisId);
    const retestOf = input.retestOfId ? await tx.experiment.findFirst({ where: { id: input.retestOfId, teamId: actor.team.id }, select: { id: true } }) : null;
    const number = await nextTeamNumber(tx, actor.team.id, "experimentSeq");
    const experiment = await tx.experiment.create({
      data: { ...fieldsData(input), hypothesisId: hypothesis.id, teamId: actor.team.id, number, createdById: actor.user.id, retestOfId: retestOf?.id ?? null },
      select: { id: true, number: true },
    });
    const { retestOfId: _retest, ...after } = input;
    await log({
      action: "experiment.created",
      entityType: "experiment",
      entityId: experiment.id,
      summary: `planned ${experimentKey(number)} ${quoted(input.title)} to test ${hypothesisKey(hypothesis.number)}`,
      after,
    });
    return experiment;
  }),
);

/**
 * Edits an experiment. Once it has started, its criterion (metric, kind, comparator, target, unit)
 * is locked: a change needs a reason, is logged, and marks the experiment for good. The
 * hypothesis an experiment tests never changes; a different belief needs its own experiment.
 */
export const updateExperiment = teamCommand({ permission: "work.edit", input: UpdateExperimentInput }, (actor, input) =>
  teamWrite(actor, "work.edit", async (tx, log) => {
    const current = await findForChange(tx, actor, input.id);
    if (current.status === "CONCLUDED" || current.status === "ABANDONED") {
      throw new AppError(400, "closed", `This experiment is ${STATUS_LABELS[current.status].toLowerCase()}; it is part of the record and can no longer be edited.`);
    }
    if (current.version !== input.version) await staleVersion(tx, actor, input.id, input.version);
    // A rate's unit means nothing: one stored before rates dropped theirs is not a change of criterion.
    const locked = { ...current, metricUnit: unitFor(current.metricKind, current.metricUnit) };
    const criterionChanged = CRITERION_FIELDS.some((field) => locked[field] !== input[field]);
    const started = current.status === "RUNNING";
    if (started && criterionChanged && input.reason.length < 5) {
      throw invalid({ reason: "The criterion is locked since the experiment started. Say why it must change (at least 5 characters)." });
    }
    if (started && current.observationCount > 0 && current.metricKind !== input.metricKind) {
      throw invalid({ metricKind: "Evidence has been logged in this kind of metric; start a new experiment to measure another kind." });
    }
    await guardedUpdate(tx, actor, input.id, input.version, {
      ...fieldsData(input),
      ...(started && criterionChanged ? { criterionChangedAfterStart: true } : {}),
    });
    const key = experimentKey(current.number);
    const before = { title: current.title, plan: current.plan, metricName: current.metricName, metricUnit: current.metricUnit, metricKind: current.metricKind, comparator: current.comparator, target: current.target, startsOn: toDateOnly(current.startsOn), endsOn: toDateOnly(current.endsOn) };
    const after = { title: input.title, plan: input.plan, metricName: input.metricName, metricUnit: input.metricUnit, metricKind: input.metricKind, comparator: input.comparator, target: input.target, startsOn: input.startsOn, endsOn: input.endsOn };
    await log({
      action: started && criterionChanged ? "experiment.criterion_changed" : "experiment.updated",
      entityType: "experiment",
      entityId: input.id,
      summary:
        started && criterionChanged
          ? `changed the criterion of ${key} after it started, from ${describeCriterion(current.metricKind, current.comparator, current.target, current.metricUnit)} to ${describeCriterion(input.metricKind, input.comparator, input.target, input.metricUnit)}: ${quoted(input.reason)}`
          : `edited ${key}`,
      before,
      after: started && criterionChanged ? { ...after, reason: input.reason } : after,
    });
  }),
);

type Current = Awaited<ReturnType<typeof findForChange>>;

/** A status change of an experiment, checked against its version and its current status. */
function transition(
  actor: Actor,
  input: { id: string; version: number },
  options: {
    from: ExperimentStatus[];
    data: (current: Current) => Prisma.ExperimentUpdateManyMutationInput;
    action: string;
    summary: (key: string) => string;
    after?: Prisma.InputJsonValue;
    afterWrite?: (tx: Transaction, current: Current) => Promise<void>;
    /** The event the change is, if it is one (started, concluded): emitted after the activity. */
    event?: (tx: Transaction, current: Current) => Promise<unknown>;
  },
) {
  return teamWrite(actor, "work.edit", async (tx, log) => {
    const current = await findForChange(tx, actor, input.id);
    if (current.version !== input.version) await staleVersion(tx, actor, input.id, input.version);
    if (!options.from.includes(current.status)) {
      throw new AppError(400, "wrong_status", `This experiment is ${STATUS_LABELS[current.status].toLowerCase()}, so that is not possible.`);
    }
    await guardedUpdate(tx, actor, input.id, input.version, options.data(current));
    await options.afterWrite?.(tx, current);
    await log({
      action: options.action,
      entityType: "experiment",
      entityId: input.id,
      summary: options.summary(experimentKey(current.number)),
      before: { status: current.status, endsOn: toDateOnly(current.endsOn) },
      after: options.after,
    });
    await options.event?.(tx, current);
    if (current.status !== "DRAFT" || options.action === "experiment.started") {
      await refreshHypothesisStatus(tx, actor, current.hypothesisId, { clearOverride: options.action === "experiment.concluded" });
    }
  });
}

/** Starting locks the criterion. */
export const startExperiment = teamCommand({ permission: "work.edit", input: StartExperimentInput }, (actor, input) =>
  transition(actor, input, {
    from: ["DRAFT"],
    data: () => ({ status: "RUNNING", startedAt: new Date() }),
    action: "experiment.started",
    summary: (key) => `started ${key}; its success criterion is now locked`,
    after: { status: "RUNNING" },
    event: (tx, current) =>
      emitEvent(tx, {
        teamId: actor.team.id,
        type: "experiment.started",
        actorId: actor.user.id,
        subject: experimentSubject(actor.team.slug, current),
        summary: `started ${experimentKey(current.number)}, testing until ${toDateOnly(current.endsOn)}`,
        details: { endsOn: toDateOnly(current.endsOn), criterion: `${current.metricName} ${describeCriterion(current.metricKind, current.comparator, current.target, current.metricUnit)}` },
      }),
  }),
);

/** Extends a running experiment's timebox; the reason is logged. */
export const extendExperiment = teamCommand({ permission: "work.edit", input: ExtendExperimentInput }, (actor, input) =>
  transition(actor, input, {
    from: ["RUNNING"],
    data: (current) => {
      if (input.endsOn <= toDateOnly(current.endsOn)) throw invalid({ endsOn: `Choose a date after the current end, ${toDateOnly(current.endsOn)}.` });
      if (daysBetween(toDateOnly(current.startsOn), input.endsOn) > MAX_TIMEBOX_DAYS) throw invalid({ endsOn: RULES.timeboxOverAYear });
      return { endsOn: fromDateOnly(input.endsOn) };
    },
    action: "experiment.extended",
    summary: (key) => `extended ${key} to ${input.endsOn}: ${quoted(input.reason)}`,
    after: { endsOn: input.endsOn, reason: input.reason },
  }),
);

/** Abandons a draft or running experiment; the reason is logged. */
export const abandonExperiment = teamCommand({ permission: "work.edit", input: AbandonExperimentInput }, (actor, input) =>
  transition(actor, input, {
    from: ["DRAFT", "RUNNING"],
    data: () => ({ status: "ABANDONED" }),
    action: "experiment.abandoned",
    summary: (key) => `abandoned ${key}: ${quoted(input.reason)}`,
    after: { status: "ABANDONED", reason: input.reason },
  }),
);

/** Concludes with a learning card; the verdict is frozen as it stands on `today`. */
export function concludeExperiment(actor: Actor, input: z.input<typeof ConcludeExperimentInput>, today = todayDateOnly()) {
  return concludeCommand(actor, { ...input, today });
}

const concludeCommand = teamCommand(
  { permission: "work.edit", input: ConcludeExperimentInput.extend({ today: dateOnly() }) },
  (actor, { today, ...input }) => {
    // Evaluated once, inside the transaction, from the row as locked there; the card freezes it.
    let result: Evaluation | undefined;
    return transition(actor, input, {
      from: ["RUNNING"],
      data: (current) => {
        result = evaluateExperiment({ ...current, startsOn: toDateOnly(current.startsOn), endsOn: toDateOnly(current.endsOn) }, today);
        return { status: "CONCLUDED", concludedAt: new Date(), finalVerdict: VERDICT_TO_DB[result.verdict] };
      },
      action: "experiment.concluded",
      summary: (key) => `concluded ${key}: ${result!.verdict.replace("_", " ")} — decided to ${input.decision.toLowerCase()}`,
      after: { status: "CONCLUDED", decision: input.decision },
      event: (tx, current) =>
        emitEvent(tx, {
          teamId: actor.team.id,
          type: "experiment.concluded",
          actorId: actor.user.id,
          subject: experimentSubject(actor.team.slug, current, "#learning"),
          summary: `concluded ${experimentKey(current.number)}: ${result!.verdict.replace("_", " ")}, decided to ${input.decision.toLowerCase()}`,
          details: { decision: toApiEnum(input.decision), verdict: result!.verdict, learned: input.learned },
        }),
      afterWrite: async (tx, current) => {
        await tx.learningCard.create({
          data: {
            teamId: actor.team.id,
            experimentId: current.id,
            observed: input.observed,
            learned: input.learned,
            nextSteps: input.nextSteps,
            decision: input.decision,
            createdById: actor.user.id,
            verdictSnapshot: {
              asOf: today,
              criterion: describeCriterion(current.metricKind, current.comparator, current.target, current.metricUnit),
              observationCount: current.observationCount,
              ...JSON.parse(JSON.stringify(result)),
            },
          },
        });
      },
    });
  },
);

/** Moves an experiment to the trash or back; its hypothesis's status and evidence strength follow. */
export const setExperimentDeleted = softDeletion({
  missing: "This experiment no longer exists.",
  find: (tx, teamId, id) => tx.experiment.findFirst({ where: { id, teamId }, select: { id: true, number: true, deletedAt: true, hypothesisId: true, hypothesis: { select: { number: true } } } }),
  mark: (tx, id, deletedAt) => tx.experiment.update({ where: { id }, data: { deletedAt, version: { increment: 1 } } }),
  change: (current, deleted) => ({
    action: deleted ? "experiment.trashed" : "experiment.restored",
    entityType: "experiment",
    entityId: current.id,
    summary: deleted ? `moved ${experimentKey(current.number)} to the trash` : `restored ${experimentKey(current.number)} from the trash`,
  }),
  then: async (tx, actor, current) => {
    await refreshHypothesisStatus(tx, actor, current.hypothesisId, { clearOverride: false });
    await refreshEvidenceStrength(tx, actor.team.id, current.hypothesisId);
  },
});

export async function getExperiment(teamId: string, number: number, today = todayDateOnly()) {
  const row = await db.experiment.findFirst({
    where: { teamId, number, deletedAt: null },
    select: {
      ...SUMMARY_SELECT,
      plan: true,
      startedAt: true,
      concludedAt: true,
      retestOfId: true,
      createdAt: true,
      createdBy: { select: { name: true } },
      hypothesis: { select: { id: true, number: true, statement: true, status: true, segment: true, product: { select: { name: true } } } },
      learningCard: { select: { observed: true, learned: true, nextSteps: true, decision: true, verdictSnapshot: true, createdAt: true, createdBy: { select: { name: true } } } },
    },
  });
  if (!row) return null;
  const days = await db.experimentDay.findMany({ where: { teamId, experimentId: row.id }, orderBy: { day: "asc" } });
  const experiment = withResult(row, today);
  const series = cumulativeSeries(
    { metricKind: row.metricKind, comparator: row.comparator, target: row.target, startsOn: experiment.startsOn, endsOn: experiment.endsOn },
    days.map((day) => ({ ...day, day: toDateOnly(day.day) })),
  );
  return { ...experiment, hypothesisKey: hypothesisKey(row.hypothesis.number), series };
}

/** One experiment by id with its live result and learning card, without the chart's series: one query. */
export async function experimentById(teamId: string, id: string, today = todayDateOnly()) {
  const row = await db.experiment.findFirst({
    where: { id, teamId, deletedAt: null },
    select: { ...SUMMARY_SELECT, plan: true, learningCard: { select: { observed: true, learned: true, nextSteps: true, decision: true } } },
  });
  return row ? withResult(row, today) : null;
}

export const EXPERIMENTS_PAGE_SIZE = 50;

/** A page of experiments, newest first, with live results and the total for the pager. */
export async function listExperiments(teamId: string, filters: { status?: ExperimentStatus; hypothesisId?: string }, page = 1, today = todayDateOnly()) {
  const where = { teamId, deletedAt: null, ...(filters.status ? { status: filters.status } : {}), ...(filters.hypothesisId ? { hypothesisId: filters.hypothesisId } : {}) };
  const [total, rows] = await Promise.all([
    db.experiment.count({ where }),
    db.experiment.findMany({
      where,
      orderBy: [{ number: "desc" }],
      skip: (page - 1) * EXPERIMENTS_PAGE_SIZE,
      take: EXPERIMENTS_PAGE_SIZE,
      select: { ...SUMMARY_SELECT, hypothesis: { select: { number: true, statement: true } } },
    }),
  ]);
  return { experiments: rows.map((row) => withResult(row, today)), total, page, pageCount: pageCount(total, EXPERIMENTS_PAGE_SIZE) };
}

/** A page of experiments after a key number, with live results: one query, whatever the page size. */
export async function experimentPage(teamId: string, options: { afterNumber: number; limit: number; hypothesisId?: string }, today = todayDateOnly()) {
  const rows = await db.experiment.findMany({
    where: { teamId, deletedAt: null, number: { gt: options.afterNumber }, ...(options.hypothesisId ? { hypothesisId: options.hypothesisId } : {}) },
    orderBy: { number: "asc" },
    take: options.limit + 1,
    select: { ...SUMMARY_SELECT, plan: true },
  });
  return { experiments: rows.slice(0, options.limit).map((row) => withResult(row, today)), hasMore: rows.length > options.limit };
}

/** The first `limit` running experiments with days left and their live verdict, soonest ending first, and how many run. */
export async function runningExperiments(teamId: string, limit: number, today = todayDateOnly()) {
  const where = { teamId, deletedAt: null, status: "RUNNING" as const };
  const [total, rows] = await Promise.all([
    db.experiment.count({ where }),
    db.experiment.findMany({ where, orderBy: [{ endsOn: "asc" }, { number: "asc" }], take: limit, select: SUMMARY_SELECT }),
  ]);
  return { total, experiments: rows.map((row) => withResult(row, today)) };
}

export type { SummaryRow };

/** Concluded experiments per two-week cycle and their frozen verdicts: one grouped query. */
export async function verdictsPerCycle(teamId: string, today = todayDateOnly(), cycles = 6) {
  const starts = recentCycles(today, cycles);
  const rows = await db.$queryRaw<{ cycle: Date; verdict: DbVerdict; count: bigint }[]>`
    SELECT date_bin('14 days', "concludedAt", ${fromDateOnly(CYCLE_ANCHOR)}::timestamp) AS cycle, "finalVerdict" AS verdict, count(*) AS count
    FROM "Experiment"
    WHERE "teamId" = ${teamId} AND "deletedAt" IS NULL AND status = 'CONCLUDED' AND "concludedAt" >= ${fromDateOnly(starts[0])}
    GROUP BY 1, 2`;
  return starts.map((start) => {
    const inCycle = rows.filter((row) => toDateOnly(row.cycle) === start);
    const count = (verdict: DbVerdict) => Number(inCycle.find((row) => row.verdict === verdict)?.count ?? 0);
    return { cycle: cycleLabel(start), met: count("MET"), notMet: count("NOT_MET"), tooEarly: count("TOO_EARLY") };
  });
}

/** A stored criterion, read back from the activity log (whatever shape an imported event has). */
const LoggedCriterion = z.object({ metricName: z.string(), metricUnit: z.string(), metricKind: z.enum(METRIC_KINDS), comparator: z.enum(["GTE", "LTE"]), target: z.number(), reason: z.string().optional() });

export type CriterionChange = { on: string; by: string; from: string; to: string; reason: string };

/**
 * Every change to an experiment's criterion after it started, oldest first: what it was locked at,
 * what it became, when, by whom and why — so the card can say it, not only flag it.
 */
export async function criterionHistory(teamId: string, experimentId: string): Promise<CriterionChange[]> {
  const events = await db.activityEvent.findMany({
    where: { teamId, entityType: "experiment", entityId: experimentId, action: "experiment.criterion_changed" },
    orderBy: { createdAt: "asc" },
    take: 50,
    select: { createdAt: true, before: true, after: true, actor: { select: { name: true } } },
  });
  const describe = (c: z.infer<typeof LoggedCriterion>) => `${c.metricName} ${describeCriterion(c.metricKind, c.comparator, c.target, c.metricUnit)}`;
  return events.flatMap((event) => {
    const before = LoggedCriterion.safeParse(event.before);
    const after = LoggedCriterion.safeParse(event.after);
    if (!before.success || !after.success) return [];
    return [{ on: toDateOnly(event.createdAt), by: event.actor?.name ?? "Someone", from: describe(before.data), to: describe(after.data), reason: after.data.reason ?? "" }];
  });
}
