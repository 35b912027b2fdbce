/**
 * The authorization matrix's table: for every route module in app/routes, the concrete requests
 * it answers in a fixture team, and the status each kind of caller must get.
 *
 * Web callers: anonymous, outsider (signed in, owner of another team), viewer, member, admin and
 * owner of the team. API callers: no token, a revoked token, a browser session cookie without a
 * token, the team's viewer token, its member token, and another team's token addressing this
 * team's ids.
 *
 * The app's rules: signed out → 302 to /signin (401 JSON on the API); not a member, or another
 * team → 404, so existence is never revealed; a role too low → 403.
 *
 * A route file without an entry here fails the matrix, and so does an entry without a file.
 */
import type { Role } from "~/generated/prisma/enums";
import { setObservationDeleted } from "~/modules/evidence/observations.server";
import { addDays } from "~/modules/experiments/timebox";
import { db } from "~/utils/db.server";
import { createUser, PASSWORD } from "../support/factories";
import { fresh, type Person, type TeamWorld } from "./support/world";

export const WEB_PRINCIPALS = ["anonymous", "outsider", "viewer", "member", "admin", "owner"] as const;
export const API_PRINCIPALS = ["noToken", "revokedToken", "sessionCookie", "viewerToken", "memberToken", "otherTeamToken"] as const;
export type WebPrincipal = (typeof WEB_PRINCIPALS)[number];
export type ApiPrincipal = (typeof API_PRINCIPALS)[number];
export type Principal = WebPrincipal | ApiPrincipal;

/**
 * What a cell must answer. "signin": 302 to /signin (a refusal). A number: that status (a 302
 * must not go to /signin). An object for anything finer; `writes` marks a refusal-looking
 * answer that legitimately changes state (signing out).
 */
export type Expect = number | "signin" | { status: number; location?: RegExp; writes?: boolean };

export type Upload = { fields: Record<string, string>; file?: { name: string; type: string; content: string } };
export type Target = {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  form?: Record<string, string>;
  upload?: Upload;
  json?: unknown;
};

export type Vars = Record<string, string>;
/** What a request is built from: the addressed team, the other team, fresh rows, and who asks. */
export type Ctx = { w: TeamWorld; other: TeamWorld; v: Vars; who: Person | null };

export type RequestSpec = {
  label: string;
  kind: "web" | "api";
  target: (ctx: Ctx) => Target;
  expect: Partial<Record<Principal, Expect>>;
  /** Makes the rows an allowed write consumes, so every write acts on rows of its own. */
  prepare?: (w: TeamWorld, who: Person | null) => Promise<Vars>;
  /** Undoes an allowed write that would change who the callers are (leaving a team). */
  restore?: (w: TeamWorld, who: Person | null) => Promise<void>;
  /** Allowed writes run with a fresh session of the caller (the request ends or replaces it). */
  freshSession?: boolean;
  /** Public links: the response may show the addressed team's content to whoever holds the link. */
  reveals?: boolean;
  /** Runs after every other allowed write (it makes the outsider a member). */
  last?: boolean;
  /** The write ends every session of the caller: sign them in again afterwards. */
  endsEverySession?: boolean;
  /**
   * Posted by mail clients from no page of ours (one-click unsubscribe, RFC 8058): any Origin, or
   * none, gets the same answer; the token in the address is the only authority.
   */
  anyOrigin?: boolean;
  /** A GET that records that it was read (a recipient opening their update): the one table it writes. */
  logsRead?: string;
};

const RANK: Record<Role, number> = { VIEWER: 1, MEMBER: 2, ADMIN: 3, OWNER: 4 };
const ROLE_OF: Record<"viewer" | "member" | "admin" | "owner", Role> = { viewer: "VIEWER", member: "MEMBER", admin: "ADMIN", owner: "OWNER" };

/** A team route: sign in first, outsiders 404, roles below `min` 403, the rest `ok`. */
function team(min: Role, ok: Expect = 200, overrides: Partial<Record<WebPrincipal, Expect>> = {}): Record<WebPrincipal, Expect> {
  const cell = (role: keyof typeof ROLE_OF): Expect => (RANK[ROLE_OF[role]] >= RANK[min] ? ok : 403);
  return { anonymous: "signin", outsider: 404, viewer: cell("viewer"), member: cell("member"), admin: cell("admin"), owner: cell("owner"), ...overrides };
}

function everyone(expect: Expect): Record<WebPrincipal, Expect> {
  return { anonymous: expect, outsider: expect, viewer: expect, member: expect, admin: expect, owner: expect };
}

/** Signed-in people get `ok`, anonymous callers are sent to sign in. */
function signedIn(ok: Expect, anonymous: Expect = "signin"): Record<WebPrincipal, Expect> {
  return { ...everyone(ok), anonymous };
}

/** An API endpoint: reads need any token of the team, writes a member token; other teams' ids are 404. */
function api(access: "read" | "write", ok: number, otherTeam: Expect = 404): Record<ApiPrincipal, Expect> {
  return { noToken: 401, revokedToken: 401, sessionCookie: 401, viewerToken: access === "read" ? ok : 403, memberToken: ok, otherTeamToken: otherTeam };
}

function apiEveryone(expect: Expect): Record<ApiPrincipal, Expect> {
  return { noToken: expect, revokedToken: expect, sessionCookie: expect, viewerToken: expect, memberToken: expect, otherTeamToken: expect };
}

/**
 * The invite page sends the team's own members to the team, also after a refused action (the
 * page's loader runs after the action): a redirect that writes nothing.
 */
const ALREADY_MEMBER: Expect = { status: 302, location: /^\/t\/[^/]+$/, writes: false };

const get = (path: string): Target => ({ method: "GET", path });
const post = (path: string, form: Record<string, string> = {}): Target => ({ method: "POST", path, form });

function web(label: string, target: RequestSpec["target"], expect: Record<WebPrincipal, Expect>, more: Partial<RequestSpec> = {}): RequestSpec {
  return { label, kind: "web", target, expect, ...more };
}

function apiSpec(label: string, target: RequestSpec["target"], expect: Record<ApiPrincipal, Expect>, more: Partial<RequestSpec> = {}): RequestSpec {
  return { label, kind: "api", target, expect, ...more };
}

/** A POST on a route that has no action: Remix answers 405 to everyone, before any loader. */
function noAction(path: (ctx: Ctx) => string): RequestSpec {
  return web("POST (no action)", (ctx) => post(path(ctx), { intent: "create", name: "Nothing here" }), everyone(405));
}

// ------------------------------------------------------------------------------------- forms

const experimentFields = (hypothesisId: string, today: string) => ({
  hypothesisId,
  title: "Pricing page test",
  method: "LANDING_PAGE",
  plan: "put up a pricing page and count sign-ups",
  metricName: "Sign-ups",
  metricUnit: "",
  metricKind: "COUNT",
  comparator: "GTE",
  target: "20",
  startsOn: today,
  endsOn: "",
});

const hypothesisFields = (productId: string, ownerId = "") => ({
  productId,
  statement: "Teams will pay for a shared gate view.",
  segment: "",
  category: "VIABILITY",
  importance: "3",
  ownerId,
});

const csvUpload = (content: string, fields: Record<string, string> = {}): Upload => ({ fields, file: { name: "evidence.csv", type: "text/csv", content } });

// ------------------------------------------------------------------------------------ table

export const ROUTES: Record<string, RequestSpec[]> = {
  // ---------------------------------------------------------------- public and account pages
  $: [web("GET an unknown page", () => get("/no/such/page"), everyone(404)), noAction(() => "/no/such/page")],
  _index: [web("GET", () => get("/"), everyone(200)), noAction(() => "/?index")],
  bench: [web("GET (baseline page, off unless EVIDENT_BENCH_ROUTE=1)", () => get("/bench"), everyone(404)), noAction(() => "/bench")],
  "docs.api": [web("GET", () => get("/docs/api"), everyone(200)), noAction(() => "/docs/api")],
  account: [
    web("GET", () => get("/account"), signedIn(200)),
    web("POST profile", ({ who }) => post("/account", { intent: "profile", name: who?.name ?? "Nobody at all" }), signedIn(302)),
  ],
  "account_.notifications": [
    web("GET", () => get("/account/notifications"), signedIn(200)),
    web("POST preferences", () => post("/account/notifications", { subscribed: "invitation" }), signedIn(302)),
  ],
  "forgot-password": [
    web("GET", () => get("/forgot-password"), everyone(200)),
    web("POST an address", ({ who }) => post("/forgot-password", { email: who?.email ?? "nobody@example.com" }), everyone(200)),
  ],
  "reset-password.$token": [
    web("GET valid link", ({ w }) => get(`/reset-password/${w.links.reset}`), everyone(200)),
    web("GET wrong token", () => get("/reset-password/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), everyone(404)),
    web("POST a new password with a valid link", ({ v: vars }) => post(`/reset-password/${vars.token}`, { password: "a brand new passphrase", confirm: "a brand new passphrase" }), everyone(302), {
      freshSession: true,
      prepare: async () => ({ token: await fresh.accountLink("PASSWORD_RESET") }),
    }),
    web("POST with a wrong token", () => post("/reset-password/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", { password: "a brand new passphrase", confirm: "a brand new passphrase" }), everyone(400)),
  ],
  "verify-email.$token": [
    web("GET valid link", ({ w }) => get(`/verify-email/${w.links.confirm}`), everyone(200)),
    web("GET wrong token", () => get("/verify-email/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), everyone(404)),
    web("POST confirm with a valid link", ({ v: vars }) => post(`/verify-email/${vars.token}`), everyone(302), {
      freshSession: true,
      prepare: async () => ({ token: await fresh.accountLink("EMAIL_VERIFICATION") }),
    }),
    web("POST with a wrong token", () => post("/verify-email/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), everyone(400)),
  ],
  "confirm-email.$token": [
    web("GET valid link", ({ w }) => get(`/confirm-email/${w.links.emailChange}`), everyone(200)),
    web("GET wrong token", () => get("/confirm-email/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), everyone(404)),
    // Signed out, the person is asked to sign in with the new address: that redirect follows a change made.
    web("POST confirm with a valid link", ({ v: vars }) => post(`/confirm-email/${vars.token}`), signedIn(302, { status: 302, location: /^\/signin\?email-changed$/, writes: true }), {
      prepare: async () => ({ token: await fresh.accountLink("EMAIL_CHANGE") }),
    }),
    web("POST with a wrong token", () => post("/confirm-email/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), everyone(400)),
  ],
  "unsubscribe.$token": [
    web("GET valid link", ({ w }) => get(`/unsubscribe/${w.links.unsubscribe}`), everyone(200)),
    web("GET wrong token", () => get("/unsubscribe/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), everyone(404)),
    web("POST one-click unsubscribe", ({ v: vars }) => post(`/unsubscribe/${vars.token}`, { "List-Unsubscribe": "One-Click" }), everyone(200), {
      prepare: async () => ({ token: await fresh.unsubscribeLink() }),
      anyOrigin: true,
    }),
    web("POST with a wrong token", () => post("/unsubscribe/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", { "List-Unsubscribe": "One-Click" }), everyone(404), { anyOrigin: true }),
  ],
  "u.$token._index": [
    web("GET valid personal link", ({ w }) => get(`/u/${w.personal.token}`), everyone(200), { reveals: true, logsRead: "UpdateDelivery" }),
    web("GET link of someone taken off the list", ({ w }) => get(`/u/${w.personal.removedToken}`), everyone(404)),
    web("GET wrong token", () => get("/u/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), everyone(404)),
    noAction(({ w }) => `/u/${w.personal.token}`),
  ],
  "u.$token.$update": [
    web("GET an update sent to them", ({ w }) => get(`/u/${w.personal.token}/${w.update.id}`), everyone(200), { reveals: true, logsRead: "UpdateDelivery" }),
    web("GET an update never sent to them", ({ w }) => get(`/u/${w.personal.token}/${w.draftUpdate.id}`), everyone(404)),
    web("GET wrong token", ({ w }) => get(`/u/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/${w.update.id}`), everyone(404)),
    noAction(({ w }) => `/u/${w.personal.token}/${w.update.id}`),
  ],
  "u.$token.archive": [
    web("GET valid personal link", ({ w }) => get(`/u/${w.personal.token}/archive`), everyone(200), { reveals: true }),
    web("GET link of someone taken off the list", ({ w }) => get(`/u/${w.personal.removedToken}/archive`), everyone(404)),
    web("GET wrong token", () => get("/u/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/archive"), everyone(404)),
    noAction(({ w }) => `/u/${w.personal.token}/archive`),
  ],
  "u.$token.unsubscribe": [
    web("GET valid personal link", ({ w }) => get(`/u/${w.personal.token}/unsubscribe`), everyone(200), { reveals: true }),
    web("GET wrong token", () => get("/u/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/unsubscribe"), everyone(404)),
    web("POST one-click unsubscribe", ({ v: vars }) => post(`/u/${vars.token}/unsubscribe`, { "List-Unsubscribe": "One-Click" }), everyone(200), {
      prepare: async (w) => ({ token: await fresh.personalLink(w) }),
      anyOrigin: true,
      reveals: true,
    }),
    web("POST with a wrong token", () => post("/u/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/unsubscribe", { "List-Unsubscribe": "One-Click" }), everyone(404), { anyOrigin: true }),
  ],
  signin: [
    web("GET", () => get("/signin"), signedIn(302, 200)),
    web(
      "POST own credentials",
      ({ who, v: vars }) => post("/signin", { email: vars.email ?? who?.email ?? "nobody@example.com", password: PASSWORD }),
      everyone(302),
      { freshSession: true, prepare: freshAccountForAnonymous },
    ),
  ],
  signup: [
    web("GET", () => get("/signup"), signedIn(302, 200)),
    // "Check your email", for a new address and a known one alike; nobody is signed in or out.
    // (Someone signed in already is sent on to their teams, and nothing is made.)
    web("POST a new account", ({ v: vars }) => post("/signup", { name: "New Person", email: vars.email ?? "unused@example.com", password: "a long passphrase" }), signedIn({ status: 302, location: /^\/teams$/, writes: false }, 200), {
      prepare: async () => ({ email: `signup-${Math.random().toString(36).slice(2)}@example.com` }),
    }),
  ],
  signout: [
    web("GET (signing out needs a POST)", () => get("/signout"), everyone(302)),
    web("POST this session", () => post("/signout", {}), signedIn({ status: 302, location: /^\/signin$/, writes: true }, { status: 302, location: /^\/signin$/ }), { freshSession: true }),
    web("POST every session", () => post("/signout", { scope: "all" }), signedIn({ status: 302, location: /^\/signin$/, writes: true }, { status: 302, location: /^\/signin$/ }), { freshSession: true, endsEverySession: true }),
  ],
  "teams._index": [web("GET (one team each: straight to it)", () => get("/teams"), signedIn(302)), noAction(() => "/teams?index")],
  "teams.new": [
    web("GET", () => get("/teams/new"), signedIn(200)),
    web("POST create a team", () => post("/teams/new", { name: "Side project" }), signedIn(302)),
  ],
  "invite.$token": [
    web("GET valid link", ({ w }) => get(`/invite/${w.invite.valid.token}`), { ...team("VIEWER", 302), anonymous: 200, outsider: 200 }, { reveals: true }),
    web("GET revoked link", ({ w }) => get(`/invite/${w.invite.revoked.token}`), { ...team("VIEWER", 302), anonymous: 410, outsider: 410 }),
    web("GET expired link", ({ w }) => get(`/invite/${w.invite.expired.token}`), { ...team("VIEWER", 302), anonymous: 410, outsider: 410 }),
    web("GET used link", ({ w }) => get(`/invite/${w.invite.used.token}`), { ...team("VIEWER", 302), anonymous: 410, outsider: 410 }),
    web("GET wrong token", () => get("/invite/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), everyone(404)),
    web("POST accept valid link", ({ w, v: vars }) => post(`/invite/${vars.token ?? w.invite.valid.token}`, { intent: "accept" }), { ...team("VIEWER", 302), anonymous: "signin", outsider: 302 }, {
      reveals: true,
      prepare: async (w) => ({ token: (await fresh.invite(w)).token }),
      restore: async (w, who) => {
        if (who && !Object.values(w.people).some((p) => p.id === who.id)) await removeMembership(w, who);
      },
      last: true,
    }),
    web("POST accept revoked link", ({ w }) => post(`/invite/${w.invite.revoked.token}`, { intent: "accept" }), { ...team("VIEWER", ALREADY_MEMBER), anonymous: "signin", outsider: 400 }),
    web("POST accept wrong token", () => post("/invite/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", { intent: "accept" }), { ...everyone(404), anonymous: "signin" }),
    // A link shared by hand: the new account confirms its address first ("check your email").
    // (The team's own members are sent on to the team by the page's loader, after the action ran.)
    web("POST sign up with valid link", ({ w, v: vars }) => post(`/invite/${vars.token ?? w.invite.valid.token}`, { intent: "signup", name: "Invited Person", email: vars.email ?? "invited@example.com", password: "a long passphrase" }), { ...team("VIEWER", { status: 302, location: /^\/t\/[^/]+$/, writes: true }), anonymous: 200, outsider: 200 }, {
      reveals: true,
      prepare: async (w) => ({ token: (await fresh.invite(w)).token, email: `invited-${Math.random().toString(36).slice(2)}@example.com` }),
    }),
    web("POST sign up with revoked link", ({ w }) => post(`/invite/${w.invite.revoked.token}`, { intent: "signup", name: "Invited Person", email: "invited-revoked@example.com", password: "a long passphrase" }), { ...team("VIEWER", ALREADY_MEMBER), anonymous: 400, outsider: 400 }),
  ],
  "share.$token": [
    web("GET valid link", ({ w }) => get(`/share/${w.share.valid.token}`), everyone(200), { reveals: true }),
    web("GET revoked link", ({ w }) => get(`/share/${w.share.revoked.token}`), everyone(404)),
    web("GET expired link", ({ w }) => get(`/share/${w.share.expired.token}`), everyone(404)),
    web("GET wrong token", () => get("/share/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), everyone(404)),
    noAction(({ w }) => `/share/${w.share.valid.token}`),
  ],

  // ------------------------------------------------------------------------------ team pages
  "t.$team": [web("GET (layout)", ({ w }) => get(w.base), team("VIEWER"))],
  "t.$team.$": [
    web("GET an unknown page in the team", ({ w }) => get(`${w.base}/no/such/page`), team("VIEWER", 404)),
    noAction(({ w }) => `${w.base}/no/such/page`),
  ],
  "t.$team._index": [web("GET dashboard", ({ w }) => get(w.base), team("VIEWER")), noAction(({ w }) => `${w.base}?index`)],
  "t.$team.activity": [web("GET", ({ w }) => get(`${w.base}/activity`), team("VIEWER")), noAction(({ w }) => `${w.base}/activity`)],
  "t.$team.search": [web("GET", ({ w }) => get(`${w.base}/search?q=pricing`), team("VIEWER")), noAction(({ w }) => `${w.base}/search`)],
  // Everyone has an inbox of their own: each allowed write acts on an entry made for the caller.
  "t.$team.inbox": [
    web("GET", ({ w }) => get(`${w.base}/inbox`), team("VIEWER")),
    web("GET unread, older", ({ w }) => get(`${w.base}/inbox?unread=1&before=${w.inboxEntry.id}`), team("VIEWER")),
    web("POST intent=read", ({ w, v: vars }) => post(`${w.base}/inbox`, { intent: "read", id: vars.id ?? w.inboxEntry.id }), team("VIEWER", 302), { prepare: ownInboxEntry }),
    web("POST intent=unread", ({ w, v: vars }) => post(`${w.base}/inbox?unread=1`, { intent: "unread", id: vars.id ?? w.inboxEntry.id }), team("VIEWER", 302), { prepare: ownInboxEntry }),
    web("POST intent=read-all", ({ w }) => post(`${w.base}/inbox`, { intent: "read-all" }), team("VIEWER", 302)),
    web("POST intent=open", ({ w, v: vars }) => post(`${w.base}/inbox`, { intent: "open", id: vars.id ?? w.inboxEntry.id }), team("VIEWER", { status: 302, location: /^\/t\/[^/]+\/hypotheses\/H-\d+#comments$/ }), { prepare: ownInboxEntry }),
    // The member's entry: only the member may mark or open it.
    web("POST intent=read of the member's entry", ({ w }) => post(`${w.base}/inbox`, { intent: "read", id: w.inboxEntry.id }), team("VIEWER", 404, { member: 302 })),
    web("POST intent=open of the member's entry", ({ w }) => post(`${w.base}/inbox`, { intent: "open", id: w.inboxEntry.id }), team("VIEWER", 404, { member: { status: 302, location: /^\/t\/[^/]+\/hypotheses\/H-\d+#comments$/ } })),
  ],

  "t.$team.hypotheses._index": [
    web("GET", ({ w }) => get(`${w.base}/hypotheses`), team("VIEWER")),
    web("GET filtered", ({ w }) => get(`${w.base}/hypotheses?product=${w.product.id}&status=UNTESTED&sort=newest`), team("VIEWER")),
    noAction(({ w }) => `${w.base}/hypotheses?index`),
  ],
  "t.$team.hypotheses.map": [web("GET", ({ w }) => get(`${w.base}/hypotheses/map`), team("VIEWER")), noAction(({ w }) => `${w.base}/hypotheses/map`)],
  "t.$team.hypotheses.new": [
    web("GET", ({ w }) => get(`${w.base}/hypotheses/new`), team("MEMBER")),
    web("POST create", ({ w }) => post(`${w.base}/hypotheses/new`, hypothesisFields(w.product.id, w.people.member.id)), team("MEMBER", 302)),
  ],
  "t.$team.hypotheses.$key._index": [
    web("GET", ({ w }) => get(`${w.base}/hypotheses/${w.h1.key}`), team("VIEWER")),
    web("POST intent=comment", ({ w }) => post(`${w.base}/hypotheses/${w.h1.key}?index`, { intent: "comment", body: "A thought on this belief." }), team("MEMBER", 302)),
    web("POST intent=override", ({ w, v: vars }) => post(`${w.base}/hypotheses/${vars.key ?? w.h1.key}?index`, { intent: "override", status: "VALIDATED", reason: "The interviews were unanimous.", version: vars.version ?? String(w.h1.version) }), team("MEMBER", 302), {
      prepare: async (w) => versioned(await fresh.hypothesis(w)),
    }),
    web("POST intent=trash", ({ w, v: vars }) => post(`${w.base}/hypotheses/${vars.key ?? w.h1.key}?index`, { intent: "trash" }), team("MEMBER", 302), {
      prepare: async (w) => ({ key: (await fresh.hypothesis(w)).key }),
    }),
    // Watching changes nothing but one's own inbox: viewers may.
    web("POST intent=watch", ({ w }) => post(`${w.base}/hypotheses/${w.h1.key}?index`, { intent: "watch", watching: "true" }), team("VIEWER", 302)),
    web("POST intent=watch (stop)", ({ w }) => post(`${w.base}/hypotheses/${w.h1.key}?index`, { intent: "watch", watching: "false" }), team("VIEWER", 302)),
  ],
  "t.$team.hypotheses.$key.edit": [
    web("GET", ({ w }) => get(`${w.base}/hypotheses/${w.h1.key}/edit`), team("MEMBER")),
    web("POST save", ({ w, v: vars }) => post(`${w.base}/hypotheses/${vars.key ?? w.h1.key}/edit`, { ...hypothesisFields(w.product.id), version: vars.version ?? String(w.h1.version) }), team("MEMBER", 302), {
      prepare: async (w) => versioned(await fresh.hypothesis(w)),
    }),
  ],

  "t.$team.experiments._index": [
    web("GET", ({ w }) => get(`${w.base}/experiments`), team("VIEWER")),
    web("GET filtered", ({ w }) => get(`${w.base}/experiments?status=RUNNING`), team("VIEWER")),
    noAction(({ w }) => `${w.base}/experiments?index`),
  ],
  "t.$team.learnings._index": [
    web("GET", ({ w }) => get(`${w.base}/learnings`), team("VIEWER")),
    web("GET filtered", ({ w }) => get(`${w.base}/learnings?outcome=INVALIDATED&decision=CHANGED&category=DESIRABILITY&product=${w.product.id}&period=2026-Q1`), team("VIEWER")),
    web("GET older cards", ({ w }) => get(`${w.base}/learnings?before=2026-01-01T00:00:00.000Z_zzzz`), team("VIEWER")),
    noAction(({ w }) => `${w.base}/learnings?index`),
  ],
  "t.$team.experiments.new": [
    web("GET", ({ w }) => get(`${w.base}/experiments/new?hypothesis=${w.h1.key}&retest=${w.running.key}`), team("MEMBER")),
    web("GET from a team template", ({ w }) => get(`${w.base}/experiments/new?hypothesis=${w.h1.key}&template=${w.template.id}`), team("MEMBER")),
    web("GET from a built-in template", ({ w }) => get(`${w.base}/experiments/new?template=builtin-fake-door`), team("MEMBER")),
    web("GET from a trashed template", ({ w }) => get(`${w.base}/experiments/new?template=${w.trashedTemplate.id}`), team("MEMBER", 404)),
    web("POST create", ({ w }) => post(`${w.base}/experiments/new`, experimentFields(w.h1.id, w.today)), team("MEMBER", 302)),
  ],
  "t.$team.experiments.$key._index": [
    web("GET", ({ w }) => get(`${w.base}/experiments/${w.running.key}`), team("VIEWER")),
    web("POST intent=start", ({ w, v: vars }) => post(`${w.base}/experiments/${vars.key ?? w.draft.key}?index`, { intent: "start", version: vars.version ?? String(w.draft.version) }), team("MEMBER", 302), {
      prepare: async (w) => versioned(await fresh.draft(w)),
    }),
    web("POST intent=observe", ({ w }) => post(`${w.base}/experiments/${w.running.key}?index`, { intent: "observe", observedOn: w.running.startsOn, successes: "3", trials: "10", strength: "2" }), team("MEMBER", 302)),
    web("POST intent=trash-observation", ({ w, v: vars }) => post(`${w.base}/experiments/${w.running.key}?index`, { intent: "trash-observation", observationId: vars.id ?? w.observation.id }), team("MEMBER", 302), {
      prepare: async (w) => ({ id: (await fresh.observation(w)).id }),
    }),
    web("POST intent=extend", ({ w, v: vars }) => post(`${w.base}/experiments/${vars.key ?? w.running.key}?index`, { intent: "extend", endsOn: addDays(w.today, 30), reason: "Traffic was slow.", version: vars.version ?? String(w.running.version) }), team("MEMBER", 302), {
      prepare: async (w) => versioned(await fresh.running(w)),
    }),
    web("POST intent=abandon", ({ w, v: vars }) => post(`${w.base}/experiments/${vars.key ?? w.running.key}?index`, { intent: "abandon", reason: "The page broke.", version: vars.version ?? String(w.running.version) }), team("MEMBER", 302), {
      prepare: async (w) => versioned(await fresh.running(w)),
    }),
    web("POST intent=comment", ({ w }) => post(`${w.base}/experiments/${w.running.key}?index`, { intent: "comment", body: "Looks promising." }), team("MEMBER", 302)),
    web("POST intent=watch", ({ w }) => post(`${w.base}/experiments/${w.running.key}?index`, { intent: "watch", watching: "true" }), team("VIEWER", 302)),
    web("POST intent=watch (stop)", ({ w }) => post(`${w.base}/experiments/${w.running.key}?index`, { intent: "watch", watching: "false" }), team("VIEWER", 302)),
    web("POST intent=trash", ({ w, v: vars }) => post(`${w.base}/experiments/${vars.key ?? w.running.key}?index`, { intent: "trash" }), team("MEMBER", 302), {
      prepare: async (w) => versioned(await fresh.running(w)),
    }),
    web("POST intent=save-template", ({ w, v: vars }) => post(`${w.base}/experiments/${w.running.key}?index`, { intent: "save-template", name: vars.name ?? "A saved design" }), team("MEMBER", 302), {
      prepare: async () => ({ name: `Design ${Math.random().toString(36).slice(2, 8)}` }),
    }),
  ],
  "t.$team.experiments.templates": [
    web("GET", ({ w }) => get(`${w.base}/experiments/templates?saved=${w.template.id}`), team("VIEWER")),
    web("POST intent=rename", ({ w, v: vars }) => post(`${w.base}/experiments/templates`, { intent: "rename", id: vars.id ?? w.template.id, version: vars.version ?? String(w.template.version), name: `Renamed ${Math.random().toString(36).slice(2, 8)}` }), team("MEMBER", 302), {
      prepare: async (w) => versioned(await fresh.template(w)),
    }),
    web("POST intent=trash", ({ w, v: vars }) => post(`${w.base}/experiments/templates`, { intent: "trash", id: vars.id ?? w.template.id }), team("MEMBER", 302), {
      prepare: async (w) => ({ id: (await fresh.template(w)).id }),
    }),
  ],
  "t.$team.experiments.$key.conclude": [
    web("GET", ({ w }) => get(`${w.base}/experiments/${w.running.key}/conclude`), team("MEMBER")),
    web("POST conclude", ({ w, v: vars }) => post(`${w.base}/experiments/${vars.key ?? w.running.key}/conclude`, { observed: "10 of 60 clicked.", learned: "People want it.", nextSteps: "Build it next.", decision: "PERSEVERE", version: vars.version ?? String(w.running.version) }), team("MEMBER", 302), {
      prepare: async (w) => versioned(await fresh.running(w)),
    }),
  ],
  "t.$team.experiments.$key.edit": [
    web("GET", ({ w }) => get(`${w.base}/experiments/${w.running.key}/edit`), team("MEMBER")),
    web("POST save", ({ w, v: vars }) => post(`${w.base}/experiments/${vars.key ?? w.draft.key}/edit`, { ...experimentFields(w.h2.id, w.today), version: vars.version ?? String(w.draft.version), reason: "" }), team("MEMBER", 302), {
      prepare: async (w) => versioned(await fresh.draft(w)),
    }),
  ],
  "t.$team.experiments.$key.import": [
    web("GET", ({ w }) => get(`${w.base}/experiments/${w.running.key}/import`), team("MEMBER")),
    web("POST preview a CSV", ({ w }) => ({ method: "POST", path: `${w.base}/experiments/${w.running.key}/import`, upload: csvUpload(`observed_on,successes,trials\n${w.running.startsOn},7,70\n`) }), team("MEMBER", 200)),
    web("POST confirm a CSV", ({ w }) => ({ method: "POST", path: `${w.base}/experiments/${w.running.key}/import`, upload: csvUpload(`observed_on,successes,trials\n${w.running.startsOn},9,90\n`, { intent: "confirm" }) }), team("MEMBER", 302)),
  ],

  "t.$team.gate._index": [web("GET (two products: the list)", ({ w }) => get(`${w.base}/gate`), team("VIEWER")), noAction(({ w }) => `${w.base}/gate?index`)],
  "t.$team.gate.$product._index": [
    web("GET", ({ w }) => get(`${w.base}/gate/${w.product.id}`), team("VIEWER")),
    web("POST intent=add-signal", ({ w }) => post(`${w.base}/gate/${w.product.id}?index`, { intent: "add-signal", name: "Weekly actives", unit: "", direction: "UP", description: "" }), team("MEMBER", 302)),
    web("POST intent=record-point", ({ w }) => post(`${w.base}/gate/${w.product.id}?index`, { intent: "record-point", signalId: w.signal.id, date: addDays(w.today, -1), value: "52" }), team("MEMBER", 302)),
    web("POST intent=add-criterion", ({ w }) => post(`${w.base}/gate/${w.product.id}?index`, { intent: "add-criterion", kind: "HYPOTHESIS_VALIDATED", hypothesisId: w.h1.id }), team("MEMBER", 302)),
    web("POST intent=remove-criterion", ({ w, v: vars }) => post(`${w.base}/gate/${w.product.id}?index`, { intent: "remove-criterion", criterionId: vars.id ?? w.criterion.id }), team("MEMBER", 302), {
      prepare: async (w) => ({ id: (await fresh.criterion(w)).id }),
    }),
    // Admins and owners decide the gate and proposals; no one approves their own (ADR 017).
    web("POST intent=decide (hold)", ({ w }) => post(`${w.base}/gate/${w.product.id}?index`, { intent: "decide", action: "HOLD", rationale: "Not enough paying customers yet." }), team("ADMIN", 302)),
    web("POST intent=propose", ({ w }) => post(`${w.base}/gate/${w.product.id}?index`, { intent: "propose", title: "Split out notifications", description: "", signalId: w.signal.id, comparator: "GTE", threshold: "500", weeks: "2" }), team("MEMBER", 302)),
    web("POST intent=decide-proposal (reject)", ({ w, v: vars }) => post(`${w.base}/gate/${w.product.id}?index`, { intent: "decide-proposal", proposalId: vars.id ?? w.proposal.id, verdict: "REJECTED", note: "", version: vars.version ?? String(w.proposal.version) }), team("ADMIN", 302), {
      prepare: async (w) => versioned(await fresh.proposal(w)),
    }),
    web("POST intent=decide-proposal (approve a member's)", ({ w, v: vars }) => post(`${w.base}/gate/${w.product.id}?index`, { intent: "decide-proposal", proposalId: vars.id ?? w.proposal.id, verdict: "APPROVED", note: "", version: vars.version ?? String(w.proposal.version) }), team("ADMIN", 302), {
      prepare: async (w) => versioned(await fresh.proposal(w, "spare")),
    }),
    web("POST intent=decide-proposal (approve the owner's)", ({ w, v: vars }) => post(`${w.base}/gate/${w.product.id}?index`, { intent: "decide-proposal", proposalId: vars.id ?? w.proposal.id, verdict: "APPROVED", note: "", version: vars.version ?? String(w.proposal.version) }), team("ADMIN", 302, { owner: 403 }), {
      prepare: async (w) => versioned(await fresh.proposal(w, "owner")),
    }),
  ],
  "t.$team.gate.$product.import": [
    web("GET", ({ w }) => get(`${w.base}/gate/${w.product.id}/import`), team("MEMBER")),
    web("POST preview a CSV", ({ w }) => ({ method: "POST", path: `${w.base}/gate/${w.product.id}/import`, upload: csvUpload(`date,value\n${addDays(w.today, -2)},61\n`, { signalId: w.signal.id }) }), team("MEMBER", 200)),
    web("POST confirm a CSV", ({ w }) => ({ method: "POST", path: `${w.base}/gate/${w.product.id}/import`, upload: csvUpload(`date,value\n${addDays(w.today, -3)},63\n`, { signalId: w.signal.id, intent: "confirm" }) }), team("MEMBER", 302)),
  ],

  "t.$team.review._index": [
    web("GET", ({ w }) => get(`${w.base}/review`), team("VIEWER")),
    web("POST record", ({ w }) => post(`${w.base}/review?index`, { heldOn: w.today, attendees: "Everyone", notes: "", decisions: "" }), team("MEMBER", 302)),
    ...agendaDecisions((w) => `${w.base}/review?index`),
  ],
  "t.$team_.review.present": [web("GET", ({ w }) => get(`${w.base}/review/present?item=2`), team("VIEWER")), ...agendaDecisions((w) => `${w.base}/review/present?item=1`)],
  "t.$team.review.$id": [web("GET", ({ w }) => get(`${w.base}/review/${w.review.id}`), team("VIEWER")), noAction(({ w }) => `${w.base}/review/${w.review.id}`)],

  "t.$team.updates._index": [
    web("GET", ({ w }) => get(`${w.base}/updates`), team("VIEWER")),
    web("POST compose", ({ w }) => post(`${w.base}/updates?index`, { title: "Monthly update", periodStart: addDays(w.today, -30), periodEnd: w.today }), team("MEMBER", 302)),
  ],
  "t.$team.updates.$id._index": [
    web("GET", ({ w }) => get(`${w.base}/updates/${w.update.id}`), team("VIEWER")),
    web("POST intent=save", ({ w, v: vars }) => post(`${w.base}/updates/${vars.id ?? w.draftUpdate.id}?index`, { intent: "save", title: "Edited update", highlights: "Signed two pilots.", lowlights: "", asks: "", version: vars.version ?? String(w.draftUpdate.version) }), team("MEMBER", 302), {
      prepare: async (w) => versioned(await fresh.draftUpdate(w)),
    }),
    web("POST intent=publish", ({ w, v: vars }) => post(`${w.base}/updates/${vars.id ?? w.draftUpdate.id}?index`, { intent: "publish", version: vars.version ?? String(w.draftUpdate.version), confirm: "publish" }), team("MEMBER", 302), {
      prepare: async (w) => versioned(await fresh.draftUpdate(w)),
    }),
    web("POST intent=share", ({ w }) => post(`${w.base}/updates/${w.update.id}?index`, { intent: "share", days: "14" }), team("MEMBER", 200)),
    web("POST intent=follow-up", ({ w, v: vars }) => post(`${w.base}/updates/${w.draftUpdate.id}?index`, { intent: "follow-up", updateId: w.update.id, position: "0", status: "DONE", helpedBy: "Olivia Hart", version: vars.version ?? "1" }), team("MEMBER", 302), {
      prepare: async (w) => ({ version: String((await db.updateAsk.findUnique({ where: { updateId_position: { updateId: w.update.id, position: 0 } }, select: { version: true } }))?.version ?? 1) }),
    }),
    web("POST intent=send", ({ w }) => post(`${w.base}/updates/${w.update.id}?index`, { intent: "send", groups: "PROSPECT" }), team("ADMIN", 200), {
      prepare: async (w) => fresh.investor(w),
    }),
    web("POST intent=revoke", ({ w, v: vars }) => post(`${w.base}/updates/${w.update.id}?index`, { intent: "revoke", linkId: vars.id ?? w.share.spare.id }), team("MEMBER", 302), {
      prepare: async (w) => ({ id: (await fresh.shareLink(w)).id }),
    }),
  ],
  "t.$team.updates.investors": [
    web("GET", ({ w }) => get(`${w.base}/updates/investors`), team("ADMIN")),
    web("POST intent=add", ({ w, v: vars }) => post(`${w.base}/updates/investors`, { intent: "add", name: "New Backer", email: vars.email ?? "backer@example.com", group: "PROSPECT" }), team("ADMIN", 302), {
      prepare: async () => ({ email: `backer-${Math.random().toString(36).slice(2)}@example.com` }),
    }),
    web("POST intent=regroup", ({ w, v: vars }) => post(`${w.base}/updates/investors`, { intent: "regroup", investorId: vars.id ?? w.personal.investorId, group: "ADVISOR" }), team("ADMIN", 302), {
      prepare: async (w) => fresh.investor(w),
    }),
    web("POST intent=remove", ({ w, v: vars }) => post(`${w.base}/updates/investors`, { intent: "remove", investorId: vars.id ?? w.personal.investorId }), team("ADMIN", 302), {
      prepare: async (w) => fresh.investor(w),
    }),
  ],
  "t.$team.updates.$id.markdown": [web("GET", ({ w }) => get(`${w.base}/updates/${w.update.id}/markdown`), team("VIEWER")), noAction(({ w }) => `${w.base}/updates/${w.update.id}/markdown`)],
  "t.$team_.updates.$id.preview": [web("GET (a draft)", ({ w }) => get(`${w.base}/updates/${w.draftUpdate.id}/preview`), team("VIEWER")), noAction(({ w }) => `${w.base}/updates/${w.draftUpdate.id}/preview`)],
  "t.$team_.updates.$id.print": [web("GET", ({ w }) => get(`${w.base}/updates/${w.update.id}/print`), team("VIEWER")), noAction(({ w }) => `${w.base}/updates/${w.update.id}/print`)],

  "t.$team.export[.json]": [web("GET", ({ w }) => get(`${w.base}/export.json`), team("VIEWER")), noAction(({ w }) => `${w.base}/export.json`)],
  "t.$team.export.hypotheses[.csv]": [web("GET", ({ w }) => get(`${w.base}/export/hypotheses.csv`), team("VIEWER"))],
  "t.$team.export.experiments[.csv]": [web("GET", ({ w }) => get(`${w.base}/export/experiments.csv`), team("VIEWER"))],
  "t.$team.export.observations[.csv]": [
    web("GET all", ({ w }) => get(`${w.base}/export/observations.csv`), team("VIEWER")),
    web("GET one experiment", ({ w }) => get(`${w.base}/export/observations.csv?experiment=${w.running.key}`), team("VIEWER")),
  ],

  "t.$team.settings": [web("GET (layout)", ({ w }) => get(`${w.base}/settings`), team("VIEWER"))],
  "t.$team.settings._index": [
    web("GET", ({ w }) => get(`${w.base}/settings`), team("VIEWER")),
    web("POST intent=rename", ({ w, v: vars }) => post(`${w.base}/settings?index`, { intent: "rename", name: w.team.name, version: vars.version ?? String(w.team.version) }), team("ADMIN", 302), {
      prepare: async (w) => ({ version: String((await fresh.teamVersion(w)).version) }),
    }),
    web("POST intent=review-schedule", ({ w }) => post(`${w.base}/settings?index`, { intent: "review-schedule", weekday: "1", time: "10:00", timeZone: "Europe/London" }), team("ADMIN", 302)),
    web("POST intent=clear-review-schedule", ({ w }) => post(`${w.base}/settings?index`, { intent: "clear-review-schedule" }), team("ADMIN", 302)),
    web("POST intent=update-cadence", ({ w }) => post(`${w.base}/settings?index`, { intent: "update-cadence", months: "1" }), team("ADMIN", 302)),
    web("POST intent=leave", ({ w }) => post(`${w.base}/settings?index`, { intent: "leave" }), team("VIEWER", 302, { owner: 400 }), {
      restore: async (w, who) => {
        if (who?.role) await restoreMembership(w, who);
      },
    }),
  ],
  "t.$team.settings.members": [
    web("GET", ({ w }) => get(`${w.base}/settings/members`), team("VIEWER")),
    web("POST intent=invite (member)", ({ w }) => post(`${w.base}/settings/members`, { intent: "invite", role: "MEMBER" }), team("ADMIN", 200)),
    web("POST intent=invite (owner)", ({ w }) => post(`${w.base}/settings/members`, { intent: "invite", role: "OWNER" }), team("OWNER", 200)),
    web("POST intent=revoke-invite", ({ w, v: vars }) => post(`${w.base}/settings/members`, { intent: "revoke-invite", inviteId: vars.id ?? w.invite.spare.id }), team("ADMIN", 302), {
      prepare: async (w) => ({ id: (await fresh.invite(w)).id }),
    }),
    web("POST intent=change-role", ({ w, v: vars }) => post(`${w.base}/settings/members`, { intent: "change-role", userId: vars.id ?? w.people.spare.id, role: "VIEWER" }), team("ADMIN", 302), {
      prepare: async (w) => ({ id: (await fresh.member(w)).id }),
    }),
    web("POST intent=change-role of the owner", ({ w }) => post(`${w.base}/settings/members`, { intent: "change-role", userId: w.people.owner.id, role: "ADMIN" }), team("ADMIN", 403, { owner: 400 })),
    web("POST intent=remove", ({ w, v: vars }) => post(`${w.base}/settings/members`, { intent: "remove", userId: vars.id ?? w.people.spare.id }), team("ADMIN", 302), {
      prepare: async (w) => ({ id: (await fresh.member(w)).id }),
    }),
    web("POST intent=remove the owner", ({ w }) => post(`${w.base}/settings/members`, { intent: "remove", userId: w.people.owner.id }), team("ADMIN", 403, { owner: 400 })),
  ],
  "t.$team.settings.products": [
    web("GET", ({ w }) => get(`${w.base}/settings/products`), team("VIEWER")),
    web("POST intent=create", ({ w, v: vars }) => post(`${w.base}/settings/products`, { intent: "create", name: vars.name ?? "Expense reports", description: "" }), team("MEMBER", 302), { prepare: freshName }),
    web("POST intent=update", ({ w, v: vars }) => post(`${w.base}/settings/products`, { intent: "update", id: vars.id ?? w.product2.id, name: "Renamed product", description: "", version: vars.version ?? String(w.product2.version) }), team("MEMBER", 302), {
      prepare: async (w) => versioned(await fresh.product(w)),
    }),
  ],
  "t.$team.settings.tokens": [
    web("GET", ({ w }) => get(`${w.base}/settings/tokens`), team("ADMIN")),
    web("POST intent=create", ({ w }) => post(`${w.base}/settings/tokens`, { intent: "create", name: "Stripe sync", role: "MEMBER" }), team("ADMIN", 200)),
    web("POST intent=revoke", ({ w, v: vars }) => post(`${w.base}/settings/tokens`, { intent: "revoke", tokenId: vars.id ?? w.tokens.spare.id }), team("ADMIN", 302), {
      prepare: async (w) => ({ id: (await fresh.token(w)).id }),
    }),
  ],
  "t.$team.settings.webhooks._index": [
    web("GET", ({ w }) => get(`${w.base}/settings/webhooks?added=${w.webhook.id}&removed=1`), team("ADMIN")),
    web("POST intent=create", ({ w }) => post(`${w.base}/settings/webhooks?index`, { intent: "create", url: "https://93.184.216.34/hook", description: "Alerts", format: "STANDARD", events: "experiment.started" }), team("ADMIN", 302)),
  ],
  "t.$team.settings.webhooks.$id": [
    web("GET (with its secret shown)", ({ w }) => get(`${w.base}/settings/webhooks/${w.webhook.id}?secret=show`), team("ADMIN")),
    ...(["update", "disable", "enable", "rotate"] as const).map((intent) =>
      web(
        `POST intent=${intent}`,
        ({ w, v: vars }) =>
          post(`${w.base}/settings/webhooks/${vars.id ?? w.webhook.id}`, {
            intent,
            version: vars.version ?? String(w.webhook.version),
            ...(intent === "update" ? { url: "https://93.184.216.34/changed", description: "Changed", format: "SLACK", events: "gate.ready" } : {}),
          }),
        team("ADMIN", 302),
        { prepare: async (w) => versioned(await fresh.webhook(w)) },
      ),
    ),
    web("POST intent=delete", ({ w, v: vars }) => post(`${w.base}/settings/webhooks/${vars.id ?? w.webhook.id}`, { intent: "delete" }), team("ADMIN", 302), {
      prepare: async (w) => ({ id: (await fresh.webhook(w)).id }),
    }),
    web("POST intent=test", ({ w, v: vars }) => post(`${w.base}/settings/webhooks/${vars.id ?? w.webhook.id}`, { intent: "test" }), team("ADMIN", 302), {
      prepare: async (w) => ({ id: await fresh.webhookReadyForTest(w) }),
    }),
    web("POST intent=retry", ({ w, v: vars }) => post(`${w.base}/settings/webhooks/${w.webhook.id}`, { intent: "retry", deliveryId: vars.id ?? w.webhook.failedDelivery }), team("ADMIN", 302), {
      prepare: async (w) => ({ id: await fresh.failedWebhookDelivery(w) }),
    }),
  ],
  "t.$team.settings.trash": [
    web("GET", ({ w }) => get(`${w.base}/settings/trash`), team("VIEWER")),
    web("POST restore a hypothesis", ({ w, v: vars }) => post(`${w.base}/settings/trash`, { kind: "hypothesis", id: vars.id ?? w.trashedHypothesis.id }), team("MEMBER", 302), {
      prepare: async (w) => ({ id: (await fresh.trashedHypothesis(w)).id }),
    }),
    web("POST restore a template", ({ w, v: vars }) => post(`${w.base}/settings/trash`, { kind: "template", id: vars.id ?? w.trashedTemplate.id }), team("MEMBER", 302), {
      prepare: async (w) => ({ id: (await fresh.trashedTemplate(w)).id }),
    }),
    web("POST restore an observation", ({ w, v: vars }) => post(`${w.base}/settings/trash`, { kind: "observation", id: vars.id ?? w.trashedObservation.id }), team("MEMBER", 302), {
      prepare: async (w) => {
        const observation = await fresh.observation(w);
        await trashObservation(w, observation.id);
        return { id: observation.id };
      },
    }),
  ],
  "t.$team.settings.data": [
    web("GET", ({ w }) => get(`${w.base}/settings/data`), team("VIEWER")),
    web("POST import an export as a new team", ({ w }) => ({ method: "POST", path: `${w.base}/settings/data`, upload: { fields: { name: "Imported copy" }, file: { name: "export.json", type: "application/json", content: w.exportDocument } } }), team("ADMIN", 302)),
  ],

  // -------------------------------------------------------------------------------------- API
  "api.v1.$": [
    apiSpec("GET an unknown endpoint", () => get("/api/v1/no/such/thing"), apiEveryone(404)),
    apiSpec("POST an unknown endpoint", () => ({ method: "POST", path: "/api/v1/no/such/thing", json: {} }), apiEveryone(404)),
  ],
  "api.v1.openapi[.json]": [apiSpec("GET (public)", () => get("/api/v1/openapi.json"), apiEveryone(200))],
  "api.v1.products": [
    apiSpec("GET list", () => get("/api/v1/products"), api("read", 200, 200)),
    apiSpec("POST create", ({ v: vars }) => ({ method: "POST", path: "/api/v1/products", json: { name: vars.name ?? "Expense reports" } }), api("write", 201, 201), { prepare: freshName }),
  ],
  "api.v1.products.$id": [
    apiSpec("GET", ({ w }) => get(`/api/v1/products/${w.product.id}`), api("read", 200)),
    apiSpec("PATCH", ({ w }) => ({ method: "PATCH", path: `/api/v1/products/${w.product.id}`, json: { description: "Updated through the API" } }), api("write", 200)),
    apiSpec("POST (not allowed)", ({ w }) => ({ method: "POST", path: `/api/v1/products/${w.product.id}`, json: {} }), apiEveryone(405)),
  ],
  "api.v1.products.$id.gate": [apiSpec("GET", ({ w }) => get(`/api/v1/products/${w.product.id}/gate`), api("read", 200))],
  "api.v1.hypotheses": [
    apiSpec("GET list", () => get("/api/v1/hypotheses"), api("read", 200, 200)),
    apiSpec("POST create (this team's product)", ({ w }) => ({ method: "POST", path: "/api/v1/hypotheses", json: { productId: w.product.id, statement: "Teams will pay for a shared gate view.", category: "viability", importance: 3 } }), api("write", 201, 400)),
  ],
  "api.v1.hypotheses.$id": [
    apiSpec("GET", ({ w }) => get(`/api/v1/hypotheses/${w.h1.id}`), api("read", 200)),
    apiSpec("PATCH", ({ w }) => ({ method: "PATCH", path: `/api/v1/hypotheses/${w.h1.id}`, json: { segment: "agencies" } }), api("write", 200)),
    apiSpec("DELETE", ({ w, v: vars }) => ({ method: "DELETE", path: `/api/v1/hypotheses/${vars.id ?? w.h2.id}` }), api("write", 204), {
      prepare: async (w) => ({ id: (await fresh.hypothesis(w)).id }),
    }),
    apiSpec("POST (not allowed)", ({ w }) => ({ method: "POST", path: `/api/v1/hypotheses/${w.h1.id}`, json: {} }), apiEveryone(405)),
  ],
  "api.v1.experiments": [
    apiSpec("GET list", () => get("/api/v1/experiments"), api("read", 200, 200)),
    apiSpec("POST create (this team's hypothesis)", ({ w }) => ({ method: "POST", path: "/api/v1/experiments", json: { hypothesisId: w.h1.id, title: "Pricing page", method: "landing_page", metric: { name: "Sign-ups", kind: "count" }, criterion: { comparator: "gte", target: 20 }, startsOn: w.today } }), api("write", 201, 400)),
  ],
  "api.v1.experiments.$id": [
    apiSpec("GET", ({ w }) => get(`/api/v1/experiments/${w.running.id}`), api("read", 200)),
    apiSpec("PATCH", ({ w, v: vars }) => ({ method: "PATCH", path: `/api/v1/experiments/${vars.id ?? w.draft.id}`, json: { title: "Renamed through the API" } }), api("write", 200), {
      prepare: async (w) => ({ id: (await fresh.draft(w)).id }),
    }),
    apiSpec("DELETE", ({ w, v: vars }) => ({ method: "DELETE", path: `/api/v1/experiments/${vars.id ?? w.running.id}` }), api("write", 204), {
      prepare: async (w) => ({ id: (await fresh.running(w)).id }),
    }),
    apiSpec("POST (not allowed)", ({ w }) => ({ method: "POST", path: `/api/v1/experiments/${w.running.id}`, json: {} }), apiEveryone(405)),
  ],
  "api.v1.experiments.$id.start": [
    apiSpec("GET (not allowed)", ({ w }) => get(`/api/v1/experiments/${w.draft.id}/start`), apiEveryone(405)),
    apiSpec("POST", ({ w, v: vars }) => ({ method: "POST", path: `/api/v1/experiments/${vars.id ?? w.draft.id}/start`, json: {} }), api("write", 200), {
      prepare: async (w) => ({ id: (await fresh.draft(w)).id }),
    }),
  ],
  "api.v1.experiments.$id.conclude": [
    apiSpec("GET (not allowed)", ({ w }) => get(`/api/v1/experiments/${w.running.id}/conclude`), apiEveryone(405)),
    apiSpec("POST", ({ w, v: vars }) => ({ method: "POST", path: `/api/v1/experiments/${vars.id ?? w.running.id}/conclude`, json: { observed: "10 of 60 clicked.", learned: "People want it.", nextSteps: "Build it next.", decision: "persevere" } }), api("write", 200), {
      prepare: async (w) => ({ id: (await fresh.running(w)).id }),
    }),
  ],
  "api.v1.experiments.$id.observations": [
    apiSpec("GET list", ({ w }) => get(`/api/v1/experiments/${w.running.id}/observations`), api("read", 200)),
    apiSpec("POST add", ({ w }) => ({ method: "POST", path: `/api/v1/experiments/${w.running.id}/observations`, json: { observedOn: w.running.startsOn, successes: 2, trials: 20 } }), api("write", 201)),
  ],
  "api.v1.signals": [
    apiSpec("GET list", () => get("/api/v1/signals"), api("read", 200, 200)),
    apiSpec("POST create (this team's product)", ({ w }) => ({ method: "POST", path: "/api/v1/signals", json: { productId: w.product.id, name: "MRR", unit: "$", direction: "up" } }), api("write", 201, 400)),
  ],
  "api.v1.signals.$id.points": [
    apiSpec("GET (not allowed)", ({ w }) => get(`/api/v1/signals/${w.signal.id}/points`), apiEveryone(405)),
    apiSpec("POST", ({ w }) => ({ method: "POST", path: `/api/v1/signals/${w.signal.id}/points`, json: { date: addDays(w.today, -4), value: 55 } }), api("write", 201)),
  ],
  "api.v1.export": [
    apiSpec("GET (the token's own team)", () => get("/api/v1/export"), api("read", 200, 200)),
    apiSpec("POST (no action)", () => ({ method: "POST", path: "/api/v1/export", json: {} }), apiEveryone(405)),
  ],
  "api.v1.search": [
    apiSpec("GET (the token's own team)", () => get("/api/v1/search?q=pricing"), api("read", 200, 200)),
    apiSpec("POST (no action)", () => ({ method: "POST", path: "/api/v1/search", json: {} }), apiEveryone(405)),
  ],
};

/**
 * Cross-team references: the other team's owner (or token) acting on their own team's routes,
 * but naming this team's rows in the form or body. Every one must be refused and change nothing;
 * reads must come back without this team's rows.
 */
export type CrossTeamSpec = { route: string; label: string; kind: "web" | "api"; target: (ctx: Ctx) => Target; expect: Expect };

const x = (route: string, label: string, target: CrossTeamSpec["target"], expect: Expect, kind: "web" | "api" = "web"): CrossTeamSpec => ({ route, label, kind, target, expect });

// In these, `w` is the acting team (the other team's owner acts in their own team) and `other` the victim.
export const CROSS_TEAM: CrossTeamSpec[] = [
  x("t.$team.experiments.$key._index", "trash the victim's observation", ({ w, other }) => post(`${w.base}/experiments/${w.running.key}?index`, { intent: "trash-observation", observationId: other.observation.id }), 404),
  x("t.$team.settings.trash", "restore the victim's trashed hypothesis", ({ w, other }) => post(`${w.base}/settings/trash`, { kind: "hypothesis", id: other.trashedHypothesis.id }), 400),
  x("t.$team.settings.trash", "restore the victim's trashed observation", ({ w, other }) => post(`${w.base}/settings/trash`, { kind: "observation", id: other.trashedObservation.id }), 400),
  x("t.$team.gate.$product._index", "open the victim's product gate under one's own team", ({ w, other }) => get(`${w.base}/gate/${other.product.id}`), 404),
  x("t.$team.gate.$product._index", "post to the victim's product under one's own team", ({ w, other }) => post(`${w.base}/gate/${other.product.id}?index`, { intent: "add-signal", name: "Hijack", unit: "", direction: "UP", description: "" }), 404),
  x("t.$team.gate.$product._index", "record a point on the victim's signal", ({ w, other }) => post(`${w.base}/gate/${w.product.id}?index`, { intent: "record-point", signalId: other.signal.id, date: w.today, value: "1" }), 404),
  x("t.$team.gate.$product._index", "add a criterion on the victim's signal", ({ w, other }) => post(`${w.base}/gate/${w.product.id}?index`, { intent: "add-criterion", kind: "SIGNAL_SUSTAINED", signalId: other.signal.id, comparator: "GTE", threshold: "1", weeks: "1" }), 400),
  x("t.$team.gate.$product._index", "add a criterion on the victim's hypothesis", ({ w, other }) => post(`${w.base}/gate/${w.product.id}?index`, { intent: "add-criterion", kind: "HYPOTHESIS_VALIDATED", hypothesisId: other.h1.id }), 400),
  x("t.$team.gate.$product._index", "remove the victim's criterion", ({ w, other }) => post(`${w.base}/gate/${w.product.id}?index`, { intent: "remove-criterion", criterionId: other.criterion.id }), 404),
  x("t.$team.gate.$product._index", "propose citing the victim's signal", ({ w, other }) => post(`${w.base}/gate/${w.product.id}?index`, { intent: "propose", title: "Borrowed evidence", description: "", signalId: other.signal.id, comparator: "GTE", threshold: "1", weeks: "1" }), 400),
  x("t.$team.gate.$product._index", "decide the victim's proposal", ({ w, other }) => post(`${w.base}/gate/${w.product.id}?index`, { intent: "decide-proposal", proposalId: other.proposal.id, verdict: "REJECTED", note: "", version: String(other.proposal.version) }), 404),
  x("t.$team.gate.$product.import", "import into the victim's signal", ({ w, other }) => ({ method: "POST", path: `${w.base}/gate/${w.product.id}/import`, upload: csvUpload(`date,value\n${w.today},1\n`, { signalId: other.signal.id, intent: "confirm" }) }), 400),
  x("t.$team.settings.members", "revoke the victim's invite", ({ w, other }) => post(`${w.base}/settings/members`, { intent: "revoke-invite", inviteId: other.invite.spare.id }), 404),
  x("t.$team.settings.members", "change the role of the victim's member", ({ w, other }) => post(`${w.base}/settings/members`, { intent: "change-role", userId: other.people.spare.id, role: "VIEWER" }), 404),
  x("t.$team.settings.members", "remove the victim's member", ({ w, other }) => post(`${w.base}/settings/members`, { intent: "remove", userId: other.people.spare.id }), 404),
  ...(["read", "unread", "open"] as const).map((intent) => x("t.$team.inbox", `${intent} the victim's inbox entry`, ({ w, other }) => post(`${w.base}/inbox`, { intent, id: other.inboxEntry.id }), 404)),
  x("t.$team.settings.tokens", "revoke the victim's token", ({ w, other }) => post(`${w.base}/settings/tokens`, { intent: "revoke", tokenId: other.tokens.spare.id }), 404),
  x("t.$team.settings.webhooks.$id", "open the victim's endpoint and its secret under one's own team", ({ w, other }) => get(`${w.base}/settings/webhooks/${other.webhook.id}?secret=show`), 404),
  x("t.$team.settings.webhooks.$id", "page the victim's delivery log from one's own endpoint", ({ w, other }) => get(`${w.base}/settings/webhooks/${w.webhook.id}?before=${other.webhook.failedDelivery}`), 200),
  x("t.$team.settings.webhooks._index", "name the victim's endpoint in one's own notice", ({ w, other }) => get(`${w.base}/settings/webhooks?added=${other.webhook.id}`), 200),
  ...(["update", "disable", "enable", "rotate"] as const).map((intent) =>
    x("t.$team.settings.webhooks.$id", `${intent} the victim's endpoint`, ({ w, other }) => post(`${w.base}/settings/webhooks/${other.webhook.id}`, { intent, version: String(other.webhook.version), ...(intent === "update" ? { url: "https://93.184.216.34/hijacked", description: "Hijacked", format: "STANDARD", events: "gate.ready" } : {}) }), 404),
  ),
  x("t.$team.settings.webhooks.$id", "remove the victim's endpoint", ({ w, other }) => post(`${w.base}/settings/webhooks/${other.webhook.id}`, { intent: "delete" }), 404),
  x("t.$team.settings.webhooks.$id", "send a test event to the victim's endpoint", ({ w, other }) => post(`${w.base}/settings/webhooks/${other.webhook.id}`, { intent: "test" }), 404),
  x("t.$team.settings.webhooks.$id", "send the victim's failed delivery again from one's own endpoint", ({ w, other }) => post(`${w.base}/settings/webhooks/${w.webhook.id}`, { intent: "retry", deliveryId: other.webhook.failedDelivery }), 404),
  x("t.$team.settings.webhooks.$id", "send the victim's failed delivery again from the victim's endpoint", ({ w, other }) => post(`${w.base}/settings/webhooks/${other.webhook.id}`, { intent: "retry", deliveryId: other.webhook.failedDelivery }), 404),
  x("t.$team.settings.products", "update the victim's product", ({ w, other }) => post(`${w.base}/settings/products`, { intent: "update", id: other.product2.id, name: "Hijacked", description: "", version: String(other.product2.version) }), 400),
  x("t.$team.updates.$id._index", "open the victim's update under one's own team", ({ w, other }) => get(`${w.base}/updates/${other.update.id}`), 404),
  x("t.$team.updates.$id._index", "share the victim's update under one's own team", ({ w, other }) => post(`${w.base}/updates/${other.update.id}?index`, { intent: "share", days: "30" }), 404),
  x("t.$team.updates.$id._index", "revoke the victim's share link", ({ w, other }) => post(`${w.base}/updates/${w.update.id}?index`, { intent: "revoke", linkId: other.share.spare.id }), 404),
  x("t.$team.updates.$id._index", "follow up the victim's ask", ({ w, other }) => post(`${w.base}/updates/${w.draftUpdate.id}?index`, { intent: "follow-up", updateId: other.update.id, position: "0", status: "DONE", helpedBy: "", version: "1" }), 404),
  x("t.$team.updates.$id._index", "send the victim's update under one's own team", ({ w, other }) => post(`${w.base}/updates/${other.update.id}?index`, { intent: "send", groups: "CURRENT" }), 404),
  x("t.$team.updates.investors", "move the victim's investor", ({ w, other }) => post(`${w.base}/updates/investors`, { intent: "regroup", investorId: other.personal.investorId, group: "PROSPECT" }), 404),
  x("t.$team.updates.investors", "remove the victim's investor", ({ w, other }) => post(`${w.base}/updates/investors`, { intent: "remove", investorId: other.personal.investorId }), 404),
  x("u.$token.$update", "read the victim's update through one's own personal link", ({ w, other }) => get(`/u/${w.personal.token}/${other.update.id}`), 404),
  x("t.$team.updates.$id.markdown", "download the victim's update", ({ w, other }) => get(`${w.base}/updates/${other.update.id}/markdown`), 404),
  x("t.$team_.updates.$id.preview", "preview the victim's update", ({ w, other }) => get(`${w.base}/updates/${other.update.id}/preview`), 404),
  x("t.$team_.updates.$id.print", "print the victim's update", ({ w, other }) => get(`${w.base}/updates/${other.update.id}/print`), 404),
  x("t.$team.review.$id", "open the victim's review", ({ w, other }) => get(`${w.base}/review/${other.review.id}`), 404),
  x("t.$team.hypotheses.new", "create a hypothesis on the victim's product", ({ w, other }) => post(`${w.base}/hypotheses/new`, hypothesisFields(other.product.id)), 400),
  x("t.$team.hypotheses.new", "make the victim's member an owner of a hypothesis", ({ w, other }) => post(`${w.base}/hypotheses/new`, hypothesisFields(w.product.id, other.people.member.id)), 400),
  x("t.$team.hypotheses.$key.edit", "move a hypothesis to the victim's product", ({ w, other }) => post(`${w.base}/hypotheses/${w.h1.key}/edit`, { ...hypothesisFields(other.product.id), version: String(w.h1.version) }), 400),
  x("t.$team.experiments.new", "test the victim's hypothesis", ({ w, other }) => post(`${w.base}/experiments/new`, experimentFields(other.h1.id, w.today)), 400),
  x("t.$team.experiments.new", "start from the victim's template", ({ w, other }) => get(`${w.base}/experiments/new?template=${other.template.id}`), 404),
  x("t.$team.experiments.templates", "rename the victim's template", ({ w, other }) => post(`${w.base}/experiments/templates`, { intent: "rename", id: other.template.id, version: String(other.template.version), name: "Hijacked" }), 404),
  x("t.$team.experiments.templates", "delete the victim's template", ({ w, other }) => post(`${w.base}/experiments/templates`, { intent: "trash", id: other.template.id }), 404),
  x("t.$team.experiments.templates", "show the victim's template in one's own notice", ({ w, other }) => get(`${w.base}/experiments/templates?saved=${other.template.id}&trashed=${other.trashedTemplate.id}`), 200),
  x("t.$team.settings.trash", "restore the victim's trashed template", ({ w, other }) => post(`${w.base}/settings/trash`, { kind: "template", id: other.trashedTemplate.id }), 400),
  x("t.$team.hypotheses._index", "filter by the victim's product and member", ({ w, other }) => get(`${w.base}/hypotheses?product=${other.product.id}&owner=${other.people.member.id}`), 200),
  x("t.$team.learnings._index", "filter the library by the victim's product", ({ w, other }) => get(`${w.base}/learnings?product=${other.product.id}`), 200),
  x("t.$team.hypotheses.map", "map the victim's product", ({ w, other }) => get(`${w.base}/hypotheses/map?product=${other.product.id}`), 200),
  x("api.v1.hypotheses", "list by the victim's product", ({ other }) => get(`/api/v1/hypotheses?productId=${other.product.id}`), 200, "api"),
  x("api.v1.experiments", "list by the victim's hypothesis", ({ other }) => get(`/api/v1/experiments?hypothesisId=${other.h1.id}`), 200, "api"),
  // Words both teams' data contain: any of the victim's hits would name its ids (review and update links).
  x("t.$team.search", "search for words in the victim's data", ({ w }) => get(`${w.base}/search?q=${encodeURIComponent("update or review or gate or pay or invoices")}`), 200),
  x("t.$team.search", "search within the victim's product", ({ w, other }) => get(`${w.base}/search?q=pay&product=${other.product.id}`), 200),
  x("api.v1.search", "search for words in the victim's data", () => get(`/api/v1/search?q=${encodeURIComponent("update or review or gate or pay or invoices")}`), 200, "api"),
  x("api.v1.hypotheses.$id", "move one's hypothesis to the victim's product", ({ w, other }) => ({ method: "PATCH", path: `/api/v1/hypotheses/${w.h1.id}`, json: { productId: other.product.id } }), 400, "api"),
  x("api.v1.hypotheses.$id", "give one's hypothesis to the victim's member", ({ w, other }) => ({ method: "PATCH", path: `/api/v1/hypotheses/${w.h1.id}`, json: { ownerId: other.people.member.id } }), 400, "api"),
  x("api.v1.hypotheses", "create with the victim's member as owner", ({ w, other }) => ({ method: "POST", path: "/api/v1/hypotheses", json: { productId: w.product.id, statement: "Borrowed owner for this belief.", category: "viability", importance: 3, ownerId: other.people.member.id } }), 400, "api"),
];

// --------------------------------------------------------------------------------- helpers

/** A fresh row's id, key (rows that have one) and version, for the request that consumes it. */
/** The decisions taken from the weekly review's agenda: members and up, on the team's own rows only. */
function agendaDecisions(path: (w: TeamWorld) => string) {
  return [
    web("POST intent=extend", ({ w, v: vars }) => post(path(w), { intent: "extend", experimentId: vars.id ?? w.running.id, endsOn: addDays(w.today, 30), reason: "Traffic was slow.", version: vars.version ?? String(w.running.version), scope: "s" }), team("MEMBER", 302), {
      prepare: async (w) => versioned(await fresh.running(w)),
    }),
    web("POST intent=abandon", ({ w, v: vars }) => post(path(w), { intent: "abandon", experimentId: vars.id ?? w.running.id, reason: "The page broke.", version: vars.version ?? String(w.running.version), scope: "s" }), team("MEMBER", 302), {
      prepare: async (w) => versioned(await fresh.running(w)),
    }),
    web("POST intent=assign-owner", ({ w, v: vars }) => post(path(w), { intent: "assign-owner", hypothesisId: vars.id ?? w.h1.id, ownerId: w.people.member.id, version: vars.version ?? String(w.h1.version), scope: "s" }), team("MEMBER", 302), {
      prepare: async (w) => versioned(await fresh.hypothesis(w)),
    }),
    web("POST intent=add-action", ({ w }) => post(path(w), { intent: "add-action", title: "Call three churned customers", ownerId: w.people.member.id, experimentId: w.running.id, scope: "s" }), team("MEMBER", 302)),
    web("POST intent=action-done", ({ w, v: vars }) => post(path(w), { intent: "action-done", actionItemId: vars.id ?? "missing", version: vars.version ?? "1", scope: "s" }), team("MEMBER", 302), {
      prepare: async (w) => versioned(await fresh.actionItem(w)),
    }),
    web("POST intent=action-reopen", ({ w, v: vars }) => post(path(w), { intent: "action-reopen", actionItemId: vars.id ?? "missing", version: vars.version ?? "1", scope: "s" }), team("MEMBER", 302), {
      prepare: async (w) => versioned(await fresh.actionItem(w)),
    }),
  ];
}

function versioned(row: { id: string; key?: string; version: number }): Vars {
  return { id: row.id, ...(row.key === undefined ? {} : { key: row.key }), version: String(row.version) };
}

/** Product names are unique in a team: each allowed create gets its own. */
async function freshName(): Promise<Vars> {
  return { name: `Product ${Math.random().toString(36).slice(2, 8)}` };
}

/** An inbox entry of the caller's own to read, mark unread or open (nobody signed out has one). */
async function ownInboxEntry(w: TeamWorld, who: Person | null): Promise<Vars> {
  return who ? { id: (await fresh.inboxEntry(w, who)).id } : {};
}

async function freshAccountForAnonymous(_w: TeamWorld, who: Person | null): Promise<Vars> {
  return who ? {} : { email: (await createUser()).email };
}

async function removeMembership(w: TeamWorld, who: Person) {
  await db.membership.deleteMany({ where: { teamId: w.team.id, userId: who.id } });
}

async function restoreMembership(w: TeamWorld, who: Person) {
  await db.membership.upsert({
    where: { teamId_userId: { teamId: w.team.id, userId: who.id } },
    create: { teamId: w.team.id, userId: who.id, role: who.role! },
    update: {},
  });
}

async function trashObservation(w: TeamWorld, id: string) {
  await setObservationDeleted(w.actor, { id, deleted: true });
}
