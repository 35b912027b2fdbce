import { redirect, type AppLoadContext } from "@remix-run/node";
import { invalidateSession, sessionCookie, type Auth } from "./session.server";

/** Only same-site paths may be used as a post-sign-in destination. */
export function safeRedirectPath(target: string | null | undefined, fallback = "/teams"): string {
  if (!target || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return fallback;
  // A Location header carries printable ASCII only; our own links percent-encode everything else.
  if (!/^[\x21-\x7e]*$/.test(target)) return fallback;
  return target;
}

export function getAuth(context: AppLoadContext): Auth | null {
  return context.auth;
}

/** The signed-in person, or a redirect to sign in that comes back here afterwards. */
export function requireAuth(request: Request, context: AppLoadContext): Auth {
  if (context.auth) return context.auth;
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  throw redirect(`/signin?redirectTo=${encodeURIComponent(back)}`);
}

/** Redirects with the new session cookie set (sign-up, sign-in, invite sign-up). */
export function redirectWithSession(request: Request, session: { token: string; expiresAt: Date }, to: string) {
  return redirect(to, { headers: { "Set-Cookie": sessionCookie(request.url, session.token, session.expiresAt) } });
}

/** Ends the current session (if any) before a new one starts, so sessions rotate at sign-in. */
export async function endCurrentSession(context: AppLoadContext) {
  if (context.auth) await invalidateSession(context.auth.session.id);
}
