/**
 * The weekly review run as the meeting, over real HTTP: decisions taken from the agenda go through
 * the same commands and rules as the experiment and hypothesis pages; action items are carried
 * from review to review until done; a recorded review keeps its decisions and action items, and
 * the next one says what changed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, todayDateOnly } from "~/modules/experiments/timebox";
import { createHypothesis } from "~/modules/hypotheses/hypotheses.server";
import { addActionItem, setActionItemDone } from "~/modules/review/action-items.server";
import { currentAgenda, getReview, recordReview } from "~/modules/review/review.server";
import { db } from "~/utils/db.server";
import { actorFor, createTeamWith } from "../support/factories";
import { startTestServer, type TestServer } from "../support/http";
import { runningRateExperiment, startedRateExperiment } from "../support/loop-factories";
import { signedIn } from "../support/loop-http-helpers";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const today = todayDateOnly();

/** A team whose agenda has an experiment ending in three days and an old important untested hypothesis. */
async function meeting() {
  const loop = await runningRateExperiment(["MEMBER", "VIEWER"]);
  const ending = await startedRateExperiment(loop.actor, loop.hypothesis.id, "Pricing page test", { endsIn: 3 });
  const untested = await createHypothesis(loop.actor, { productId: loop.product.id, statement: "Accountants will recommend us.", segment: "", category: "VIABILITY", importance: 5 });
  await db.hypothesis.update({ where: { id: untested.id }, data: { createdAt: new Date(Date.now() - 40 * 86_400_000) } });
  const [member, viewer] = loop.members;
  const base = `/t/${loop.team.slug}`;
  return { ...loop, ending: ending.experiment, untested, member, viewer, base, client: await signedIn(server.url, member.email) };
}

describe("the agenda", () => {
  it("carries each experiment's verdict, estimate against the target, sample and version", async () => {
    const m = await meeting();
    await db.experiment.update({ where: { id: m.ending.id }, data: { successes: 30, trials: 200 } });
    const agenda = await currentAgenda(m.team.id);
    const item = agenda.endingSoon.find((e) => e.id === m.ending.id)!;
    expect(item.daysLeft).toBe(3);
    expect(item.version).toBe(2);
    expect(item.progress).toMatchObject({ metricName: "Click-through", kind: "RATE", comparator: "gte", target: 0.1, estimate: 0.15, n: 200, hypothesisKey: "H-1" });
    expect(item.progress!.low).toBeLessThan(0.15);
    expect(item.progress!.high).toBeGreaterThan(0.15);
    expect(agenda.untestedHighImportance.map((h) => [h.key, h.ownerName, h.strength])).toEqual([["H-2", null, 0]]);
  });

  it("shows the gate's criteria with this week and last against the threshold", async () => {
    const m = await meeting();
    const signal = await db.signal.create({ data: { teamId: m.team.id, productId: m.product.id, name: "Paying teams", unit: "teams" } });
    const monday = addDays(today, -((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7));
    await db.signalPoint.createMany({
      data: [
        { teamId: m.team.id, signalId: signal.id, date: new Date(`${addDays(monday, -3)}T00:00:00Z`), value: 12 },
        { teamId: m.team.id, signalId: signal.id, date: new Date(`${monday}T00:00:00Z`), value: 15 },
      ],
    });
    await db.gateCriterion.create({ data: { teamId: m.team.id, productId: m.product.id, kind: "SIGNAL_SUSTAINED", signalId: signal.id, comparator: "GTE", threshold: 20, weeks: 2 } });
    const page = await (await m.client.get(`${m.base}/review`)).text();
    expect(page).toContain("Gates and signals");
    const agenda = await currentAgenda(m.team.id);
    expect(agenda.gates![0]).toMatchObject({ productName: "Invoicing", status: "HOLD" });
    expect(agenda.gates![0].criteria[0]).toMatchObject({ label: "Paying teams", threshold: 20, direction: "gte", thisWeek: 15, lastWeek: 12, met: false });
  });
});

describe("deciding from the agenda", () => {
  it("extends an experiment with the experiment page's own rules, and logs it", async () => {
    const m = await meeting();
    const tooEarly = await m.client.post(`${m.base}/review?index`, { intent: "extend", experimentId: m.ending.id, version: "2", endsOn: addDays(today, 1), reason: "More sample", scope: `endingSoon-${m.ending.id}` });
    expect(tooEarly.status).toBe(400);
    expect(await tooEarly.text()).toContain("Choose a date after the current end");
    const stale = await m.client.post(`${m.base}/review?index`, { intent: "extend", experimentId: m.ending.id, version: "1", endsOn: addDays(today, 10), reason: "More sample", scope: "x" });
    expect(stale.status).toBe(409);

    const done = await m.client.post(`${m.base}/review?index`, { intent: "extend", experimentId: m.ending.id, version: "2", endsOn: addDays(today, 10), reason: "More sample", scope: `endingSoon-${m.ending.id}` });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe(`${m.base}/review#endingSoon-${m.ending.id}`);
    const row = await db.experiment.findUniqueOrThrow({ where: { id: m.ending.id }, select: { endsOn: true, version: true } });
    expect(row.endsOn.toISOString().slice(0, 10)).toBe(addDays(today, 10));
    expect(row.version).toBe(3);
    expect(await db.activityEvent.count({ where: { teamId: m.team.id, action: "experiment.extended" } })).toBe(1);
  });

  it("abandons, assigns an owner, and refuses viewers, other teams' items and strangers as owners", async () => {
    const m = await meeting();
    const abandon = await m.client.post(`${m.base}/review?index`, { intent: "abandon", experimentId: m.ending.id, version: "2", reason: "", scope: "s" });
    expect(abandon.status).toBe(400);
    expect((await m.client.post(`${m.base}/review?index`, { intent: "abandon", experimentId: m.ending.id, version: "2", reason: "The page was never shown", scope: "s" })).status).toBe(302);
    expect((await db.experiment.findUniqueOrThrow({ where: { id: m.ending.id } })).status).toBe("ABANDONED");

    const version = (await db.hypothesis.findUniqueOrThrow({ where: { id: m.untested.id } })).version;
    const stranger = await createTeamWith();
    const refused = await m.client.post(`${m.base}/review?index`, { intent: "assign-owner", hypothesisId: m.untested.id, ownerId: stranger.owner.id, version: String(version), scope: "s" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("The owner must be a member of this team.");
    expect((await m.client.post(`${m.base}/review?index`, { intent: "assign-owner", hypothesisId: m.untested.id, ownerId: m.member.id, version: String(version), scope: "s" })).status).toBe(302);
    expect((await db.hypothesis.findUniqueOrThrow({ where: { id: m.untested.id } })).ownerId).toBe(m.member.id);
    expect((await currentAgenda(m.team.id)).untestedHighImportance[0].ownerName).toBe(m.member.name);

    const viewer = await signedIn(server.url, m.viewer.email);
    expect((await viewer.post(`${m.base}/review?index`, { intent: "add-action", title: "Viewer's item" })).status).toBe(403);
    // Another team's experiment cannot be reached through this team's review.
    const other = await runningRateExperiment();
    const foreign = await m.client.post(`${m.base}/review?index`, { intent: "extend", experimentId: other.experiment.id, version: "2", endsOn: addDays(today, 20), reason: "Not ours", scope: "s" });
    expect(foreign.status).toBe(400);
    expect(await foreign.text()).toContain("This experiment no longer exists.");
    expect((await db.experiment.findUniqueOrThrow({ where: { id: other.experiment.id } })).version).toBe(2);
  });
});

describe("action items", () => {
  it("are raised with the review, carried until done, and recorded done by the next review", async () => {
    const m = await meeting();
    const raised = await m.client.post(`${m.base}/review?index`, { intent: "add-action", title: "Call three churned customers", ownerId: m.member.id, dueOn: addDays(today, 5), experimentId: m.ending.id, scope: "action-items" });
    expect(raised.status).toBe(302);
    const bad = await m.client.post(`${m.base}/review?index`, { intent: "add-action", title: "x", dueOn: "2026-02-30", scope: "action-items" });
    expect(bad.status).toBe(400);
    const badText = await bad.text();
    expect(badText).toContain("Say what needs doing (at least 3 characters).");
    expect(badText).toContain("Enter the due date as a real date, YYYY-MM-DD.");
    const page = await (await m.client.get(`${m.base}/review`)).text();
    expect(page).toContain("Call three churned customers");
    expect(page).toContain("raised since the last review");

    const first = await recordReview(m.actor, { heldOn: today, attendees: "Everyone", notes: "", decisions: "" });
    const firstReview = (await getReview(m.team.id, first.id))!;
    expect(firstReview.minutes!.actionItems.raised.map((i) => [i.title, i.ownerName, i.linkKey])).toEqual([["Call three churned customers", m.member.name, "E-2"]]);
    expect(firstReview.minutes!.actionItems.carried).toEqual([]);

    // Still open: the next review carries it.
    const second = await recordReview(m.actor, { heldOn: today, attendees: "Everyone", notes: "", decisions: "" });
    expect((await getReview(m.team.id, second.id))!.minutes!.actionItems.carried.map((i) => i.title)).toEqual(["Call three churned customers"]);
    expect(await (await m.client.get(`${m.base}/review`)).text()).toContain("carried from an earlier review");

    const item = await db.actionItem.findFirstOrThrow({ where: { teamId: m.team.id } });
    const done = await m.client.post(`${m.base}/review?index`, { intent: "action-done", actionItemId: item.id, version: String(item.version), scope: "action-items" });
    expect(done.status).toBe(302);
    const again = await m.client.post(`${m.base}/review?index`, { intent: "action-done", actionItemId: item.id, version: String(item.version), scope: "action-items" });
    expect(again.status).toBe(409);
    const third = await recordReview(m.actor, { heldOn: today, attendees: "Everyone", notes: "", decisions: "" });
    const minutes = (await getReview(m.team.id, third.id))!.minutes!;
    expect(minutes.actionItems.done.map((i) => [i.title, i.status])).toEqual([["Call three churned customers", "DONE"]]);
    expect(minutes.actionItems.carried).toEqual([]);
    // Recorded once: the review after that does not list it again.
    const fourth = await recordReview(m.actor, { heldOn: today, attendees: "Everyone", notes: "", decisions: "" });
    expect((await getReview(m.team.id, fourth.id))!.minutes!.actionItems).toEqual({ raised: [], done: [], carried: [] });
  });

  it("are claimed by exactly one of two reviews recorded at the same moment", async () => {
    const m = await meeting();
    await addActionItem(m.actor, { title: "Write the pricing FAQ" });
    const [a, b] = await Promise.all([
      recordReview(m.actor, { heldOn: today, attendees: "A", notes: "", decisions: "" }),
      recordReview(m.actor, { heldOn: today, attendees: "B", notes: "", decisions: "" }),
    ]);
    const raised = [(await getReview(m.team.id, a.id))!.minutes!.actionItems.raised, (await getReview(m.team.id, b.id))!.minutes!.actionItems.raised];
    expect(raised.map((list) => list.length).sort()).toEqual([0, 1]);
  });

  it("refuse owners from outside the team and links to other teams' items", async () => {
    const m = await meeting();
    const other = await runningRateExperiment();
    await expect(addActionItem(m.actor, { title: "Steal it", experimentId: other.experiment.id })).rejects.toMatchObject({ status: 400, fields: { experimentId: "That experiment no longer exists." } });
    await expect(addActionItem(m.actor, { title: "Hand it over", ownerId: other.owner.id })).rejects.toMatchObject({ status: 400, fields: { ownerId: "The owner must be a member of this team." } });
    const mine = await addActionItem(m.actor, { title: "Mine" });
    const otherActor = actorFor(other.owner, other.team, "OWNER");
    await expect(setActionItemDone(otherActor, { id: mine.id, done: true, version: 1 })).rejects.toMatchObject({ status: 404 });
  });
});

describe("a recorded review", () => {
  it("keeps the decisions taken since the review before, and says what changed on the agenda", async () => {
    const m = await meeting();
    const first = await recordReview(m.actor, { heldOn: addDays(today, -7), attendees: "Everyone", notes: "", decisions: "" });
    await m.client.post(`${m.base}/review?index`, { intent: "extend", experimentId: m.ending.id, version: "2", endsOn: addDays(today, 30), reason: "Traffic was low", scope: "s" });
    const second = await recordReview(m.actor, { heldOn: today, attendees: "Everyone", notes: "", decisions: "" });
    const review = (await getReview(m.team.id, second.id))!;
    // The first review was held a week ago: everything logged after its day counts for this one.
    expect(review.minutes!.decisions.map((d) => [d.who, d.summary])).toEqual([
      [m.owner.name, "started E-1; its success criterion is now locked"],
      [m.owner.name, "started E-2; its success criterion is now locked"],
      [m.member.name, `extended E-2 to ${addDays(today, 30)}: “Traffic was low”`],
    ]);
    const firstMinutes = (await getReview(m.team.id, first.id))!.minutes!;
    expect(firstMinutes.decisions).toEqual([]);
    expect(review.previous?.id).toBe(first.id);

    const page = await (await m.client.get(`${m.base}/review/${second.id}`)).text();
    expect(page).toContain("What changed since the review before");
    expect(page).toContain("Decisions taken");
    expect(page).toContain("Traffic was low");
    // E-2 no longer ends within 7 days: it left that section.
    expect(page).toMatch(/cleared.*E-2/s);
  });
});

describe("present mode", () => {
  it("shows one item at a time and takes decisions back to the same item", async () => {
    const m = await meeting();
    const first = await (await m.client.get(`${m.base}/review/present`)).text();
    expect(first).toContain("Item 1 of 4");
    expect(first).toContain("Pricing page test");
    const beyond = await (await m.client.get(`${m.base}/review/present?item=999`)).text();
    expect(beyond).toContain("Item 4 of 4");
    expect(beyond).toContain("That is the agenda.");
    expect((await m.client.get(`${m.base}/review/present?item=abc`)).status).toBe(200);

    const decided = await m.client.post(`${m.base}/review/present?item=2`, { intent: "add-action", title: "Ask accountants", hypothesisId: m.untested.id, scope: `present-${m.untested.id}` });
    expect(decided.status).toBe(302);
    expect(decided.headers.get("location")).toBe(`${m.base}/review/present?item=2#present-${m.untested.id}`);
    expect(await db.actionItem.count({ where: { teamId: m.team.id, hypothesisId: m.untested.id } })).toBe(1);
  });
});
