/**
 * The public origin of Evident, for links that leave the page (emails, invite and share links, the
 * API reference): APP_URL when set — behind a proxy the request may say http://localhost — else the
 * origin the request came in on.
 */
export function publicOrigin(request: Request): string {
  return process.env.APP_URL ? new URL(process.env.APP_URL).origin : new URL(request.url).origin;
}
