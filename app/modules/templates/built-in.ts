/**
 * The starting set every team has: four cheap ways to learn before building, defined here rather
 * than stored, so every team gets the same ones and improvements reach everyone. Each answers
 * one question a team at MVP stage should be asking. The sample guidance in each plan is worked
 * out by the same statistics the verdict uses (rateDecisionPoints), so a plan never promises a
 * verdict the experiment page would not give.
 */
import { MIN_RATE_TRIALS, rateDecisionPoints } from "~/modules/experiments/statistics";
import type { TemplateSummary } from "./design";

/** Built-in ids cannot be a stored template's id (those are cuids, without dashes). */
export const BUILT_IN_PREFIX = "builtin-";

const FAKE_DOOR_VISITORS = 200;
const FAKE_DOOR_TARGET = 0.1;
const fakeDoor = rateDecisionPoints(FAKE_DOOR_VISITORS, { comparator: "gte", target: FAKE_DOOR_TARGET });

const PRE_SALE_PROSPECTS = 100;
const PRE_SALE_TARGET = 0.05;
const preSale = rateDecisionPoints(PRE_SALE_PROSPECTS, { comparator: "gte", target: PRE_SALE_TARGET });

const CONCIERGE_CUSTOMERS = 5;
const CONCIERGE_TARGET = 3;

const INTERVIEWS = 10;
const INTERVIEW_TARGET = 6;
/** The same bar as a rate (60 % of ten): what ten interviews could show with a rate's interval. */
const interviewsAsRate = rateDecisionPoints(INTERVIEWS, { comparator: "gte", target: INTERVIEW_TARGET / INTERVIEWS });

const percent = (successes: number, trials: number) => `${Number(((successes / trials) * 100).toFixed(1))} %`;

/** "12 to 28", or "12" when the range is one number. */
const between = (low: number, high: number) => (low === high ? String(low) : `${low} to ${high}`);

function decisionSentence(trials: number, points: { met: number | null; notMet: number | null }, noun: { plural: string; success: string }) {
  const { met, notMet } = points;
  if (met === null || notMet === null) throw new Error(`A built-in plan needs a sample that can decide (${trials} ${noun.plural}).`);
  return (
    `With ${trials} ${noun.plural}, ${met} ${noun.success} or more (${percent(met, trials)}) meet the target with the whole 95 % interval above it; ` +
    `${notMet === 0 ? `no ${noun.success} at all misses it` : `${notMet} or fewer miss it`}; ` +
    `${between(notMet + 1, met - 1)} leave it too early. Decide the number before you start, and do not stop early when it looks good.`
  );
}

export const BUILT_IN_TEMPLATES: readonly TemplateSummary[] = [
  {
    id: `${BUILT_IN_PREFIX}fake-door`,
    name: "Fake door",
    builtIn: true,
    question: "Does anyone actually want this?",
    method: "FAKE_DOOR",
    plan:
      `add a button or menu item for the feature where it would live, leading to a short “coming soon” page with a waitlist — nothing is built behind the door. ` +
      `Show it to at least ${FAKE_DOOR_VISITORS} visitors from the segment and log, each day, visitors who saw it (trials) and those who clicked (successes). ` +
      decisionSentence(FAKE_DOOR_VISITORS, fakeDoor, { plural: "visitors", success: "clicks" }),
    metricName: "Click-through",
    metricUnit: "",
    metricKind: "RATE",
    comparator: "GTE",
    target: FAKE_DOOR_TARGET,
    days: 14,
  },
  {
    id: `${BUILT_IN_PREFIX}pre-sale`,
    name: "Pre-sale",
    builtIn: true,
    question: "Will they pay for it?",
    method: "PRE_SALE",
    plan:
      `offer the product before it is built to at least ${PRE_SALE_PROSPECTS} prospects who have the problem, at its real price, for a refundable deposit — a payment, not a promise to buy. ` +
      `Log prospects contacted (trials) and deposits paid (successes); a deposit is “paid” evidence, the strongest there is. ` +
      decisionSentence(PRE_SALE_PROSPECTS, preSale, { plural: "prospects", success: "deposits" }) +
      ` A “yes, I'd buy that” without a deposit is a note, not a success.`,
    metricName: "Prospects who pay a deposit",
    metricUnit: "",
    metricKind: "RATE",
    comparator: "GTE",
    target: PRE_SALE_TARGET,
    days: 14,
  },
  {
    id: `${BUILT_IN_PREFIX}concierge`,
    name: "Concierge",
    builtIn: true,
    question: "Will users change their behaviour because of this product?",
    method: "CONCIERGE",
    plan:
      `serve ${CONCIERGE_CUSTOMERS} customers by hand — you do the work the product would do, in a spreadsheet and by email, no code — and at the end ask each to pay to continue. ` +
      `Log each customer who pays or renews as a value of 1 on the day they pay. ` +
      `We are right if at least ${CONCIERGE_TARGET} of the ${CONCIERGE_CUSTOMERS} pay; fewer by the end of the timebox is a clear no. ` +
      `It is a count, not a rate: ${CONCIERGE_CUSTOMERS} customers are too few for a rate's interval, which needs at least ${MIN_RATE_TRIALS} trials before any verdict. Pick the ${CONCIERGE_CUSTOMERS} before you start.`,
    metricName: "Customers who pay to continue",
    metricUnit: "customers",
    metricKind: "COUNT",
    comparator: "GTE",
    target: CONCIERGE_TARGET,
    days: 14,
  },
  {
    id: `${BUILT_IN_PREFIX}problem-interviews`,
    name: "Problem interviews",
    builtIn: true,
    question: "Is this problem painful enough that people will pay to solve it?",
    method: "INTERVIEW",
    plan:
      `interview ${INTERVIEWS} people from the segment about how they handle the job today and what it cost them last time, without mentioning the idea. ` +
      `Log each interviewee who describes the problem unprompted as a value of 1, with their words as a quote. ` +
      `We are right if at least ${INTERVIEW_TARGET} of the ${INTERVIEWS} do. ` +
      `It is a count, not a rate: with ${INTERVIEWS} answers a rate's 95 % interval is so wide that only ${interviewsAsRate.met} of ${INTERVIEWS} would clear ${percent(
        INTERVIEW_TARGET,
        INTERVIEWS
      )}. ` +
      `Interviews are “said” evidence, the weakest kind: follow a yes with a test of what people do.`,
    metricName: "Interviewees who describe the problem unprompted",
    metricUnit: "interviewees",
    metricKind: "COUNT",
    comparator: "GTE",
    target: INTERVIEW_TARGET,
    days: 14,
  },
];

export function builtInTemplate(id: string): TemplateSummary | null {
  return BUILT_IN_TEMPLATES.find((template) => template.id === id) ?? null;
}

/** Whether a name is taken by a built-in template (names are compared without case). */
export function isBuiltInName(name: string): boolean {
  const wanted = name.trim().toLocaleLowerCase("en");
  return BUILT_IN_TEMPLATES.some((template) => template.name.toLocaleLowerCase("en") === wanted);
}
