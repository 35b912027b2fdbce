import { db } from "~/utils/db.server";
import { AppError, invalid } from "~/utils/errors";
import { hashPassword, verifyPassword } from "./password.server";
import { createSession } from "./session.server";
import { clearLoginFailures, reserveLoginAttempt } from "./throttle.server";

export const WRONG_CREDENTIALS = "Email or password is incorrect.";

export async function signUp(input: { email: string; name: string; password: string }) {
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) throw invalid({ email: "An account with this email already exists. Sign in instead." });
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await db.user.create({
      data: { email: input.email, name: input.name, passwordHash },
      select: { id: true },
    });
    return { userId: user.id, ...(await createSession(user.id)) };
  } catch (error) {
    // Two sign-ups racing for one address: the unique index decides.
    if ((error as { code?: string }).code === "P2002") {
      throw invalid({ email: "An account with this email already exists. Sign in instead." });
    }
    throw error;
  }
}

export class TooManyAttempts extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    const minutes = Math.ceil(retryAfterSeconds / 60);
    super(429, "too_many_attempts", `Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`);
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

export async function updateProfile(userId: string, input: { name: string }) {
  await db.user.update({ where: { id: userId }, data: { name: input.name } });
}
