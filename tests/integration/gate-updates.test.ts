import { describe, expect, it } from "vitest";
import { addCriterion, createProposal, decideGate, decideProposal, productGate } from "~/modules/gate/gate.server";
import { addDays, todayDateOnly } from "~/modules/experiments/timebox";
import { currentAgenda, recordReview } from "~/modules/review/review.server";
import { createSignal, recordSignalPoints } from "~/modules/signals/signals.server";
import { composeUpdate, createShareLink, getUpdate, publishUpdate, revokeShareLink, sharedUpdate } from "~/modules/updates/updates.server";
import { describePeriodChange, describeSincePrevious } from "~/modules/updates/content";
import { db } from "~/utils/db.server";
import { actorFor } from "../support/factories";
import { runningRateExperiment } from "../support/loop-factories";

const today = todayDateOnly();
const weekly = (values: number[]) => values.map((value, index) => ({ date: addDays(today, -7 * (values.length - 1 - index)), value }));

async function productWithSignal(values: number[]) {
  const loop = await runningRateExperiment(["ADMIN"]);
  const signal = await createSignal(loop.actor, { productId: loop.product.id, name: "p95 latency", unit: "ms", direction: "DOWN", description: "" });
  await recordSignalPoints(loop.actor, { signalId: signal.id, points: weekly(values) });
  return { ...loop, signal };
}

describe("scale proposals", () => {
  it("cannot be approved without qualifying evidence, and can once the evidence arrives", async () => {
    const { actor, team, members, product, signal } = await productWithSignal([180, 190, 200]);
    const admin = actorFor(members[0], team, "ADMIN");
    const proposal = await createProposal(actor, product.id, { title: "Add a read replica", description: "", signalId: signal.id, comparator: "GTE", threshold: 800, weeks: 2 });
    await expect(decideProposal(admin, product.id, { proposalId: proposal.id, verdict: "APPROVED", note: "", version: 1 })).rejects.toMatchObject({ status: 400, code: "evidence_missing" });
    expect((await db.scaleProposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe("PROPOSED");

    await recordSignalPoints(actor, { signalId: signal.id, points: [{ date: addDays(today, -14), value: 900 }, { date: addDays(today, -7), value: 950 }, { date: today, value: 950 }], replace: true });
    // Its author cannot approve it (ADR 017); an admin can.
    await expect(decideProposal(actor, product.id, { proposalId: proposal.id, verdict: "APPROVED", note: "Mine.", version: 1 })).rejects.toMatchObject({ status: 403 });
    await decideProposal(admin, product.id, { proposalId: proposal.id, verdict: "APPROVED", note: "Measured.", version: 1 });
    const decided = await db.scaleProposal.findUniqueOrThrow({ where: { id: proposal.id } });
    expect(decided.status).toBe("APPROVED");
    expect(decided.evidenceSnapshot).toMatchObject({ met: true, current: 950 });
  });
});

describe("the gate", () => {
  it("holds until every criterion is met, then opens on the record and moves the product to growth", async () => {
    const { actor, product } = await runningRateExperiment();
    const customers = await createSignal(actor, { productId: product.id, name: "Paying customers", unit: "customers", direction: "UP", description: "" });
    await addCriterion(actor, product.id, { kind: "SIGNAL_SUSTAINED", signalId: customers.id, comparator: "GTE", threshold: 20, weeks: 2 });
    await expect(decideGate(actor, product.id, { action: "OPEN", rationale: "We feel ready to scale." })).rejects.toMatchObject({ code: "not_ready" });
    expect((await productGate(actor.team.id, product.id))?.evaluation.status).toBe("HOLD");

    await recordSignalPoints(actor, { signalId: customers.id, points: [{ date: addDays(today, -14), value: 21 }, { date: addDays(today, -7), value: 24 }] });
    expect((await productGate(actor.team.id, product.id))?.evaluation.status).toBe("READY");
    await decideGate(actor, product.id, { action: "OPEN", rationale: "24 paying customers, sustained two weeks." });
    const gate = await productGate(actor.team.id, product.id);
    expect(gate?.product.stage).toBe("GROWTH");
    expect(gate?.evaluation.status).toBe("OPEN");
    expect(gate?.decisions[0]).toMatchObject({ action: "OPEN", snapshot: { status: "READY" } });
  });
});

describe("investor updates", () => {
  it("freeze at publication: later changes to the evidence do not change what was published", async () => {
    const { actor, product, signal } = await productWithSignal([100, 120]);
    const update = await composeUpdate(actor, { title: "March", periodStart: addDays(today, -30), periodEnd: today });
    await publishUpdate(actor, update.id, { version: 1 });
    const before = await getUpdate(actor.team.id, update.id);
    await recordSignalPoints(actor, { signalId: signal.id, points: [{ date: today, value: 999 }], replace: true });
    await db.product.update({ where: { id: product.id }, data: { name: "Renamed product" } });
    const after = await getUpdate(actor.team.id, update.id);
    expect(after?.content).toEqual(before?.content);
    expect(after?.content.signals[0].end).toBe(120);
  });

  it("report each signal against the period start, the previous published update and its gate target", async () => {
    const { actor, product, signal } = await productWithSignal([100, 120, 150, 180]); // weekly, ending today
    await addCriterion(actor, product.id, { kind: "SIGNAL_SUSTAINED", signalId: signal.id, comparator: "LTE", threshold: 200, weeks: 2 });
    const march = await composeUpdate(actor, { title: "Before", periodStart: addDays(today, -20), periodEnd: addDays(today, -8) });
    await publishUpdate(actor, march.id, { version: 1 });
    const april = await composeUpdate(actor, { title: "Now", periodStart: addDays(today, -6), periodEnd: today });
    const [row] = (await getUpdate(actor.team.id, april.id))!.content.signals;
    // Period start: the reading in force then (a week ago, 150); end: today's 180.
    expect(row).toMatchObject({ start: 150, end: 180, readings: 1, startsBefore: true, previous: { value: 120, periodEnd: addDays(today, -8) }, target: { value: 200, direction: "lte" } });
    expect(describePeriodChange(row)).toBe("+30 ms (+20 %)");
    expect(describeSincePrevious(row)).toBe("+60 ms (+50 %)");

    // A signal read once, with nothing before the period: too few readings, not "+0 %".
    const once = await createSignal(actor, { productId: product.id, name: "Paying teams", unit: "teams", direction: "UP", description: "" });
    await recordSignalPoints(actor, { signalId: once.id, points: [{ date: today, value: 24 }] });
    const fresh = (await getUpdate(actor.team.id, april.id))!.content.signals.find((s) => s.name === "Paying teams")!;
    expect(describePeriodChange(fresh)).toBe("one reading: too few to show a change");
    expect(describeSincePrevious(fresh)).toBe("not in the last update");
  });

  it("share links show the published update until revoked or expired", async () => {
    const { actor } = await runningRateExperiment();
    const update = await composeUpdate(actor, { title: "April", periodStart: addDays(today, -30), periodEnd: today });
    await expect(createShareLink(actor, update.id, { days: 7 })).rejects.toMatchObject({ status: 400 });
    await publishUpdate(actor, update.id, { version: 1 });
    const link = await createShareLink(actor, update.id, { days: 7 });
    expect((await sharedUpdate(link.token))?.content.title).toBe("April");
    expect(await sharedUpdate(link.token, new Date(Date.now() + 8 * 86_400_000))).toBeNull();
    const stored = await db.shareLink.findFirstOrThrow({ where: { updateId: update.id } });
    expect(stored.tokenHash).not.toBe(link.token);
    await revokeShareLink(actor, update.id, stored.id);
    expect(await sharedUpdate(link.token)).toBeNull();
  });
});

describe("the weekly review", () => {
  it("keeps the agenda as it was when recorded", async () => {
    const { actor } = await runningRateExperiment();
    const agenda = await currentAgenda(actor.team.id);
    const review = await recordReview(actor, { heldOn: today, attendees: "Olivia", notes: "", decisions: "" });
    await db.experiment.updateMany({ where: { teamId: actor.team.id }, data: { endsOn: new Date(`${addDays(today, -5)}T00:00:00Z`) } });
    const stored = await db.review.findUniqueOrThrow({ where: { id: review.id } });
    expect(stored.agenda).toEqual(JSON.parse(JSON.stringify(agenda)));
    expect((await currentAgenda(actor.team.id)).overdue).toHaveLength(1);
  });
});
