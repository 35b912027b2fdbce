/**
 * Reminders by email, against this file's PostgreSQL database: an experiment's owner hears two days
 * before its end and when it runs past it; a team's admins hear when a gate becomes READY. Each
 * reminder is queued once, however many scans (or processes) find it due.
 */
import { describe, expect, it } from "vitest";
import { addCriterion, decideGate } from "~/modules/gate/gate.server";
import { addDays, todayDateOnly } from "~/modules/experiments/timebox";
import { setExperimentDeleted } from "~/modules/experiments/experiments.server";
import { savePreferences } from "~/modules/mail/preferences.server";
import { sendDueReminders } from "~/modules/reminders/reminders.server";
import { createSignal, recordSignalPoints } from "~/modules/signals/signals.server";
import { removeMember } from "~/modules/teams/teams.server";
import { db } from "~/utils/db.server";
import { actorFor } from "../support/factories";
import { runningRateExperiment } from "../support/loop-factories";

const origin = "https://evident.example";
const today = todayDateOnly();

/** The end date of a loop's experiment (the factory timeboxes it to 14 days from three days ago). */
const endOf = (loop: { startsOn: string }) => addDays(loop.startsOn, 13);

/** The reminders queued for one address, oldest first. */
const remindersTo = (address: string) =>
  db.outboxMessage.findMany({ where: { toAddress: address, kind: { in: ["experiment_ending", "experiment_overdue", "gate_ready"] } }, orderBy: { createdAt: "asc" }, select: { kind: true, subject: true, text: true, links: true } });

describe("an experiment's owner", () => {
  it("is reminded two days before the end, once, however often the scan runs, and in two processes at once", async () => {
    const loop = await runningRateExperiment();
    const endsOn = endOf(loop);
    const threeDaysBefore = addDays(endsOn, -3);
    await sendDueReminders({ origin, today: threeDaysBefore });
    expect(await remindersTo(loop.owner.email)).toEqual([]);

    const twoDaysBefore = addDays(endsOn, -2);
    await Promise.all([sendDueReminders({ origin, today: twoDaysBefore }), sendDueReminders({ origin, today: twoDaysBefore })]);
    await sendDueReminders({ origin, today: addDays(endsOn, -1) });
    const sent = await remindersTo(loop.owner.email);
    expect(sent).toHaveLength(1);
    expect(sent[0].kind).toBe("experiment_ending");
    expect(sent[0].subject).toBe("E-1 ends in 2 days: Fake door");
    expect(sent[0].text).toContain("Click-through ≥ 10.0 %");
    expect(sent[0].text).toContain("None logged yet");
    expect(sent[0].links).toContain(`${origin}/t/${loop.team.slug}/experiments/E-1`);
  });

  it("is told once when it runs past its end, but not about one weeks overdue", async () => {
    const loop = await runningRateExperiment();
    const endsOn = endOf(loop);
    await sendDueReminders({ origin, today: addDays(endsOn, 1) });
    await sendDueReminders({ origin, today: addDays(endsOn, 2) });
    const sent = await remindersTo(loop.owner.email);
    expect(sent.map((message) => message.kind)).toEqual(["experiment_overdue"]);
    expect(sent[0].subject).toBe("E-1 is past its end date: Fake door");
    expect(sent[0].links).toContain(`${origin}/t/${loop.team.slug}/experiments/E-1/conclude`);

    const stale = await runningRateExperiment();
    await sendDueReminders({ origin, today: addDays(endOf(stale), 20) });
    expect(await remindersTo(stale.owner.email)).toEqual([]);
  });

  it("goes to the hypothesis's owner when there is one, and to no one who left the team or turned reminders off", async () => {
    const loop = await runningRateExperiment(["MEMBER"]);
    const [hypothesisOwner] = loop.members;
    await db.hypothesis.update({ where: { id: loop.hypothesis.id }, data: { ownerId: hypothesisOwner.id } });
    const dueDay = addDays(endOf(loop), -2);
    await sendDueReminders({ origin, today: dueDay });
    expect(await remindersTo(loop.owner.email)).toEqual([]);
    expect((await remindersTo(hypothesisOwner.email)).map((message) => message.kind)).toEqual(["experiment_ending"]);

    // The hypothesis owner left: the person who planned it hears instead (here the team's owner).
    const second = await runningRateExperiment(["MEMBER"]);
    await db.hypothesis.update({ where: { id: second.hypothesis.id }, data: { ownerId: second.members[0].id } });
    await removeMember(second.actor, { userId: second.members[0].id });
    await sendDueReminders({ origin, today: addDays(endOf(second), -2) });
    expect(await remindersTo(second.members[0].email)).toEqual([]);
    expect((await remindersTo(second.owner.email)).map((message) => message.kind)).toEqual(["experiment_ending"]);

    // Someone who turned the kind off gets nothing.
    const quiet = await runningRateExperiment();
    await savePreferences(quiet.owner.email, new Set(["experiment_overdue", "gate_ready", "invitation"]));
    await sendDueReminders({ origin, today: addDays(endOf(quiet), -2) });
    expect(await remindersTo(quiet.owner.email)).toEqual([]);
  });

  it("hears nothing about an experiment in the trash", async () => {
    const loop = await runningRateExperiment();
    await setExperimentDeleted(loop.actor, { id: loop.experiment.id, deleted: true });
    await sendDueReminders({ origin, today: addDays(endOf(loop), -2) });
    expect(await remindersTo(loop.owner.email)).toEqual([]);
  });
});

describe("a gate that becomes READY", () => {
  it("is news to the team's admins and owners, not its members; once, and again after a decision", async () => {
    const loop = await runningRateExperiment(["ADMIN", "MEMBER"]);
    const [admin, member] = loop.members;
    const customers = await createSignal(loop.actor, { productId: loop.product.id, name: "Paying customers", unit: "customers", direction: "UP", description: "" });
    await addCriterion(loop.actor, loop.product.id, { kind: "SIGNAL_SUSTAINED", signalId: customers.id, comparator: "GTE", threshold: 20, weeks: 2 });
    await sendDueReminders({ origin, today });
    expect(await remindersTo(admin.email)).toEqual([]);

    await recordSignalPoints(loop.actor, { signalId: customers.id, points: [{ date: addDays(today, -14), value: 21 }, { date: addDays(today, -7), value: 24 }] });
    await sendDueReminders({ origin, today });
    await sendDueReminders({ origin, today });
    for (const person of [admin, loop.owner]) {
      const sent = await remindersTo(person.email);
      expect(sent.map((message) => message.subject)).toEqual(["Invoicing is ready for a gate decision"]);
      expect(sent[0].links).toContain(`${origin}/t/${loop.team.slug}/gate/${loop.product.id}`);
    }
    expect(await remindersTo(member.email)).toEqual([]);

    // Held on the record; still READY afterwards, so the next scan says so once more.
    await decideGate(actorFor(admin, loop.team, "ADMIN"), loop.product.id, { action: "HOLD", rationale: "Two weeks is too short to trust." });
    await sendDueReminders({ origin, today });
    await sendDueReminders({ origin, today });
    expect(await remindersTo(admin.email)).toHaveLength(2);
  });
});
