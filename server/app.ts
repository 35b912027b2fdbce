/**
 * The HTTP layer around the Remix app: security headers, health probes, static files, the
 * same-origin check for every state-changing request, and the session lookup (ADR 004).
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import { createRequestHandler } from "@remix-run/express";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { readSessionToken, sessionCookie, validateSessionToken } from "~/modules/auth/session.server";
import { isDatabaseReachable } from "~/utils/db.server";
import type { Env } from "~/utils/env.server";

const clientDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../build/client");

export type ServerState = { draining: boolean; demo: AppLoadContext["demo"] };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function isApi(req: Request) {
  return req.path.startsWith("/api/");
}

function contentSecurityPolicy(nonce: string, production: boolean) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    // Charts and React style props set inline styles.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${production ? "" : " ws:"}`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join("; ");
}

function securityHeaders(env: Env) {
  const production = env.NODE_ENV === "production";
  return (_req: Request, res: Response, next: NextFunction) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.set({
      "Content-Security-Policy": contentSecurityPolicy(nonce, production),
      "X-Content-Type-Options": "nosniff",
      "X-Frame-Options": "DENY",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "Cross-Origin-Opener-Policy": "same-origin",
      "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    });
    if (production && env.APP_URL?.startsWith("https:")) {
      res.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
    }
    next();
  };
}

function requestOrigin(req: Request) {
  return `${req.protocol}://${req.get("host")}`;
}

/**
 * Every state-changing request must come from our own pages: its Origin must equal this
 * server's origin (or APP_URL). A missing or foreign Origin gets 403 before any handler runs.
 */
function sameOriginOnly(env: Env) {
  const configured = env.APP_URL ? new URL(env.APP_URL).origin : null;
  return (req: Request, res: Response, next: NextFunction) => {
    // The API authenticates with bearer tokens, never cookies, so a foreign page cannot ride on a session.
    if (SAFE_METHODS.has(req.method) || isApi(req)) return next();
    const origin = req.get("origin");
    if (origin && (origin === requestOrigin(req) || origin === configured)) return next();
    res.status(403).type("text/plain").send("Forbidden: this request did not come from Evident's own pages.");
  };
}

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"];

/** The web routes take form posts only; anything else is refused before a route tries to parse it. */
function formBodiesOnly(req: Request, res: Response, next: NextFunction) {
  if (SAFE_METHODS.has(req.method) || isApi(req)) return next();
  const type = (req.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  const hasBody = Number(req.get("content-length") ?? 0) > 0 || req.get("transfer-encoding") !== undefined;
  if (!hasBody || FORM_TYPES.includes(type)) return next();
  res.status(415).type("text/plain").send("Unsupported Media Type: send a form (application/x-www-form-urlencoded or multipart/form-data).");
}

function plainPage(title: string, message: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title} · Evident</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:15vh auto;padding:0 1rem;color:#1f2328"><h1 style="font-size:1.25rem">${title}</h1><p>${message}</p><p><a href="/">Back to Evident</a></p></body></html>`;
}

export function createApp(options: { build: ServerBuild; env: Env; state: ServerState }) {
  const { build, env, state } = options;
  const app = express();
  app.disable("x-powered-by");
  if (env.TRUST_PROXY) app.set("trust proxy", true);

  app.use((_req, res, next) => {
    // While draining, ask keep-alive clients to reconnect elsewhere.
    if (state.draining) res.set("Connection", "close");
    next();
  });
  app.use(compression());
  app.use(securityHeaders(env));

  app.get("/healthz", (_req, res) => {
    res.set("Cache-Control", "no-store").json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    res.set("Cache-Control", "no-store");
    if (state.draining) return void res.status(503).json({ status: "draining" });
    const database = await isDatabaseReachable();
    res.status(database ? 200 : 503).json({ status: database ? "ready" : "unavailable", database });
  });

  app.use("/assets", express.static(path.join(clientDir, "assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(clientDir, { maxAge: "1h", index: false }));

  app.use(sameOriginOnly(env));
  app.use(formBodiesOnly);

  const handler = createRequestHandler({
    build,
    mode: env.NODE_ENV,
    getLoadContext: async (req, res): Promise<AppLoadContext> => {
      const token = readSessionToken(req.get("cookie") ?? null);
      const auth = token ? await validateSessionToken(token) : null;
      if (auth?.session.renewed) res.append("Set-Cookie", sessionCookie(requestOrigin(req), token!, auth.session.expiresAt));
      return {
        cspNonce: res.locals.cspNonce as string,
        auth,
        clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown",
        demo: state.demo,
      };
    },
  });
  app.all("*", handler);

  // Last resort: failures outside Remix (such as the database being away during the session
  // lookup) get a plain page, never a stack trace.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    console.error(error);
    if (res.headersSent) return;
    const databaseDown = /connect|ECONNREFUSED|terminat|timeout|Can't reach/i.test(String((error as Error)?.message ?? error));
    if (databaseDown) {
      res.status(503).set("Retry-After", "5").send(plainPage("Evident is briefly unavailable", "The database is not answering right now. Please try again in a few seconds."));
    } else {
      res.status(500).send(plainPage("Something went wrong", "An unexpected error occurred on our side. Please try again."));
    }
  });
  return app;
}
