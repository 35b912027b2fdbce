/**
 * The HTTP layer around the Remix app: security headers, health probes, static files, the
 * same-origin check for every state-changing request, the session lookup (ADR 004), a deadline
 * for every request, and a 503 (never a 500) while the database is unavailable.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { NO_SUCH_ENDPOINT } from "~/modules/api/http.server";
import { readSessionToken, sessionCookie, validateSessionToken } from "~/modules/auth/session.server";
import { databaseFailure, unavailableAnswer, UNAVAILABLE, type UnavailableAnswer } from "~/utils/database-errors.server";
import { isDatabaseReachable } from "~/utils/db.server";
import type { Env } from "~/utils/env.server";
import type { EmbeddedHealth } from "./embedded-database";
import { createRemixHandler } from "./remix-handler";

const clientDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../build/client");

export type ServerState = {
  /** starting: the database is being opened and migrated (503); draining: shutting down (503). */
  phase: "starting" | "ready" | "draining";
  demo: AppLoadContext["demo"];
  /** The embedded database's own account of itself, when it is the one in use. */
  embeddedHealth?: () => EmbeddedHealth | null;
};

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Whether the request is for the token-authenticated API, judged on the path as the router will
 * resolve it: "/api/../t/acme/settings" is a team page, and must not skip the Origin check.
 */
function isApi(req: Request) {
  return new URL(req.originalUrl, "http://evident.invalid").pathname.startsWith("/api/");
}

function isOneClickUnsubscribe(req: Request) {
  // The generic link (a kind of email) and a team's investor list (a recipient's personal link).
  return req.method === "POST" && /^\/(?:unsubscribe\/[a-z2-7]{32}|u\/[a-z2-7]{32}\/unsubscribe)$/.test(new URL(req.originalUrl, "http://evident.invalid").pathname);
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

/** How long a connection closed on an unread body stays half-open before it is dropped. */
const LINGER_MS = 2_000;

/**
 * The answer goes out before the request body has fully arrived: the rest will never be read, so
 * the connection cannot carry another request. Say so (Connection: close), send the answer, end
 * our side, and read nothing more. The client's sending stalls once the network buffers fill,
 * and it reads the answer and the end of the connection; dropping the connection at once instead
 * would reset it, and a client that has not read its answer yet loses it. After LINGER_MS the
 * connection is dropped whatever the client does.
 */
function closeUnreadConnection(req: Request, res: Response) {
  res.setHeader("Connection", "close");
  const socket = req.socket;
  // Node closes a "Connection: close" socket with destroySoon() once the answer is written.
  socket.destroySoon = function (this: typeof socket) {
    this.end();
    const timer = setTimeout(() => this.destroy(), LINGER_MS);
    this.once("close", () => clearTimeout(timer));
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
    // One-click unsubscribe (RFC 8058) is posted by mail clients, from no page: its token is its authority.
    if (SAFE_METHODS.has(req.method) || isApi(req)) return next();
    if (isOneClickUnsubscribe(req)) {
      res.locals.originExempt = true;
      return next();
    }
    const origin = req.get("origin");
    if (origin && origin === requestOrigin(req)) return next();
    if (origin && origin === configured) {
      // Behind a proxy that does not forward the public host, Remix's own Origin-versus-Host
      // check would refuse this vetted request (server/remix-handler.ts reads this flag).
      res.locals.originIsAppUrl = true;
      return next();
    }
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

/**
 * A failure the server answers itself: the API's JSON error under /api/, a plain page elsewhere
 * (with `pageMessage` where a person should read other words than a client).
 */
function sendFailure(req: Request, res: Response, status: number, failure: { code: string; title: string; message: string; pageMessage?: string }) {
  res.status(status);
  if (isApi(req)) res.json({ error: { code: failure.code, message: failure.message } });
  else res.type("html").send(plainPage(failure.title, failure.pageMessage ?? failure.message));
}

function sendUnavailable(req: Request, res: Response, answer: UnavailableAnswer = UNAVAILABLE) {
  res.set({ "Retry-After": String(answer.retryAfterSeconds), "Cache-Control": "no-store" });
  sendFailure(req, res, answer.status, answer);
}

const STARTING: UnavailableAnswer = {
  ...UNAVAILABLE,
  title: "Evident is starting",
  message: "Evident is starting up. Please try again in a few seconds.",
};

/**
 * No request waits longer than `ms` for its answer to start. A client still sending its request
 * by then gets 408 (Node's requestTimeout would say the same); a request whose handler is still
 * working gets 503, so a stuck dependency costs the client a retry, never a hang. Either way the
 * connection closes: what is left of the request may still be on it.
 */
function deadline(ms: number) {
  return (req: Request, res: Response, next: NextFunction) => {
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      res.locals.timedOut = true;
      res.set({ Connection: "close", "Cache-Control": "no-store" });
      if (!req.complete) {
        res.status(408);
        const message = "The request did not arrive in time.";
        if (isApi(req)) res.json({ error: { code: "request_timeout", message } });
        else res.type("text/plain").send(`Request Timeout: ${message}`);
        return;
      }
      console.error(`request timeout: ${req.method} ${req.path} had no answer after ${ms} ms`);
      const message = `This request took longer than ${Math.round(ms / 1000)} s. Please try again in a moment.`;
      res.set("Retry-After", String(UNAVAILABLE.retryAfterSeconds));
      sendFailure(req, res, 503, { code: "timeout", title: "That took too long", message });
    }, ms);
    res.on("close", () => clearTimeout(timer));
    next();
  };
}

export function createApp(options: { build: ServerBuild; env: Env; state: ServerState }) {
  const { build, env, state } = options;
  const app = express();
  app.disable("x-powered-by");
  if (env.TRUST_PROXY) app.set("trust proxy", true);

  app.use((req, res, next) => {
    // While draining, ask keep-alive clients to reconnect elsewhere: Node then closes the
    // connection after the response. Decided when the headers go out, not when the request
    // came in, so a request that was in flight when SIGTERM arrived does not leave an idle
    // keep-alive connection behind to hold the drain open until the shutdown timeout.
    // Likewise when the answer goes out before the whole request body arrived (a body over its
    // limit, or one nobody needed): the rest is never read, and the connection cannot be reused.
    const writeHead = res.writeHead;
    res.writeHead = function (this: Response, ...args: unknown[]) {
      if (!req.complete) closeUnreadConnection(req, this);
      else if (state.phase === "draining") this.setHeader("Connection", "close");
      return (writeHead as (...args: unknown[]) => Response).apply(this, args);
    } as Response["writeHead"];
    next();
  });
  app.use(deadline(env.REQUEST_TIMEOUT_MS));
  app.use(compression());
  app.use(securityHeaders(env));

  app.get("/healthz", (_req, res) => {
    res.set("Cache-Control", "no-store").json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    res.set("Cache-Control", "no-store");
    if (state.phase !== "ready") return void res.status(503).json({ status: state.phase });
    const health = state.embeddedHealth?.() ?? null;
    const database = health?.state !== "failed" && (await isDatabaseReachable());
    // For operators: why the embedded database is down, and how much room it has left.
    const embedded = health && {
      state: health.state,
      ...(health.reason ? { reason: health.reason, since: health.since } : {}),
      freeBytes: health.freeBytes,
      ...(health.lowDiskSpace ? { warning: "Little free space is left under the data folder; when it runs out, nothing can be saved." } : {}),
    };
    res.status(database ? 200 : 503).json({ status: database ? "ready" : "unavailable", database, ...(embedded ? { embedded } : {}) });
  });

  app.use("/assets", express.static(path.join(clientDir, "assets"), { immutable: true, maxAge: "1y" }));
  // The other public files (the favicon) have an extension; pages never do, so they skip the
  // file system lookup that every request would otherwise pay.
  const publicFiles = express.static(clientDir, { maxAge: "1h", index: false });
  app.use((req, res, next) => (/\.[a-z0-9]+$/i.test(req.path) ? publicFiles(req, res, next) : next()));

  // Until the database is open and migrated, every other request is told to come back shortly.
  app.use((req, res, next) => (state.phase === "starting" ? sendUnavailable(req, res, STARTING) : next()));

  app.use(sameOriginOnly(env));
  app.use(formBodiesOnly);
  // Route patterns stop at a newline, so a path holding a control character matches no route and
  // would get the HTML 404 page; under /api/ every answer is the API's JSON.
  app.use("/api/", (req, res, next) => {
    if (!/%(?:[01][0-9a-f]|7f)/i.test(req.path)) return next();
    res.status(404).json(NO_SUCH_ENDPOINT);
  });

  const handler = createRemixHandler({
    build,
    mode: env.NODE_ENV,
    sendUnavailable: (req, res, error) => sendUnavailable(req, res, unavailableAnswer(error)),
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
  // lookup) get a plain page or a JSON error, never a stack trace.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    // Express's own refusals of a request it cannot read (a path with broken percent-encoding is
    // a URIError with status 400) are the client's mistake: they keep their 4xx.
    const status = (error as { status?: unknown } | null)?.status;
    if (typeof status === "number" && status >= 400 && status < 500) {
      if (res.headersSent) return;
      return sendFailure(req, res, status, { code: "invalid_request", title: "That request couldn't be read", message: "The request could not be read. Check the address and try again." });
    }
    const failure = databaseFailure(error);
    console.error(failure ? `database unavailable: ${failure}` : error);
    if (res.headersSent) return;
    if (failure) return sendUnavailable(req, res, unavailableAnswer(error));
    sendFailure(req, res, 500, {
      code: "internal",
      title: "Something went wrong",
      message: "Something went wrong on our side.",
      pageMessage: "An unexpected error occurred on our side. Please try again.",
    });
  });
  return app;
}
