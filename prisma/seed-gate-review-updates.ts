/**
 * The demo team's traction and decisions: signals over four months, a gate with each kind of
 * criterion (some met, some not), a past decision to hold, a proposal waiting for evidence,
 * two recorded reviews with their action items and a published investor update.
 */
import { addCriterion, createProposal, decideGate } from "~/modules/gate/gate.server";
import { addActionItem, setActionItemDone } from "~/modules/review/action-items.server";
import { recordReview } from "~/modules/review/review.server";
import { createSignal, recordSignalPoints } from "~/modules/signals/signals.server";
import { addDays, todayDateOnly } from "~/modules/experiments/timebox";
import type { Actor } from "~/modules/teams/actor";
import { addInvestor, sendUpdate } from "~/modules/updates/investors.server";
import { composeUpdate, publishUpdate, saveNarrative } from "~/modules/updates/updates.server";
import { backgroundOrigin } from "~/utils/origin.server";
import { fromDateOnly } from "~/utils/date-only";
import { db } from "~/utils/db.server";

export async function seedGateReviewUpdates(cast: { maya: Actor; sam: Actor; priya: Actor }) {
  const today = todayDateOnly();
  const product = await db.product.findFirstOrThrow({ where: { teamId: cast.maya.team.id }, select: { id: true } });
  const weekly = (values: number[]) => values.map((value, index) => ({ date: addDays(today, -7 * (values.length - 1 - index)), value }));

  const signal = async (actor: Actor, name: string, unit: string, direction: "UP" | "DOWN", values: number[], description = "") => {
    const created = await createSignal(actor, { productId: product.id, name, unit, direction, description });
    await recordSignalPoints(actor, { signalId: created.id, points: weekly(values) });
    return created.id;
  };
  const customers = await signal(cast.maya, "Paying customers", "customers", "UP", [0, 0, 1, 2, 4, 4, 5, 6, 6, 7, 8, 9, 10, 11, 12, 13, 14], "Accounts with an active paid plan (Stripe).");
  await signal(cast.maya, "MRR", "$", "UP", [0, 0, 19, 38, 76, 76, 95, 114, 114, 133, 152, 171, 190, 209, 228, 247, 266], "Monthly recurring revenue.");
  await signal(cast.priya, "Weekly active businesses", "businesses", "UP", [3, 5, 8, 9, 12, 15, 17, 18, 22, 24, 26, 29, 31, 33, 34, 38, 41]);
  const latency = await signal(cast.sam, "p95 page latency", "ms", "DOWN", [140, 150, 145, 160, 155, 170, 165, 160, 175, 180, 170, 185, 190, 180, 175, 185, 180], "From the application's request logs.");

  const h12 = await db.hypothesis.findFirstOrThrow({ where: { teamId: cast.maya.team.id, number: 12 }, select: { id: true } });
  await addCriterion(cast.maya, product.id, { kind: "SIGNAL_SUSTAINED", signalId: customers, comparator: "GTE", threshold: 20, weeks: 4 });
  await addCriterion(cast.maya, product.id, { kind: "HYPOTHESIS_VALIDATED", hypothesisId: h12.id });
  await addCriterion(cast.sam, product.id, { kind: "BOTTLENECK", signalId: latency, comparator: "GTE", threshold: 800, weeks: 2 });

  await decideGate(cast.maya, product.id, {
    action: "HOLD",
    rationale: "14 paying customers and p95 at 180 ms: nothing demands more than one monolith and one PostgreSQL. Revisit at 20 customers.",
  });
  await createProposal(cast.sam, product.id, {
    title: "Split notifications into a separate service",
    description: "Reminder e-mails will grow with customers; a queue and a worker would isolate them.",
    signalId: latency,
    comparator: "GTE",
    threshold: 800,
    weeks: 2,
  });

  // Action items: one raised two weeks ago and done since, one carried and now overdue, one new.
  const experimentNumbered = (number: number) => db.experiment.findFirstOrThrow({ where: { teamId: cast.maya.team.id, number }, select: { id: true } });
  const hypothesisNumbered = (number: number) => db.hypothesis.findFirstOrThrow({ where: { teamId: cast.maya.team.id, number }, select: { id: true } });
  await addActionItem(cast.priya, { title: "Finish the phone timing sessions", ownerId: cast.priya.user.id, dueOn: addDays(today, -3), experimentId: (await experimentNumbered(6)).id });
  const taxStall = await addActionItem(cast.sam, { title: "Ask three customers why they stopped at tax settings", ownerId: cast.sam.user.id, dueOn: addDays(today, -9) });
  await recordReview(cast.maya, { heldOn: addDays(today, -14), attendees: "Maya Okafor, Sam Lindqvist, Priya Raman", notes: "E-4 was too small to read; agreed to retest over a month.", decisions: "Retest reminders (H-9). Start the pre-order landing page (H-2)." });
  await setActionItemDone(cast.sam, { id: taxStall.id, done: true, version: 1 });
  await db.actionItem.update({ where: { id: taxStall.id }, data: { doneAt: fromDateOnly(addDays(today, -9)) } });
  await recordReview(cast.maya, { heldOn: addDays(today, -7), attendees: "Maya Okafor, Sam Lindqvist, Priya Raman", notes: "Landing page converting above 5 % in its first days; too early to call.", decisions: "Keep E-5 running to the end of its timebox." });
  await addActionItem(cast.maya, { title: "Draft the introduction email to accountants", ownerId: cast.maya.user.id, dueOn: addDays(today, 3), hypothesisId: (await hypothesisNumbered(6)).id });

  const update = await composeUpdate(cast.maya, { title: "Ledgerly — investor update", periodStart: addDays(today, -60), periodEnd: addDays(today, -1) });
  await saveNarrative(cast.maya, update.id, {
    title: "Ledgerly — investor update",
    highlights: "- 13 paying customers, up from 6 two months ago; MRR $247.\n- Chasing late payments is the pain: 15 of 20 interviewees lose hours to it.\n- Four founding customers paid before the product existed.",
    lowlights: "- First-time users stall at tax settings: only 40 % sent an invoice unaided. We moved tax details after the first invoice.\n- The reminder A/B test was too small to read; retesting over a month.",
    asks: "- Introductions to accountants who serve small businesses (testing H-6 next).\n- Two freelancer communities that would feature the pre-order page.",
    investorsOnly: ["lowlights"],
    version: 1,
  });
  await publishUpdate(cast.maya, update.id, { version: 2 });

  // The investor list: the update went to the current investors and the advisor; the prospect is still to get it.
  for (const person of INVESTORS) await addInvestor(cast.maya, person);
  await sendUpdate(cast.maya, update.id, { groups: ["CURRENT", "ADVISOR"] }, backgroundOrigin(Number(process.env.PORT ?? 3000)));
  const opened = await db.updateDelivery.findFirstOrThrow({ where: { updateId: update.id, investor: { email: INVESTORS[0].email } }, select: { id: true } });
  const at = new Date(Date.now() - 20 * 3_600_000);
  await db.updateDelivery.update({ where: { id: opened.id }, data: { firstViewedAt: at, lastViewedAt: new Date(at.getTime() + 3 * 3_600_000), views: 2 } });
}

const INVESTORS = [
  { name: "Olivia Hart", email: "olivia@northwind-ventures.example", group: "CURRENT" },
  { name: "Tomás Reyes", email: "tomas@reyes-angels.example", group: "CURRENT" },
  { name: "Grace Liu", email: "grace@harbor-fund.example", group: "PROSPECT" },
  { name: "Daniel Brooks", email: "daniel@brooks-advisory.example", group: "ADVISOR" },
] as const;
