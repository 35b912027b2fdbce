/**
 * Cross-site request forgery: every state-changing request to the web routes must carry this
 * server's own Origin. A hostile, missing, `null` or look-alike Origin gets 403 and the whole
 * database stays as it was; the very same request with the right Origin goes through (so these
 * tests would notice a check that refuses everything). The API authenticates with bearer tokens
 * only, so a browser's session cookie opens nothing there.
 */
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { PASSWORD } from "../support/factories";
import { Client, startTestServer, type TestServer } from "../support/http";
import { signedIn } from "../support/loop-http-helpers";
import { ROUTES, type RequestSpec, type Target, type Vars } from "./authorization-matrix.routes";
import { changedTables, databaseFingerprint, type Fingerprint } from "./database-fingerprint";
import { send, type Caller } from "./support/callers";
import { check, writes } from "./support/expectations";
import { hideExpectedNoActionErrors } from "./support/quiet";
import { buildTeam, type Person, type TeamWorld } from "./support/world";

let server: TestServer;
let A: TeamWorld;
let people: Record<"viewer" | "member" | "admin" | "owner", Client>;

hideExpectedNoActionErrors();

beforeAll(async () => {
  server = await startTestServer();
  A = await buildTeam("quokka", "Alpha Co");
  const [viewer, member, admin, owner] = await Promise.all(["viewer", "member", "admin", "owner"].map((role) => signedIn(server.url, A.people[role as "owner"].email)));
  people = { viewer, member, admin, owner };
}, 120_000);

afterAll(async () => {
  await server?.close();
});

/** Origins a forged request might carry, none of them ours. `null`: no Origin header at all. */
function hostileOrigins(base: string): [string, string | null][] {
  const { port } = new URL(base);
  return [
    ["a hostile origin", "https://evil.example"],
    ["no origin", null],
    ["the opaque origin null", "null"],
    ["our origin as a prefix of another host", `${base}.evil.example`],
    ["our host as user info of another host", `http://127.0.0.1:${port}@evil.example`],
    ["our origin with a path", `${base}/t`],
    ["another name for this server", `http://localhost:${port}`],
    ["our host over https", `https://127.0.0.1:${port}`],
  ];
}

const FORBIDDEN_BODY = /did not come from Evident's own pages/;

async function unchangedSince(before: Fingerprint, label: string) {
  expect(changedTables(before, await databaseFingerprint()), `${label} changed the database`).toEqual([]);
}

describe("forged requests to representative state-changing routes", () => {
  type Case = { name: string; target: () => Target | Promise<Target>; caller: () => Promise<Caller>; ok: number; effect: () => Promise<unknown> };
  const cases: Case[] = [
    {
      name: "sign in (login CSRF)",
      target: () => ({ method: "POST", path: "/signin", form: { email: A.people.spare.email, password: PASSWORD } }),
      caller: async () => ({ client: new Client(server.url) }),
      ok: 302,
      effect: () => db.session.count({ where: { userId: A.people.spare.id } }),
    },
    {
      name: "sign out",
      target: () => ({ method: "POST", path: "/signout", form: { scope: "this" } }),
      caller: async () => ({ client: await signedIn(server.url, A.people.viewer.email) }),
      ok: 302,
      effect: () => db.session.count({ where: { userId: A.people.viewer.id } }),
    },
    {
      name: "a team form action (new hypothesis)",
      target: () => ({ method: "POST", path: `${A.base}/hypotheses/new`, form: { productId: A.product.id, statement: "Forged belief about invoices.", segment: "", category: "VIABILITY", importance: "3", ownerId: "" } }),
      caller: async () => ({ client: people.member }),
      ok: 302,
      effect: () => db.hypothesis.count({ where: { teamId: A.team.id } }),
    },
    {
      name: "team settings (rename)",
      target: async () => ({ method: "POST", path: `${A.base}/settings?index`, form: { intent: "rename", name: "Forged name", version: String((await db.team.findUniqueOrThrow({ where: { id: A.team.id } })).version) } }),
      caller: async () => ({ client: people.owner }),
      ok: 302,
      effect: async () => (await db.team.findUniqueOrThrow({ where: { id: A.team.id } })).name,
    },
    {
      name: "API token creation",
      target: () => ({ method: "POST", path: `${A.base}/settings/tokens`, form: { intent: "create", name: "Forged token", role: "MEMBER" } }),
      caller: async () => ({ client: people.admin }),
      ok: 200,
      effect: () => db.apiToken.count({ where: { teamId: A.team.id } }),
    },
    {
      name: "a file upload (evidence CSV import)",
      target: () => ({ method: "POST", path: `${A.base}/experiments/${A.running.key}/import`, upload: { fields: { intent: "confirm" }, file: { name: "evidence.csv", type: "text/csv", content: `observed_on,successes,trials\n${A.running.startsOn},11,111\n` } } }),
      caller: async () => ({ client: people.member }),
      ok: 302,
      effect: () => db.observation.count({ where: { teamId: A.team.id } }),
    },
    {
      name: "a file upload (team import)",
      target: () => ({ method: "POST", path: `${A.base}/settings/data`, upload: { fields: { name: "Forged import" }, file: { name: "export.json", type: "application/json", content: A.exportDocument } } }),
      caller: async () => ({ client: people.owner }),
      ok: 302,
      effect: () => db.team.count(),
    },
  ];

  it.each(cases)("$name: every forged Origin gets 403 and changes nothing; our Origin goes through", async (c) => {
    const caller = await c.caller();
    const target = await c.target();
    const effectBefore = await c.effect();
    for (const [label, origin] of hostileOrigins(server.url)) {
      const before = await databaseFingerprint();
      const answer = await send(server.url, target, { ...caller, origin });
      expect(answer.status, label).toBe(403);
      expect(answer.body, label).toMatch(FORBIDDEN_BODY);
      await unchangedSince(before, `${c.name} with ${label}`);
    }
    expect(await c.effect()).toEqual(effectBefore);
    const genuine = await send(server.url, target, caller);
    expect(genuine.status, `${c.name} with our own Origin`).toBe(c.ok);
    expect(await c.effect(), `${c.name} with our own Origin has its effect`).not.toEqual(effectBefore);
  });

  it("a forged sign-in sets no cookie", async () => {
    const response = await fetch(`${server.url}/signin`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
      body: new URLSearchParams({ email: A.people.spare.email, password: PASSWORD }),
    });
    expect(response.status).toBe(403);
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it.each(["PUT", "PATCH", "DELETE"])("%s with a hostile Origin gets 403 too, and changes nothing", async (method) => {
    const before = await databaseFingerprint();
    const response = await fetch(`${server.url}${A.base}/settings?index`, {
      method,
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example", cookie: people.owner.cookieHeader },
      body: new URLSearchParams({ intent: "rename", name: "Forged by method", version: "1" }),
    });
    expect(response.status).toBe(403);
    await unchangedSince(before, method);
  });

  it("a text/plain body (what a cross-site form can send without preflight) with a hostile Origin gets 403", async () => {
    const before = await databaseFingerprint();
    const response = await fetch(`${server.url}${A.base}/hypotheses/new`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "text/plain", origin: "https://evil.example", cookie: people.member.cookieHeader },
      body: "productId=x&statement=Forged",
    });
    expect(response.status).toBe(403);
    await unchangedSince(before, "text/plain");
  });

  // The router resolves dot segments, so "is this the API?" must be decided on the resolved path.
  it("a path that only looks like the API (/api/../…) without an Origin is refused and changes nothing", async () => {
    const before = await databaseFingerprint();
    const { port } = new URL(server.url);
    const body = new URLSearchParams({ intent: "rename", name: "Dot segment rename", version: String((await db.team.findUniqueOrThrow({ where: { id: A.team.id } })).version) }).toString();
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request(
        { host: "127.0.0.1", port, method: "POST", path: `/api/../t/${A.team.slug}/settings?index`, headers: { cookie: people.owner.cookieHeader, "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body) } },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on("error", reject);
      request.end(body);
    });
    expect(status).toBe(403);
    await unchangedSince(before, "the dot-segment path");
  });
});

describe("every state-changing web route refuses a forged request", () => {
  it("for each POST in the authorization matrix: a hostile or missing Origin gets 403 and changes nothing, our Origin gets the matrix's answer", async () => {
    const order = ["owner", "admin", "member", "viewer", "anonymous"] as const;
    const specs: [string, RequestSpec][] = Object.entries(ROUTES).flatMap(([file, list]) =>
      list.filter((spec) => spec.kind === "web" && spec.target({ w: A, other: A, v: {}, who: null }).method !== "GET").map((spec) => [file, spec] as [string, RequestSpec]),
    );
    specs.sort(([, a], [, b]) => Number(a.last ?? false) - Number(b.last ?? false));
    const problems: string[] = [];
    let checked = 0;
    for (const [file, spec] of specs) {
      // The caller for whom this request is an allowed write, if any; it must work with our Origin.
      const principal = order.find((p) => writes(spec.expect[p]!)) ?? "owner";
      const who: Person | null = principal === "anonymous" ? null : A.people[principal];
      const vars: Vars = writes(spec.expect[principal]!) && spec.prepare ? await spec.prepare(A, who) : {};
      const target = spec.target({ w: A, other: A, v: vars, who });
      const client = principal === "anonymous" ? new Client(server.url) : spec.freshSession ? await signedIn(server.url, who!.email) : people[principal];
      for (const origin of ["https://evil.example", null]) {
        if (spec.anyOrigin) {
          // Exempt by design: any Origin gets the matrix's answer (fresh rows for an allowed write).
          const again = writes(spec.expect[principal]!) && spec.prepare ? spec.target({ w: A, other: A, v: await spec.prepare(A, who), who }) : target;
          problems.push(...check(`${file} · ${spec.label} as ${principal} with origin ${origin}`, spec.expect[principal]!, await send(server.url, again, { client, origin })));
          continue;
        }
        const before = await databaseFingerprint();
        const answer = await send(server.url, target, { client, origin });
        if (answer.status !== 403) problems.push(`${file} · ${spec.label} as ${principal} with origin ${origin}: got ${answer.status}, expected 403`);
        const changed = changedTables(before, await databaseFingerprint());
        if (changed.length) problems.push(`${file} · ${spec.label} as ${principal} with origin ${origin}: changed ${changed.join(", ")}`);
      }
      const genuine = await send(server.url, target, { client });
      problems.push(...check(`${file} · ${spec.label} as ${principal} with our Origin`, spec.expect[principal]!, genuine));
      await spec.restore?.(A, who);
      if (spec.endsEverySession && who && principal !== "anonymous") people[principal] = await signedIn(server.url, who.email);
      checked++;
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(60);
  });
});

describe("the API is not a way around the Origin check", () => {
  it("a valid session cookie without a bearer token gets 401 on every API read and write, and changes nothing", async () => {
    const before = await databaseFingerprint();
    const requests: [string, string, unknown?][] = [
      ["GET", "/api/v1/products"],
      ["GET", `/api/v1/experiments/${A.running.id}`],
      ["GET", "/api/v1/export"],
      ["POST", "/api/v1/products", { name: "Cookie product" }],
      ["PATCH", `/api/v1/hypotheses/${A.h1.id}`, { segment: "cookie" }],
      ["DELETE", `/api/v1/experiments/${A.running.id}`],
      ["POST", `/api/v1/experiments/${A.running.id}/observations`, { observedOn: A.running.startsOn, successes: 1, trials: 2 }],
    ];
    for (const [method, path, json] of requests) {
      for (const origin of [server.url, "https://evil.example"]) {
        const response = await fetch(server.url + path, {
          method,
          headers: { cookie: people.owner.cookieHeader, origin, ...(json ? { "content-type": "application/json" } : {}) },
          body: json ? JSON.stringify(json) : undefined,
        });
        expect(response.status, `${method} ${path} from ${origin}`).toBe(401);
        expect(await response.json()).toMatchObject({ error: { code: "unauthorized" } });
      }
    }
    await unchangedSince(before, "cookie-only API calls");
  });

  it("a bearer token works whatever the Origin, because a browser never sends it on its own", async () => {
    const response = await fetch(`${server.url}/api/v1/products`, {
      method: "POST",
      headers: { authorization: `Bearer ${A.tokens.member.token}`, origin: "https://evil.example", "content-type": "application/json" },
      body: JSON.stringify({ name: "Token product" }),
    });
    expect(response.status).toBe(201);
  });
});

describe("behind a reverse proxy that keeps the internal Host and sends no X-Forwarded-Host", () => {
  // APP_URL is the public address; the proxy forwards to this server as 127.0.0.1:port.
  const PUBLIC = "https://evident.example";
  let proxied: TestServer;
  beforeAll(async () => {
    proxied = await startTestServer({ env: { APP_URL: PUBLIC } });
  });
  afterAll(async () => {
    await proxied?.close();
  });

  const renameFrom = async (client: Client, origin: string, name: string) => {
    const version = String((await db.team.findUniqueOrThrow({ where: { id: A.team.id } })).version);
    return client.post(`/t/${A.team.slug}/settings?index`, { intent: "rename", name, version }, { origin });
  };

  it("accepts a form posted from the public origin (Remix's own Host check does not refuse it with a 500)", async () => {
    const response = await renameFrom(await signedIn(proxied.url, A.people.owner.email), PUBLIC, "Alpha Co behind the proxy");
    expect(response.status).toBe(302);
    expect((await db.team.findUniqueOrThrow({ where: { id: A.team.id } })).name).toBe("Alpha Co behind the proxy");
  });

  it("still refuses any other origin", async () => {
    const client = await signedIn(proxied.url, A.people.owner.email);
    const before = await databaseFingerprint();
    const response = await renameFrom(client, "https://evil.example", "Forged");
    expect(response.status).toBe(403);
    await unchangedSince(before, "a forged origin behind the proxy");
  });
});
