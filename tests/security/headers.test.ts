/**
 * The security headers, spelled out: on a page, an API response, a static asset, error pages and
 * a refused forged request. Any change to one of them fails here and has to be made on purpose.
 * HSTS is sent only in production with an https APP_URL.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/http";

const SECURITY_HEADERS = [
  "content-security-policy",
  "x-content-type-options",
  "x-frame-options",
  "referrer-policy",
  "cross-origin-opener-policy",
  "permissions-policy",
  "strict-transport-security",
  "x-powered-by",
  "server",
] as const;

/** The security headers of a response, with the per-response CSP nonce replaced by a placeholder. */
function securityHeaders(response: Response) {
  const result: Record<string, string | null> = {};
  for (const name of SECURITY_HEADERS) result[name] = response.headers.get(name);
  result["content-security-policy"] = result["content-security-policy"]?.replace(/'nonce-[^']+'/, "'nonce-<nonce>'") ?? null;
  return result;
}

const CSP_PRODUCTION = [
  "default-src 'self'",
  "script-src 'self' 'nonce-<nonce>'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join("; ");

const EXPECTED = {
  "content-security-policy": CSP_PRODUCTION,
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "strict-origin-when-cross-origin",
  "cross-origin-opener-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=()",
  "strict-transport-security": null,
  "x-powered-by": null,
  server: null,
};

const HSTS = "max-age=63072000; includeSubDomains";

function nonceOf(response: Response) {
  const match = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "");
  expect(match, "a nonce in script-src").not.toBeNull();
  return match![1];
}

function staticAsset() {
  const dir = path.resolve(import.meta.dirname, "../../build/client/assets");
  const file = readdirSync(dir).find((name) => name.endsWith(".js"));
  expect(file, "a built JavaScript asset").toBeDefined();
  return `/assets/${file}`;
}

describe("in production on plain HTTP (no APP_URL)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  const samples: [string, (base: string) => Promise<Response>, number][] = [
    ["a page", (base) => fetch(`${base}/signin`), 200],
    ["an API response", (base) => fetch(`${base}/api/v1/products`), 401],
    ["the public API document", (base) => fetch(`${base}/api/v1/openapi.json`), 200],
    ["a static asset", (base) => fetch(base + staticAsset()), 200],
    ["the favicon", (base) => fetch(`${base}/favicon.svg`), 200],
    ["a 404 page", (base) => fetch(`${base}/no/such/page`), 404],
    ["a team page for someone signed out", (base) => fetch(`${base}/t/some-team`, { redirect: "manual" }), 302],
    ["a health probe", (base) => fetch(`${base}/healthz`), 200],
    ["a refused forged POST", (base) => fetch(`${base}/signin`, { method: "POST", headers: { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" }, body: "email=a%40b.c&password=x" }), 403],
  ];

  it.each(samples)("%s carries exactly the expected security headers", async (_label, request, status) => {
    const response = await request(server.url);
    expect(response.status).toBe(status);
    expect(securityHeaders(response)).toEqual(EXPECTED);
  });

  it("the page's scripts all carry the nonce of this response's CSP, and nothing else can run", async () => {
    const response = await fetch(`${server.url}/signin`);
    const nonce = nonceOf(response);
    const html = await response.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect(html).not.toMatch(/\son[a-z]+=["']/i); // no inline event handlers: the CSP would block them
    const csp = response.headers.get("content-security-policy")!;
    expect(csp).not.toContain("unsafe-eval");
    expect(csp.split("; ").find((directive) => directive.startsWith("script-src"))).not.toContain("unsafe-inline");
  });

  it("a new nonce for every response", async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 5; i++) nonces.add(nonceOf(await fetch(`${server.url}/signin`)));
    expect(nonces.size).toBe(5);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64").length).toBe(16);
  });

  it("static assets and JSON are served with their real types, so nosniff never blocks them", async () => {
    const asset = await fetch(server.url + staticAsset());
    expect(asset.headers.get("content-type")).toMatch(/^(text|application)\/javascript/);
    const api = await fetch(`${server.url}/api/v1/products`);
    expect(api.headers.get("content-type")).toMatch(/^application\/json/);
  });
});

describe("HSTS", () => {
  const cases: [string, Record<string, string>, string | null][] = [
    ["production with an https APP_URL", { APP_URL: "https://evident.example" }, HSTS],
    ["production with an http APP_URL", { APP_URL: "http://evident.example" }, null],
    ["development with an https APP_URL", { APP_URL: "https://evident.example", NODE_ENV: "development" }, null],
  ];

  it.each(cases)("%s: %s", async (_label, env, expected) => {
    const server = await startTestServer({ env });
    try {
      for (const pathname of ["/signin", "/api/v1/openapi.json", "/favicon.svg", "/no/such/page"]) {
        const response = await fetch(server.url + pathname);
        expect(response.headers.get("strict-transport-security"), pathname).toBe(expected);
      }
    } finally {
      await server.close();
    }
  });

  it("everything else is the same in production with an https APP_URL", async () => {
    const server = await startTestServer({ env: { APP_URL: "https://evident.example" } });
    try {
      const response = await fetch(`${server.url}/signin`);
      expect(securityHeaders(response)).toEqual({ ...EXPECTED, "strict-transport-security": HSTS });
    } finally {
      await server.close();
    }
  });
});
