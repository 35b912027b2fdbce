/**
 * The authorization matrix: every route module in app/routes × every kind of caller, against the
 * production build. Each cell checks the status (and where a redirect goes), that the body holds
 * no id, email, name or text of a team the caller does not belong to, and — for a refused write —
 * that the whole database is unchanged. The table lives in ./authorization-matrix.routes.ts.
 *
 * Order matters and is deliberate: reads (of both teams), then refused writes (one at a time, each against a
 * fingerprint of the database), then cross-team references, then allowed writes (each on fresh
 * rows).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, startTestServer, type TestServer } from "../support/http";
import { signedIn } from "../support/loop-http-helpers";
import {
  API_PRINCIPALS,
  CROSS_TEAM,
  ROUTES,
  WEB_PRINCIPALS,
  type ApiPrincipal,
  type Ctx,
  type Expect,
  type Principal,
  type RequestSpec,
  type Target,
  type Vars,
  type WebPrincipal,
} from "./authorization-matrix.routes";
import { changedTables, databaseFingerprint } from "./database-fingerprint";
import { send, type Caller } from "./support/callers";
import { check, writes } from "./support/expectations";
import { patternMatches, routeFiles, urlPattern } from "./support/flat-routes";
import { teamStrings } from "./support/team-strings";
import { hideExpectedNoActionErrors } from "./support/quiet";
import { buildTeam, type Person, type TeamWorld } from "./support/world";

let server: TestServer;
let A: TeamWorld; // the team every cell addresses
let B: TeamWorld; // the other team: its owner is the outsider, its member token the other team's token
let web: Record<WebPrincipal, Client>;
let strings: { A: string[]; B: string[] };
let build: ServerBuild; // the route manifest of the build the server runs

const CONCURRENCY = 4;

hideExpectedNoActionErrors();

beforeAll(async () => {
  server = await startTestServer();
  build = await loadBuild();
  A = await buildTeam("quokka", "Alpha Co");
  B = await buildTeam("narwhal", "Bravo Co");
  const base = server.url;
  const [outsider, viewer, member, admin, owner] = await Promise.all([
    signedIn(base, B.people.owner.email),
    signedIn(base, A.people.viewer.email),
    signedIn(base, A.people.member.email),
    signedIn(base, A.people.admin.email),
    signedIn(base, A.people.owner.email),
  ]);
  web = { anonymous: new Client(base), outsider, viewer, member, admin, owner };
  const secrets = (w: TeamWorld) => [
    w.marker,
    ...Object.values(w.tokens).map((t) => t.token),
    ...Object.values(w.invite).map((i) => i.token),
    ...Object.values(w.share).map((s) => s.token),
    w.webhook.secret,
  ];
  strings = { A: await teamStrings(A.team.id, secrets(A)), B: await teamStrings(B.team.id, secrets(B)) };
}, 180_000);

afterAll(async () => {
  await server?.close();
});

// ------------------------------------------------------------------------------ the cells

type Cell = { file: string; spec: RequestSpec; principal: Principal; expect: Expect };

function cells(filter: (spec: RequestSpec) => boolean): Cell[] {
  const result: Cell[] = [];
  for (const [file, specs] of Object.entries(ROUTES)) {
    for (const spec of specs.filter(filter)) {
      const principals: readonly Principal[] = spec.kind === "web" ? WEB_PRINCIPALS : API_PRINCIPALS;
      for (const principal of principals) result.push({ file, spec, principal, expect: spec.expect[principal]! });
    }
  }
  return result;
}

const isRead = (spec: RequestSpec, w: TeamWorld) => spec.target(ctxFor(w, {}, null)).method === "GET";

function ctxFor(w: TeamWorld, v: Vars, who: Person | null): Ctx {
  return { w, other: w === A ? B : A, v, who };
}

function personOf(principal: Principal, w: TeamWorld): Person | null {
  switch (principal) {
    case "viewer":
    case "member":
    case "admin":
    case "owner":
      return w.people[principal];
    case "outsider":
      return (w === A ? B : A).people.owner;
    default:
      return null;
  }
}

function callerFor(principal: Principal, w: TeamWorld): Caller {
  const apiCallers: Record<ApiPrincipal, Caller> = {
    noToken: {},
    revokedToken: { bearer: w.tokens.revoked.token },
    sessionCookie: { client: web.owner },
    viewerToken: { bearer: w.tokens.viewer.token },
    memberToken: { bearer: w.tokens.member.token },
    otherTeamToken: { bearer: (w === A ? B : A).tokens.member.token },
  };
  if ((API_PRINCIPALS as readonly string[]).includes(principal)) return apiCallers[principal as ApiPrincipal];
  return { client: web[principal as WebPrincipal] };
}

/** The team whose data this caller may see: their own. */
function callersTeam(principal: Principal, w: TeamWorld): TeamWorld | null {
  if (["viewer", "member", "admin", "owner", "viewerToken", "memberToken", "sessionCookie"].includes(principal)) return w;
  if (principal === "outsider" || principal === "otherTeamToken") return w === A ? B : A;
  return null;
}

function forbiddenFor(principal: Principal, w: TeamWorld, reveals: boolean): string[] {
  const own = callersTeam(principal, w);
  const visible = new Set<TeamWorld>([...(own ? [own] : []), ...(reveals ? [w] : [])]);
  return [...(visible.has(A) ? [] : strings.A), ...(visible.has(B) ? [] : strings.B)];
}

async function pool<T>(items: T[], limit: number, run: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await run(items[next++]);
    }),
  );
}

const cellLabel = (cell: { file: string; spec: RequestSpec; principal: Principal }) => `${cell.file} · ${cell.spec.label} · as ${cell.principal}`;

async function runCell(cell: Cell, w: TeamWorld, options: { caller?: Caller; vars?: Vars } = {}) {
  const target: Target = cell.spec.target(ctxFor(w, options.vars ?? {}, personOf(cell.principal, w)));
  const answer = await send(server.url, target, options.caller ?? callerFor(cell.principal, w));
  return check(cellLabel(cell), cell.expect, answer, forbiddenFor(cell.principal, w, cell.spec.reveals ?? false));
}

function loadBuild() {
  return import(pathToFileURL(path.resolve(import.meta.dirname, "../../build/server/index.js")).href) as Promise<ServerBuild>;
}

// ------------------------------------------------------------------------------ the tests

describe("the table covers every route", () => {
  it("has an entry for every route file on disk, and a file for every entry", () => {
    const files = routeFiles();
    const entries = Object.keys(ROUTES);
    const missing = files.filter((file) => !entries.includes(file));
    const stale = entries.filter((entry) => !files.includes(entry));
    expect(missing, `route files without an entry in the authorization matrix: ${missing.join(", ")}`).toEqual([]);
    expect(stale, `matrix entries whose route file no longer exists: ${stale.join(", ")}`).toEqual([]);
    expect(files.length).toBeGreaterThan(50);
  });

  it("would name a new route file that has no entry, including folder routes", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "routes-"));
    try {
      for (const file of Object.keys(ROUTES)) writeFileSync(path.join(dir, `${file}.tsx`), "");
      writeFileSync(path.join(dir, "t.$team.reports.tsx"), "");
      writeFileSync(path.join(dir, "t.$team.reports.test.tsx"), "");
      mkdirSync(path.join(dir, "t.$team.reports.$id"));
      writeFileSync(path.join(dir, "t.$team.reports.$id", "route.tsx"), "");
      const missing = routeFiles(dir).filter((file) => !(file in ROUTES));
      expect(missing).toEqual(["t.$team.reports", "t.$team.reports.$id"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("knows the flat-routes naming rules", () => {
    expect(urlPattern("_index")).toBe("/");
    expect(urlPattern("$")).toBe("/*");
    expect(urlPattern("t.$team._index")).toBe("/t/:team");
    expect(urlPattern("t.$team_.updates.$id.print")).toBe("/t/:team/updates/:id/print");
    expect(urlPattern("_auth.login")).toBe("/login");
    expect(urlPattern("($lang).about")).toBe("/:lang?/about");
    expect(urlPattern("api.v1.openapi[.json]")).toBe("/api/v1/openapi.json");
    expect(urlPattern("sitemap[.]xml")).toBe("/sitemap.xml");
    expect(urlPattern("files.$")).toBe("/files/*");
    expect(patternMatches("/:lang?/about", "/about")).toBe(true);
    expect(patternMatches("/:lang?/about", "/fr/about")).toBe(true);
    expect(patternMatches("/t/:team/experiments/:key", "/t/a/experiments")).toBe(false);
  });

  it("converts file names to the URL patterns the built app serves", async () => {
    const full = (id: string): string => {
      const route = build.routes[id];
      if (!route || id === "root") return "";
      const parent = route.parentId ? full(route.parentId) : "";
      return route.path ? `${parent}/${route.path}` : parent;
    };
    const built = Object.fromEntries(Object.keys(build.routes).filter((id) => id !== "root").map((id) => [id.replace(/^routes\//, ""), full(id) || "/"]));
    const mine = Object.fromEntries(routeFiles().map((file) => [file, urlPattern(file)]));
    // If this fails right after adding a route, rebuild: the test compares against build/server.
    expect(mine).toEqual(built);
  });

  it("gives every request of every route an expectation for every caller, addressed to that route", () => {
    const problems: string[] = [];
    for (const [file, specs] of Object.entries(ROUTES)) {
      expect(specs.length, `${file} has no requests`).toBeGreaterThan(0);
      for (const spec of specs) {
        const principals: readonly Principal[] = spec.kind === "web" ? WEB_PRINCIPALS : API_PRINCIPALS;
        const missing = principals.filter((p) => spec.expect[p] === undefined);
        if (missing.length) problems.push(`${file} · ${spec.label}: no expectation for ${missing.join(", ")}`);
        const extra = Object.keys(spec.expect).filter((p) => !principals.includes(p as Principal));
        if (extra.length) problems.push(`${file} · ${spec.label}: unknown callers ${extra.join(", ")}`);
        const pathname = spec.target(ctxFor(A, {}, A.people.owner)).path.split("?")[0];
        if (!patternMatches(urlPattern(file), pathname)) problems.push(`${file} · ${spec.label}: ${pathname} is not a URL of ${urlPattern(file)}`);
      }
    }
    for (const spec of CROSS_TEAM) {
      if (!ROUTES[spec.route]) problems.push(`cross-team "${spec.label}" names an unknown route ${spec.route}`);
      else if (!patternMatches(urlPattern(spec.route), spec.target(ctxFor(B, {}, null)).path.split("?")[0])) problems.push(`cross-team "${spec.label}" is not a URL of ${spec.route}`);
    }
    expect(problems).toEqual([]);
  });
});

describe("the matrix", () => {
  it("reads: every GET answers each caller as the rules say, shows no other team's data, and writes nothing", async () => {
    const reads = cells((spec) => isRead(spec, A) && !spec.logsRead);
    const before = await databaseFingerprint();
    const problems: string[] = [];
    await pool(reads, CONCURRENCY, async (cell) => {
      problems.push(...(await runCell(cell, A)));
    });
    expect(problems).toEqual([]);
    expect(changedTables(before, await databaseFingerprint()), "a GET changed the database").toEqual([]);
    expect(reads.length).toBeGreaterThan(300);

    // Reads that record being read (a recipient opening their update) write that record, and nothing else.
    const logged = cells((spec) => isRead(spec, A) && !!spec.logsRead);
    const allowed = new Set(logged.map((cell) => cell.spec.logsRead));
    const beforeLogged = await databaseFingerprint();
    await pool(logged, CONCURRENCY, async (cell) => {
      problems.push(...(await runCell(cell, A)));
    });
    expect(problems).toEqual([]);
    expect(changedTables(beforeLogged, await databaseFingerprint()).filter((table) => !allowed.has(table)), "a logged GET changed more than its log").toEqual([]);
  });

  it("data requests: each route's own loader enforces the rules, without the layouts above it (a single-fetch .data request for that route alone)", async () => {
    // A page request runs the layout loaders too (t.$team guards every team page), which would hide
    // a route that forgot its own guard. A .data request naming one route runs that loader alone.
    const pages = cells((spec) => spec.kind === "web" && isRead(spec, A)).filter((cell) => build.routes[`routes/${cell.file}`]?.module.default);
    const problems: string[] = [];
    await pool(pages, CONCURRENCY, async (cell) => {
      const target = cell.spec.target(ctxFor(A, {}, personOf(cell.principal, A)));
      const [pathname, query = ""] = target.path.split("?");
      const search = new URLSearchParams(query);
      search.set("_routes", `routes/${cell.file}`);
      const dataPath = `${pathname === "/" ? "/_root" : pathname.replace(/\/$/, "")}.data?${search}`;
      const answer = await send(server.url, { method: "GET", path: dataPath }, callerFor(cell.principal, A));
      // Redirects come back as 202 with the redirect in the payload; read them as the redirect.
      const redirect = answer.status === 202 ? /"redirect","([^"]*)","status",(\d+)/.exec(answer.body) : null;
      const seen = redirect ? { ...answer, status: Number(redirect[2]), location: redirect[1], body: "" } : answer;
      problems.push(...check(`${cellLabel(cell)} (.data)`, cell.expect, seen, forbiddenFor(cell.principal, A, cell.spec.reveals ?? false)));
    });
    expect(problems).toEqual([]);
    expect(pages.length).toBeGreaterThan(200);
  });

  it("the other way round: the other team's owner and token read their own team and see none of the first team's data", async () => {
    const problems: string[] = [];
    const reads = cells((spec) => isRead(spec, B)).filter((cell) => cell.principal === "owner" || cell.principal === "memberToken");
    await pool(reads, CONCURRENCY, async (cell) => {
      const caller: Caller = cell.principal === "owner" ? { client: web.outsider } : { bearer: B.tokens.member.token };
      const target = cell.spec.target(ctxFor(B, {}, B.people.owner));
      const answer = await send(server.url, target, caller);
      problems.push(...check(`${cellLabel(cell)} (other team)`, cell.expect, answer, cell.spec.reveals ? [] : strings.A));
    });
    expect(problems).toEqual([]);
    expect(reads.length).toBeGreaterThan(50);
  });

  it("refused writes: every write a caller may not make is refused and leaves the whole database unchanged", async () => {
    const refused = cells((spec) => !isRead(spec, A)).filter((cell) => !writes(cell.expect));
    const problems: string[] = [];
    let fingerprint = await databaseFingerprint();
    for (const cell of refused) {
      problems.push(...(await runCell(cell, A)));
      const after = await databaseFingerprint();
      const changed = changedTables(fingerprint, after);
      if (changed.length) problems.push(`${cellLabel(cell)}: changed ${changed.join(", ")}`);
      fingerprint = after;
    }
    expect(problems).toEqual([]);
    expect(refused.length).toBeGreaterThan(200);
  });

  it("cross-team references: naming another team's rows in one's own team's forms and API calls is refused or finds nothing", async () => {
    // B's owner (and B's member token) act in team B, naming team A's rows.
    const problems: string[] = [];
    let fingerprint = await databaseFingerprint();
    for (const spec of CROSS_TEAM) {
      const target = spec.target({ w: B, other: A, v: {}, who: B.people.owner });
      const caller: Caller = spec.kind === "web" ? { client: web.outsider } : { bearer: B.tokens.member.token };
      const answer = await send(server.url, target, caller);
      problems.push(...check(`${spec.route} · ${spec.label}`, spec.expect, answer, strings.A));
      const after = await databaseFingerprint();
      const changed = changedTables(fingerprint, after);
      if (changed.length) problems.push(`${spec.route} · ${spec.label}: changed ${changed.join(", ")}`);
      fingerprint = after;
    }
    expect(problems).toEqual([]);
  });

  it("allowed writes: every write a caller may make succeeds", async () => {
    const allowed = cells((spec) => !isRead(spec, A)).filter((cell) => writes(cell.expect));
    allowed.sort((a, b) => Number(a.spec.last ?? false) - Number(b.spec.last ?? false));
    const problems: string[] = [];
    for (const cell of allowed) {
      const who = personOf(cell.principal, A);
      const vars = cell.spec.prepare ? await cell.spec.prepare(A, who) : {};
      let caller = callerFor(cell.principal, A);
      if (cell.spec.freshSession && cell.spec.kind === "web") caller = { client: who ? await signedIn(server.url, who.email) : new Client(server.url) };
      problems.push(...(await runCell(cell, A, { caller, vars })));
      await cell.spec.restore?.(A, who);
      if (cell.spec.endsEverySession && who) web[cell.principal as WebPrincipal] = await signedIn(server.url, who.email);
    }
    expect(problems).toEqual([]);
    expect(allowed.length).toBeGreaterThan(100);
  });
});
