import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { RemixServer, isRouteErrorResponse } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "~/components/nonce";
import { databaseFailure } from "~/utils/database-errors.server";

export const streamTimeout = 5_000;

/**
 * Every error a loader, action or render throws passes here (Remix then answers 500). Only here
 * is the original error visible, so this is where a database outage is told apart from a bug:
 * the request is marked, and the server turns its 500 into a 503 (server/remix-handler.ts).
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  // The client left, or the server already answered it: nothing to report.
  if (request.signal.aborted) return;
  const failure = databaseFailure(error);
  if (failure) {
    context.databaseUnavailable = { error };
    console.error(`database unavailable: ${failure}`);
    return;
  }
  // As Remix's default: log the error behind an internal error response (e.g. a 405) itself.
  console.error(isRouteErrorResponse(error) ? ((error as { error?: unknown }).error ?? error) : error);
};

/**
 * Renders the whole document, then answers it in one piece. No route defers data, so streaming
 * would only send the same bytes sooner by a millisecond or two — at the price of a dozen small
 * chunks, each passed through Node and web streams and written to the socket on its own, which
 * cost more CPU than rendering the page (docs/performance.md).
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const chunks: Buffer[] = [];
    const document = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
      final(callback) {
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        resolve(new Response(Buffer.concat(chunks), { headers: responseHeaders, status: responseStatusCode }));
        callback();
      },
    });
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true;
        },
        onAllReady() {
          pipe(document);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // An error before the shell rejects the render, and Remix reports it itself.
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, streamTimeout + 1_000);
  });
}
