import type { AppLoadContext } from "@remix-run/node";

/**
 * The public origin of Evident, for links that leave the page (emails, invite and share links, the
 * API reference): APP_URL when set — behind a proxy the request may say http://localhost — else the
 * origin the request came in on.
 */
export function publicOrigin(request: Request): string {
  return process.env.APP_URL ? new URL(process.env.APP_URL).origin : new URL(request.url).origin;
}

/** What a module that sends email needs of the request: where links point, and who asked (for limits). */
export type RequestContext = { origin: string; clientAddress: string };

export function requestContext(request: Request, context: AppLoadContext): RequestContext {
  return { origin: publicOrigin(request), clientAddress: context.clientAddress };
}

/** The public origin for links made without a request (scheduled emails): APP_URL, else this server on localhost. */
export function backgroundOrigin(port: number): string {
  return process.env.APP_URL ? new URL(process.env.APP_URL).origin : `http://localhost:${port}`;
}

/** The origin for links written inside a change's transaction (event payloads, their emails): APP_URL, else this server on localhost. */
export function configuredOrigin(): string {
  return backgroundOrigin(Number(process.env.PORT ?? 3000));
}
