/** Search over real HTTP: ranking, typos and keys, hostile input, the trash and other teams. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "~/modules/api/tokens.server";
import { addComment } from "~/modules/comments/comments.server";
import { addDays, todayDateOnly } from "~/modules/experiments/timebox";
import { MATCH_END, MATCH_START } from "~/modules/search/types";
import { actorFor, createTeamWith } from "../support/factories";
import { startTestServer, type TestServer } from "../support/http";
import { signedIn } from "../support/loop-http-helpers";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const today = todayDateOnly();

async function team() {
  const setup = await createTeamWith();
  const owner = actorFor(setup.owner, setup.team, "OWNER");
  const { token } = await createApiToken(owner, { name: "search", role: "MEMBER" });
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  const product = (await call("POST", "/products", { name: "Invoicing" })).body;
  const hypothesis = async (statement: string) => (await call("POST", "/hypotheses", { productId: product.id, statement, category: "desirability", importance: 3 })).body;
  const experiment = async (hypothesisId: string, title: string, plan = "") =>
    (await call("POST", "/experiments", { hypothesisId, title, plan, method: "survey", metric: { name: "Replies", kind: "rate" }, criterion: { comparator: "gte", target: 0.2 }, startsOn: addDays(today, -1) })).body;
  const search = async (q: string, extra = "") => (await call("GET", `/search?q=${encodeURIComponent(q)}${extra}`)).body;
  return { ...setup, ownerUser: setup.owner, owner, call, product, hypothesis, experiment, search };
}

describe("search", () => {
  it("ranks a title match above a match in the body, and marks the matched words", async () => {
    const t = await team();
    const inBody = await t.hypothesis("Freelancers want invoices paid in days, not weeks.");
    await t.experiment(inBody.id, "Reminder emails", "Ask freelancers during onboarding whether reminders would help.");
    await t.hypothesis("Onboarding is where new accounts give up.");
    const { data } = await t.search("onboarding");
    expect(data.map((hit: { type: string; title: string }) => [hit.type, hit.title])).toEqual([
      ["hypothesis", "Onboarding is where new accounts give up."],
      ["experiment", "Reminder emails"],
    ]);
    expect(data[1]).toMatchObject({ key: "E-1", snippet: expect.stringContaining("onboarding"), url: expect.stringMatching(/\/t\/[^/]+\/experiments\/E-1$/) });
    // The API's snippets are plain text; the page marks the words.
    expect(data[1].snippet).not.toContain(MATCH_START);
  });

  it("finds titles with a typo or cut short, and keys with or without the dash", async () => {
    const t = await team();
    const h1 = await t.hypothesis("Bookkeepers will pay for automatic reminders.");
    await t.experiment(h1.id, "Onboarding checklist");
    for (let i = 0; i < 11; i++) await t.hypothesis(`Belief number ${i + 2} about pricing pages.`);
    expect((await t.search("onbord")).data[0]).toMatchObject({ type: "experiment", title: "Onboarding checklist" });
    expect((await t.search("checkl")).data[0]).toMatchObject({ title: "Onboarding checklist" });
    expect((await t.search("bookkeeper")).data[0]).toMatchObject({ key: "H-1" });
    const keyed = (await t.search("H-1")).data.map((hit: { key: string }) => hit.key);
    expect(keyed[0]).toBe("H-1");
    expect(keyed).toEqual(expect.arrayContaining(["H-10", "H-11", "H-12"]));
    expect((await t.search("e1")).data[0]).toMatchObject({ type: "experiment", key: "E-1" });
  });

  it("finds evidence quotes by their words and their source, comments and learnings", async () => {
    const t = await team();
    const h = await t.hypothesis("Agencies will pay for a shared gate view.");
    const e = await t.experiment(h.id, "Agency interviews");
    await t.call("POST", `/experiments/${e.id}/start`);
    await t.call("POST", `/experiments/${e.id}/observations`, { observedOn: today, note: "“We would pay twice for this.”", source: "Acme Studio" });
    await addComment(t.owner, { experimentId: e.id }, "The procurement team asked about invoicing exports.");
    await t.call("POST", `/experiments/${e.id}/conclude`, { observed: "Three agencies asked for it.", learned: "Procurement wants exports first.", nextSteps: "Build exports.", decision: "pivot" });
    expect((await t.search("pay twice")).data[0]).toMatchObject({ type: "evidence", key: "E-1", url: expect.stringContaining("#evidence") });
    expect((await t.search("acme")).data[0]).toMatchObject({ type: "evidence" });
    expect((await t.search("procurement", "&type=comment")).data).toEqual([expect.objectContaining({ type: "comment", key: "E-1" })]);
    expect((await t.search("procurement", "&type=learning")).data).toEqual([expect.objectContaining({ type: "learning", title: "Agency interviews" })]);
  });

  it("answers hostile input with results or none, never an error, on the API and the page", async () => {
    const t = await team();
    await t.hypothesis("Quotes and (parentheses) should never break search.");
    const client = await signedIn(server.url, t.ownerUser.email);
    const inputs = ['"', "'", "&|!:*()", "!!!", "a & | b", "(", "*:*", ":*", "<->", "\\", "'; DROP TABLE \"Hypothesis\"; --", "x".repeat(10_000), "on\u0000board", "%", "the", "🦄", "NOT", "-", "\"unclosed"];
    // Encoded, plus what no browser would send: half a surrogate pair, and bytes that are not UTF-8.
    const encoded = [...inputs.map(encodeURIComponent), "%ED%A0%80", "%FF%FE", "%00"];
    for (const q of encoded) {
      const api = await t.call("GET", `/search?q=${q}`);
      expect(api.status, q).toBe(200);
      expect(Array.isArray(api.body.data)).toBe(true);
      const page = await client.get(`/t/${t.team.slug}/search?q=${q}`);
      expect(page.status, q).toBe(200);
    }
    expect((await t.search("(parentheses)")).data).toHaveLength(1);
  });

  it("never finds trashed items or another team's", async () => {
    const t = await team();
    const other = await team();
    await other.hypothesis("Confidential roadmap for quarterly pricing.");
    const kept = await t.hypothesis("Pricing pages convert better with annual plans.");
    const trashed = await t.hypothesis("Pricing experiments belong in the trash.");
    const inTrashed = await t.experiment(trashed.id, "Pricing page test");
    await t.call("DELETE", `/hypotheses/${trashed.id}`);
    const hits = (await t.search("pricing")).data;
    expect(hits.map((hit: { title: string }) => hit.title)).toEqual(["Pricing pages convert better with annual plans."]);
    expect(JSON.stringify(hits)).not.toContain(inTrashed.id);
    expect(kept.key).toBe("H-1");
    expect((await other.search("pricing")).data.map((hit: { title: string }) => hit.title)).toEqual(["Confidential roadmap for quarterly pricing."]);
    expect((await t.search("confidential")).data).toEqual([]);
  });

  it("pages with a cursor and filters by type on the page", async () => {
    const t = await team();
    for (let i = 0; i < 5; i++) await t.hypothesis(`Churn reason number ${i + 1} is price.`);
    const first = await t.search("churn", "&limit=2");
    expect(first.data).toHaveLength(2);
    const second = await t.search("churn", `&limit=2&cursor=${first.nextCursor}`);
    const third = await t.search("churn", `&limit=2&cursor=${second.nextCursor}`);
    expect(third.nextCursor).toBeNull();
    expect(new Set([...first.data, ...second.data, ...third.data].map((hit: { key: string }) => hit.key)).size).toBe(5);
    expect((await t.call("GET", "/search?q=churn&type=nonsense")).body.error.fields).toHaveProperty("type");
    expect((await t.call("GET", "/search")).body).toEqual({ data: [], nextCursor: null });

    const client = await signedIn(server.url, t.ownerUser.email);
    const page = await client.get(`/t/${t.team.slug}/search?q=churn&type=hypothesis`);
    const html = (await page.text()).replaceAll("<!-- -->", "");
    expect(html).toContain("5 results for “churn”");
    expect(html).toContain("<mark");
  });
});
