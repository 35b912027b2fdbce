/** Team boundaries and roles on the gate, review and update pages, over real HTTP. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSignal } from "~/modules/signals/signals.server";
import { addDays, todayDateOnly } from "~/modules/experiments/timebox";
import { recordReview } from "~/modules/review/review.server";
import { composeUpdate, createShareLink, publishUpdate, saveNarrative } from "~/modules/updates/updates.server";
import { db } from "~/utils/db.server";
import { createTeamWith } from "../support/factories";
import { startTestServer, type TestServer } from "../support/http";
import { runningRateExperiment } from "../support/loop-factories";
import { signedIn, teamSnapshot } from "../support/loop-http-helpers";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function world() {
  const loop = await runningRateExperiment(["VIEWER"]);
  const review = await recordReview(loop.actor, { heldOn: todayDateOnly(), attendees: "Olivia", notes: "", decisions: "" });
  const update = await composeUpdate(loop.actor, { title: "Update", periodStart: addDays(todayDateOnly(), -30), periodEnd: todayDateOnly() });
  await publishUpdate(loop.actor, update.id, { version: 1 });
  const base = `/t/${loop.team.slug}`;
  const urls = [
    `${base}/gate`,
    `${base}/gate/${loop.product.id}`,
    `${base}/review`,
    `${base}/review/${review.id}`,
    `${base}/updates`,
    `${base}/updates/${update.id}`,
    `${base}/updates/${update.id}/markdown`,
    `${base}/updates/${update.id}/print`,
  ];
  return { ...loop, review, update, base, urls };
}

describe("gate, review and updates across teams", () => {
  it("a member of another team gets 404 on every page and every post, and nothing changes", async () => {
    const w = await world();
    const other = await createTeamWith();
    const stranger = await signedIn(server.url, other.owner.email);
    const before = await teamSnapshot(w.team.id);
    const signalsBefore = await db.signal.count({ where: { teamId: w.team.id } });
    for (const url of w.urls) {
      expect((await stranger.get(url)).status, url).toBe(404);
    }
    const posts: [string, Record<string, string>][] = [
      [`${w.base}/gate/${w.product.id}`, { intent: "add-signal", name: "Hijack", unit: "", direction: "UP" }],
      [`${w.base}/review?index`, { heldOn: todayDateOnly(), attendees: "Mallory" }],
      [`${w.base}/updates?index`, { title: "Hijack", periodStart: todayDateOnly(), periodEnd: todayDateOnly() }],
      [`${w.base}/updates/${w.update.id}`, { intent: "share", days: "30" }],
    ];
    for (const [url, form] of posts) {
      expect((await stranger.post(url, form)).status, url).toBe(404);
    }
    expect(await teamSnapshot(w.team.id)).toEqual(before);
    expect(await db.signal.count({ where: { teamId: w.team.id } })).toBe(signalsBefore);
    expect(await db.shareLink.count({ where: { teamId: w.team.id } })).toBe(0);
  });

  it("a viewer reads every page but cannot change anything", async () => {
    const w = await world();
    const viewer = await signedIn(server.url, w.members[0].email);
    for (const url of w.urls) {
      const response = await viewer.get(url);
      // With a single product, /gate goes straight to that product's gate.
      if (url.endsWith("/gate")) expect(response.headers.get("location")).toBe(`${w.base}/gate/${w.product.id}`);
      else expect(response.status, url).toBe(200);
    }
    expect((await viewer.post(`${w.base}/gate/${w.product.id}`, { intent: "add-signal", name: "Nope", unit: "", direction: "UP" })).status).toBe(403);
    expect((await viewer.post(`${w.base}/updates/${w.update.id}`, { intent: "share", days: "30" })).status).toBe(403);
    expect((await viewer.post(`${w.base}/review?index`, { heldOn: todayDateOnly(), attendees: "Viewer" })).status).toBe(403);
    expect(await db.signal.count({ where: { teamId: w.team.id } })).toBe(0);
    expect(await db.shareLink.count({ where: { teamId: w.team.id } })).toBe(0);
  });

  it("refuses bad gate input with field errors, never a 500", async () => {
    const w = await world();
    const owner = await signedIn(server.url, w.owner.email);
    const signal = await createSignal(w.actor, { productId: w.product.id, name: "Customers", unit: "", direction: "UP", description: "" });
    const url = `${w.base}/gate/${w.product.id}`;
    expect((await owner.post(url, { intent: "record-point", signalId: signal.id, date: "2026-02-30", value: "3" })).status).toBe(400);
    expect((await owner.post(url, { intent: "record-point", signalId: signal.id, date: addDays(todayDateOnly(), 3), value: "3" })).status).toBe(400);
    expect((await owner.post(url, { intent: "record-point", signalId: signal.id, date: todayDateOnly(), value: "lots" })).status).toBe(400);
    expect((await owner.post(url, { intent: "add-criterion", kind: "SIGNAL_SUSTAINED", signalId: signal.id, comparator: "GTE", threshold: "x", weeks: "4" })).status).toBe(400);
    expect((await owner.post(url, { intent: "add-criterion", kind: "MAGIC" })).status).toBe(400);
    expect((await owner.post(url, { intent: "decide", action: "OPEN", rationale: "short" })).status).toBe(400);
    const notReady = await owner.post(url, { intent: "decide", action: "OPEN", rationale: "We would like to scale now, please." });
    expect(notReady.status).toBe(400);
    expect(await notReady.text()).toContain("only when the evidence demands it");
    expect(await db.signalPoint.count({ where: { signalId: signal.id } })).toBe(0);
    expect((await db.product.findUniqueOrThrow({ where: { id: w.product.id } })).stage).toBe("MVP");
  });

  it("serves the markdown export as a download", async () => {
    const w = await world();
    const owner = await signedIn(server.url, w.owner.email);
    const response = await owner.get(`${w.base}/updates/${w.update.id}/markdown`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/markdown");
    expect(response.headers.get("content-disposition")).toContain("attachment");
    expect(await response.text()).toMatch(/^# Update\n/);
  });

  it("the markdown export carries no raw HTML and no javascript: links, whatever the narrative holds", async () => {
    const loop = await runningRateExperiment();
    const update = await composeUpdate(loop.actor, { title: "March <img src=x onerror=alert(1)>", periodStart: addDays(todayDateOnly(), -30), periodEnd: todayDateOnly() });
    await saveNarrative(loop.actor, update.id, {
      title: "March <img src=x onerror=alert(1)>",
      highlights: "<script>alert(document.cookie)</script> We grew.",
      lowlights: "[Our deck](javascript:alert(1)) and [the numbers](https://evident.example/numbers)",
      asks: "[intro]: javascript:alert(2)\n<iframe src=javascript:alert(3)></iframe>",
      version: 1,
    });
    const owner = await signedIn(server.url, loop.owner.email);
    const response = await owner.get(`/t/${loop.team.slug}/updates/${update.id}/markdown`);
    expect(response.status).toBe(200);
    const markdown = await response.text();
    expect(markdown).not.toMatch(/<[a-z!/?]/i);
    expect(markdown).not.toMatch(/\]\(\s*javascript:|\]:\s*javascript:/i);
    expect(markdown).toContain("&lt;script>alert(document.cookie)&lt;/script> We grew.");
    expect(markdown).toContain("[the numbers](https://evident.example/numbers)");
  });
});

describe("signal CSV import", () => {
  it("previews, imports all-or-nothing, and re-importing changes nothing", async () => {
    const w = await world();
    const owner = await signedIn(server.url, w.owner.email);
    const signal = await createSignal(w.actor, { productId: w.product.id, name: "Customers", unit: "", direction: "UP", description: "" });
    const url = `/t/${w.team.slug}/gate/${w.product.id}/import`;
    const today = todayDateOnly();
    const good = `date,value\n${addDays(today, -7)},10\n${today},12\n`;
    const upload = (text: string, extra: Record<string, string> = {}) => {
      const form = new FormData();
      form.set("signalId", signal.id);
      form.set("file", new Blob([text], { type: "text/csv" }), "values.csv");
      for (const [key, value] of Object.entries(extra)) form.set(key, value);
      return fetch(server.url + url, { method: "POST", body: form, redirect: "manual", headers: { origin: server.url, cookie: owner.cookieHeader } });
    };
    const bad = await upload(`date,value\n${today},lots\n${addDays(today, -1)},3\n`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("is not a number");
    expect(await db.signalPoint.count({ where: { signalId: signal.id } })).toBe(0);

    const preview = await upload(good);
    expect(preview.status).toBe(200);
    expect(await db.signalPoint.count({ where: { signalId: signal.id } })).toBe(0);
    for (let i = 0; i < 2; i++) {
      const confirm = await upload(good, { intent: "confirm" });
      expect(confirm.status).toBe(302);
      expect(await db.signalPoint.count({ where: { signalId: signal.id } })).toBe(2);
    }
  });
});

describe("an update's narrative in Markdown", () => {
  it("reads as lists and links on the page, in print and behind a share link, and never as HTML or script", async () => {
    const loop = await runningRateExperiment();
    const update = await composeUpdate(loop.actor, { title: "May", periodStart: addDays(todayDateOnly(), -30), periodEnd: todayDateOnly() });
    await saveNarrative(loop.actor, update.id, {
      title: "May",
      highlights: "- **14** paying customers\n- [Our deck](https://evident.example/deck)",
      lowlights: "<script>alert(1)</script> <img src=x onerror=alert(2)>",
      asks: "[Call us](javascript:alert(3)) or [write](mailto:ir@evident.example)",
      version: 1,
    });
    await publishUpdate(loop.actor, update.id, { version: 2 });
    const share = await createShareLink(loop.actor, update.id, { days: 7 });
    const client = await signedIn(server.url, loop.owner.email);
    const base = `/t/${loop.team.slug}/updates/${update.id}`;
    for (const page of [base, `${base}/print`, `/share/${share.token}`]) {
      const html = await (await (page.startsWith("/share/") ? fetch(server.url + page) : client.get(page))).text();
      expect(html, page).toContain("<li><strong>14</strong> paying customers</li>");
      expect(html, page).toContain('<a href="https://evident.example/deck" rel="noopener noreferrer nofollow" target="_blank">Our deck</a>');
      expect(html, page).toContain('<a href="mailto:ir@evident.example"');
      expect(html, page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
      expect(html, page).not.toContain("<script>alert(1)");
      expect(html, page).not.toMatch(/<img[^>]*onerror/);
      expect(html, page).not.toContain('href="javascript:');
    }
  });
});
