/**
 * The demo team's validation story: a dozen beliefs about Ledgerly, experiments in every state,
 * evidence over several weeks, and learning cards. Dates are relative to today, so the demo
 * always shows a live picture (one experiment overdue, one ending soon, one still a draft).
 */
import type { ObservationRow } from "~/modules/evidence/schemas";
import { addObservations } from "~/modules/evidence/observations.server";
import { abandonExperiment, concludeExperiment, createExperiment, startExperiment, updateExperiment } from "~/modules/experiments/experiments.server";
import type { ExperimentFields } from "~/modules/experiments/schemas";
import { addDays, fromDateOnly, todayDateOnly } from "~/modules/experiments/timebox";
import { createHypothesis } from "~/modules/hypotheses/hypotheses.server";
import { addComment } from "~/modules/comments/comments.server";
import { createProduct } from "~/modules/products/products.server";
import type { Actor } from "~/modules/teams/actor";
import { db } from "~/utils/db.server";

type Cast = { maya: Actor; sam: Actor; priya: Actor };

type HypothesisSeed = {
  statement: string;
  segment: string;
  category: "DESIRABILITY" | "VIABILITY" | "FEASIBILITY" | "USABILITY";
  importance: number;
  owner: keyof Cast;
};

const HYPOTHESES: HypothesisSeed[] = [
  { statement: "Freelancers and small agencies lose at least two hours a month chasing late invoices.", segment: "Freelancers and agencies under 10 people", category: "DESIRABILITY", importance: 5, owner: "maya" },
  { statement: "Small businesses will pay $19 a month for automatic payment reminders.", segment: "Small businesses sending 10+ invoices a month", category: "VIABILITY", importance: 5, owner: "maya" },
  { statement: "Owners want to send an invoice from their phone in under a minute.", segment: "Trades and field services", category: "DESIRABILITY", importance: 4, owner: "priya" },
  { statement: "We can match 90 % of incoming bank payments to invoices automatically from open-banking data.", segment: "", category: "FEASIBILITY", importance: 4, owner: "sam" },
  { statement: "First-time users can create and send their first invoice without help.", segment: "New sign-ups", category: "USABILITY", importance: 3, owner: "priya" },
  { statement: "Accountants will recommend Ledgerly to their small-business clients.", segment: "Accounting firms serving small businesses", category: "VIABILITY", importance: 4, owner: "maya" },
  { statement: "Customers want a client portal where their own clients see and pay every invoice.", segment: "Agencies with recurring clients", category: "DESIRABILITY", importance: 3, owner: "priya" },
  { statement: "One PostgreSQL database serves our first 1,000 customers without tuning.", segment: "", category: "FEASIBILITY", importance: 2, owner: "sam" },
  { statement: "Automatic reminders cut the days until an invoice is paid by at least 20 %.", segment: "Customers with overdue invoices", category: "VIABILITY", importance: 5, owner: "sam" },
  { statement: "Users understand the difference between a quote and an invoice without explanation.", segment: "New sign-ups", category: "USABILITY", importance: 2, owner: "priya" },
  { statement: "Small businesses will leave their spreadsheets if we import their client list in one step.", segment: "Businesses invoicing from spreadsheets", category: "DESIRABILITY", importance: 4, owner: "maya" },
  { statement: "Three customers from our network will pay for a first month up front.", segment: "Founders' network", category: "VIABILITY", importance: 3, owner: "maya" },
];

const rate = (observedOn: string, successes: number, trials: number, strength: ObservationRow["strength"], note: string | null = null, source: string | null = null): ObservationRow => ({
  observedOn,
  successes,
  trials,
  value: null,
  note,
  source,
  strength,
});
const value = (observedOn: string, amount: number, strength: ObservationRow["strength"], note: string | null = null, source: string | null = null): ObservationRow => ({
  observedOn,
  successes: null,
  trials: null,
  value: amount,
  note,
  source,
  strength,
});
const quote = (observedOn: string, note: string, source: string, strength: ObservationRow["strength"] = 1): ObservationRow => ({
  observedOn,
  successes: null,
  trials: null,
  value: null,
  note,
  source,
  strength,
});

export async function seedValidationLoop(cast: Cast) {
  const today = todayDateOnly();
  const day = (offset: number) => addDays(today, offset);
  const product = await createProduct(cast.maya, { name: "Ledgerly Invoicing", description: "Invoicing that gets small businesses paid on time." });
  const owners: Record<keyof Cast, string> = { maya: cast.maya.user.id, sam: cast.sam.user.id, priya: cast.priya.user.id };
  const hypotheses: { id: string }[] = [];
  for (const seed of HYPOTHESES) {
    hypotheses.push(await createHypothesis(cast.maya, { productId: product.id, statement: seed.statement, segment: seed.segment, category: seed.category, importance: seed.importance, ownerId: owners[seed.owner] }));
  }
  const H = (number: number) => hypotheses[number - 1].id;

  async function experiment(actor: Actor, fields: Omit<ExperimentFields, "endsOn"> & { endsOn?: string }) {
    const created = await createExperiment(actor, { ...fields, endsOn: fields.endsOn ?? addDays(fields.startsOn, 13) });
    return { id: created.id, version: 1 };
  }
  async function start(actor: Actor, e: { id: string; version: number }) {
    await startExperiment(actor, e);
    e.version += 1;
  }
  async function log(actor: Actor, e: { id: string }, rows: ObservationRow[]) {
    await addObservations(actor, { experimentId: e.id, rows, via: "form" });
  }
  async function conclude(actor: Actor, e: { id: string; version: number }, endsOn: string, card: { observed: string; learned: string; nextSteps: string; decision: "PERSEVERE" | "PIVOT" | "KILL" | "RETEST" }) {
    await concludeExperiment(actor, { id: e.id, version: e.version, ...card }, addDays(endsOn, 1));
    // The story concluded these the day after their timebox ended.
    const concludedAt = fromDateOnly(addDays(endsOn, 1));
    await db.experiment.update({ where: { id: e.id }, data: { concludedAt } });
    await db.learningCard.update({ where: { experimentId: e.id }, data: { createdAt: concludedAt } });
  }

  // E-1 · H-1: customer interviews — met, persevere → validated.
  const e1 = await experiment(cast.maya, {
    hypothesisId: H(1), title: "Problem interviews with 20 freelancers", method: "INTERVIEW",
    plan: "interview 20 freelancers and agency owners about how they get paid, without pitching Ledgerly",
    metricName: "Share who lose 2+ hours a month chasing payments", metricUnit: "", metricKind: "RATE", comparator: "GTE", target: 0.5, startsOn: day(-70),
  });
  await start(cast.maya, e1);
  await log(cast.maya, e1, [
    rate(day(-69), 3, 4, 1, "Three of four said Friday afternoons go to payment chasing.", "Interviews, week 1"),
    quote(day(-68), "“I have a sticky note of who owes me. It's never short.”", "Dana, illustrator"),
    rate(day(-66), 4, 6, 1, null, "Interviews, week 1"),
    rate(day(-62), 5, 6, 2, "Two showed us their overdue list in their accounting tool.", "Interviews, week 2"),
    quote(day(-61), "“I'd pay for anything that sends the awkward reminder for me.”", "Marco, 4-person agency"),
    rate(day(-59), 3, 4, 1, null, "Interviews, week 2"),
  ]);
  await conclude(cast.maya, e1, day(-57), {
    observed: "15 of 20 (75 %) lose two or more hours a month chasing late invoices; several showed us their overdue lists.",
    learned: "Chasing payments is a frequent, felt pain — more than creating invoices.",
    nextSteps: "Test whether they will pay for automatic reminders with a pre-order page.",
    decision: "PERSEVERE",
  });

  // E-2 · H-5: unaided first invoice — not met, pivot → invalidated.
  const e2 = await experiment(cast.priya, {
    hypothesisId: H(5), title: "Unmoderated first-invoice test", method: "PROTOTYPE",
    plan: "ask 15 new sign-ups to send their first invoice in the clickable prototype without any help text",
    metricName: "Completed first invoice unaided", metricUnit: "", metricKind: "RATE", comparator: "GTE", target: 0.8, startsOn: day(-56),
  });
  await start(cast.priya, e2);
  await log(cast.priya, e2, [
    rate(day(-54), 2, 5, 2, "Most stalled at tax settings.", "Session recordings"),
    rate(day(-50), 3, 6, 2, null, "Session recordings"),
    rate(day(-47), 1, 4, 2, "“What is a tax ID and why do you need it now?”", "Session recordings"),
  ]);
  await conclude(cast.priya, e2, day(-43), {
    observed: "6 of 15 (40 %) sent an invoice unaided; 7 of the 9 others stopped at tax settings.",
    learned: "Asking for tax details before the first invoice blocks new users.",
    nextSteps: "Let people send a first invoice with defaults and ask for tax details afterwards.",
    decision: "PIVOT",
  });

  // E-3 · H-12: pre-sale — count met, persevere → validated.
  const e3 = await experiment(cast.maya, {
    hypothesisId: H(12), title: "Founding-customer pre-sale", method: "PRE_SALE",
    plan: "offer our network a founding plan paid one month up front, with a refund if we do not ship in six weeks",
    metricName: "Paid pre-orders", metricUnit: "pre-orders", metricKind: "COUNT", comparator: "GTE", target: 3, startsOn: day(-52),
  });
  await start(cast.maya, e3);
  await log(cast.maya, e3, [
    value(day(-50), 1, 4, "First payment, from a bakery we invoice for.", "Stripe"),
    value(day(-46), 1, 4, null, "Stripe"),
    value(day(-42), 2, 4, "Two agencies from the same co-working space.", "Stripe"),
  ]);
  await conclude(cast.maya, e3, day(-39), {
    observed: "Four paid pre-orders in two weeks from 23 conversations.",
    learned: "People we know will pay before the product exists — a floor, not proof of a market.",
    nextSteps: "Ship the reminder flow to the four founding customers first.",
    decision: "PERSEVERE",
  });

  // E-4 · H-9: reminders vs days to payment — too early, retest → inconclusive.
  const e4 = await experiment(cast.sam, {
    hypothesisId: H(9), title: "Reminder A/B on founding customers", method: "AB_TEST",
    plan: "send automatic reminders on half of the founding customers' overdue invoices and record the days until each is paid",
    metricName: "Days until paid", metricUnit: "days", metricKind: "MEAN", comparator: "LTE", target: 20, startsOn: day(-38),
  });
  await start(cast.sam, e4);
  await log(cast.sam, e4, [value(day(-33), 18, 2), value(day(-30), 25, 2), value(day(-28), 16, 2), value(day(-26), 21, 2)]);
  await conclude(cast.sam, e4, day(-25), {
    observed: "Only four reminded invoices were paid inside the timebox; their mean was 20 days.",
    learned: "Four customers are too few to measure a change in payment time.",
    nextSteps: "Retest over a month with every founding customer's invoices.",
    decision: "RETEST",
  });

  // E-5 · H-2: pre-order landing page — running, ends soon.
  const e5 = await experiment(cast.maya, {
    hypothesisId: H(2), title: "Reminders pre-order landing page", method: "LANDING_PAGE",
    plan: "run a landing page offering automatic reminders at $19/month with a pre-order button, promoted in two freelancer newsletters",
    metricName: "Visitor-to-pre-order conversion", metricUnit: "", metricKind: "RATE", comparator: "GTE", target: 0.05, startsOn: day(-9),
  });
  await start(cast.maya, e5);
  const visits = [38, 52, 47, 61, 44, 58, 49, 55, 40];
  const orders = [2, 4, 3, 5, 2, 4, 3, 5, 3];
  await log(cast.maya, e5, visits.map((trials, index) => rate(day(-9 + index), orders[index], trials, 2, index === 3 ? "Newsletter feature day." : null, "Landing page analytics")));
  await log(cast.priya, e5, [quote(day(-5), "“Take my money — but does it work with my bank?”", "Reply to the newsletter", 1)]);

  // E-6 · H-3: phone invoice prototype — overdue.
  const e6 = await experiment(cast.priya, {
    hypothesisId: H(3), title: "Send-from-phone prototype timing", method: "PROTOTYPE",
    plan: "time tradespeople sending a real invoice from the phone prototype on site",
    metricName: "Time to send an invoice", metricUnit: "seconds", metricKind: "MEAN", comparator: "LTE", target: 60, startsOn: day(-20),
  });
  await start(cast.priya, e6);
  await log(cast.priya, e6, [48, 52, 71, 44, 39, 58, 62, 41].map((seconds, index) => value(day(-19 + index), seconds, 2, index === 2 ? "Gloves on; typing the amount took long." : null, "Field sessions")));

  // E-7 · H-7: client-portal fake door — running; its criterion changed after start.
  const e7 = await experiment(cast.priya, {
    hypothesisId: H(7), title: "“Client portal” fake door", method: "FAKE_DOOR",
    plan: "show a “Client portal” item in the menu of every account and count who clicks it",
    metricName: "Click-through on Client portal", metricUnit: "", metricKind: "RATE", comparator: "GTE", target: 0.15, startsOn: day(-6),
  });
  await start(cast.priya, e7);
  await updateExperiment(cast.priya, {
    hypothesisId: H(7), title: "“Client portal” fake door", method: "FAKE_DOOR",
    plan: "show a “Client portal” item in the menu of every account and count who clicks it",
    metricName: "Click-through on Client portal", metricUnit: "", metricKind: "RATE", comparator: "GTE", target: 0.1, startsOn: day(-6), endsOn: day(7),
    id: e7.id, version: e7.version, reason: "15 % came from a consumer benchmark; for a menu item in a B2B tool, 10 % is the right bar.",
  });
  e7.version += 1;
  await log(cast.priya, e7, [rate(day(-5), 6, 71, 2), rate(day(-4), 9, 80, 2), rate(day(-3), 7, 66, 2), rate(day(-1), 8, 75, 2)]);

  // E-8 · H-4: concierge reconciliation — a draft.
  await experiment(cast.sam, {
    hypothesisId: H(4), title: "Concierge bank reconciliation", method: "CONCIERGE",
    plan: "match 50 real bank payments to invoices by hand with the open-banking data a customer exports, noting which ones a rule could match",
    metricName: "Payments matched by a simple rule", metricUnit: "", metricKind: "RATE", comparator: "GTE", target: 0.9, startsOn: day(3),
  });

  // E-9 · H-11: abandoned.
  const e9 = await experiment(cast.maya, {
    hypothesisId: H(11), title: "Spreadsheet-import webinar", method: "OTHER",
    plan: "host a webinar showing one-step client import and count sign-ups from attendees",
    metricName: "Attendees who sign up", metricUnit: "", metricKind: "RATE", comparator: "GTE", target: 0.2, startsOn: day(-15),
  });
  await abandonExperiment(cast.maya, { id: e9.id, version: e9.version, reason: "The partner cancelled the webinar slot; we will test import with a fake door instead." });

  await addComment(cast.sam, { hypothesisId: H(8) }, "Untested on purpose: nothing suggests the database is our bottleneck. We revisit when a signal says so.");
  await addComment(cast.maya, { experimentId: e5.id }, "Strong first week. Let's not call it before the timebox ends.");
  await addComment(cast.sam, { experimentId: e5.id }, "@Maya Okafor agreed. I will bring the second week's numbers to Monday's review; @Priya Raman can you check the refund rows first?");
}
