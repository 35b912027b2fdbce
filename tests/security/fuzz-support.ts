/**
 * Shared pieces of the fuzz suites: run settings, value generators, a fixture team with one of
 * every kind of row, an HTTP sender that survives early answers, the "nothing written" and
 * "write is whole" checks, and the readers that discover routes and forms from the source.
 *
 * Generated values may contain markers such as «hypothesis.id» or «today-3». They are resolved
 * against the current fixture just before a request is sent, so a printed counterexample stays
 * meaningful after the fixture was rebuilt.
 */
import { randomBytes } from "node:crypto";
import { appendFileSync, readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import fc from "fast-check";
import type { AccountTokenPurpose, Role } from "~/generated/prisma/enums";
import { createApiToken } from "~/modules/api/tokens.server";
import { issueAccountToken } from "~/modules/auth/account-tokens.server";
import { createSession, generateToken, hashToken, SESSION_COOKIE } from "~/modules/auth/session.server";
import { addComment } from "~/modules/comments/comments.server";
import { setWatching } from "~/modules/notifications/watch.server";
import { addObservations, setObservationDeleted } from "~/modules/evidence/observations.server";
import { concludeExperiment, createExperiment, setExperimentDeleted, startExperiment } from "~/modules/experiments/experiments.server";
import { addDays, todayDateOnly } from "~/modules/experiments/timebox";
import { experimentKey } from "~/modules/experiments/vocabulary";
import { addCriterion, createProposal } from "~/modules/gate/gate.server";
import { createHypothesis, setHypothesisDeleted } from "~/modules/hypotheses/hypotheses.server";
import { addActionItem } from "~/modules/review/action-items.server";
import { hypothesisKey } from "~/modules/hypotheses/vocabulary";
import { createProduct } from "~/modules/products/products.server";
import { createSignal, recordSignalPoints } from "~/modules/signals/signals.server";
import { createInvite } from "~/modules/teams/invites.server";
import { createTeam } from "~/modules/teams/teams.server";
import { saveTemplate, setTemplateDeleted } from "~/modules/templates/templates.server";
import { addInvestor, investorMailKey, sendUpdate } from "~/modules/updates/investors.server";
import { composeUpdate, createShareLink, publishUpdate, saveNarrative } from "~/modules/updates/updates.server";
import { createWebhookEndpoint, sendTestEvent } from "~/modules/webhooks/endpoints.server";
import { db, pool } from "~/utils/db.server";
import { createUser } from "../support/factories";
import { changedTables, databaseFingerprint, tableNames } from "./database-fingerprint";
import { ROUTES_DIR } from "./support/flat-routes";

// ------------------------------------------------------------------------------- run settings

/** Runs per property: FUZZ_RUNS overrides the default of each suite. */
export function numRuns(fallback: number) {
  const value = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/**
 * fast-check parameters. FUZZ_SEED fixes the seed (fast-check prints the seed and the path of a
 * failure, so `FUZZ_SEED=<seed>` replays it); FUZZ_SHRINK=1 shrinks a counterexample, which costs
 * many requests, so by default the first failure is reported as it was found.
 */
export function fuzzParameters(runs: number): fc.Parameters<unknown> {
  const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
  return { numRuns: numRuns(runs), ...(seed === undefined ? {} : { seed }), endOnFailure: process.env.FUZZ_SHRINK !== "1" };
}

/** A long text cut short for a failure message, with its full length. */
export function preview(text: string, length = 300) {
  return text.length > length ? `${text.slice(0, length)}… (${text.length} chars)` : text;
}

/**
 * FUZZ_TRACE=1 prints a line per request (what was sent; timings, status, tables written);
 * FUZZ_TRACE=<file> appends them to that file at once, which survives a stuck event loop.
 */
export function trace(line: string) {
  const target = process.env.FUZZ_TRACE;
  if (!target) return;
  if (target === "1") process.stdout.write(`${line}\n`);
  else appendFileSync(target, `${line}\n`);
}

// --------------------------------------------------------------------------------- generators

const NASTY_STRINGS = [
  "",
  " ",
  "\t\n\r",
  "\u0000",
  "a\u0000b",
  "null",
  "undefined",
  "[object Object]",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "%00",
  "%",
  "%E0%A4%A",
  "../../etc/passwd",
  "\uFEFF",
  "\u202Eevil",
  "\uD800",
  "\uDFFF\uD800",
  "😀".repeat(40),
  "e\u0301".repeat(20),
  "𝕳𝖊𝖑𝖑𝖔",
  "ǅ",
  "İ",
  "ß",
  "\u00A0\u2003",
  "{}",
  "[]",
  "true",
  "__proto__",
  "constructor",
];

/** Very long values (kept under the 1 MB request limits, so the app's own limits are what is tested). */
export const hugeString = fc
  .tuple(fc.constantFrom(2_001, 5_001, 65_537, 300_000), fc.constantFrom("x", "é", "😀", "a ", "\u0000"))
  .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)));

/** Limits that text fields commonly have; strings are generated just under, at and just over them. */
export const LENGTH_LIMITS = [2, 3, 5, 10, 20, 30, 60, 80, 100, 120, 200, 300, 500, 1_000, 2_000, 4_000, 5_000];

/** Lengths just under, at and just over the common limits. */
export const boundaryLength = fc.constantFrom(...LENGTH_LIMITS).chain((limit) => fc.constantFrom(limit - 1, limit, limit + 1));

export const boundaryString = fc.tuple(boundaryLength, fc.constantFrom("x", "é", "😀", "a b ")).map(([length, unit]) => unit.repeat(length).slice(0, length));

export const junkString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 2, arbitrary: boundaryString },
  { weight: 1, arbitrary: hugeString },
);

const NASTY_NUMBERS = [
  "NaN",
  "Infinity",
  "-Infinity",
  "-1",
  "0",
  "-0",
  "1e309",
  "-1e309",
  "1e-400",
  "1e3",
  "2147483647",
  "2147483648",
  "-2147483649",
  "9007199254740993",
  "9".repeat(40),
  "9".repeat(300),
  `1${"0".repeat(308)}`,
  `-1${"0".repeat(308)}`,
  "9".repeat(330),
  `0.${"0".repeat(400)}1`,
  "0x1F",
  "0b11",
  "1_000",
  "1,000",
  "1.000,5",
  "1.2.3",
  " 7 ",
  "+5",
  ".5",
  "5.",
  "-.5",
  "١٢٣",
  "１２",
  "3 apples",
  "½",
];

export const junkNumber: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_NUMBERS) },
  { weight: 2, arbitrary: fc.double().map(String) },
  { weight: 2, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String) },
  { weight: 1, arbitrary: fc.integer({ min: -5, max: 105 }).map(String) },
);

const NASTY_DATES = [
  "2026-02-30",
  "2026-02-29",
  "2025-02-29",
  "2026-13-01",
  "2026-00-10",
  "2026-04-31",
  "0000-01-01",
  "0001-01-01",
  "1969-12-31",
  "9999-12-31",
  "275760-09-13",
  "+275760-09-13",
  "-002026-01-01",
  "2026-2-3",
  "2026/02/03",
  "03/02/2026",
  "2026-02-03T10:00:00Z",
  "2026-02-03 ",
  "20260203",
  "yesterday",
  "«today+400»",
  "«today-400»",
  "«today+1»",
  "«today-3650»",
];

export const junkDate: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_DATES) },
  { weight: 2, arbitrary: fc.integer({ min: -40, max: 40 }).map((days) => `«today${days < 0 ? "" : "+"}${days}»`) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.integer({ min: -1, max: 10_000 }), fc.integer({ min: -1, max: 14 }), fc.integer({ min: -1, max: 33 })).map(
      ([year, month, day]) => `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`,
    ),
  },
);

/** Ids: the right kind from this team, another kind, another team's, random, malformed. */
export function junkId(pools: string[] = []): fc.Arbitrary<string> {
  const known = ["«other.product.id»", "«other.hypothesis.id»", "«other.experiment.id»", "«other.signal.id»", "«other.observation.id»", "«owner.id»", "«team.id»"];
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...known, ...pools) },
    { weight: 2, arbitrary: fc.stringMatching(/^c[a-z0-9]{24}$/) },
    { weight: 1, arbitrary: fc.constantFrom("", "0", "-1", "E-1", "H-1", "' OR '1'='1", "*", "%", "null", "c".repeat(65), "x".repeat(5_000)) },
    { weight: 1, arbitrary: junkString },
  );
}

/** What a field holds decides which junk is most likely to hurt it; any junk can go anywhere. */
export type FieldKind = "text" | "number" | "int" | "date" | "id" | "enum" | "version" | "email" | "password";

export function junkFor(kind: FieldKind, options: { values?: readonly string[]; ids?: string[] } = {}): fc.Arbitrary<string> {
  const typed: fc.Arbitrary<string> = (() => {
    switch (kind) {
      case "number":
      case "int":
      case "version":
        return junkNumber;
      case "date":
        return junkDate;
      case "id":
        return junkId(options.ids);
      case "enum": {
        const values = options.values ?? [];
        return fc.oneof(
          fc.constantFrom(...values.map((value) => value.toLowerCase()), ...values.map((value) => ` ${value} `), "OTHER", "*"),
          fc.string({ maxLength: 12 }),
        );
      }
      case "email":
        return fc.oneof(fc.emailAddress(), fc.constantFrom("a@b", "@example.com", "x@y.z".repeat(60), "«owner.email»", "MAYA@EXAMPLE.COM", "a@b@c"));
      default:
        return junkString;
    }
  })();
  return fc.oneof({ weight: 3, arbitrary: typed }, { weight: 1, arbitrary: junkString }, { weight: 1, arbitrary: junkNumber });
}

// -------------------------------------------------------------------------------------- bodies

export type Entries = [string, string][];

export type FieldSpec = { kind: FieldKind; values?: readonly string[]; ids?: string[] };

/** Fragments that keep a valid value valid-looking but are hard to store or show. */
export const TAINTS = ["\u0000", "\uD800", "\uDFFF", "\u202E", "\uFEFF", "\u0007", "\r\n", "😀", "e\u0301", "%00", "'", '"', "<b>", "\\", "`", " ".repeat(1_000), "x".repeat(5_000)];

/** A valid value with a nasty fragment inside, or padded to just under, at or over a common length limit. */
export function taint(value: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.tuple(fc.nat({ max: value.length }), fc.constantFrom(...TAINTS)).map(([at, fragment]) => `${value.slice(0, at)}${fragment}${value.slice(at)}`),
    boundaryLength.map((length) => (value.length >= length ? value : `${value}${"x".repeat(length - value.length)}`)),
  );
}

/**
 * Form bodies built on a valid one: sometimes sent as is, mostly with a few fields replaced by
 * junk, dropped, duplicated (junk first or last) or joined by unknown fields; sometimes all junk.
 */
export function formEntries(valid: Record<string, string>, fields: Record<string, FieldSpec>): fc.Arbitrary<Entries> {
  const names = [...new Set([...Object.keys(valid), ...Object.keys(fields)])];
  const junk = (name: string) => (fields[name] ? junkFor(fields[name].kind, fields[name]) : junkString);
  const base: Entries = Object.entries(valid);
  const mutation = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...names).chain((name) => junk(name).map((value) => ({ op: "replace" as const, name, value }))) },
    {
      weight: 3,
      // A number field gets an extreme number; any other field its valid value with a nasty fragment.
      arbitrary: fc.constantFrom(...names).chain((name) =>
        (["number", "int", "version"].includes(fields[name]?.kind ?? "") ? junkNumber : taint(valid[name] ?? "")).map((value) => ({ op: "replace" as const, name, value })),
      ),
    },
    { weight: 1, arbitrary: fc.constantFrom(...names).map((name) => ({ op: "drop" as const, name, value: "" })) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom(...names), fc.boolean()).chain(([name, first]) => junk(name).map((value) => ({ op: first ? ("dupFirst" as const) : ("dupLast" as const), name, value }))),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.oneof(fc.constantFrom("id", "teamId", "role", "status", "userId", "_method", "__proto__", "version"), fc.string({ maxLength: 12 })), junkString).map(([name, value]) => ({ op: "extra" as const, name, value })),
    },
  );
  // Mostly one change, so the rest of the body still gets the request through to the database.
  const mutations = fc.oneof({ weight: 3, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 1 }) }, { weight: 1, arbitrary: fc.array(mutation, { minLength: 2, maxLength: 4 }) });
  const mutated = mutations.map((mutations) => {
    let entries: Entries = base.map(([name, value]) => [name, value]);
    for (const m of mutations) {
      if (m.op === "replace") {
        if (!entries.some(([name]) => name === m.name)) entries.push([m.name, m.value]);
        entries = entries.map(([name, value]) => [name, name === m.name ? m.value : value]);
      } else if (m.op === "drop") entries = entries.filter(([name]) => name !== m.name);
      else if (m.op === "dupFirst") entries.unshift([m.name, m.value]);
      else entries.push([m.name, m.value]);
    }
    return entries;
  });
  const allJunk = fc
    .tuple(...names.map((name) => fc.option(junk(name), { nil: undefined, freq: 4 })))
    .map((values) => names.flatMap((name, i): Entries => (values[i] === undefined ? [] : [[name, values[i] as string]])));
  return fc.oneof({ weight: 2, arbitrary: fc.constant(base) }, { weight: 6, arbitrary: mutated }, { weight: 2, arbitrary: allJunk });
}

/**
 * A change to a JSON document: follow `path` (each step picks a child, modulo their number), then
 * replace or delete what is there; or nudge a number of the document (it moves by a little, staying
 * plausible) or taint a string (a fragment goes inside), the last step choosing which, evenly.
 */
export type JsonMutation = { path: number[]; op: "nudge" | "taint" | "replace" | "remove"; value: unknown; taint: string; nudge: number };

export type UploadFile = { field: string; name: string; content: string; type: string; mutations?: JsonMutation[] };

export type Body =
  | { kind: "urlencoded"; entries: Entries }
  | { kind: "multipart"; entries: Entries; files?: UploadFile[] }
  | { kind: "raw"; contentType: string | null; body: string };

/** JSON values of every type, with the awkward ones well represented. */
export const junkJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 31, -(2 ** 53), 1e308, -1e308, 5e-324, "", "«today»", "2026-02-30", [], {}) },
  { weight: 2, arbitrary: junkString },
  { weight: 2, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.json({ maxDepth: 3 }).map((text) => JSON.parse(text) as unknown) },
);

const jsonMutation: fc.Arbitrary<JsonMutation> = fc.record({
  path: fc.array(fc.nat({ max: 100_000 }), { minLength: 1, maxLength: 6 }),
  op: fc.constantFrom("nudge", "nudge", "nudge", "taint", "taint", "replace", "remove"),
  value: junkJson,
  taint: fc.constantFrom(...TAINTS),
  nudge: fc.constantFrom(1, -1, 2, 100, 0.5),
});

/** Mostly a single change, so that the document stays importable often enough to test the writes. */
export const jsonMutations: fc.Arbitrary<JsonMutation[]> = fc.oneof(
  { weight: 3, arbitrary: fc.array(jsonMutation, { minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.array(jsonMutation, { minLength: 0, maxLength: 4 }) },
);

/** Every leaf of a JSON value with its parent and key. */
function jsonLeaves(root: { value: unknown }): { parent: Record<string | number, unknown>; key: string | number; value: unknown }[] {
  const leaves: { parent: Record<string | number, unknown>; key: string | number; value: unknown }[] = [];
  const stack: [Record<string | number, unknown>, string | number][] = [[root as Record<string | number, unknown>, "value"]];
  while (stack.length > 0) {
    const [parent, key] = stack.pop()!;
    const value = parent[key];
    if (value && typeof value === "object") {
      for (const child of Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value)) stack.push([value as Record<string | number, unknown>, child]);
    } else leaves.push({ parent, key, value });
  }
  return leaves;
}

export function applyJsonMutations(document: unknown, mutations: JsonMutation[]): unknown {
  const root = { value: structuredClone(document) as unknown };
  for (const mutation of mutations) {
    const pick = mutation.path[mutation.path.length - 1] ?? 0;
    if (mutation.op === "nudge" || mutation.op === "taint") {
      // Any number (or string) of the document, chosen evenly: counts, sums, values, strengths…
      const leaves = jsonLeaves(root).filter((leaf) => typeof leaf.value === (mutation.op === "nudge" ? "number" : "string"));
      if (leaves.length === 0) continue;
      const { parent, key, value } = leaves[pick % leaves.length];
      if (typeof value === "number") parent[key] = value + mutation.nudge;
      else if (typeof value === "string") {
        const at = pick % (value.length + 1);
        parent[key] = `${value.slice(0, at)}${mutation.taint}${value.slice(at)}`;
      }
      continue;
    }
    let parent: Record<string | number, unknown> = root as Record<string | number, unknown>;
    let key: string | number = "value";
    for (const step of mutation.path) {
      const value: unknown = parent[key];
      const keys: (string | number)[] = value && typeof value === "object" ? (Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value)) : [];
      if (keys.length === 0) break;
      parent = value as Record<string | number, unknown>;
      key = keys[step % keys.length];
    }
    if (mutation.op === "remove" && parent !== root) {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    } else parent[key] = mutation.value;
  }
  return root.value;
}

/** Bodies no browser would send: broken encodings, wrong or missing content types, binary noise. */
export const rawJunkBody: fc.Arbitrary<Body> = fc.oneof(
  fc.tuple(
    fc.constantFrom(
      "application/x-www-form-urlencoded",
      "application/x-www-form-urlencoded; charset=utf-16",
      "multipart/form-data",
      "multipart/form-data; boundary=fuzz",
      "multipart/form-data; boundary=",
      "text/plain",
      "application/json",
      "application/xml",
      "application/octet-stream",
      "",
    ),
    fc.oneof(
      fc.string({ unit: "binary", maxLength: 200 }),
      fc.constantFrom("a=%", "%%%", "=&=&&", "a=1&a=2&a", "intent", "--fuzz\r\nContent-Disposition: form-data; name=\"intent\"\r\n\r\nx\r\n", "--fuzz--", '{"intent":"create"}', "\u0000\u0001\u0002"),
      hugeString,
    ),
  ).map(([contentType, body]): Body => ({ kind: "raw", contentType: contentType || null, body })),
);

export async function encodeBody(body: Body, resolve: (text: string) => string): Promise<{ contentType: string | null; payload: Buffer }> {
  if (body.kind === "raw") return { contentType: body.contentType, payload: Buffer.from(resolve(body.body), "utf8") };
  if (body.kind === "urlencoded") {
    const params = new URLSearchParams(body.entries.map(([name, value]) => [resolve(name), resolve(value)]));
    return { contentType: "application/x-www-form-urlencoded", payload: Buffer.from(params.toString(), "utf8") };
  }
  const form = new FormData();
  for (const [name, value] of body.entries) form.append(resolve(name), resolve(value));
  for (const file of body.files ?? []) {
    const text = resolve(file.content);
    const content = file.mutations?.length ? JSON.stringify(applyJsonMutations(JSON.parse(text), file.mutations)) : text;
    form.append(file.field, new Blob([content], { type: file.type }), resolve(file.name));
  }
  const request = new Request("http://localhost/", { method: "POST", body: form });
  return { contentType: request.headers.get("content-type"), payload: Buffer.from(await request.arrayBuffer()) };
}

// ---------------------------------------------------------------------------------------- HTTP

export type Reply = { status: number; headers: http.IncomingHttpHeaders; text: string };

/**
 * One request on a connection of its own. The server may answer before reading a large body (and
 * then close); the answer is what counts, so a write error after it arrived is ignored.
 */
export function send(base: string, pathname: string, init: { method: string; headers?: Record<string, string>; body?: Buffer }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const request = http.request(
      base + pathname,
      { method: init.method, agent: false, headers: { ...(init.headers ?? {}), ...(init.body ? { "content-length": String(init.body.length) } : {}) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          settled = true;
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString("utf8") });
          request.destroy();
        });
        response.on("error", (error) => {
          if (!settled) reject(error);
        });
      },
    );
    request.setTimeout(60_000, () => request.destroy(new Error(`no answer to ${init.method} ${pathname} within 60 s`)));
    request.on("error", (error) => {
      // Give an early answer a moment to arrive before calling it a failure.
      setTimeout(() => {
        if (!settled) reject(error);
      }, 1_000);
    });
    request.end(init.body);
  });
}

// ------------------------------------------------------------------------------------- fixture

export type Owner = { id: string; email: string; name: string };

export type Fixture = {
  owner: Owner;
  /** Session cookies (`evident_session=…`) of the team's owner and of its admin. */
  cookie: string;
  adminCookie: string;
  team: { id: string; slug: string; name: string };
  refs: Record<string, string>;
  /** A MEMBER API token of the team. */
  apiToken: string;
};

/** The one owner every fixture team belongs to (created once per test file). */
export async function createOwner(): Promise<Owner> {
  return createUser({ name: "Olivia Owner" });
}

export async function sessionCookie(userId: string) {
  const { token } = await createSession(userId);
  return `${SESSION_COOKIE}=${token}`;
}

async function addMember(teamId: string, role: Role) {
  const user = await createUser();
  await db.membership.create({ data: { teamId, userId: user.id, role } });
  return user;
}

const today = () => todayDateOnly();

async function loopRows(actor: { user: Owner; team: { id: string; slug: string }; role: Role }, prefix: string) {
  const t = today();
  const product = await createProduct(actor, { name: `Invoicing ${prefix}`, description: "" });
  const hypothesis = await createHypothesis(actor, { productId: product.id, statement: "Freelancers will click a get-paid-faster button.", segment: "", category: "DESIRABILITY", importance: 5 });
  const experiment = (input: { title: string; kind: "RATE" | "COUNT" | "MEAN"; startsOn: string; target: number }) =>
    createExperiment(actor, {
      hypothesisId: hypothesis.id,
      title: input.title,
      method: "FAKE_DOOR",
      plan: "Show the button to every new account.",
      metricName: "Click-through",
      metricUnit: "",
      metricKind: input.kind,
      comparator: "GTE",
      target: input.target,
      startsOn: input.startsOn,
      endsOn: addDays(input.startsOn, 13),
    });
  const running = await experiment({ title: "Fake door", kind: "RATE", startsOn: addDays(t, -3), target: 0.1 });
  await startExperiment(actor, { id: running.id, version: 1 });
  await addObservations(actor, {
    experimentId: running.id,
    via: "form",
    rows: [
      { observedOn: addDays(t, -2), successes: 3, trials: 20, value: null, note: null, source: null, strength: 2 },
      { observedOn: addDays(t, -1), successes: 5, trials: 30, value: null, note: "a quote", source: "interview", strength: 1 },
      { observedOn: t, successes: 1, trials: 4, value: null, note: null, source: null, strength: 4 },
    ],
  });
  const observations = await db.observation.findMany({ where: { experimentId: running.id }, orderBy: { observedOn: "asc" }, select: { id: true } });
  return { product, hypothesis, running, observations, experiment };
}

/**
 * A team holding one of everything the forms and the API act on, owned by `owner`, plus a
 * stranger team (whose ids must never be reachable) and a team inviting the owner.
 */
export async function buildFixture(owner: Owner): Promise<Fixture> {
  const t = today();
  const suffix = randomBytes(3).toString("hex");
  const team = await createTeam({ userId: owner.id, name: `Fuzz ${suffix}` });
  const actor = { user: owner, team, role: "OWNER" as Role };
  const [admin, member, viewer] = [await addMember(team.id, "ADMIN"), await addMember(team.id, "MEMBER"), await addMember(team.id, "VIEWER")];
  const loop = await loopRows(actor, suffix);
  const { product, hypothesis, running } = loop;

  const trashedHypothesis = await createHypothesis(actor, { productId: product.id, statement: "Accountants will recommend us to clients.", segment: "", category: "VIABILITY", importance: 2 });
  await setHypothesisDeleted(actor, { id: trashedHypothesis.id, deleted: true });
  const draft = await loop.experiment({ title: "Draft interview", kind: "RATE", startsOn: t, target: 0.2 });
  const counting = await loop.experiment({ title: "Waitlist sign-ups", kind: "COUNT", startsOn: addDays(t, -5), target: 50 });
  await startExperiment(actor, { id: counting.id, version: 1 });
  await addObservations(actor, { experimentId: counting.id, via: "form", rows: [{ observedOn: addDays(t, -4), successes: null, trials: null, value: 12, note: null, source: null, strength: 2 }] });
  const concluded = await loop.experiment({ title: "Price test", kind: "MEAN", startsOn: addDays(t, -10), target: 20 });
  await startExperiment(actor, { id: concluded.id, version: 1 });
  await addObservations(actor, { experimentId: concluded.id, via: "form", rows: [{ observedOn: addDays(t, -9), successes: null, trials: null, value: 25, note: null, source: null, strength: 4 }] });
  await concludeExperiment(actor, { id: concluded.id, version: 2, observed: "One order at 25.", learned: "Too few to say.", nextSteps: "Run it again.", decision: "RETEST" });
  const trashedExperiment = await loop.experiment({ title: "Abandoned idea", kind: "RATE", startsOn: t, target: 0.5 });
  await setExperimentDeleted(actor, { id: trashedExperiment.id, deleted: true });
  const [liveObservation, , trashedObservation] = loop.observations;
  await setObservationDeleted(actor, { id: trashedObservation.id, deleted: true });

  const signal = await createSignal(actor, { productId: product.id, name: "Paying customers", unit: "", direction: "UP", description: "" });
  await recordSignalPoints(actor, { signalId: signal.id, points: [{ date: addDays(t, -14), value: 8 }, { date: addDays(t, -7), value: 10 }, { date: t, value: 12 }] });
  const criterion = await addCriterion(actor, product.id, { kind: "SIGNAL_SUSTAINED", signalId: signal.id, comparator: "GTE", threshold: 100, weeks: 4 });
  // Proposed by a member: the owner, who fuzzes the forms, may decide them (no one approves their own).
  const proposer = { user: member, team, role: "MEMBER" as Role };
  const proposal = await createProposal(proposer, product.id, { title: "Add a read replica", description: "", signalId: signal.id, comparator: "GTE", threshold: 5, weeks: 1 });
  const readyProposal = await createProposal(proposer, product.id, { title: "Split billing out", description: "", signalId: signal.id, comparator: "GTE", threshold: 1, weeks: 1 });

  const draftUpdate = await composeUpdate(actor, { title: "Monthly update", periodStart: addDays(t, -29), periodEnd: t });
  const publishedUpdate = await composeUpdate(actor, { title: "Last month", periodStart: addDays(t, -59), periodEnd: addDays(t, -30) });
  await saveNarrative(actor, publishedUpdate.id, { title: "Last month", highlights: "", lowlights: "", asks: "- Intros to accountants\n- A design partner", version: 1 });
  await publishUpdate(actor, publishedUpdate.id, { version: 2 });
  const share = await createShareLink(actor, publishedUpdate.id, { days: 30 });
  const shareLink = await db.shareLink.findFirstOrThrow({ where: { updateId: publishedUpdate.id }, select: { id: true } });
  // The investor list: one person sent the published update (their personal link, read from the email), one still to send to.
  const investor = await addInvestor(actor, { name: "Ivy Investor", email: `ivy-${suffix}@example.com`, group: "CURRENT" });
  await sendUpdate(actor, publishedUpdate.id, { groups: ["CURRENT"] }, "http://evident.test");
  await addInvestor(actor, { name: "Pat Prospect", email: `pat-${suffix}@example.com`, group: "PROSPECT" });
  const investorMail = await db.outboxMessage.findUniqueOrThrow({ where: { dedupeKey: investorMailKey(publishedUpdate.id, investor.id) }, select: { text: true } });
  const personalToken = /\/u\/([a-z2-7]{32})/.exec(investorMail.text)?.[1] ?? "";
  const invite = await createInvite(actor, { role: "MEMBER" });
  const token = await createApiToken(actor, { name: "Fuzz token", role: "MEMBER" });

  // A stranger team: its ids are valid ids, just never this team's.
  const stranger = await createUser({ name: "Sam Stranger" });
  const otherTeam = await createTeam({ userId: stranger.id, name: `Other ${suffix}` });
  const other = await loopRows({ user: stranger, team: otherTeam, role: "OWNER" }, `other-${suffix}`);
  const otherSignal = await createSignal({ user: stranger, team: otherTeam, role: "OWNER" }, { productId: other.product.id, name: "Stranger signal", unit: "", direction: "UP", description: "" });
  // A team inviting our owner: accepting its link is a valid write.
  const host = await createUser({ name: "Hana Host" });
  const inviting = await createTeam({ userId: host.id, name: `Inviting ${suffix}` });
  const joinInvite = await createInvite({ user: host, team: inviting, role: "OWNER" }, { role: "MEMBER" });
  const otherInvite = await createInvite({ user: stranger, team: otherTeam, role: "OWNER" }, { role: "VIEWER" });

  // Emailed links of an account of their own (using one changes that account, not the fixture team).
  const linked = await createUser({ name: "Lina Linked" });
  const emailLink = (purpose: AccountTokenPurpose, email?: string) => db.$transaction((tx) => issueAccountToken(tx, { userId: linked.id, purpose, email }));
  const resetLink = await emailLink("PASSWORD_RESET");
  const emailChangeLink = await emailLink("EMAIL_CHANGE", `lina-new-${suffix}@example.com`);
  const unconfirmed = await createUser({ name: "Una Unconfirmed" });
  await db.user.update({ where: { id: unconfirmed.id }, data: { emailVerifiedAt: null } });
  const confirmLink = await db.$transaction((tx) => issueAccountToken(tx, { userId: unconfirmed.id, purpose: "EMAIL_VERIFICATION" }));
  const unsubscribeToken = generateToken();
  await db.outboxMessage.create({
    data: { kind: "invitation", dedupeKey: `fuzz:${suffix}`, toAddress: `invitee-${suffix}@example.com`, subject: "An invitation", html: "", text: "", status: "SENT", unsubscribeTokenHash: hashToken(unsubscribeToken) },
  });

  const actionItem = await addActionItem(actor, { title: "Ask three customers about reminders", ownerId: member.id, experimentId: running.id });
  const otherActionItem = await addActionItem({ user: stranger, team: otherTeam, role: "OWNER" }, { title: "A stranger's follow-up" });
  const template = await saveTemplate(actor, { experimentId: running.id, name: "Reusable fake door" });
  const trashedTemplate = await saveTemplate(actor, { experimentId: draft.id, name: "Old interview design" });
  await setTemplateDeleted(actor, { id: trashedTemplate.id, deleted: true });
  const otherTemplate = await saveTemplate({ user: stranger, team: otherTeam, role: "OWNER" }, { experimentId: other.running.id, name: "A stranger's design" });
  // A webhook endpoint (at a public address; the test server delivers nothing) with a failed delivery to send again, and a stranger's.
  // It listens only for a reminder no form causes, so the other forms' writes stay theirs alone.
  const webhookWith = async (owner: { user: Owner; team: { id: string; slug: string }; role: Role }) => {
    const endpoint = await createWebhookEndpoint(owner, { url: "https://93.184.216.34/hook", description: "Alerts", format: "STANDARD", events: ["experiment.ending_soon"] });
    const { deliveryId } = await sendTestEvent(owner, { id: endpoint.id });
    await db.webhookDelivery.update({ where: { id: deliveryId }, data: { status: "FAILED", attempts: 1 } });
    await db.webhookAttempt.create({ data: { deliveryId, attempt: 1, statusCode: 500, message: "Internal Server Error", durationMs: 42, ok: false } });
    return { id: endpoint.id, deliveryId };
  };
  const webhook = await webhookWith(actor);
  const otherWebhook = await webhookWith({ user: stranger, team: otherTeam, role: "OWNER" });

  // A member mentions the owner: an unread entry in the owner's inbox to read, mark unread and open.
  // (The member then stops watching, so the owner's own writes tell nobody else, as before.)
  await addComment(proposer, { hypothesisId: hypothesis.id }, `@${owner.name} can you check these numbers?`);
  await setWatching(proposer, { type: "hypothesis", id: hypothesis.id }, false);
  const inboxEntry = await db.notification.findFirstOrThrow({ where: { teamId: team.id, userId: owner.id, reason: "mention" }, select: { id: true } });

  const versionOf = async (id: string) => (await db.experiment.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;
  const refs: Record<string, string> = {
    "resetLink.token": resetLink,
    "emailChangeLink.token": emailChangeLink,
    "confirmLink.token": confirmLink,
    "unsubscribe.token": unsubscribeToken,
    "owner.id": owner.id,
    "owner.email": owner.email,
    "owner.name": owner.name,
    "team.id": team.id,
    "team.slug": team.slug,
    "team.name": team.name,
    "team.version": String((await db.team.findUniqueOrThrow({ where: { id: team.id }, select: { version: true } })).version),
    "admin.id": admin.id,
    "member.id": member.id,
    "viewer.id": viewer.id,
    "product.id": product.id,
    "product.version": String((await db.product.findUniqueOrThrow({ where: { id: product.id }, select: { version: true } })).version),
    "hypothesis.id": hypothesis.id,
    "hypothesis.key": hypothesisKey(hypothesis.number),
    "hypothesis.version": String((await db.hypothesis.findUniqueOrThrow({ where: { id: hypothesis.id }, select: { version: true } })).version),
    "trashedHypothesis.id": trashedHypothesis.id,
    "trashedHypothesis.key": hypothesisKey(trashedHypothesis.number),
    "draft.id": draft.id,
    "draft.key": experimentKey(draft.number),
    "draft.version": String(await versionOf(draft.id)),
    "running.id": running.id,
    "running.key": experimentKey(running.number),
    "running.version": String(await versionOf(running.id)),
    "running.startsOn": addDays(t, -3),
    "running.endsOn": addDays(t, 10),
    "counting.id": counting.id,
    "counting.key": experimentKey(counting.number),
    "counting.version": String(await versionOf(counting.id)),
    "concluded.id": concluded.id,
    "concluded.key": experimentKey(concluded.number),
    "concluded.version": String(await versionOf(concluded.id)),
    "trashedExperiment.id": trashedExperiment.id,
    "trashedExperiment.key": experimentKey(trashedExperiment.number),
    "observation.id": liveObservation.id,
    "trashedObservation.id": trashedObservation.id,
    "signal.id": signal.id,
    "criterion.id": criterion.id,
    "proposal.id": proposal.id,
    "readyProposal.id": readyProposal.id,
    "draftUpdate.id": draftUpdate.id,
    "publishedUpdate.id": publishedUpdate.id,
    "shareLink.id": shareLink.id,
    "shareLink.token": share.token,
    "investor.id": investor.id,
    "personal.token": personalToken,
    "invite.id": invite.id,
    "apiToken.id": token.id,
    "joinInvite.token": joinInvite.token,
    "other.slug": otherTeam.slug,
    "other.product.id": other.product.id,
    "other.hypothesis.id": other.hypothesis.id,
    "other.experiment.id": other.running.id,
    "other.observation.id": other.observations[0].id,
    "other.signal.id": otherSignal.id,
    "other.invite.id": otherInvite.id,
    "other.owner.email": stranger.email,
    "other.owner.id": stranger.id,
    "actionItem.id": actionItem.id,
    "actionItem.version": "1",
    "other.actionItem.id": otherActionItem.id,
    "template.id": template.id,
    "template.version": "1",
    "trashedTemplate.id": trashedTemplate.id,
    "other.template.id": otherTemplate.id,
    "inboxEntry.id": inboxEntry.id,
    "webhook.id": webhook.id,
    "webhook.version": "1",
    "failedDelivery.id": webhook.deliveryId,
    "other.webhook.id": otherWebhook.id,
    "other.failedDelivery.id": otherWebhook.deliveryId,
  };
  for (const [key, id] of [
    ["proposal.version", proposal.id],
    ["readyProposal.version", readyProposal.id],
  ] as const) {
    refs[key] = String((await db.scaleProposal.findUniqueOrThrow({ where: { id }, select: { version: true } })).version);
  }
  for (const [key, id] of [
    ["draftUpdate.version", draftUpdate.id],
    ["publishedUpdate.version", publishedUpdate.id],
  ] as const) {
    refs[key] = String((await db.investorUpdate.findUniqueOrThrow({ where: { id }, select: { version: true } })).version);
  }
  for (const [key, userId] of [
    ["admin.version", admin.id],
    ["member.version", member.id],
    ["viewer.version", viewer.id],
  ] as const) {
    refs[key] = String((await db.membership.findUniqueOrThrow({ where: { teamId_userId: { teamId: team.id, userId } }, select: { version: true } })).version);
  }
  return { owner, cookie: await sessionCookie(owner.id), adminCookie: await sessionCookie(admin.id), team, refs, apiToken: token.token };
}

export type Snapshot = { table: string; rows: string }[];

/** Every row of every table, to put the database back exactly as it was (same ids, sessions, tokens). */
export async function snapshotDatabase(): Promise<Snapshot> {
  const snapshot: Snapshot = [];
  for (const table of await tableNames()) {
    const { rows } = await pool().query<{ rows: string }>(`SELECT coalesce(json_agg(t), '[]'::json)::text AS rows FROM "${table}" t`);
    snapshot.push({ table, rows: rows[0].rows });
  }
  return snapshot;
}

/** Puts the named tables (all, by default) back as they were in the snapshot. */
export async function restoreDatabase(snapshot: Snapshot, tables?: Iterable<string>) {
  const only = tables ? new Set(tables) : null;
  const restore = snapshot.filter(({ table }) => !only || only.has(table));
  if (restore.length === 0) return;
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    // Tables go back one by one; the foreign keys hold again once all of them are back.
    await client.query("SET LOCAL session_replication_role = replica");
    for (const { table, rows } of restore) {
      await client.query(`DELETE FROM "${table}"`);
      if (rows === "[]") continue;
      // Generated columns (the search vectors) are computed again, never written.
      const { rows: written } = await client.query<{ list: string }>(
        `SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) AS list FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER'`,
        [table],
      );
      await client.query(`INSERT INTO "${table}" (${written[0].list}) SELECT ${written[0].list} FROM json_populate_recordset(NULL::"${table}", $1::json)`, [rows]);
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}

/**
 * The fixture, built once, and a reset that puts the whole database back to the moment it was
 * built. Resetting after every write keeps each run independent and the database small.
 */
export async function fixtureDatabase() {
  const owner = await createOwner();
  const fixture = await buildFixture(owner);
  const snapshot = await snapshotDatabase();
  const pristine = await databaseFingerprint();
  const dirty = new Set<string>();
  return {
    fixture,
    /** Call with the tables a request changed. */
    touched(tables: string[]) {
      for (const table of tables) dirty.add(table);
    },
    async reset() {
      if (dirty.size === 0) return;
      await restoreDatabase(snapshot, dirty);
      dirty.clear();
      const left = changedTables(pristine, await databaseFingerprint());
      if (left.length) throw new Error(`The fixture did not restore: ${left.join(", ")}`);
    },
  };
}

/** Replaces every «marker» with its value: fixture refs, and dates relative to today («today-3»). */
export function resolver(refs: Record<string, string>) {
  return (text: string) =>
    text.replace(/«([^»]+)»/g, (_match, name: string) => {
      const relative = /^today([+-]\d+)?$/.exec(name);
      if (relative) return addDays(today(), Number(relative[1] ?? 0));
      // Something new each time: an email or a name nobody has used.
      if (name === "fresh") return randomBytes(6).toString("hex");
      // A pagination cursor: the base64url of a ref's value or of the literal text.
      if (name.startsWith("b64:")) return Buffer.from(refs[name.slice(4)] ?? name.slice(4)).toString("base64url");
      // Generated junk may hold guillemets too: anything unknown stays as it was.
      return name in refs ? refs[name] : `«${name}»`;
    });
}

/** Resolves markers throughout a JSON value; a string that is exactly «#name» becomes that ref as a number. */
export function resolveDeep(value: unknown, resolve: (text: string) => string): unknown {
  if (typeof value === "string") {
    const numeric = /^«#([^»]+)»$/.exec(value);
    return numeric ? Number(resolve(`«${numeric[1]}»`)) : resolve(value);
  }
  if (Array.isArray(value)) return value.map((item) => resolveDeep(item, resolve));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, item]) => [resolve(key), resolveDeep(item, resolve)]));
  return value;
}

// ------------------------------------------------------------------------------- the database

export { changedTables, databaseFingerprint };

/**
 * Invariants that every committed write must leave true, whatever it touched: the maintained
 * aggregates equal a recount, short-number sequences are ahead of every number, a concluded
 * experiment has its card and verdict, every team keeps an owner. Returns what is broken.
 */
export async function brokenInvariants(): Promise<string[]> {
  const checks: [string, string][] = [
    [
      "experiment aggregates differ from a recount of its live observations",
      `SELECT e.id, e."observationCount", coalesce(o.c, 0) AS recount FROM "Experiment" e
       LEFT JOIN (SELECT "experimentId", count(*)::int c, sum(coalesce(successes, 0))::float8 s, sum(coalesce(trials, 0))::float8 t,
                         count(value)::int vc, sum(coalesce(value, 0))::float8 vs, sum(coalesce(value * value, 0))::float8 vss,
                         max(strength) ms, max("observedOn") last
                  FROM "Observation" WHERE "deletedAt" IS NULL GROUP BY "experimentId") o ON o."experimentId" = e.id
       WHERE e."observationCount" <> coalesce(o.c, 0) OR e.successes <> coalesce(o.s, 0) OR e.trials <> coalesce(o.t, 0)
          OR e."valueCount" <> coalesce(o.vc, 0)
          OR abs(e."valueSum" - coalesce(o.vs, 0)) > 1e-9 * greatest(1, abs(coalesce(o.vs, 0)))
          OR abs(e."valueSumSquares" - coalesce(o.vss, 0)) > 1e-9 * greatest(1, abs(coalesce(o.vss, 0)))
          OR e."maxStrength" <> coalesce(o.ms, 0) OR e."lastObservedOn" IS DISTINCT FROM o.last`,
    ],
    [
      "per-day sums differ from a recount of the day's live observations",
      `SELECT coalesce(d."experimentId", o."experimentId") AS experiment, coalesce(d.day, o.day) AS day FROM "ExperimentDay" d
       FULL JOIN (SELECT "experimentId", "observedOn" AS day, sum(coalesce(successes, 0))::float8 s, sum(coalesce(trials, 0))::float8 t,
                         count(value)::int vc, sum(coalesce(value, 0))::float8 vs
                  FROM "Observation" WHERE "deletedAt" IS NULL GROUP BY 1, 2) o ON o."experimentId" = d."experimentId" AND o.day = d.day
       WHERE coalesce(d.successes, 0) <> coalesce(o.s, 0) OR coalesce(d.trials, 0) <> coalesce(o.t, 0) OR coalesce(d."valueCount", 0) <> coalesce(o.vc, 0)
          OR abs(coalesce(d."valueSum", 0) - coalesce(o.vs, 0)) > 1e-9 * greatest(1, abs(coalesce(o.vs, 0)))`,
    ],
    [
      "a hypothesis's evidence strength is not the strongest of its live experiments",
      `SELECT h.id FROM "Hypothesis" h
       LEFT JOIN (SELECT "hypothesisId", max("maxStrength") ms FROM "Experiment" WHERE "deletedAt" IS NULL GROUP BY 1) e ON e."hypothesisId" = h.id
       WHERE h."evidenceStrength" <> coalesce(e.ms, 0)`,
    ],
    [
      "a team's sequence is behind one of its short numbers",
      `SELECT t.id FROM "Team" t
       WHERE t."hypothesisSeq" < (SELECT coalesce(max(number), 0) FROM "Hypothesis" h WHERE h."teamId" = t.id)
          OR t."experimentSeq" < (SELECT coalesce(max(number), 0) FROM "Experiment" e WHERE e."teamId" = t.id)`,
    ],
    [
      "an experiment's status disagrees with its learning card, verdict or dates",
      `SELECT e.id, e.status FROM "Experiment" e LEFT JOIN "LearningCard" c ON c."experimentId" = e.id
       WHERE (e.status = 'CONCLUDED') <> (c.id IS NOT NULL)
          OR (e.status = 'CONCLUDED') <> (e."finalVerdict" IS NOT NULL)
          OR (e.status = 'CONCLUDED' AND e."concludedAt" IS NULL)
          OR (e.status IN ('RUNNING', 'CONCLUDED') AND e."startedAt" IS NULL)
          OR (e.status = 'DRAFT' AND e."observationCount" <> 0)
          OR e."endsOn" < e."startsOn"`,
    ],
    ["a team has no owner", `SELECT t.id FROM "Team" t WHERE NOT EXISTS (SELECT 1 FROM "Membership" m WHERE m."teamId" = t.id AND m.role = 'OWNER')`],
    [
      "a row points at another team's row",
      `SELECT 'hypothesis' AS kind, h.id FROM "Hypothesis" h JOIN "Product" p ON p.id = h."productId" WHERE p."teamId" <> h."teamId"
       UNION ALL SELECT 'experiment', e.id FROM "Experiment" e JOIN "Hypothesis" h ON h.id = e."hypothesisId" WHERE h."teamId" <> e."teamId"
       UNION ALL SELECT 'observation', o.id FROM "Observation" o JOIN "Experiment" e ON e.id = o."experimentId" WHERE e."teamId" <> o."teamId"
       UNION ALL SELECT 'signal', s.id FROM "Signal" s JOIN "Product" p ON p.id = s."productId" WHERE p."teamId" <> s."teamId"
       UNION ALL SELECT 'criterion', g.id FROM "GateCriterion" g JOIN "Product" p ON p.id = g."productId" WHERE p."teamId" <> g."teamId"
       UNION ALL SELECT 'comment', c.id FROM "Comment" c JOIN "Experiment" e ON e.id = c."experimentId" WHERE e."teamId" <> c."teamId"
       UNION ALL SELECT 'comment', c.id FROM "Comment" c JOIN "Hypothesis" h ON h.id = c."hypothesisId" WHERE h."teamId" <> c."teamId"`,
    ],
    [
      "a stored number is not finite",
      `SELECT 'experiment' AS kind, id FROM "Experiment" WHERE target IN ('Infinity', '-Infinity', 'NaN') OR "valueSum" IN ('Infinity', '-Infinity', 'NaN') OR "valueSumSquares" IN ('Infinity', '-Infinity', 'NaN')
       UNION ALL SELECT 'observation', id FROM "Observation" WHERE value IN ('Infinity', '-Infinity', 'NaN')
       UNION ALL SELECT 'point', id FROM "SignalPoint" WHERE value IN ('Infinity', '-Infinity', 'NaN')`,
    ],
  ];
  const broken: string[] = [];
  for (const [name, sql] of checks) {
    const { rows } = await pool().query(sql);
    if (rows.length > 0) broken.push(`${name}: ${JSON.stringify(rows.slice(0, 3))}`);
  }
  return broken;
}

/** The tables adding or trashing evidence changes: the observations, their sums, and the beliefs they bear on. */
/** What recording an event writes besides its change: the event, inbox entries, their emails and webhook deliveries (ADR 031). */
export const EVENT_TABLES = ["TeamEvent", "Notification", "OutboxMessage", "WebhookDelivery"];

export const EVIDENCE_TABLES = ["Observation", "ExperimentDay", "Experiment", "Hypothesis", "ActivityEvent", ...EVENT_TABLES];

/** The tables a write may change besides the ones named: none, unless it is a sign-in-like write. */
export function unexpectedTables(changed: string[], allowed: readonly string[]) {
  return changed.filter((table) => !allowed.includes(table));
}

// ------------------------------------------------------------------------- routes in the source

export function routeSource(file: string) {
  return readFileSync(path.join(ROUTES_DIR, file), "utf8");
}

/** Route files that export an action (or a loader), however it is written. */
export function routeFilesExporting(name: "action" | "loader"): string[] {
  const exported = new RegExp(`export\\s+(?:async\\s+)?(?:function\\s+${name}\\b|const\\s+${name}\\b|\\{[^}]*\\b${name}\\b[^}]*\\})`);
  return readdirSync(ROUTES_DIR)
    .filter((file) => /\.tsx?$/.test(file))
    .filter((file) => exported.test(routeSource(file)))
    .sort();
}

/** Intent values a route's own source names: `case "x":`, `intent === "x"`, `z.literal("x")`, and the IntentSchema's enum. */
export function intentsInSource(file: string): string[] {
  const source = routeSource(file);
  const found = new Set<string>();
  for (const match of source.matchAll(/case\s+"([\w-]+)"\s*:/g)) found.add(match[1]);
  for (const match of source.matchAll(/intent\s*[!=]==\s*"([\w-]+)"/g)) found.add(match[1]);
  for (const match of source.matchAll(/intent:\s*z\.literal\("([\w-]+)"\)/g)) found.add(match[1]);
  for (const match of source.matchAll(/intent:\s*z\.enum\(\[([^\]]*)\]\)/g)) for (const value of match[1].matchAll(/"([\w-]+)"/g)) found.add(value[1]);
  return [...found].sort();
}

/** The post forms a page renders: where each posts, its field names and any fixed intent. */
export function formsInHtml(html: string): { action: string | null; fields: string[]; intents: string[] }[] {
  const forms: { action: string | null; fields: string[]; intents: string[] }[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attributes = match[1];
    if (!/method="post"/i.test(attributes)) continue;
    const action = /action="([^"]*)"/.exec(attributes)?.[1]?.replace(/&amp;/g, "&") ?? null;
    const fields = new Set<string>();
    const intents = new Set<string>();
    for (const control of match[2].matchAll(/<(input|select|textarea|button)\b([^>]*)>/g)) {
      const name = /\bname="([^"]*)"/.exec(control[2])?.[1];
      if (!name) continue;
      fields.add(name);
      const value = /\bvalue="([^"]*)"/.exec(control[2])?.[1];
      if (name === "intent" && value) intents.add(value);
    }
    forms.push({ action, fields: [...fields], intents: [...intents] });
  }
  return forms;
}
