/**
 * Single-use links sent by email: a password reset (one hour), an address confirmation and an
 * email change (a day each). The link holds a random token; the database keeps only its SHA-256
 * and its expiry. Issuing a new one of a kind ends the older ones of that kind for the account, and
 * using one deletes it in the same transaction as the change it allows.
 */
import type { AccountTokenPurpose } from "~/generated/prisma/enums";
import type { Transaction } from "~/utils/db.server";
import { db } from "~/utils/db.server";
import { generateToken, hashToken, isTokenShaped } from "./session.server";

export const TOKEN_LIFETIME_MINUTES: Record<AccountTokenPurpose, number> = {
  PASSWORD_RESET: 60,
  EMAIL_VERIFICATION: 24 * 60,
  EMAIL_CHANGE: 24 * 60,
};

export type TokenState =
  | { state: "valid"; userId: string; email: string | null; name: string }
  | { state: "expired" }
  | { state: "invalid" };

export async function issueAccountToken(tx: Transaction, input: { userId: string; purpose: AccountTokenPurpose; email?: string }, now = new Date()): Promise<string> {
  await tx.accountToken.deleteMany({ where: { userId: input.userId, purpose: input.purpose } });
  const token = generateToken();
  await tx.accountToken.create({
    data: {
      id: hashToken(token),
      userId: input.userId,
      purpose: input.purpose,
      email: input.email ?? null,
      expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_MINUTES[input.purpose] * 60_000),
    },
  });
  return token;
}

/** What a link is, without using it: for the page that shows the form. */
export async function readAccountToken(token: string | undefined, purpose: AccountTokenPurpose, now = new Date()): Promise<TokenState> {
  if (!isTokenShaped(token)) return { state: "invalid" };
  const row = await db.accountToken.findUnique({ where: { id: hashToken(token) }, select: { purpose: true, userId: true, email: true, expiresAt: true, user: { select: { name: true } } } });
  if (!row || row.purpose !== purpose) return { state: "invalid" };
  if (row.expiresAt <= now) return { state: "expired" };
  return { state: "valid", userId: row.userId, email: row.email, name: row.user.name };
}

/**
 * Uses a link inside the transaction that makes its change: the row is deleted first, so of two
 * requests with one link exactly one gets through.
 */
export async function consumeAccountToken(tx: Transaction, token: string | undefined, purpose: AccountTokenPurpose, now = new Date()): Promise<TokenState> {
  if (!isTokenShaped(token)) return { state: "invalid" };
  const [row] = await tx.$queryRaw<{ userId: string; email: string | null; expiresAt: Date }[]>`
    DELETE FROM "AccountToken" WHERE id = ${hashToken(token)} AND purpose = ${purpose}::"AccountTokenPurpose" RETURNING "userId", email, "expiresAt"`;
  if (!row) return { state: "invalid" };
  if (row.expiresAt <= now) return { state: "expired" };
  const user = await tx.user.findUniqueOrThrow({ where: { id: row.userId }, select: { name: true } });
  return { state: "valid", userId: row.userId, email: row.email, name: user.name };
}
