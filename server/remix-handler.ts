/**
 * Serves the Remix build to Express, as @remix-run/express does, plus what that adapter cannot
 * do: look at Remix's response before it is sent. Remix answers 500 for any error a loader or
 * action throws; when entry.server's handleError found that error to be the database being away
 * or too slow, the client gets a 503 instead. It also drops a response that arrives after the
 * request deadline has already answered (server/app.ts). And it hands Remix the request body as a
 * stream that is read only as the app asks for it: the app's readers count it against their
 * limits (~/utils/body.server) and stop early (server/app.ts then closes the connection).
 */
import type { IncomingMessage } from "node:http";
import {
  createRequestHandler as createRemixRequestHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from "@remix-run/node";
import type { NextFunction, Request, Response } from "express";
import { UNAVAILABLE } from "~/utils/database-errors.server";

export type RemixHandlerOptions = {
  build: ServerBuild;
  mode: string;
  getLoadContext: (req: Request, res: Response) => Promise<AppLoadContext>;
  /** Answers a request whose database was unavailable (a page or an API JSON error). */
  /** Answers 503 for a request that failed on the database; `error` tells why. */
  sendUnavailable: (req: Request, res: Response, error?: unknown) => void;
};

/**
 * The request body as a web stream, pulled from the socket only as fast as the app reads it.
 * Cancelling it (a reader that saw enough) stops reading but leaves the connection alone: the
 * answer still has to reach the client. A client that goes away mid-body errors the stream, so a
 * cut-off form is never read as a complete one.
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let onData: (chunk: Buffer) => void;
  let onEnd: () => void;
  let onClose: () => void;
  let onError: (error: Error) => void;
  const detach = () => {
    req.off("data", onData);
    req.off("end", onEnd);
    req.off("close", onClose);
    req.off("error", onError);
    req.pause();
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        onData = (chunk) => {
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        };
        onEnd = () => {
          detach();
          controller.close();
        };
        onClose = () => {
          if (req.complete) return;
          detach();
          controller.error(new Error("The client closed the connection before sending the whole body."));
        };
        onError = (error) => {
          detach();
          controller.error(error);
        };
        req.on("data", onData);
        req.once("end", onEnd);
        req.once("close", onClose);
        req.once("error", onError);
        req.pause();
      },
      pull() {
        req.resume();
      },
      cancel() {
        detach();
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
}

function remixRequest(req: Request, res: Response, signal: AbortSignal): globalThis.Request {
  // As the Express adapter builds it: req.hostname honours "trust proxy", the port comes from
  // X-Forwarded-Host or Host.
  const port = [req.get("X-Forwarded-Host"), req.get("host")]
    .map((host) => Number.parseInt(host?.split(":")[1] ?? "", 10))
    .find((value) => Number.isSafeInteger(value));
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  // The server's check accepted this Origin as APP_URL's; Remix knows only the Host header, which
  // a proxy may leave as the internal address. Its host then stands in for the public one.
  if (res.locals.originIsAppUrl) headers.set("x-forwarded-host", new URL(req.get("origin")!).host);
  // A one-click unsubscribe comes from a mail client, from any origin or none (server/app.ts lets
  // it through on its token alone): Remix must not judge its Origin either.
  if (res.locals.originExempt) headers.delete("origin");
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(url, {
    method: req.method,
    headers,
    signal,
    ...(hasBody ? { body: bodyStream(req), duplex: "half" } : {}),
  } as RequestInit);
}

async function send(res: Response, response: globalThis.Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

export function createRemixHandler(options: RemixHandlerOptions) {
  const handle = createRemixRequestHandler(options.build, options.mode);
  return async (req: Request, res: Response, next: NextFunction) => {
    const controller = new AbortController();
    let answered = false;
    // Stop loaders and actions once nobody can receive their answer: the client left before the
    // response was complete, or the deadline answered for us.
    res.on("close", () => {
      if (!answered || !res.writableFinished) controller.abort();
    });
    try {
      const context = await options.getLoadContext(req, res);
      const response = await handle(remixRequest(req, res, controller.signal), context);
      if (res.headersSent) {
        await response.body?.cancel();
        return;
      }
      if (context.databaseUnavailable && response.status >= 500) {
        // Single-fetch data requests keep their body, which the browser's router decodes.
        if (!req.path.endsWith(".data")) {
          await response.body?.cancel();
          return options.sendUnavailable(req, res, context.databaseUnavailable.error);
        }
        const headers = new Headers(response.headers);
        headers.set("Retry-After", String(UNAVAILABLE.retryAfterSeconds));
        answered = true;
        return await send(res, new globalThis.Response(response.body, { status: UNAVAILABLE.status, headers }));
      }
      answered = true;
      await send(res, response);
    } catch (error) {
      // A request the deadline already answered may fail afterwards (its body was cut off): not news.
      if (res.locals.timedOut) return;
      next(error);
    }
  };
}
