/**
 * One rule, one home: the web forms and the public API refuse the same bad inputs with the same
 * message, because both only translate their wire format into the command's typed input. Every
 * case below is sent twice over real HTTP — as a form post with a session, and as JSON with a
 * bearer token — and both answers must name the same rule, with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "~/modules/api/tokens.server";
import { addDays, todayDateOnly } from "~/modules/experiments/timebox";
import { startTestServer, type Client, type TestServer } from "../support/http";
import { runningRateExperiment } from "../support/loop-factories";
import { experimentFormFields, signedIn, teamSnapshot } from "../support/loop-http-helpers";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const today = todayDateOnly();

type Loop = Awaited<ReturnType<typeof runningRateExperiment>>;

/** One bad input in both wire formats: form fields (text) and a JSON body, with where each names the field. */
type Case = {
  name: string;
  /** The command the input reaches. */
  command: "create experiment" | "add observation" | "conclude experiment";
  form: (loop: Loop) => Record<string, string>;
  api: (loop: Loop) => Record<string, unknown>;
  formField: string;
  apiField: string;
  rule: RegExp;
};

const CASES: Case[] = [
  {
    name: "a timebox of two years",
    command: "create experiment",
    form: () => ({ endsOn: addDays(today, 730) }),
    api: () => ({ endsOn: addDays(today, 730) }),
    formField: "endsOn",
    apiField: "endsOn",
    rule: /under a year/,
  },
  {
    name: "an end before the start",
    command: "create experiment",
    form: () => ({ endsOn: addDays(today, -1) }),
    api: () => ({ endsOn: addDays(today, -1) }),
    formField: "endsOn",
    apiField: "endsOn",
    rule: /on or after the start date/,
  },
  {
    name: "a rate target above 100 %",
    command: "create experiment",
    form: () => ({ target: "150" }),
    api: () => ({ criterion: { comparator: "gte", target: 1.5 } }),
    formField: "target",
    apiField: "criterion.target",
    rule: /between 0 % and 100 %/,
  },
  {
    name: "a negative count target",
    command: "create experiment",
    form: () => ({ metricKind: "COUNT", target: "-5" }),
    api: () => ({ metric: { name: "Sign-ups", kind: "count" }, criterion: { comparator: "gte", target: -5 } }),
    formField: "target",
    apiField: "criterion.target",
    rule: /count target cannot be negative/,
  },
  {
    name: "a start in the year 0000",
    command: "create experiment",
    form: () => ({ startsOn: "0000-01-01" }),
    api: () => ({ startsOn: "0000-01-01" }),
    formField: "startsOn",
    apiField: "startsOn",
    rule: /year between 1900 and 9999/,
  },
  {
    name: "a start on 30 February",
    command: "create experiment",
    form: () => ({ startsOn: "2026-02-30" }),
    api: () => ({ startsOn: "2026-02-30" }),
    formField: "startsOn",
    apiField: "startsOn",
    rule: /real date/,
  },
  {
    name: "a default end past the year 9999",
    command: "create experiment",
    form: () => ({ startsOn: "9999-12-25", endsOn: "" }),
    api: () => ({ startsOn: "9999-12-25" }),
    formField: "endsOn",
    apiField: "endsOn",
    rule: /year between 1900 and 9999/,
  },
  {
    name: "a missing metric name",
    command: "create experiment",
    form: () => ({ metricName: "" }),
    api: () => ({ metric: { name: "", kind: "rate" } }),
    formField: "metricName",
    apiField: "metric.name",
    rule: /Name the metric/,
  },
  {
    name: "more successes than trials",
    command: "add observation",
    form: () => ({ successes: "41", trials: "40" }),
    api: () => ({ successes: 41, trials: 40 }),
    formField: "successes",
    apiField: "successes",
    rule: /cannot exceed trials/,
  },
  {
    name: "evidence from before the start",
    command: "add observation",
    form: (loop) => ({ observedOn: addDays(loop.startsOn, -1) }),
    api: (loop) => ({ observedOn: addDays(loop.startsOn, -1) }),
    formField: "observedOn",
    apiField: "observedOn",
    rule: /before then does not count/,
  },
  {
    name: "evidence dated 30 February",
    command: "add observation",
    form: () => ({ observedOn: "2026-02-30" }),
    api: () => ({ observedOn: "2026-02-30" }),
    formField: "observedOn",
    apiField: "observedOn",
    rule: /real date/,
  },
  {
    name: "a learning card without what was learned",
    command: "conclude experiment",
    form: () => ({ learned: "" }),
    api: () => ({ learned: "" }),
    formField: "learned",
    apiField: "learned",
    rule: /Write what you learned/,
  },
];

const card = { observed: "Few people clicked.", learned: "The pain is not urgent.", nextSteps: "Interview five more." };

function formBase(loop: Loop, command: Case["command"]): Record<string, string> {
  if (command === "add observation") return { intent: "observe", observedOn: loop.startsOn, successes: "3", trials: "40", value: "", note: "", source: "", strength: "2" };
  if (command === "conclude experiment") return { ...card, decision: "PIVOT", version: "2" };
  return experimentFormFields(loop.hypothesis.id, today);
}

function apiBase(loop: Loop, command: Case["command"]): Record<string, unknown> {
  if (command === "add observation") return { observedOn: loop.startsOn, successes: 3, trials: 40 };
  if (command === "conclude experiment") return { ...card, decision: "pivot", version: 2 };
  return {
    hypothesisId: loop.hypothesis.id,
    title: "Second fake door",
    method: "fake_door",
    plan: "show the button to returning accounts",
    metric: { name: "Click-through", kind: "rate" },
    criterion: { comparator: "gte", target: 0.1 },
    startsOn: today,
  };
}

/** The page's text as a person reads it: React escapes quotes and ampersands in what it renders. */
function readable(html: string) {
  return html.replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

describe("the form and the API refuse the same inputs with the same rule", () => {
  let loop: Loop;
  let client: Client;
  let token: string;
  beforeAll(async () => {
    loop = await runningRateExperiment();
    client = await signedIn(server.url, loop.owner.email);
    token = (await createApiToken(loop.actor, { name: "one rule", role: "MEMBER" })).token;
  });

  it.each(CASES.map((c) => [`${c.command}: ${c.name}`, c] as const))("%s", async (_label, c) => {
    const before = await teamSnapshot(loop.team.id);

    const formPath = { "create experiment": `/t/${loop.team.slug}/experiments/new`, "add observation": `/t/${loop.team.slug}/experiments/E-1`, "conclude experiment": `/t/${loop.team.slug}/experiments/E-1/conclude` }[c.command];
    const form = await client.post(formPath, { ...formBase(loop, c.command), ...c.form(loop) });
    const page = readable(await form.text());

    const apiPath = { "create experiment": "/experiments", "add observation": `/experiments/${loop.experiment.id}/observations`, "conclude experiment": `/experiments/${loop.experiment.id}/conclude` }[c.command];
    const api = await fetch(`${server.url}/api/v1${apiPath}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ ...apiBase(loop, c.command), ...c.api(loop) }),
    });
    const body = (await api.json()) as { error?: { code: string; fields?: Record<string, string> } };

    expect(form.status, "the form refuses it").toBe(400);
    expect(api.status, `the API refuses it: ${JSON.stringify(body)}`).toBe(400);
    const message = body.error?.fields?.[c.apiField];
    expect(message, `the API names ${c.apiField}: ${JSON.stringify(body)}`).toMatch(c.rule);
    // The form shows that very message under its own field (<p id="field-NAME-error">).
    const beside = new RegExp(`id="field-${c.formField}-error"[^>]*>([^<]*)<`).exec(page)?.[1];
    expect(beside, `the form names ${c.formField}`).toBe(message);
    expect(await teamSnapshot(loop.team.id), "nothing is written").toEqual(before);
  });

  it("holds the timebox rule when a running experiment is extended too", async () => {
    const before = await teamSnapshot(loop.team.id);
    const response = await client.post(`/t/${loop.team.slug}/experiments/E-1`, { intent: "extend", endsOn: addDays(loop.startsOn, 400), reason: "Traffic was slow.", version: "2" });
    expect(response.status).toBe(400);
    expect(readable(await response.text())).toContain("Keep the timebox under a year");
    expect(await teamSnapshot(loop.team.id)).toEqual(before);
  });
});
