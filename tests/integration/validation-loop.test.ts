import { describe, expect, it } from "vitest";
import { parseObservationCsv } from "~/modules/evidence/csv";
import { addObservations, setObservationDeleted } from "~/modules/evidence/observations.server";
import type { ObservationRow } from "~/modules/evidence/schemas";
import { concludeExperiment, getExperiment, updateExperiment } from "~/modules/experiments/experiments.server";
import { addDays, todayDateOnly } from "~/modules/experiments/timebox";
import { overrideHypothesisStatus } from "~/modules/hypotheses/hypotheses.server";
import { db } from "~/utils/db.server";
import { actorFor, createTeamWith } from "../support/factories";
import { runningRateExperiment } from "../support/loop-factories";

const rate = (observedOn: string, successes: number, trials: number): ObservationRow => ({ observedOn, successes, trials, value: null, note: null, source: null, strength: 2 });

async function recount(experimentId: string) {
  const rows = await db.observation.findMany({ where: { experimentId, deletedAt: null }, select: { successes: true, trials: true } });
  return { count: rows.length, successes: rows.reduce((s, r) => s + (r.successes ?? 0), 0), trials: rows.reduce((s, r) => s + (r.trials ?? 0), 0) };
}

describe("evidence and aggregates", () => {
  it("keeps the maintained aggregates equal to a full recount, also under concurrent writes", async () => {
    const { actor, experiment, startsOn } = await runningRateExperiment();
    await Promise.all(Array.from({ length: 8 }, (_, i) => addObservations(actor, { experimentId: experiment.id, rows: [rate(addDays(startsOn, i % 3), i, 10 + i)], via: "form" })));
    const stored = await db.experiment.findUniqueOrThrow({ where: { id: experiment.id } });
    const actual = await recount(experiment.id);
    expect(stored.observationCount).toBe(actual.count);
    expect(stored.successes).toBe(actual.successes);
    expect(stored.trials).toBe(actual.trials);
    const days = await db.experimentDay.findMany({ where: { experimentId: experiment.id } });
    expect(days.reduce((s, d) => s + d.trials, 0)).toBe(actual.trials);

    const one = await db.observation.findFirstOrThrow({ where: { experimentId: experiment.id } });
    await setObservationDeleted(actor, { id: one.id, deleted: true });
    const afterDelete = await db.experiment.findUniqueOrThrow({ where: { id: experiment.id } });
    expect(afterDelete.trials).toBe((await recount(experiment.id)).trials);
  });

  it("keeps the hypothesis's evidence strength in step with its strongest evidence", async () => {
    const { actor, experiment, hypothesis, startsOn } = await runningRateExperiment();
    await addObservations(actor, { experimentId: experiment.id, rows: [rate(startsOn, 1, 10), { ...rate(startsOn, 2, 10), strength: 4 }], via: "form" });
    expect((await db.hypothesis.findUniqueOrThrow({ where: { id: hypothesis.id } })).evidenceStrength).toBe(4);
    const paid = await db.observation.findFirstOrThrow({ where: { experimentId: experiment.id, strength: 4 } });
    await setObservationDeleted(actor, { id: paid.id, deleted: true });
    expect((await db.hypothesis.findUniqueOrThrow({ where: { id: hypothesis.id } })).evidenceStrength).toBe(2);
  });

  it("shows a live verdict and chart series from the aggregates", async () => {
    const { team, actor, experiment, startsOn } = await runningRateExperiment();
    await addObservations(actor, { experimentId: experiment.id, rows: [rate(startsOn, 30, 100), rate(addDays(startsOn, 1), 30, 100)], via: "form" });
    const view = await getExperiment(team.id, 1);
    expect(view?.result.verdict).toBe("met");
    expect(view?.result.estimate).toBeCloseTo(0.3);
    expect(view?.series.map((p) => p.date)).toEqual([startsOn, addDays(startsOn, 1)]);
    expect(view?.series[1].low).toBeGreaterThan(0.1);
  });

  it("refuses evidence on a draft and never half-writes a bulk that fails", async () => {
    const { actor, experiment, startsOn } = await runningRateExperiment();
    const rows = [rate(startsOn, 1, 10), rate(startsOn, 2, 10)];
    // A key that collides inside the same batch makes the insert fail as a whole.
    const clash = rows.map((row) => ({ ...row, idempotencyKey: "same" }));
    await expect(addObservations(actor, { experimentId: experiment.id, rows: clash, via: "api" })).rejects.toBeTruthy();
    expect(await db.observation.count({ where: { experimentId: experiment.id } })).toBe(0);
    expect((await db.experiment.findUniqueOrThrow({ where: { id: experiment.id } })).trials).toBe(0);
  });

  it("imports a CSV once: importing the same file again adds nothing", async () => {
    const { actor, experiment, startsOn } = await runningRateExperiment();
    const csv = `observed_on,successes,trials,note\n${startsOn},3,40,first day\n${addDays(startsOn, 1)},5,50,\n${addDays(startsOn, 1)},5,50,`;
    const options = { kind: "RATE" as const, experimentId: experiment.id, startsOn, endsOn: addDays(startsOn, 13), today: todayDateOnly() };
    const parsed = parseObservationCsv(csv, options);
    if (!parsed.ok) throw new Error("expected a valid file");
    expect(await addObservations(actor, { experimentId: experiment.id, rows: parsed.rows, via: "csv" })).toEqual({ added: 3, skipped: 0 });
    const again = parseObservationCsv(csv, options);
    if (!again.ok) throw new Error("expected a valid file");
    expect(await addObservations(actor, { experimentId: experiment.id, rows: again.rows, via: "csv" })).toEqual({ added: 0, skipped: 3 });
    expect((await db.experiment.findUniqueOrThrow({ where: { id: experiment.id } })).trials).toBe(140);
  });
});

describe("the locked criterion", () => {
  it("needs a reason to change after start, logs it, and marks the experiment for good", async () => {
    const { actor, experiment, hypothesis, startsOn } = await runningRateExperiment();
    const fields = {
      hypothesisId: hypothesis.id, title: "Fake door", method: "FAKE_DOOR" as const, plan: "show the button to every new account",
      metricName: "Click-through", metricUnit: "", metricKind: "RATE" as const, comparator: "GTE" as const, target: 0.05, startsOn, endsOn: addDays(startsOn, 13),
    };
    await expect(updateExperiment(actor, { ...fields, id: experiment.id, version: 2, reason: "" })).rejects.toMatchObject({ status: 400, fields: { reason: expect.any(String) } });
    expect((await db.experiment.findUniqueOrThrow({ where: { id: experiment.id } })).target).toBe(0.1);
    await updateExperiment(actor, { ...fields, id: experiment.id, version: 2, reason: "The benchmark was for consumer apps." });
    const stored = await db.experiment.findUniqueOrThrow({ where: { id: experiment.id } });
    expect(stored.target).toBe(0.05);
    expect(stored.criterionChangedAfterStart).toBe(true);
    const log = await db.activityEvent.findFirstOrThrow({ where: { entityId: experiment.id, action: "experiment.criterion_changed" } });
    expect(log.after).toMatchObject({ target: 0.05, reason: "The benchmark was for consumer apps." });
    expect(log.before).toMatchObject({ target: 0.1 });
  });

  it("never silently overwrites: a stale version gets a conflict naming who changed it", async () => {
    const { actor, experiment, hypothesis, startsOn } = await runningRateExperiment();
    const fields = {
      hypothesisId: hypothesis.id, title: "Renamed", method: "FAKE_DOOR" as const, plan: "show the button to every new account",
      metricName: "Click-through", metricUnit: "", metricKind: "RATE" as const, comparator: "GTE" as const, target: 0.1, startsOn, endsOn: addDays(startsOn, 13),
    };
    await updateExperiment(actor, { ...fields, id: experiment.id, version: 2, reason: "" });
    const stale = updateExperiment(actor, { ...fields, title: "Mine", id: experiment.id, version: 2, reason: "" });
    await expect(stale).rejects.toMatchObject({ status: 409 });
    await expect(stale).rejects.toThrow(/Changed by Olivia Owner/);
    expect((await db.experiment.findUniqueOrThrow({ where: { id: experiment.id } })).title).toBe("Renamed");
  });

  it("lets exactly one of several simultaneous saves win", async () => {
    const { actor, experiment, hypothesis, startsOn } = await runningRateExperiment();
    const fields = {
      hypothesisId: hypothesis.id, method: "FAKE_DOOR" as const, plan: "show the button to every new account",
      metricName: "Click-through", metricUnit: "", metricKind: "RATE" as const, comparator: "GTE" as const, target: 0.1, startsOn, endsOn: addDays(startsOn, 13),
    };
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => updateExperiment(actor, { ...fields, title: `Title ${i}`, id: experiment.id, version: 2, reason: "" })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").every((r) => (r as PromiseRejectedResult).reason.status === 409)).toBe(true);
  });
});

describe("concluding", () => {
  it("freezes the verdict in a learning card and the hypothesis status follows", async () => {
    const { actor, experiment, hypothesis, startsOn } = await runningRateExperiment();
    await addObservations(actor, { experimentId: experiment.id, rows: [rate(startsOn, 40, 200)], via: "form" });
    expect((await db.hypothesis.findUniqueOrThrow({ where: { id: hypothesis.id } })).status).toBe("TESTING");
    await concludeExperiment(actor, { id: experiment.id, version: 2, observed: "40 of 200 clicked.", learned: "People want it.", nextSteps: "Build it.", decision: "PERSEVERE" });
    const stored = await db.experiment.findUniqueOrThrow({ where: { id: experiment.id }, include: { learningCard: true } });
    expect(stored.status).toBe("CONCLUDED");
    expect(stored.finalVerdict).toBe("MET");
    expect(stored.learningCard?.verdictSnapshot).toMatchObject({ verdict: "met", n: 200 });
    expect((await db.hypothesis.findUniqueOrThrow({ where: { id: hypothesis.id } })).status).toBe("VALIDATED");
    // Closed experiments take no more evidence.
    await expect(addObservations(actor, { experimentId: experiment.id, rows: [rate(startsOn, 1, 1)], via: "form" })).rejects.toMatchObject({ status: 400 });
  });

  it("a manual override is logged with its reason", async () => {
    const { actor, hypothesis } = await runningRateExperiment();
    const current = await db.hypothesis.findUniqueOrThrow({ where: { id: hypothesis.id } });
    await overrideHypothesisStatus(actor, { id: hypothesis.id, status: "INVALIDATED", reason: "Customer data contradicts it.", version: current.version });
    const log = await db.activityEvent.findFirstOrThrow({ where: { entityId: hypothesis.id, action: "hypothesis.status_overridden" } });
    expect(log.after).toMatchObject({ status: "INVALIDATED", reason: "Customer data contradicts it." });
  });
});

describe("team boundaries and roles", () => {
  it("viewers cannot change anything", async () => {
    const { team, members, experiment, startsOn } = await runningRateExperiment(["VIEWER"]);
    const viewer = actorFor(members[0], team, "VIEWER");
    await expect(addObservations(viewer, { experimentId: experiment.id, rows: [rate(startsOn, 1, 10)], via: "form" })).rejects.toMatchObject({ status: 403 });
    expect(await db.observation.count({ where: { experimentId: experiment.id } })).toBe(0);
  });

  it("another team's member cannot reach this team's experiment", async () => {
    const { experiment, startsOn } = await runningRateExperiment();
    const other = await createTeamWith();
    const stranger = actorFor(other.owner, other.team, "OWNER");
    await expect(addObservations(stranger, { experimentId: experiment.id, rows: [rate(startsOn, 1, 10)], via: "form" })).rejects.toMatchObject({ status: 404 });
    expect(await getExperiment(other.team.id, 1)).toBeNull();
  });
});
