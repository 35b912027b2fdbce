import { db } from "~/utils/db.server";

// Failed sign-ins allowed inside the window before further attempts are refused.
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 50;

const accountKey = (email: string) => `email:${email}`;
const addressKey = (ip: string) => `ip:${ip}`;

async function retryAfterFor(key: string, limit: number, now: Date): Promise<number | null> {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const recent = await db.loginAttempt.findMany({
    where: { key, createdAt: { gt: since } },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { createdAt: true },
  });
  if (recent.length < limit) return null;
  // Blocked until the oldest of the last `limit` failures leaves the window.
  const oldest = recent[recent.length - 1].createdAt.getTime();
  return Math.max(1, Math.ceil((oldest + THROTTLE_WINDOW_MS - now.getTime()) / 1000));
}

/** Seconds to wait before another attempt is allowed, or null when one is allowed now. */
export async function loginRetryAfter(email: string, ip: string, now = new Date()): Promise<number | null> {
  const [account, address] = await Promise.all([
    retryAfterFor(accountKey(email), MAX_FAILURES_PER_ACCOUNT, now),
    retryAfterFor(addressKey(ip), MAX_FAILURES_PER_ADDRESS, now),
  ]);
  if (account === null && address === null) return null;
  return Math.max(account ?? 0, address ?? 0);
}

export async function recordLoginFailure(email: string, ip: string): Promise<void> {
  await db.loginAttempt.createMany({ data: [{ key: accountKey(email) }, { key: addressKey(ip) }] });
}

/** A successful sign-in forgets the account's failures and prunes expired rows. */
export async function clearLoginFailures(email: string, now = new Date()): Promise<void> {
  await db.loginAttempt.deleteMany({
    where: {
      OR: [{ key: accountKey(email) }, { createdAt: { lt: new Date(now.getTime() - THROTTLE_WINDOW_MS) } }],
    },
  });
}
