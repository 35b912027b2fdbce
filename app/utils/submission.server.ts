/**
 * A form that creates something is sent once, however often it is submitted: a double click, a
 * resend after a slow answer, the browser's "resubmit" all carry the same submission key (a
 * hidden field, fresh with every render of the team's pages), and only the first send runs. A
 * later send of the same form waits for the first and gets its redirect; nothing is created twice.
 *
 * The key is stored with the form's content hashed into it, so two different forms sent from one
 * render stay independent. A send that fails (field errors, a conflict) frees its key: fixing the
 * form and sending it again runs it. Receipts share the API's idempotency table and its pruning.
 */
import { createHash, randomBytes } from "node:crypto";
import { db } from "./db.server";
import { AppError } from "./errors";

export const SUBMISSION_FIELD = "submission";

/** A new key for the forms of one render. */
export function newSubmissionKey(): string {
  return randomBytes(16).toString("base64url");
}

const WAIT_FOR_FIRST_MS = 10_000;

function receiptKey(userId: string, formData: FormData): string | null {
  const submission = formData.get(SUBMISSION_FIELD);
  if (typeof submission !== "string" || !/^[A-Za-z0-9_-]{16,64}$/.test(submission)) return null;
  const hash = createHash("sha256");
  for (const [name, value] of formData.entries()) hash.update(`${name}=${typeof value === "string" ? value : `file:${value.name}:${value.size}`}\n`);
  return `form:${userId}:${submission}:${hash.digest("hex").slice(0, 24)}`;
}

function isRedirect(result: unknown): result is Response {
  return result instanceof Response && result.status >= 300 && result.status < 400 && result.headers.has("Location");
}

/**
 * Runs a form's action once per submission key and returns its result; a repeated send throws
 * the first send's redirect (Remix follows a thrown redirect like a returned one).
 */
export async function oncePerSubmission<T>(actor: { team: { id: string }; user: { id: string } }, formData: FormData, run: () => Promise<T>): Promise<T> {
  const key = receiptKey(actor.user.id, formData);
  if (!key) return run();
  const where = { teamId_key: { teamId: actor.team.id, key } };
  try {
    await db.idempotencyRecord.create({ data: { teamId: actor.team.id, key, requestHash: key } });
  } catch (error) {
    if ((error as { code?: string }).code !== "P2002") throw error;
    // Sent before: wait for the first send's answer and give the same redirect.
    for (const deadline = Date.now() + WAIT_FOR_FIRST_MS; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
      const first = await db.idempotencyRecord.findUnique({ where, select: { responseStatus: true, responseBody: true } });
      if (!first) return oncePerSubmission(actor, formData, run); // the first failed and freed the key
      const location = (first.responseBody as { location?: unknown } | null)?.location;
      if (first.responseStatus !== null && typeof location === "string") throw new Response(null, { status: first.responseStatus, headers: { Location: location } });
    }
    throw new AppError(409, "still_saving", "This form was just sent and is still being saved. Reload the page in a moment to see it.");
  }
  try {
    const result = await run();
    if (isRedirect(result)) {
      await db.idempotencyRecord.update({ where, data: { responseStatus: result.status, responseBody: { location: result.headers.get("Location") } } });
    } else {
      await db.idempotencyRecord.delete({ where });
    }
    return result;
  } catch (error) {
    await db.idempotencyRecord.delete({ where }).catch(() => undefined);
    throw error;
  }
}

/** Receipts older than a day protect nothing (a page that old has sent its forms); the periodic scan drops them. */
export async function forgetOldSubmissions(now = new Date()): Promise<number> {
  const { count } = await db.idempotencyRecord.deleteMany({ where: { key: { startsWith: "form:" }, createdAt: { lt: new Date(now.getTime() - 86_400_000) } } });
  return count;
}
