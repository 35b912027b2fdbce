/**
 * Date-only fields: one rule for forms, API, CSV and team import. A date PostgreSQL would refuse
 * (year 0000) or one outside the years Evident records (before 1900, after 9999) is a field
 * error or a JSON 400 everywhere, never a 500, and nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "~/modules/api/tokens.server";
import { addDays, todayDateOnly } from "~/modules/experiments/timebox";
import type { TeamExport } from "~/modules/export/document";
import { exportTeam } from "~/modules/export/export.server";
import { importTeam } from "~/modules/export/import.server";
import { addCriterion } from "~/modules/gate/gate.server";
import { createSignal, recordSignalPoints } from "~/modules/signals/signals.server";
import { db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { startTestServer, type TestServer } from "../support/http";
import { runningRateExperiment } from "../support/loop-factories";
import { csvUpload, postMultipart, signedIn, teamSnapshot, versionOnPage } from "../support/loop-http-helpers";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const today = todayDateOnly();
/** Year 0000 does not exist in PostgreSQL; the others are outside the years Evident records. */
const IMPOSSIBLE = ["0000-01-01", "0000-02-29", "0099-03-01", "1899-12-31", "10000-01-01", "+010000-01-01"];

async function apiWorld() {
  const loop = await runningRateExperiment();
  const { token } = await createApiToken(loop.actor, { name: "dates", role: "MEMBER" });
  const call = async (method: string, path: string, body: unknown) => {
    const response = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { error?: { code: string; fields?: Record<string, string> } } };
  };
  const signal = await createSignal(loop.actor, { productId: loop.product.id, name: "Paying customers", unit: "", direction: "UP", description: "" });
  return { ...loop, call, signal };
}

describe("the API", () => {
  it("answers 400 naming the field for an impossible date when creating an experiment, and writes nothing", async () => {
    const w = await apiWorld();
    const before = await teamSnapshot(w.team.id);
    for (const startsOn of IMPOSSIBLE) {
      const created = await w.call("POST", "/experiments", {
        hypothesisId: w.hypothesis.id, title: "Year zero", method: "survey", metric: { name: "Replies", kind: "count" }, criterion: { comparator: "gte", target: 5 }, startsOn,
      });
      expect(created.status, startsOn).toBe(400);
      expect(created.body.error?.fields?.startsOn, startsOn).toBeDefined();
    }
    // A start near the end of year 9999 would put the default end date in year 10000.
    const overflow = await w.call("POST", "/experiments", {
      hypothesisId: w.hypothesis.id, title: "Far future", method: "survey", metric: { name: "Replies", kind: "count" }, criterion: { comparator: "gte", target: 5 }, startsOn: "9999-12-30",
    });
    expect(overflow.status).toBe(400);
    expect(overflow.body.error?.fields?.endsOn ?? overflow.body.error?.fields?.startsOn).toBeDefined();
    expect(await teamSnapshot(w.team.id)).toEqual(before);
  });

  it("stores the first and the last day of the years it accepts", async () => {
    const w = await apiWorld();
    const create = (startsOn: string, endsOn: string) =>
      w.call("POST", "/experiments", { hypothesisId: w.hypothesis.id, title: "Edge", method: "survey", metric: { name: "Replies", kind: "count" }, criterion: { comparator: "gte", target: 5 }, startsOn, endsOn });
    const first = await create("1900-01-01", "1900-01-14");
    const last = await create("9999-12-18", "9999-12-31");
    expect([first.status, last.status]).toEqual([201, 201]);
    expect(first.body).toMatchObject({ startsOn: "1900-01-01", endsOn: "1900-01-14" });
    expect(last.body).toMatchObject({ startsOn: "9999-12-18", endsOn: "9999-12-31" });
    const point = await w.call("POST", `/signals/${w.signal.id}/points`, { date: "1900-01-01", value: 1 });
    expect(point.status).toBe(201);

    // Running, and read everywhere: nothing computed from those dates leaves the range.
    const experiments = [first.body, last.body] as unknown as { id: string; key: string }[];
    for (const experiment of experiments) expect((await w.call("POST", `/experiments/${experiment.id}/start`, {})).status).toBe(200);
    const client = await signedIn(server.url, w.owner.email);
    const base = `/t/${w.team.slug}`;
    const pages = [base, `${base}/experiments`, `${base}/review`, `${base}/gate/${w.product.id}`, `${base}/hypotheses/H-1`, ...experiments.map((e) => `${base}/experiments/${e.key}`)];
    for (const page of pages) expect((await client.get(page)).status, page).toBe(200);
    for (const experiment of experiments) expect((await w.call("GET", `/experiments/${experiment.id}`, undefined)).status).toBe(200);
  });

  it("answers 400 for an impossible date in a change of the timebox", async () => {
    const w = await apiWorld();
    const patched = await w.call("PATCH", `/experiments/${w.experiment.id}`, { endsOn: "0000-12-31" });
    expect(patched.status).toBe(400);
    expect(patched.body.error?.fields?.endsOn).toBeDefined();
  });

  it("answers 400 for a signal point on an impossible date, single or in a bulk, and stores none", async () => {
    const w = await apiWorld();
    for (const date of IMPOSSIBLE) {
      const single = await w.call("POST", `/signals/${w.signal.id}/points`, { date, value: 3 });
      expect(single.status, date).toBe(400);
      expect(single.body.error?.fields?.date, date).toBeDefined();
    }
    const bulk = await w.call("POST", `/signals/${w.signal.id}/points`, { points: [{ date: today, value: 1 }, { date: "0000-06-15", value: 2 }] });
    expect(bulk.status).toBe(400);
    expect(bulk.body.error?.fields?.["points.1.date"]).toBeDefined();
    expect(await db.signalPoint.count({ where: { signalId: w.signal.id } })).toBe(0);
  });

  it("answers 400 for evidence on an impossible date", async () => {
    const w = await apiWorld();
    const added = await w.call("POST", `/experiments/${w.experiment.id}/observations`, { observedOn: "0000-01-01", successes: 1, trials: 2 });
    expect(added.status).toBe(400);
    expect(added.body.error?.fields?.observedOn).toBeDefined();
  });
});

describe("forms", () => {
  it("the experiment's edit form shows a field error for year 0000, never a 500", async () => {
    const loop = await runningRateExperiment();
    const client = await signedIn(server.url, loop.owner.email);
    const path = `/t/${loop.team.slug}/experiments/E-1/edit`;
    const page = await client.get(path);
    const version = versionOnPage(await page.text());
    const base = {
      hypothesisId: loop.hypothesis.id, title: "Fake door", method: "FAKE_DOOR", plan: "show the button to every new account", metricName: "Click-through",
      metricUnit: "", metricKind: "RATE", comparator: "GTE", target: "10", version,
    };
    const cases: [string, string, RegExp][] = [
      ["0000-01-01", "0000-01-14", /start date with a year between 1900 and 9999/],
      ["1899-12-20", "1899-12-31", /start date with a year between 1900 and 9999/],
      ["9999-12-20", "10000-01-02", /end date as a real date/],
      ["9999-12-30", "", /end date with a year between 1900 and 9999/],
    ];
    for (const [startsOn, endsOn, message] of cases) {
      const response = await client.post(path, { ...base, startsOn, endsOn });
      expect(response.status, startsOn).toBe(400);
      expect(await response.text(), startsOn).toMatch(message);
    }
    expect(await db.experiment.findUniqueOrThrow({ where: { id: loop.experiment.id }, select: { version: true } })).toEqual({ version: Number(version) });
  });

  it("the investor update, review and signal forms refuse year 0000 with a field error", async () => {
    const loop = await runningRateExperiment();
    const signal = await createSignal(loop.actor, { productId: loop.product.id, name: "MRR", unit: "$", direction: "UP", description: "" });
    const client = await signedIn(server.url, loop.owner.email);
    const base = `/t/${loop.team.slug}`;
    const posts: [string, Record<string, string>][] = [
      [`${base}/updates?index`, { title: "Year zero", periodStart: "0000-01-01", periodEnd: today }],
      [`${base}/review?index`, { heldOn: "0000-01-03", attendees: "Olivia", notes: "", decisions: "" }],
      [`${base}/gate/${loop.product.id}`, { intent: "record-point", signalId: signal.id, date: "0000-03-01", value: "5" }],
    ];
    for (const [url, form] of posts) {
      const response = await client.post(url, form);
      expect(response.status, url).toBe(400);
      expect(await response.text(), url).toMatch(/between 1900 and 9999/);
    }
    expect(await db.investorUpdate.count({ where: { teamId: loop.team.id } })).toBe(0);
    expect(await db.review.count({ where: { teamId: loop.team.id } })).toBe(0);
    expect(await db.signalPoint.count({ where: { teamId: loop.team.id } })).toBe(0);
  });
});

describe("the edges of the range", () => {
  it("an investor update for a period on the first or the last days Evident records is composed and shown, never a 500", async () => {
    const loop = await runningRateExperiment();
    const mrr = await createSignal(loop.actor, { productId: loop.product.id, name: "MRR", unit: "$", direction: "UP", description: "" });
    await addCriterion(loop.actor, loop.product.id, { kind: "SIGNAL_SUSTAINED", signalId: mrr.id, comparator: "GTE", threshold: 10, weeks: 4 });
    await recordSignalPoints(loop.actor, { signalId: mrr.id, points: [{ date: "1900-01-01", value: 12 }, { date: today, value: 14 }] });
    const client = await signedIn(server.url, loop.owner.email);
    const base = `/t/${loop.team.slug}`;
    for (const [periodStart, periodEnd] of [["9999-12-01", "9999-12-31"], ["1900-01-01", "1900-01-31"]]) {
      const composed = await client.post(`${base}/updates?index`, { title: `Edge ${periodStart}`, periodStart, periodEnd });
      expect(composed.status, periodEnd).toBe(302);
      expect((await client.get(composed.headers.get("location")!)).status, periodEnd).toBe(200);
    }
    // A review cannot be recorded ahead of the day it is held: the far end is a field error, not a 500.
    expect((await client.post(`${base}/review?index`, { heldOn: "1900-01-01", attendees: "Olivia", notes: "", decisions: "" })).status).toBe(302);
    expect((await client.post(`${base}/review?index`, { heldOn: "9999-12-31", attendees: "Olivia", notes: "", decisions: "" })).status).toBe(400);
  });
});

describe("CSV", () => {
  it("a signal CSV with a year-0000 row is refused in the preview, naming the line", async () => {
    const loop = await runningRateExperiment();
    const signal = await createSignal(loop.actor, { productId: loop.product.id, name: "MRR", unit: "$", direction: "UP", description: "" });
    const client = await signedIn(server.url, loop.owner.email);
    const form = csvUpload(`date,value\n${today},3\n0000-01-01,4\n`, "mrr.csv");
    form.append("signalId", signal.id);
    const response = await postMultipart(client, `/t/${loop.team.slug}/gate/${loop.product.id}/import`, form);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/Line 3/);
    expect(await db.signalPoint.count({ where: { teamId: loop.team.id } })).toBe(0);
  });
});

describe("team import", () => {
  it("names the first impossible date in the file and creates nothing", async () => {
    const loop = await runningRateExperiment();
    const document = JSON.parse(JSON.stringify(await exportTeam(loop.team.id))) as TeamExport;
    document.experiments[0].startsOn = "1899-12-31";
    const teams = await db.team.count();
    const error = await importTeam(document, { ownerUserId: loop.owner.id }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toMatch(/experiments\[0\]\.startsOn: .*between 1900 and 9999/);
    expect(await db.team.count()).toBe(teams);
  });
});
