/**
 * Getting back into an account: "forgot password" sends a single-use link valid for an hour, and
 * setting a new password through it ends every session of the account and signs the person in
 * afresh. The request's answer never depends on whether the address has an account.
 */
import { enqueueEmail } from "~/modules/mail/outbox.server";
import { passwordResetEmail } from "~/modules/mail/messages";
import type { RequestContext } from "~/utils/origin.server";
import { db, type Transaction } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { consumeAccountToken, issueAccountToken, TOKEN_LIFETIME_MINUTES } from "./account-tokens.server";
import { hashPassword } from "./password.server";
import { createSession } from "./session.server";
import { clearLoginFailures, takeMailAllowance } from "./throttle.server";

/** How many reset emails one address may get, and one client may cause, per hour. */
export const RESET_LIMITS = { perAddress: 3, perClient: 20 };

export class TooManyRequests extends AppError {
  constructor(what: string) {
    super(429, "too_many_requests", `Too many ${what} from your network. Please try again in an hour.`);
  }
}

/** A reset link for `user`, queued in `tx`. Also offered by the sign-up-attempt and email-change emails. */
export async function issueResetLink(tx: Transaction, user: { id: string }, origin: string): Promise<string> {
  const token = await issueAccountToken(tx, { userId: user.id, purpose: "PASSWORD_RESET" });
  return `${origin}/reset-password/${token}`;
}

/** An account that can receive mail: not a placeholder of an imported team. */
export function findAccount(tx: Transaction | typeof db, email: string) {
  return tx.user.findFirst({ where: { email, placeholderTeamId: null }, select: { id: true, name: true, email: true, emailVerifiedAt: true } });
}

/**
 * "Forgot password": always ends the same way for the caller. With an account, and within the
 * per-address limit, a reset email is queued; the work is comparable either way (the email is
 * rendered even when there is no one to send it to).
 */
export async function requestPasswordReset(email: string, context: RequestContext): Promise<void> {
  const allowance = await takeMailAllowance("reset", email, context.clientAddress, RESET_LIMITS);
  if (allowance === "client") throw new TooManyRequests("password reset requests");
  const minutes = TOKEN_LIFETIME_MINUTES.PASSWORD_RESET;
  await db.$transaction(async (tx) => {
    const user = await findAccount(tx, email);
    if (!user || allowance === "address") {
      passwordResetEmail({ name: "there", resetUrl: `${context.origin}/reset-password/${"x".repeat(32)}`, minutes });
      return;
    }
    const resetUrl = await issueResetLink(tx, user, context.origin);
    await enqueueEmail(tx, {
      kind: "password_reset",
      to: { address: user.email, name: user.name, userId: user.id },
      dedupeKey: `password_reset:${resetUrl}`,
      origin: context.origin,
      content: () => passwordResetEmail({ name: user.name, resetUrl, minutes }),
    });
  });
}

const LINK_GONE = "This reset link has expired or was already used. Ask for a new one below.";

/**
 * Sets a new password through a reset link: single use (the link is consumed in the same
 * transaction), every session of the account ends, the address counts as confirmed (the link came
 * to it), sign-in failures are forgotten, and a new session starts.
 */
export async function resetPassword(input: { token: string | undefined; password: string }) {
  const passwordHash = await hashPassword(input.password);
  const user = await db.$transaction(async (tx) => {
    const link = await consumeAccountToken(tx, input.token, "PASSWORD_RESET");
    if (link.state !== "valid") throw new AppError(400, `reset_link_${link.state}`, LINK_GONE);
    const updated = await tx.user.update({ where: { id: link.userId }, data: { passwordHash }, select: { id: true, email: true } });
    await tx.user.updateMany({ where: { id: link.userId, emailVerifiedAt: null }, data: { emailVerifiedAt: new Date() } });
    await tx.session.deleteMany({ where: { userId: link.userId } });
    await tx.accountToken.deleteMany({ where: { userId: link.userId, purpose: "PASSWORD_RESET" } });
    await clearLoginFailures(updated.email, new Date(), tx);
    return updated;
  });
  return { userId: user.id, ...(await createSession(user.id)) };
}
