/**
 * Runs the real HTTP server (the production build behind server/app.ts) on a free port, and a
 * tiny cookie-keeping client for talking to it like a browser would.
 */
import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { parseEnv } from "~/utils/env.server";
import { createApp, type ServerState } from "../../server/app";

export type TestServer = { url: string; state: ServerState; close: () => Promise<void> };

/** `env` overrides the environment the app is configured from (e.g. NODE_ENV, APP_URL). */
export async function startTestServer(options: { demo?: ServerState["demo"]; env?: Record<string, string> } = {}): Promise<TestServer> {
  const buildPath = path.resolve(import.meta.dirname, "../../build/server/index.js");
  if (!existsSync(buildPath)) throw new Error("The app is not built. Run `npm run build` before the integration tests.");
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  const env = parseEnv({ ...process.env, NODE_ENV: "production", PORT: "0", ...options.env });
  const state: ServerState = { phase: "ready", demo: options.demo ?? null };
  const app = createApp({ build, env, state });
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A client that keeps cookies and sends our own Origin on writes, like a browser on our pages. */
export class Client {
  cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  get cookieHeader() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  private remember(response: Response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(";");
      const [name, ...rest] = pair.split("=");
      const value = rest.join("=");
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === "";
      if (expired) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
  }

  async get(pathname: string, init: RequestInit = {}) {
    const response = await fetch(this.base + pathname, {
      ...init,
      redirect: "manual",
      headers: { cookie: this.cookieHeader, ...(init.headers as Record<string, string>) },
    });
    this.remember(response);
    return response;
  }

  /** A form post; pairs repeat a name (checkboxes: `[["groups", "CURRENT"], ["groups", "ADVISOR"]]`). */
  async post(pathname: string, form: Record<string, string> | [string, string][], headers: Record<string, string> = {}) {
    const response = await fetch(this.base + pathname, {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams(form),
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: this.base,
        cookie: this.cookieHeader,
        ...headers,
      },
    });
    this.remember(response);
    return response;
  }
}
