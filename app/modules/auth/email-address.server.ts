/**
 * Proving an address: a new account confirms its address through an emailed link before it can
 * create or join a team, and a changed address takes effect only once the new address confirms it
 * (the old address is told at once).
 */
import { emailChangeConfirmEmail, emailChangeNoticeEmail, verifyEmailEmail } from "~/modules/mail/messages";
import { enqueueEmail } from "~/modules/mail/outbox.server";
import { movePreferences } from "~/modules/mail/preferences.server";
import type { RequestContext } from "~/utils/origin.server";
import { db, type Transaction } from "~/utils/db.server";
import { AppError, invalid } from "~/utils/errors";
import { consumeAccountToken, issueAccountToken, TOKEN_LIFETIME_MINUTES } from "./account-tokens.server";
import { verifyPassword } from "./password.server";
import { findAccount, issueResetLink, TooManyRequests } from "./recovery.server";
import { createSession } from "./session.server";
import { takeMailAllowance } from "./throttle.server";

export const CONFIRMATION_LIMITS = { perAddress: 5, perClient: 20 };

/** Queues the confirmation email of a new (or still unconfirmed) account. */
export async function sendAddressConfirmation(tx: Transaction, user: { id: string; name: string; email: string }, origin: string, next?: string): Promise<void> {
  const token = await issueAccountToken(tx, { userId: user.id, purpose: "EMAIL_VERIFICATION" });
  const verifyUrl = `${origin}/verify-email/${token}${next ? `?next=${encodeURIComponent(next)}` : ""}`;
  await enqueueEmail(tx, {
    kind: "email_verification",
    to: { address: user.email, name: user.name, userId: user.id },
    dedupeKey: `email_verification:${token}`,
    origin,
    content: () => verifyEmailEmail({ name: user.name, verifyUrl, hours: TOKEN_LIFETIME_MINUTES.EMAIL_VERIFICATION / 60 }),
  });
}

/** "Send the link again", for a signed-in person whose address is not confirmed yet. */
export async function resendAddressConfirmation(userId: string, context: RequestContext, next?: string): Promise<void> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, name: true, email: true, emailVerifiedAt: true } });
  if (user.emailVerifiedAt) return;
  const allowance = await takeMailAllowance("confirm", user.email, context.clientAddress, CONFIRMATION_LIMITS);
  if (allowance !== "ok") throw new TooManyRequests("confirmation emails");
  await db.$transaction((tx) => sendAddressConfirmation(tx, user, context.origin, next));
}

const LINK_GONE = "This confirmation link has expired or was already used.";

/** Confirms the address the link was sent to, and signs the person in (the link proves they read that inbox). */
export async function confirmAddress(token: string | undefined) {
  const userId = await db.$transaction(async (tx) => {
    const link = await consumeAccountToken(tx, token, "EMAIL_VERIFICATION");
    if (link.state !== "valid") throw new AppError(400, `confirmation_${link.state}`, LINK_GONE);
    await tx.user.updateMany({ where: { id: link.userId, emailVerifiedAt: null }, data: { emailVerifiedAt: new Date() } });
    return link.userId;
  });
  return { userId, ...(await createSession(userId)) };
}

export const EMAIL_UNCONFIRMED = "Confirm your email address first: open the link we emailed you, or send a new one from your account page.";

/** Teams are for confirmed addresses: creating one and joining one both ask this first. */
export async function assertAddressConfirmed(tx: Transaction | typeof db, userId: string): Promise<void> {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { emailVerifiedAt: true } });
  if (!user?.emailVerifiedAt) throw new AppError(422, "email_unconfirmed", EMAIL_UNCONFIRMED);
}

/**
 * Starts an email change: the current password is asked for, the new address gets a link that
 * makes the change, and the current address is told (with a reset link, in case it was not them).
 */
export async function requestEmailChange(user: { id: string; name: string; email: string }, input: { newEmail: string; password: string }, context: RequestContext) {
  const account = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(account.passwordHash, input.password))) throw invalid({ password: "That is not your current password." });
  if (input.newEmail === user.email) throw invalid({ newEmail: "That is already your address." });
  // Counted before the address is looked up, so this form cannot be used to probe for accounts.
  const allowance = await takeMailAllowance("email_change", input.newEmail, context.clientAddress, CONFIRMATION_LIMITS);
  if (allowance !== "ok") throw new TooManyRequests("email change requests");
  if (await findAccount(db, input.newEmail)) throw invalid({ newEmail: "Another account uses this address." });
  const hours = TOKEN_LIFETIME_MINUTES.EMAIL_CHANGE / 60;
  await db.$transaction(async (tx) => {
    const token = await issueAccountToken(tx, { userId: user.id, purpose: "EMAIL_CHANGE", email: input.newEmail });
    const confirmUrl = `${context.origin}/confirm-email/${token}`;
    await enqueueEmail(tx, {
      kind: "email_change",
      to: { address: input.newEmail, name: user.name, userId: user.id },
      dedupeKey: `email_change:confirm:${token}`,
      origin: context.origin,
      content: () => emailChangeConfirmEmail({ name: user.name, newAddress: input.newEmail, confirmUrl, hours }),
    });
    const resetUrl = await issueResetLink(tx, user, context.origin);
    await enqueueEmail(tx, {
      kind: "email_change",
      to: { address: user.email, name: user.name, userId: user.id },
      dedupeKey: `email_change:notice:${token}`,
      origin: context.origin,
      content: () => emailChangeNoticeEmail({ name: user.name, newAddress: input.newEmail, accountUrl: `${context.origin}/account`, resetUrl }),
    });
  });
}

const CHANGE_GONE = "This link has expired or was already used. Ask for the change again from your account page.";

/** Makes the change the link confirms. The address must still be free; it counts as confirmed. */
export async function confirmEmailChange(token: string | undefined): Promise<{ userId: string; email: string }> {
  return db.$transaction(async (tx) => {
    const link = await consumeAccountToken(tx, token, "EMAIL_CHANGE");
    if (link.state !== "valid" || !link.email) throw new AppError(400, `email_change_${link.state}`, CHANGE_GONE);
    const before = await tx.user.findUniqueOrThrow({ where: { id: link.userId }, select: { email: true } });
    const taken = new AppError(409, "email_taken", "Another account has started using this address since you asked for the change.");
    if (await tx.user.findUnique({ where: { email: link.email }, select: { id: true } })) throw taken;
    await tx.user.update({ where: { id: link.userId }, data: { email: link.email, emailVerifiedAt: new Date() } }).catch((error: unknown) => {
      // Taken by a sign-up in the instant between the check and the update: the unique index decides.
      throw (error as { code?: string }).code === "P2002" ? taken : error;
    });
    await movePreferences(tx, before.email, link.email);
    return { userId: link.userId, email: link.email };
  });
}
