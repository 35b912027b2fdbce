/** An experiment whose criterion changed after it started says, on its card, what it was locked at, what it became, when, by whom and why. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateExperiment } from "~/modules/experiments/experiments.server";
import { todayDateOnly } from "~/modules/experiments/timebox";
import { formatDate } from "~/utils/dates";
import { db } from "~/utils/db.server";
import { startTestServer, type TestServer } from "../support/http";
import { runningRateExperiment } from "../support/loop-factories";
import { signedIn } from "../support/loop-http-helpers";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const text = (html: string) => html.replace(/<!-- -->/g, "").replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, " ");

describe("the criterion on the experiment card", () => {
  it("says 'locked at start' until it changes, then its whole history", async () => {
    const w = await runningRateExperiment();
    const client = await signedIn(server.url, w.owner.email);
    const page = () => client.get(`/t/${w.team.slug}/experiments/E-1`).then(async (response) => text(await response.text()));
    expect(await page()).toContain("Click-through ≥ 10.0 % · locked at start");

    const current = await db.experiment.findUniqueOrThrow({ where: { id: w.experiment.id } });
    const fields = { id: current.id, title: current.title, plan: current.plan, method: current.method, metricName: current.metricName, metricUnit: current.metricUnit, metricKind: current.metricKind, comparator: current.comparator, startsOn: w.startsOn, endsOn: current.endsOn.toISOString().slice(0, 10) };
    await updateExperiment(w.actor, { ...fields, target: 0.15, version: current.version, reason: "The benchmark was for consumer apps." });
    await updateExperiment(w.actor, { ...fields, target: 0.12, version: current.version + 1, reason: "Split the difference with sales." });

    const changed = await page();
    expect(changed).not.toContain("locked at start ");
    expect(changed).toContain("Click-through ≥ 12.0 % · changed after start");
    expect(changed).toContain("Locked at start: Click-through ≥ 10.0 %.");
    expect(changed).toContain(`Changed on ${formatDate(todayDateOnly())} by Olivia Owner to Click-through ≥ 15.0 %: “The benchmark was for consumer apps.”`);
    expect(changed).toContain(`Changed on ${formatDate(todayDateOnly())} by Olivia Owner to Click-through ≥ 12.0 %: “Split the difference with sales.”`);
  });
});
