/**
 * The learning library over real HTTP against the built app: every filter selects exactly the
 * cards it should, another team's cards never show (not even when asked for by its product),
 * cards of trashed experiments and hypotheses are left out, "changed our mind" counts the pivots
 * and kills of each quarter, and a long library pages on without repeating or losing a card.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Decision, HypothesisCategory } from "~/generated/prisma/enums";
import { addObservations } from "~/modules/evidence/observations.server";
import { updateExperiment } from "~/modules/experiments/experiments.server";
import { addDays, todayDateOnly } from "~/modules/experiments/timebox";
import { createHypothesis } from "~/modules/hypotheses/hypotheses.server";
import { LIBRARY_PAGE_SIZE } from "~/modules/learnings/learnings.server";
import { previousQuarter, quarterKey, quarterLabel, quarterOf, type Quarter } from "~/modules/learnings/quarters";
import { createProduct } from "~/modules/products/products.server";
import { db } from "~/utils/db.server";
import { actorFor, createTeamWith } from "../support/factories";
import { startTestServer, type Client, type TestServer } from "../support/http";
import { startedRateExperiment } from "../support/loop-factories";
import { signedIn } from "../support/loop-http-helpers";

let server: TestServer;

// Quarters relative to today, so the story holds whenever the test runs.
const thisQuarter = quarterOf(new Date());
const lastQuarter = previousQuarter(thisQuarter);
const twoQuartersAgo = previousQuarter(lastQuarter);
const dayIn = (quarter: Quarter, day: number) => new Date(Date.UTC(quarter.year, (quarter.quarter - 1) * 3, day, 12));

type Outcome = "met" | "not_met" | "too_early";

/** A team of its own with two products, signed in over HTTP. */
async function library() {
  const setup = await createTeamWith(["VIEWER"]);
  const actor = actorFor(setup.owner, setup.team, "OWNER");
  const invoicing = await createProduct(actor, { name: "Invoicing", description: "" });
  const payroll = await createProduct(actor, { name: "Payroll", description: "" });
  const client = await signedIn(server.url, setup.owner.email);
  return { ...setup, actor, invoicing, payroll, client, base: `/t/${setup.team.slug}` };
}

type Library = Awaited<ReturnType<typeof library>>;

/**
 * A hypothesis and a RATE experiment (≥ 10 %) on it, evidence that makes the verdict `outcome`,
 * concluded over HTTP with `decision`; the card is then dated `on`.
 */
async function concluded(lib: Library, options: { title: string; product: { id: string }; category: HypothesisCategory; outcome: Outcome; decision: Decision; on: Date }) {
  const hypothesis = await createHypothesis(lib.actor, {
    productId: options.product.id,
    statement: `Belief behind ${options.title}.`,
    segment: "",
    category: options.category,
    importance: 3,
  });
  const { experiment, startsOn } = await startedRateExperiment(lib.actor, hypothesis.id, options.title);
  if (options.outcome !== "too_early") {
    const successes = options.outcome === "met" ? 60 : 1;
    await addObservations(lib.actor, { experimentId: experiment.id, rows: [{ observedOn: startsOn, successes, trials: 100, value: null, note: null, source: null, strength: 2 }], via: "form" });
  }
  const { number, version } = await db.experiment.findUniqueOrThrow({ where: { id: experiment.id }, select: { number: true, version: true } });
  const response = await lib.client.post(`${lib.base}/experiments/E-${number}/conclude`, {
    observed: `${options.title}: what we saw.`,
    learned: `${options.title}: what we learned.`,
    nextSteps: `${options.title}: what comes next.`,
    decision: options.decision,
    version: String(version),
  });
  expect(response.status, await response.clone().text()).toBe(302);
  const stored = await db.experiment.findUniqueOrThrow({ where: { id: experiment.id }, select: { finalVerdict: true } });
  expect(stored.finalVerdict).toBe(options.outcome.toUpperCase());
  await db.learningCard.update({ where: { experimentId: experiment.id }, data: { createdAt: options.on } });
  return { key: `E-${number}`, hypothesisKey: `H-${(await db.hypothesis.findUniqueOrThrow({ where: { id: hypothesis.id }, select: { number: true } })).number}`, title: options.title };
}

/** The page's HTML with React's text separators removed, so it reads like the page. */
async function page(client: Client, path: string) {
  const response = await client.get(path);
  expect(response.status, path).toBe(200);
  return (await response.text()).replaceAll("<!-- -->", "");
}

/** What the page says, without its markup. */
function words(html: string) {
  return html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
}

/** The titles of the cards on a page, in order. */
function cardTitles(html: string, titles: string[]): string[] {
  return titles.filter((title) => html.includes(title)).sort((a, b) => html.indexOf(a) - html.indexOf(b));
}

/** "Changed our mind" as the page says it: quarter → [pivots and kills, decisions]. */
function changedMind(html: string): Record<string, [number, number]> {
  const text = words(html);
  const counts: Record<string, [number, number]> = {};
  for (const match of text.matchAll(/(Q[1-4] \d{4}) (\d+) of (\d+) decisions? changed our mind/g)) counts[match[1]] = [Number(match[2]), Number(match[3])];
  return counts;
}

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe("the learning library", () => {
  let lib: Library;
  let other: Library;
  const T = {
    metPersevere: "Alpha pre-order page",
    notMetPivot: "Bravo pricing survey",
    notMetKill: "Charlie payroll fake door",
    tooEarlyRetest: "Delta onboarding prototype",
    metPivot: "Echo concierge trial",
    trashedExperiment: "Foxtrot trashed test",
    trashedHypothesis: "Golf belief in the trash",
    otherTeam: "Hotel other team secret",
  };
  const ours = [T.metPersevere, T.notMetPivot, T.notMetKill, T.tooEarlyRetest, T.metPivot];
  const everyTitle = Object.values(T);

  beforeAll(async () => {
    lib = await library();
    other = await library();
    const { invoicing, payroll } = lib;
    await concluded(lib, { title: T.metPersevere, product: invoicing, category: "DESIRABILITY", outcome: "met", decision: "PERSEVERE", on: dayIn(thisQuarter, 2) });
    await concluded(lib, { title: T.notMetPivot, product: invoicing, category: "VIABILITY", outcome: "not_met", decision: "PIVOT", on: dayIn(lastQuarter, 10) });
    await concluded(lib, { title: T.notMetKill, product: payroll, category: "DESIRABILITY", outcome: "not_met", decision: "KILL", on: dayIn(lastQuarter, 20) });
    await concluded(lib, { title: T.tooEarlyRetest, product: payroll, category: "USABILITY", outcome: "too_early", decision: "RETEST", on: dayIn(thisQuarter, 1) });
    await concluded(lib, { title: T.metPivot, product: invoicing, category: "DESIRABILITY", outcome: "met", decision: "PIVOT", on: dayIn(twoQuartersAgo, 5) });

    // A kill and a pivot that went to the trash afterwards: neither shows nor counts.
    const trashed = await concluded(lib, { title: T.trashedExperiment, product: invoicing, category: "DESIRABILITY", outcome: "not_met", decision: "KILL", on: dayIn(thisQuarter, 3) });
    expect((await lib.client.post(`${lib.base}/experiments/${trashed.key}?index`, { intent: "trash" })).status).toBe(302);
    const inTrashedBelief = await concluded(lib, { title: T.trashedHypothesis, product: invoicing, category: "DESIRABILITY", outcome: "met", decision: "PIVOT", on: dayIn(thisQuarter, 4) });
    expect((await lib.client.post(`${lib.base}/hypotheses/${inTrashedBelief.hypothesisKey}?index`, { intent: "trash" })).status).toBe(302);

    await concluded(other, { title: T.otherTeam, product: other.invoicing, category: "DESIRABILITY", outcome: "not_met", decision: "KILL", on: dayIn(thisQuarter, 2) });
  });

  it("shows every card of the team, newest first, each with its verdict, criterion, decision and what was learned", async () => {
    const html = await page(lib.client, `${lib.base}/learnings`);
    expect(cardTitles(html, everyTitle)).toEqual([T.metPersevere, T.tooEarlyRetest, T.notMetKill, T.notMetPivot, T.metPivot]);
    expect(words(html)).toContain("against Click-through ≥ 10.0 %");
    expect(html).toContain(`${T.notMetKill}: what we learned.`);
    expect(html).toContain(`${T.notMetKill}: what we saw.`);
    expect(html).toContain("Decision: Kill");
    for (const words of ["Met", "Not met", "Too early"]) expect(html).toContain(words);
    expect(html).toMatch(new RegExp(`href="${lib.base}/experiments/E-\\d+"`));
  });

  it.each<[string, string, string[]]>([
    ["validated: met and persevered", "outcome=VALIDATED", ["metPersevere"]],
    ["invalidated: not met", "outcome=INVALIDATED", ["notMetKill", "notMetPivot"]],
    ["inconclusive: too early, or met without persevering", "outcome=INCONCLUSIVE", ["tooEarlyRetest", "metPivot"]],
    ["one decision", "decision=PIVOT", ["notMetPivot", "metPivot"]],
    ["pivot or kill", "decision=CHANGED", ["notMetKill", "notMetPivot", "metPivot"]],
    ["a category", "category=DESIRABILITY", ["metPersevere", "notMetKill", "metPivot"]],
    ["a product", "product=«payroll»", ["tooEarlyRetest", "notMetKill"]],
    ["a quarter", `period=${quarterKey(lastQuarter)}`, ["notMetKill", "notMetPivot"]],
    ["filters together", "product=«invoicing»&decision=CHANGED", ["notMetPivot", "metPivot"]],
    ["nothing that matches", "outcome=VALIDATED&decision=KILL", []],
  ])("filters by %s", async (_label, query, expected) => {
    const address = query.replace("«payroll»", lib.payroll.id).replace("«invoicing»", lib.invoicing.id);
    const html = await page(lib.client, `${lib.base}/learnings?${address}`);
    expect(cardTitles(html, everyTitle)).toEqual(expected.map((name) => T[name as keyof typeof T]));
    if (expected.length === 0) expect(html).toContain("No learning cards match these filters.");
  });

  it("filters by a year: the cards concluded in it", async () => {
    const dated: [string, Quarter][] = [
      [T.metPersevere, thisQuarter],
      [T.tooEarlyRetest, thisQuarter],
      [T.notMetKill, lastQuarter],
      [T.notMetPivot, lastQuarter],
      [T.metPivot, twoQuartersAgo],
    ];
    const html = await page(lib.client, `${lib.base}/learnings?period=${thisQuarter.year}`);
    expect(cardTitles(html, everyTitle)).toEqual(dated.filter(([, quarter]) => quarter.year === thisQuarter.year).map(([title]) => title));
  });

  it("treats junk in the address as no filter", async () => {
    const html = await page(lib.client, `${lib.base}/learnings?outcome=%00&decision=NOPE&category=&product=${"x".repeat(300)}&period=2026-Q7&before=yesterday`);
    expect(cardTitles(html, everyTitle)).toEqual([T.metPersevere, T.tooEarlyRetest, T.notMetKill, T.notMetPivot, T.metPivot]);
  });

  it("never shows another team's cards, not even asked for by that team's product", async () => {
    for (const query of ["", `?product=${other.invoicing.id}`, "?decision=KILL", `?period=${quarterKey(thisQuarter)}`]) {
      const html = await page(lib.client, `${lib.base}/learnings${query}`);
      expect(html).not.toContain(T.otherTeam);
      expect(html).not.toContain(other.team.name);
    }
    const theirs = await page(other.client, `${other.base}/learnings`);
    expect(cardTitles(theirs, everyTitle)).toEqual([T.otherTeam]);
    // And nobody reads a team's library from outside it.
    expect((await other.client.get(`${lib.base}/learnings`)).status).toBe(404);
  });

  it("leaves out cards of trashed experiments and of experiments whose hypothesis is in the trash", async () => {
    for (const query of ["", "?decision=CHANGED", `?period=${quarterKey(thisQuarter)}`, "?outcome=INVALIDATED", "?outcome=INCONCLUSIVE"]) {
      const html = await page(lib.client, `${lib.base}/learnings${query}`);
      expect(html).not.toContain(T.trashedExperiment);
      expect(html).not.toContain(T.trashedHypothesis);
    }
  });

  it("counts the pivots and kills of each quarter beside every decision, leaving out the trash and other teams", async () => {
    const html = await page(lib.client, `${lib.base}/learnings`);
    expect(changedMind(html)).toEqual({
      [quarterLabel(thisQuarter)]: [0, 2],
      [quarterLabel(lastQuarter)]: [2, 2],
      [quarterLabel(twoQuartersAgo)]: [1, 1],
    });
    // Each quarter with any links to its pivots and kills.
    expect(html).toContain(`${lib.base}/learnings?decision=CHANGED&amp;period=${quarterKey(lastQuarter)}`);
    expect(changedMind(await page(other.client, `${other.base}/learnings`))).toEqual({ [quarterLabel(thisQuarter)]: [1, 1] });
  });

  it("is open to the team's viewers", async () => {
    const viewer = await signedIn(server.url, lib.members[0].email);
    const html = await page(viewer, `${lib.base}/learnings?decision=PERSEVERE`);
    expect(cardTitles(html, everyTitle)).toEqual([T.metPersevere]);
  });
});

describe("a card whose criterion changed after its experiment started", () => {
  it("shows the criterion it was judged against, marked as changed; the others carry no mark", async () => {
    const lib = await library();
    await concluded(lib, { title: "Kilo steady criterion", product: lib.invoicing, category: "VIABILITY", outcome: "met", decision: "PERSEVERE", on: dayIn(thisQuarter, 1) });
    const hypothesis = await createHypothesis(lib.actor, { productId: lib.invoicing.id, statement: "A belief whose bar moved.", segment: "", category: "DESIRABILITY", importance: 3 });
    const { experiment, startsOn } = await startedRateExperiment(lib.actor, hypothesis.id, "Lima moved bar");
    await updateExperiment(lib.actor, {
      id: experiment.id,
      version: 2,
      reason: "The benchmark was for consumer apps; 5 % is the bar for a B2B menu item.",
      title: "Lima moved bar",
      method: "FAKE_DOOR",
      plan: "show the button to every new account",
      metricName: "Click-through",
      metricUnit: "",
      metricKind: "RATE",
      comparator: "GTE",
      target: 0.05,
      startsOn,
      endsOn: addDays(startsOn, 13),
    });
    const { number, version } = await db.experiment.findUniqueOrThrow({ where: { id: experiment.id }, select: { number: true, version: true } });
    const response = await lib.client.post(`${lib.base}/experiments/E-${number}/conclude`, {
      observed: "Six of a hundred clicked.",
      learned: "The lower bar was still not cleared with confidence.",
      nextSteps: "Run it for another month.",
      decision: "RETEST",
      version: String(version),
    });
    expect(response.status).toBe(302);

    const html = await page(lib.client, `${lib.base}/learnings`);
    const cards = words(html).split(/(?=E-\d+ (?:Kilo|Lima))/);
    const moved = cards.find((card) => card.includes("Lima moved bar"))!;
    const steady = cards.find((card) => card.includes("Kilo steady criterion"))!;
    expect(moved).toContain("against Click-through ≥ 5.0 % ⚠ Criterion changed after start");
    expect(steady).toContain("against Click-through ≥ 10.0 %");
    expect(steady).not.toContain("Criterion changed after start");
  });
});

describe("a new team's library", () => {
  it("explains what will be kept here", async () => {
    const lib = await library();
    const html = await page(lib.client, `${lib.base}/learnings`);
    expect(html).toContain("No learning cards yet.");
    expect(html).not.toContain("Changed our mind");
  });
});

describe("a long library", () => {
  it("shows the newest page, then continues with the older cards, each card exactly once", async () => {
    const lib = await library();
    const hypothesis = await createHypothesis(lib.actor, { productId: lib.invoicing.id, statement: "Many small beliefs add up.", segment: "", category: "VIABILITY", importance: 2 });
    // More cards than a page, written straight to the tables: the many conclusions are not what is tested here.
    const total = LIBRARY_PAGE_SIZE + 7;
    const startsOn = new Date(`${addDays(todayDateOnly(), -30)}T00:00:00Z`);
    // Two cards share each moment: the order must still be total.
    const moment = (index: number) => new Date(Date.UTC(2025, 0, 1) + Math.floor(index / 2) * 86_400_000);
    await db.experiment.createMany({
      data: Array.from({ length: total }, (_, index) => ({
        id: `long-library-e-${index}`,
        teamId: lib.team.id,
        number: index + 1,
        hypothesisId: hypothesis.id,
        title: `Long test number ${String(index).padStart(3, "0")}`,
        method: "SURVEY" as const,
        plan: "ask",
        metricName: "Yes",
        metricKind: "RATE" as const,
        comparator: "GTE" as const,
        target: 0.1,
        startsOn,
        endsOn: startsOn,
        status: "CONCLUDED" as const,
        concludedAt: moment(index),
        finalVerdict: "TOO_EARLY" as const,
        createdById: lib.owner.id,
      })),
    });
    await db.learningCard.createMany({
      data: Array.from({ length: total }, (_, index) => ({
        teamId: lib.team.id,
        experimentId: `long-library-e-${index}`,
        observed: "o",
        learned: "l",
        nextSteps: "n",
        decision: "RETEST" as const,
        verdictSnapshot: {},
        createdById: lib.owner.id,
        createdAt: moment(index),
      })),
    });
    // Each card's heading names it (the page's data, sent along for hydration, names it again).
    const titlesOn = (html: string) => [...html.matchAll(/<h2 id="card-[^"]*"[^>]*>[\s\S]*?Long test number (\d{3})/g)].map((match) => Number(match[1]));

    const first = await page(lib.client, `${lib.base}/learnings?decision=RETEST`);
    const firstTitles = titlesOn(first);
    expect(firstTitles).toHaveLength(LIBRARY_PAGE_SIZE);
    expect(firstTitles[0]).toBe(total - 1);
    const older = /href="([^"]*before=[^"]*)"/.exec(first)?.[1].replaceAll("&amp;", "&");
    expect(older).toBeDefined();
    expect(older).toContain("decision=RETEST");

    const second = await page(lib.client, older!);
    const secondTitles = titlesOn(second);
    expect(secondTitles).toHaveLength(total - LIBRARY_PAGE_SIZE);
    expect([...firstTitles, ...secondTitles].sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, index) => index));
    expect(second).not.toContain("Older cards");
    expect(second).toMatch(new RegExp(`href="${lib.base}/learnings\\?decision=RETEST"[^>]*>Newest<`));
  });
});
