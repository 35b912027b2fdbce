import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import type { TeamMembership } from "~/modules/teams/teams.server";
import { db } from "~/utils/db.server";

export const SESSION_COOKIE = "evident_session";
const DAY_MS = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME_MS = 30 * DAY_MS;
// Extend a session once less than half its lifetime is left, so active users stay signed in
// without a database write on every request.
const RENEW_THRESHOLD_MS = 15 * DAY_MS;

export type SessionUser = { id: string; email: string; name: string };
export type ValidSession = { id: string; userId: string; expiresAt: Date; renewed: boolean };
/**
 * The signed-in person, their session, and their teams as of this request (read with the session:
 * every team page needs them for its guard and the team switcher).
 */
export type Auth = { session: ValidSession; user: SessionUser; teams: TeamMembership[] };

/** A random token for cookies and links: 160 bits, base32. */
export function generateToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** The shape of every token generateToken issues: anything else is refused before any query. */
export function isTokenShaped(token: string | undefined): token is string {
  return typeof token === "string" && /^[a-z2-7]{32}$/.test(token);
}

/** What the database stores in place of a token. */
export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession(userId: string, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const token = generateToken();
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
  await db.session.create({ data: { id: hashToken(token), userId, expiresAt } });
  return { token, expiresAt };
}

export async function validateSessionToken(token: string, now = new Date()): Promise<Auth | null> {
  const id = hashToken(token);
  // Every signed-in request runs this: one plain statement instead of a Prisma query with a
  // relation, which costs several times more CPU to build than to run (docs/performance.md).
  const [row] = await db.$queryRaw<{ userId: string; expiresAt: Date; email: string; name: string; teams: TeamMembership[] }[]>`
    SELECT s."userId", s."expiresAt", u.email, u.name,
           coalesce((SELECT json_agg(json_build_object('id', t.id, 'name', t.name, 'slug', t.slug, 'version', t.version, 'role', m.role) ORDER BY t.name, t.id)
                     FROM "Membership" m JOIN "Team" t ON t.id = m."teamId" WHERE m."userId" = s."userId"), '[]') AS teams
    FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE s.id = ${id}`;
  if (!row) return null;
  if (row.expiresAt.getTime() <= now.getTime()) {
    await db.session.deleteMany({ where: { id } });
    return null;
  }
  let expiresAt = row.expiresAt;
  let renewed = false;
  if (expiresAt.getTime() - now.getTime() < RENEW_THRESHOLD_MS) {
    expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
    await db.session.update({ where: { id }, data: { expiresAt } });
    renewed = true;
  }
  return { session: { id, userId: row.userId, expiresAt, renewed }, user: { id: row.userId, email: row.email, name: row.name }, teams: row.teams };
}

export async function invalidateSession(sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } });
}

export async function invalidateAllSessions(userId: string): Promise<void> {
  await db.session.deleteMany({ where: { userId } });
}

export function readSessionToken(cookieHeader: string | null): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === SESSION_COOKIE) return rest.join("=") || null;
  }
  return null;
}

function isLocalHost(hostname: string): boolean {
  return hostname === "localhost" || hostname === "127.0.0.1" || hostname === "[::1]" || hostname.endsWith(".localhost");
}

/** Whether people reach the app over HTTPS: behind a TLS proxy the request itself may say http://localhost. */
function publicUrlIsHttps(): boolean {
  return process.env.APP_URL?.startsWith("https:") ?? false;
}

/** HttpOnly, SameSite=Lax; Secure everywhere except plain-HTTP localhost (unless APP_URL is https). */
export function sessionCookie(requestUrl: string, token: string, expiresAt: Date): string {
  const url = new URL(requestUrl);
  const secure = url.protocol === "https:" || !isLocalHost(url.hostname) || publicUrlIsHttps();
  const attributes = [
    `${SESSION_COOKIE}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Expires=${expiresAt.toUTCString()}`,
    `Max-Age=${Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000))}`,
  ];
  if (secure) attributes.push("Secure");
  return attributes.join("; ");
}

export function clearedSessionCookie(requestUrl: string): string {
  return sessionCookie(requestUrl, "", new Date(0)).replace(/Max-Age=\d+/, "Max-Age=0");
}
