/**
 * Sign-in throttling that slows guessing without letting a stranger lock a person out (ADR 019).
 *
 * Failures are counted per (address, client) and per client, never per address alone: someone
 * guessing at your address from their network delays only themselves, and you can still sign in
 * from yours — and a reset link always works, and forgets the failures. After a few free tries a
 * pair must wait, longer after each further failure; a client that fails across many addresses
 * is capped. Counts live in PostgreSQL, under a lock per key, so several app processes share them.
 */
import { db, type Transaction } from "~/utils/db.server";

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
/** Failures of one address from one client before a wait is asked for. */
export const FREE_FAILURES = 4;
/** The first wait, doubled after each further failure, up to the window. */
const FIRST_DELAY_SECONDS = 30;
/** Failures from one client, across all addresses, inside the window. */
export const MAX_FAILURES_PER_CLIENT = 50;

/** The advisory-lock namespace of sign-in throttling (the second key is the hashed throttle key). */
const LOCK_CLASS = 0x4c4f47; // "LOG"

// "|" may stand in an address's local part but never after its "@", so no address followed by "|"
// begins another's key: clearing one address's pairs clears no one else's.
const pairPrefix = (email: string) => `pair:${email}|`;
const pairKey = (email: string, ip: string) => `${pairPrefix(email)}${ip}`;
const clientKey = (ip: string) => `ip:${ip}`;

/** Seconds a pair with `failures` recent failures, the last at `last`, must still wait. */
export function progressiveDelaySeconds(failures: number, last: Date, now: Date): number {
  if (failures < FREE_FAILURES) return 0;
  const delay = Math.min(FIRST_DELAY_SECONDS * 2 ** (failures - FREE_FAILURES), THROTTLE_WINDOW_MS / 1000);
  return Math.max(0, Math.ceil((last.getTime() + delay * 1000 - now.getTime()) / 1000));
}

async function recent(tx: Transaction, key: string, now: Date) {
  return tx.loginAttempt.findMany({
    where: { key, createdAt: { gt: new Date(now.getTime() - THROTTLE_WINDOW_MS) } },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
}

async function retryAfter(tx: Transaction, email: string, ip: string, now: Date): Promise<number | null> {
  const pair = await recent(tx, pairKey(email, ip), now);
  const pairWait = pair.length > 0 ? progressiveDelaySeconds(pair.length, pair[0].createdAt, now) : 0;
  const client = await recent(tx, clientKey(ip), now);
  // Capped until the oldest of the last MAX failures leaves the window.
  const clientWait =
    client.length >= MAX_FAILURES_PER_CLIENT
      ? Math.max(1, Math.ceil((client[MAX_FAILURES_PER_CLIENT - 1].createdAt.getTime() + THROTTLE_WINDOW_MS - now.getTime()) / 1000))
      : 0;
  const wait = Math.max(pairWait, clientWait);
  return wait > 0 ? wait : null;
}

export type LoginAttemptReservation =
  | { allowed: true; /** Forgets the attempt: it turned out not to be a failure. */ release: () => Promise<void> }
  | { allowed: false; retryAfterSeconds: number };

/**
 * Takes one attempt from the pair's and the client's allowance before the password is checked,
 * or says how long to wait. The attempt is recorded as a failure up front and released if the
 * password was right, and the check-and-record runs under a lock per key, so attempts arriving
 * at once — on one app process or several — can never together get past the limits.
 */
export async function reserveLoginAttempt(email: string, ip: string, now = new Date()): Promise<LoginAttemptReservation> {
  const keys = [pairKey(email, ip), clientKey(ip)];
  const outcome = await db.$transaction(async (tx): Promise<{ retryAfterSeconds: number } | { ids: bigint[] }> => {
    // Always in this order, so two attempts never wait on each other's second lock.
    for (const key of keys) await tx.$queryRaw`SELECT pg_advisory_xact_lock(${LOCK_CLASS}::int, hashtext(${key}))::text`;
    const wait = await retryAfter(tx, email, ip, now);
    if (wait !== null) return { retryAfterSeconds: wait };
    const ids: bigint[] = [];
    for (const key of keys) ids.push((await tx.loginAttempt.create({ data: { key, createdAt: now }, select: { id: true } })).id);
    return { ids };
  });
  if ("retryAfterSeconds" in outcome) return { allowed: false, retryAfterSeconds: outcome.retryAfterSeconds };
  return {
    allowed: true,
    release: async () => {
      await db.loginAttempt.deleteMany({ where: { id: { in: outcome.ids } } });
    },
  };
}

/**
 * Forgets the address's failures from every client (a successful sign-in, a password reset), and
 * prunes rows past the window.
 */
export async function clearLoginFailures(email: string, now = new Date(), tx: Transaction | typeof db = db): Promise<void> {
  await tx.$executeRaw`
    DELETE FROM "LoginAttempt"
     WHERE starts_with(key, ${pairPrefix(email)})
        OR ((starts_with(key, 'pair:') OR starts_with(key, 'ip:')) AND "createdAt" < ${new Date(now.getTime() - THROTTLE_WINDOW_MS)})`;
}

/**
 * A limit for requests that send email (a reset link, a confirmation): at most `perAddress` to one
 * address and `perClient` from one client per hour. Says which limit was reached, if one was, and
 * counts the request when none was.
 */
export async function takeMailAllowance(
  kind: string,
  email: string,
  ip: string,
  limits: { perAddress: number; perClient: number },
  now = new Date(),
): Promise<"ok" | "address" | "client"> {
  const keys = [`${kind}:address:${email}`, `${kind}:ip:${ip}`];
  const hourAgo = new Date(now.getTime() - 60 * 60 * 1000);
  return db.$transaction(async (tx) => {
    for (const key of keys) await tx.$queryRaw`SELECT pg_advisory_xact_lock(${LOCK_CLASS}::int, hashtext(${key}))::text`;
    await tx.loginAttempt.deleteMany({ where: { key: { in: keys }, createdAt: { lte: hourAgo } } });
    const [address, client] = await Promise.all(keys.map((key) => tx.loginAttempt.count({ where: { key, createdAt: { gt: hourAgo } } })));
    if (client >= limits.perClient) return "client";
    if (address >= limits.perAddress) return "address";
    await tx.loginAttempt.createMany({ data: keys.map((key) => ({ key, createdAt: now })) });
    return "ok";
  });
}
