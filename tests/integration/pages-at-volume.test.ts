/**
 * Pages stay readable and small when a team has more than fits on a screen: the experiments list
 * pages, the review agenda cuts each section short (with "Show all"), the assumptions map shows
 * counts for crowded cells and links them to the filtered list, and a gate criterion names its
 * hypothesis by key instead of offering every hypothesis as an option.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExperiment, startExperiment } from "~/modules/experiments/experiments.server";
import { addCriterion, gateStatuses, productGate } from "~/modules/gate/gate.server";
import { createSignal, recordSignalPoints } from "~/modules/signals/signals.server";
import { addDays, todayDateOnly } from "~/modules/experiments/timebox";
import { createHypothesis } from "~/modules/hypotheses/hypotheses.server";
import { MAP_CELL_DOTS } from "~/modules/hypotheses/map";
import { db } from "~/utils/db.server";
import { startTestServer, type Client, type TestServer } from "../support/http";
import { runningRateExperiment } from "../support/loop-factories";
import { signedIn } from "../support/loop-http-helpers";

let server: TestServer;
let loop: Awaited<ReturnType<typeof runningRateExperiment>>;
let client: Client;
let base: string;

const EXTRA_HYPOTHESES = MAP_CELL_DOTS + 4; // importance 4, no evidence yet: one crowded cell
const OVERDUE = 14; // running experiments past their timebox, besides the factory's E-1

beforeAll(async () => {
  server = await startTestServer();
  loop = await runningRateExperiment();
  client = await signedIn(server.url, loop.owner.email);
  base = `/t/${loop.team.slug}`;
  for (let i = 0; i < EXTRA_HYPOTHESES; i++) {
    await createHypothesis(loop.actor, { productId: loop.product.id, statement: `Belief number ${i + 1} about invoicing.`, segment: "", category: "VIABILITY", importance: 4 });
  }
  const startsOn = addDays(todayDateOnly(), -30);
  for (let i = 0; i < OVERDUE; i++) {
    const experiment = await createExperiment(loop.actor, {
      hypothesisId: loop.hypothesis.id,
      title: `Overdue test ${i + 1}`,
      method: "SURVEY",
      plan: "ask every new account",
      metricName: "Yes answers",
      metricUnit: "",
      metricKind: "RATE",
      comparator: "GTE",
      target: 0.2,
      startsOn,
      endsOn: addDays(startsOn, 13 - (i % 5)),
    });
    await startExperiment(loop.actor, { id: experiment.id, version: 1 });
  }
});
afterAll(async () => {
  await server?.close();
});

const count = (html: string, needle: RegExp) => html.match(needle)?.length ?? 0;
/** A page's HTML without React's text separators, so assertions read like the page. */
const html = async (response: Response) => (await response.text()).replaceAll("<!-- -->", "");

describe("experiments list", () => {
  it("shows 50 a page, newest first, with a pager that keeps the status filter", async () => {
    // 15 so far; 40 drafts more make 55: two pages.
    for (let i = 0; i < 40; i++) {
      await createExperiment(loop.actor, {
        hypothesisId: loop.hypothesis.id, title: `Draft ${i + 1}`, method: "INTERVIEW", plan: "talk to five customers", metricName: "Yes", metricUnit: "",
        metricKind: "COUNT", comparator: "GTE", target: 3, startsOn: todayDateOnly(), endsOn: addDays(todayDateOnly(), 13),
      });
    }
    const first = await html(await client.get(`${base}/experiments`));
    expect(count(first, />E-\d+<\/a>/g)).toBe(50);
    expect(first).toContain(">E-55</a>");
    expect(first).not.toContain(">E-5</a>");
    expect(first).toContain("55 experiments · page 1 of 2");
    const second = await html(await client.get(`${base}/experiments?page=2`));
    expect(second).toContain(">E-5</a>");
    expect(second).toContain(">E-1</a>");
    expect(second).not.toContain(">E-6</a>");

    const running = await html(await client.get(`${base}/experiments?status=RUNNING`));
    expect(running).not.toContain("page 1 of"); // 15 running: one page, no pager
    expect(count(running, />E-\d+<\/a>/g)).toBe(OVERDUE + 1);
  });
});

describe("weekly review", () => {
  it("lists the first 10 of each long section with its full count, and all of one section on request", async () => {
    const page = await html(await client.get(`${base}/review`));
    expect(page).toMatch(/Overdue <span[^>]*>\(14\)/);
    expect(count(page.slice(page.indexOf('id="agenda-overdue"'), page.indexOf('id="agenda-endingSoon"')), /overdue by \d+ day/g)).toBe(10);
    expect(page).toContain("Show all 14");
    expect(page).not.toContain("verdictsNow"); // the comparison kept for the next review stays on the server

    const expanded = await html(await client.get(`${base}/review?all=overdue`));
    const section = expanded.slice(expanded.indexOf('id="agenda-overdue"'), expanded.indexOf('id="agenda-endingSoon"'));
    expect(count(section, /overdue by \d+ day/g)).toBe(14);
    expect(section).toContain("Show only the first 10");
    // Another section stays cut short.
    expect(expanded).toMatch(/Show all 14<\/a><span class="muted"> — the first 10 are listed/);

    const junk = await client.get(`${base}/review?all=everything`);
    expect(junk.status).toBe(200);
  });

  it("keeps a recorded review's whole agenda and shows it cut short the same way", async () => {
    const recorded = await client.post(`${base}/review`, { heldOn: todayDateOnly(), attendees: "Olivia", notes: "", decisions: "" });
    expect(recorded.status).toBe(302);
    const review = await db.review.findFirstOrThrow({ where: { teamId: loop.team.id }, select: { agenda: true } });
    expect((review.agenda as { overdue: unknown[] }).overdue).toHaveLength(14);
    const page = await html(await client.get(recorded.headers.get("location")!));
    expect(page).toContain("Show all 14");
  });
});

describe("assumptions map", () => {
  it("draws sparse cells as dots and a crowded cell as its count, linked to exactly those hypotheses", async () => {
    const page = await html(await client.get(`${base}/hypotheses/map`));
    // H-1 (importance 5, evidence from E-1's start: none yet) is a dot of its own.
    expect(page).toContain(`href="${base}/hypotheses/H-1"`);
    // The 20 importance-4 hypotheses without evidence are one cell: a count, not 20 dots.
    expect(page).not.toContain(`href="${base}/hypotheses/H-2"`);
    expect(page).toContain(`${EXTRA_HYPOTHESES} hypotheses of importance 4, no evidence yet — ${EXTRA_HYPOTHESES} untested`);
    const cellLink = `${base}/hypotheses?importance=4&amp;strength=0`;
    expect(page).toContain(`href="${cellLink}"`);

    const list = await html(await client.get(cellLink.replace("&amp;", "&")));
    const keys = [...list.matchAll(/>(H-\d+)<\/a>/g)].map((match) => match[1]);
    expect(new Set(keys)).toEqual(new Set(Array.from({ length: EXTRA_HYPOTHESES }, (_, i) => `H-${i + 2}`)));
  });
});

describe("gate criteria", () => {
  it("name their hypothesis by key, and refuse a key the team does not have", async () => {
    const gate = `${base}/gate/${loop.product.id}`;
    const added = await client.post(gate, { intent: "add-criterion", kind: "HYPOTHESIS_VALIDATED", hypothesisId: "h-3" });
    expect(added.status).toBe(302);
    const hypothesis = await db.hypothesis.findFirstOrThrow({ where: { teamId: loop.team.id, number: 3 }, select: { id: true } });
    expect(await db.gateCriterion.findMany({ where: { productId: loop.product.id }, select: { kind: true, hypothesisId: true } })).toEqual([
      { kind: "HYPOTHESIS_VALIDATED", hypothesisId: hypothesis.id },
    ]);
    expect(await html(await client.get(gate))).toContain("H-3 is validated");

    const unknown = await client.post(gate, { intent: "add-criterion", kind: "HYPOTHESIS_VALIDATED", hypothesisId: "H-999" });
    expect(unknown.status).toBe(400);
    expect(await html(unknown)).toContain("No hypothesis H-999 in this team");
    expect(await db.gateCriterion.count({ where: { productId: loop.product.id } })).toBe(1);
  });
});

describe("dashboard", () => {
  it("lists the 10 running experiments ending soonest, counts them all and links to the rest", async () => {
    const page = await html(await client.get(base));
    expect(page).toContain(`Running experiments (${OVERDUE + 1})`);
    expect(page).toContain(`href="${base}/experiments?status=RUNNING">All ${OVERDUE + 1}</a>`);
    const section = page.slice(page.indexOf("Running experiments ("), page.indexOf("Scale gates") > 0 ? page.indexOf("Scale gates") : page.indexOf("Riskiest untested"));
    expect(count(section, /href="[^"]*\/experiments\/E-\d+"/g)).toBe(10);
  });

  it("evaluates each gate from weekly values exactly as the gate page does from daily ones", async () => {
    const signal = await createSignal(loop.actor, { productId: loop.product.id, name: "Weekly invoices", unit: "invoices", direction: "UP", description: "" });
    // 10 weeks of daily values that wander around the threshold, the last 3 weeks above it.
    const today = todayDateOnly();
    const points = Array.from({ length: 70 }, (_, i) => ({ date: addDays(today, -69 + i), value: i >= 49 ? 120 + (i % 5) : 80 + ((i * 37) % 50) }));
    await recordSignalPoints(loop.actor, { signalId: signal.id, points });
    await addCriterion(loop.actor, loop.product.id, { kind: "SIGNAL_SUSTAINED", signalId: signal.id, comparator: "GTE", threshold: 118, weeks: 2 });

    const page = await productGate(loop.team.id, loop.product.id);
    const dashboard = (await gateStatuses(loop.team.id)).find((gate) => gate.product.id === loop.product.id)!;
    const signalResults = (results: { kind: string }[]) => results.filter((result) => result.kind === "SIGNAL_SUSTAINED");
    expect(signalResults(dashboard.evaluation.results)).toEqual(signalResults(page!.evaluation.results));
    expect(signalResults(page!.evaluation.results)[0]).toMatchObject({ met: true });
  });
});
