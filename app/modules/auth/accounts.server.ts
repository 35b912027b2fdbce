import { signUpAttemptEmail } from "~/modules/mail/messages";
import { enqueueEmail } from "~/modules/mail/outbox.server";
import type { RequestContext } from "~/utils/origin.server";
import { db } from "~/utils/db.server";
import { AppError, invalid } from "~/utils/errors";
import { TOKEN_LIFETIME_MINUTES } from "./account-tokens.server";
import { sendAddressConfirmation } from "./email-address.server";
import { hashPassword, verifyPassword } from "./password.server";
import { issueResetLink, TooManyRequests } from "./recovery.server";
import { createSession } from "./session.server";
import { clearLoginFailures, reserveLoginAttempt, takeMailAllowance } from "./throttle.server";

export const WRONG_CREDENTIALS = "Email or password is incorrect.";

/** How many sign-ups one client may make, and sign-up emails one address may get, per hour. */
export const SIGN_UP_LIMITS = { perAddress: 3, perClient: 20 };

/**
 * Signs up without telling anyone which addresses have accounts: the answer is always "check your
 * email", after the same work (a password hash, a transaction, one email queued at most). A new
 * address gets an account whose address still needs confirming; an address that already has one
 * gets an email saying someone tried, with a reset link (or, if that account was never confirmed,
 * a new confirmation link). Nobody is signed in here: the emailed link does that.
 * `next` is where the confirmation link leads afterwards (an invite, say).
 */
export async function signUp(input: { email: string; name: string; password: string }, context: RequestContext, next?: string): Promise<void> {
  const allowance = await takeMailAllowance("signup", input.email, context.clientAddress, SIGN_UP_LIMITS);
  if (allowance === "client") throw new TooManyRequests("sign-ups");
  const passwordHash = await hashPassword(input.password);
  const minutes = TOKEN_LIFETIME_MINUTES.PASSWORD_RESET;
  try {
    await db.$transaction(async (tx) => {
      const existing = await tx.user.findUnique({ where: { email: input.email }, select: { id: true, name: true, email: true, emailVerifiedAt: true, placeholderTeamId: true } });
      if (!existing) {
        const user = await tx.user.create({ data: { email: input.email, name: input.name, passwordHash }, select: { id: true, name: true, email: true } });
        await sendAddressConfirmation(tx, user, context.origin, next);
        return;
      }
      // A placeholder's address is never deliverable; past the per-address limit, stay quiet.
      if (existing.placeholderTeamId !== null || allowance === "address") return;
      if (!existing.emailVerifiedAt) return sendAddressConfirmation(tx, existing, context.origin, next);
      const resetUrl = await issueResetLink(tx, existing, context.origin);
      await enqueueEmail(tx, {
        kind: "sign_up_attempt",
        to: { address: existing.email, name: existing.name, userId: existing.id },
        dedupeKey: `sign_up_attempt:${resetUrl}`,
        origin: context.origin,
        content: () => signUpAttemptEmail({ name: existing.name, resetUrl, signInUrl: `${context.origin}/signin`, minutes }),
      });
    });
  } catch (error) {
    // Two sign-ups racing for one new address: the unique index decides, and the loser's answer is the same.
    if ((error as { code?: string }).code !== "P2002") throw error;
  }
}

/**
 * A new account whose address is proven already — by an invite emailed to exactly that address —
 * confirmed and signed in at once. Null when the address has an account: the caller then answers
 * as signUp does.
 */
export async function signUpConfirmed(input: { email: string; name: string; password: string }) {
  const passwordHash = await hashPassword(input.password);
  const user = await db.user
    .create({ data: { email: input.email, name: input.name, passwordHash, emailVerifiedAt: new Date() }, select: { id: true } })
    .catch((error: unknown) => {
      if ((error as { code?: string }).code === "P2002") return null;
      throw error;
    });
  return user ? { userId: user.id, ...(await createSession(user.id)) } : null;
}

export class TooManyAttempts extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    const minutes = Math.ceil(retryAfterSeconds / 60);
    const wait = retryAfterSeconds < 60 ? `${retryAfterSeconds} seconds` : `${minutes} minute${minutes === 1 ? "" : "s"}`;
    super(429, "too_many_attempts", `Too many sign-in attempts from here. Try again in ${wait}, or reset your password if you have forgotten it.`);
  }
}

/**
 * Signs in with email and password. Unknown email and wrong password give the same error after
 * the same work (one argon2 verification), so responses reveal nothing about which accounts exist.
 * The attempt is taken from the throttle's allowance before the password is checked, and given
 * back when it was right.
 */
export async function signIn(input: { email: string; password: string; clientAddress: string }) {
  const attempt = await reserveLoginAttempt(input.email, input.clientAddress);
  if (!attempt.allowed) throw new TooManyAttempts(attempt.retryAfterSeconds);

  const found = await db.user.findUnique({ where: { email: input.email }, select: { id: true, passwordHash: true, placeholderTeamId: true } });
  // A placeholder from an imported team is not an account: it is treated like an unknown email.
  const user = found && found.placeholderTeamId === null ? found : null;
  const valid = await verifyPassword(user?.passwordHash ?? null, input.password);
  // A failure stays recorded (it was, up front); a success forgets it and the account's others.
  if (!user || !valid) throw new AppError(400, "wrong_credentials", WRONG_CREDENTIALS);
  await attempt.release();
  await clearLoginFailures(input.email);
  return { userId: user.id, ...(await createSession(user.id)) };
}

/** What the account page shows beyond the session's name and address. */
export async function accountOverview(userId: string) {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { emailVerifiedAt: true } });
  return { emailConfirmed: user.emailVerifiedAt !== null };
}

export async function updateProfile(userId: string, input: { name: string }) {
  await db.user.update({ where: { id: userId }, data: { name: input.name } });
}

/**
 * Changes the password of a signed-in person: the current one is asked for, and every other
 * session of the account ends (this one stays).
 */
export async function changePassword(input: { userId: string; sessionId: string; currentPassword: string; newPassword: string }) {
  const account = await db.user.findUniqueOrThrow({ where: { id: input.userId }, select: { passwordHash: true } });
  if (!(await verifyPassword(account.passwordHash, input.currentPassword))) throw invalid({ currentPassword: "That is not your current password." });
  const passwordHash = await hashPassword(input.newPassword);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: input.userId }, data: { passwordHash } });
    await tx.session.deleteMany({ where: { userId: input.userId, id: { not: input.sessionId } } });
    await tx.accountToken.deleteMany({ where: { userId: input.userId, purpose: "PASSWORD_RESET" } });
  });
}
