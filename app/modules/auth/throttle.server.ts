import { db, type Transaction } from "~/utils/db.server";

// Failed sign-ins allowed inside the window before further attempts are refused.
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 50;

/** The advisory-lock namespace of sign-in throttling (the second key is the hashed throttle key). */
const LOCK_CLASS = 0x4c4f47; // "LOG"

const accountKey = (email: string) => `email:${email}`;
const addressKey = (ip: string) => `ip:${ip}`;

async function retryAfterFor(tx: Transaction, key: string, limit: number, now: Date): Promise<number | null> {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const recent = await tx.loginAttempt.findMany({
    where: { key, createdAt: { gt: since } },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { createdAt: true },
  });
  if (recent.length < limit) return null;
  // Blocked until the oldest of the last `limit` attempts leaves the window.
  const oldest = recent[recent.length - 1].createdAt.getTime();
  return Math.max(1, Math.ceil((oldest + THROTTLE_WINDOW_MS - now.getTime()) / 1000));
}

export type LoginAttemptReservation =
  | { allowed: true; /** Forgets the attempt: it turned out not to be a failure. */ release: () => Promise<void> }
  | { allowed: false; retryAfterSeconds: number };

/**
 * Takes one attempt from the account's and the address's allowance before the password is
 * checked, or says how long to wait. The attempt is recorded as a failure up front and released
 * if the password was right, and the check-and-record runs under a lock per key, so attempts
 * arriving at once — on one app process or several — can never together exceed the allowance.
 */
export async function reserveLoginAttempt(email: string, ip: string, now = new Date()): Promise<LoginAttemptReservation> {
  const keys = [accountKey(email), addressKey(ip)];
  const outcome = await db.$transaction(async (tx): Promise<{ retryAfterSeconds: number } | { ids: bigint[] }> => {
    // Always in this order, so two attempts never wait on each other's second lock.
    for (const key of keys) await tx.$queryRaw`SELECT pg_advisory_xact_lock(${LOCK_CLASS}::int, hashtext(${key}))::text`;
    const account = await retryAfterFor(tx, keys[0], MAX_FAILURES_PER_ACCOUNT, now);
    const address = await retryAfterFor(tx, keys[1], MAX_FAILURES_PER_ADDRESS, now);
    if (account !== null || address !== null) return { retryAfterSeconds: Math.max(account ?? 0, address ?? 0) };
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

/** A successful sign-in forgets the account's failures and prunes expired rows. */
export async function clearLoginFailures(email: string, now = new Date()): Promise<void> {
  await db.loginAttempt.deleteMany({
    where: {
      OR: [{ key: accountKey(email) }, { createdAt: { lt: new Date(now.getTime() - THROTTLE_WINDOW_MS) } }],
    },
  });
}
