/**
 * The gate's evidence can be trusted: "sustained for N weeks" counts only ended weeks covered by
 * readings, and a day's value is never replaced silently — on the gate page, in the CSV import
 * and (see api.test.ts) through the API. Over real HTTP, on real PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addCriterion, productGate } from "~/modules/gate/gate.server";
import { isoWeekStart } from "~/modules/gate/evaluate";
import { addDays, todayDateOnly } from "~/modules/experiments/timebox";
import { createSignal, recordSignalPoints } from "~/modules/signals/signals.server";
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

const today = todayDateOnly();
const lastWeek = addDays(isoWeekStart(today), -7); // a Monday: the most recent ended week starts here

async function world() {
  const loop = await runningRateExperiment();
  const signal = await createSignal(loop.actor, { productId: loop.product.id, name: "Paying customers", unit: "customers", direction: "UP", description: "" });
  await addCriterion(loop.actor, loop.product.id, { kind: "SIGNAL_SUSTAINED", signalId: signal.id, comparator: "GTE", threshold: 20, weeks: 1 });
  const gate = `/t/${loop.team.slug}/gate/${loop.product.id}`;
  const owner = await signedIn(server.url, loop.owner.email);
  const criterion = async () => (await productGate(loop.team.id, loop.product.id))!.evaluation.results[0];
  const replacements = () => db.activityEvent.findMany({ where: { entityId: signal.id, action: "signal.point_replaced" }, select: { summary: true } });
  return { ...loop, signal, gate, owner, criterion, replacements };
}

describe("sustained for a week", () => {
  it("is not met by a value entered today; it is once a whole ended week has readings that all meet it", async () => {
    const w = await world();
    expect((await w.owner.post(w.gate, { intent: "record-point", signalId: w.signal.id, date: today, value: "45" })).status).toBe(302);
    const now = await w.criterion();
    expect(now).toMatchObject({ met: false, weeksSustained: 0, current: 45 });
    expect(now.summary).toContain("a week counts only with readings in it");
    expect(now.summary).toContain("This week counts once it ends on");
    expect((await productGate(w.team.id, w.product.id))!.evaluation.status).toBe("HOLD");
    // The page states the rule it applies.
    expect(await (await w.owner.get(w.gate)).text()).toContain("It counts once it has ended, when it has at least one reading and every reading in it meets the threshold");

    // Last week: a dip on Monday, recovered by Friday — the week was not sustained.
    await recordSignalPoints(w.actor, {
      signalId: w.signal.id,
      points: [
        { date: lastWeek, value: 12 },
        { date: addDays(lastWeek, 4), value: 30 },
      ],
    });
    expect(await w.criterion()).toMatchObject({ met: false, weeksSustained: 0, current: 45 });
    expect((await w.criterion()).summary).toMatch(/^Paying customers was 12 customers on .*, under the threshold/);

    // Corrected explicitly, the whole week holds, and the gate reads it (from the weekly query).
    await recordSignalPoints(w.actor, { signalId: w.signal.id, points: [{ date: lastWeek, value: 22 }], replace: true });
    expect(await w.criterion()).toMatchObject({ met: true, weeksSustained: 1 });
    expect((await productGate(w.team.id, w.product.id))!.evaluation.status).toBe("READY");
  });
});

describe("a day's value", () => {
  it("is replaced on the gate page only when the person ticks Replace, and the replacement is logged", async () => {
    const w = await world();
    const record = (value: string, extra: Record<string, string> = {}) => w.owner.post(w.gate, { intent: "record-point", signalId: w.signal.id, date: lastWeek, value, ...extra });
    expect((await record("24")).status).toBe(302);

    const refused = await record("26");
    expect(refused.status).toBe(409);
    const page = await refused.text();
    expect(page).toContain(`Paying customers already has 24 customers for ${lastWeek}`);
    expect(page).toContain("Replace the recorded value");
    expect((await db.signalPoint.findFirstOrThrow({ where: { signalId: w.signal.id } })).value).toBe(24);
    expect(await w.replacements()).toEqual([]);

    // The same value again is a harmless double submit: nothing changes, nothing is logged.
    expect((await record("24")).status).toBe(302);
    expect(await w.replacements()).toEqual([]);

    expect((await record("26", { replace: "yes" })).status).toBe(302);
    expect((await db.signalPoint.findFirstOrThrow({ where: { signalId: w.signal.id } })).value).toBe(26);
    expect(await w.replacements()).toEqual([{ summary: `replaced Paying customers for ${lastWeek}: 24 customers → 26 customers` }]);
    expect(await (await w.owner.get(`/t/${w.team.slug}/activity`)).text()).toContain(`replaced Paying customers for ${lastWeek}: 24 customers → 26 customers`);
  });

  it("is replaced by a CSV import only when the import says so; the preview shows what it would replace", async () => {
    const w = await world();
    await recordSignalPoints(w.actor, { signalId: w.signal.id, points: [{ date: lastWeek, value: 24 }] });
    const url = `${w.gate}/import`;
    const csv = `date,value\n${addDays(lastWeek, -7)},21\n${lastWeek},25\n`;
    const upload = (extra: Record<string, string> = {}) => {
      const form = new FormData();
      form.set("signalId", w.signal.id);
      form.set("file", new Blob([csv], { type: "text/csv" }), "values.csv");
      for (const [key, value] of Object.entries(extra)) form.set(key, value);
      return fetch(server.url + url, { method: "POST", body: form, redirect: "manual", headers: { origin: server.url, cookie: w.owner.cookieHeader } });
    };
    const preview = await upload();
    expect(preview.status).toBe(200);
    const shown = (await preview.text()).replaceAll("<!-- -->", "");
    expect(shown).toContain("24 → replaced");
    expect(shown).toContain("Replace the 1 value already recorded for that day");

    const unticked = await upload({ intent: "confirm" });
    expect(unticked.status).toBe(409);
    expect(await unticked.text()).toContain("Replace it explicitly to change it");
    expect(await db.signalPoint.count({ where: { signalId: w.signal.id } })).toBe(1);

    expect((await upload({ intent: "confirm", replace: "yes" })).status).toBe(302);
    expect(await db.signalPoint.findMany({ where: { signalId: w.signal.id }, orderBy: { date: "asc" }, select: { value: true } })).toEqual([{ value: 21 }, { value: 25 }]);
    expect(await w.replacements()).toHaveLength(1);
    // Importing the same file again changes nothing.
    expect((await upload({ intent: "confirm" })).status).toBe(302);
    expect(await w.replacements()).toHaveLength(1);
  });
});
