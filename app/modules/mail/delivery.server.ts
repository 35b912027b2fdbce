/**
 * The delivery loop: each app process claims due messages with `FOR UPDATE SKIP LOCKED`, so two
 * processes never take the same one; sends them; and records the outcome. A failed attempt is
 * retried with exponential backoff until MAX_ATTEMPTS, then marked failed with its reason. A claim
 * is a lease: a process that dies mid-send leaves the message to be claimed again once the lease
 * ends (so a crash at the worst moment can send one message twice; its Message-ID stays the same).
 */
import { db } from "~/utils/db.server";
import { startOutboxLoop, type OutboxLoop } from "~/utils/outbox-loop.server";
import { carriesLiveLinks, MAIL_KINDS, type MailKind } from "./kinds";
import { PermanentMailFailure, type MailTransport } from "./transport.server";

export const MAX_ATTEMPTS = 8;
/** How long a claim lasts: far beyond the SMTP timeouts of one attempt. */
const CLAIM_SECONDS = 300;
const BATCH = 10;

/** Seconds to wait after the n-th failed attempt: 30 s, 1 min, 2 min … capped at an hour, with jitter. */
export function retryDelaySeconds(attempt: number, random = Math.random): number {
  const base = Math.min(30 * 2 ** (attempt - 1), 3_600);
  return Math.round(base * (0.8 + 0.4 * random()));
}

type Claimed = {
  id: string;
  kind: string;
  toAddress: string;
  toName: string | null;
  subject: string;
  html: string;
  text: string;
  links: string[];
  unsubscribeUrl: string | null;
  attempts: number;
};

// Prisma keeps timestamps as UTC in columns without a time zone: compare in UTC, whatever the server's zone.
async function claimDue(): Promise<Claimed[]> {
  return db.$queryRaw<Claimed[]>`
    UPDATE "OutboxMessage" m
       SET status = 'SENDING', attempts = m.attempts + 1, "updatedAt" = timezone('UTC', now()),
           "claimedUntil" = timezone('UTC', now()) + make_interval(secs => ${CLAIM_SECONDS})
      FROM (SELECT id FROM "OutboxMessage"
             WHERE (status = 'QUEUED' AND "nextAttemptAt" <= timezone('UTC', now()))
                OR (status = 'SENDING' AND "claimedUntil" < timezone('UTC', now()))
             ORDER BY "nextAttemptAt" LIMIT ${BATCH}
             FOR UPDATE SKIP LOCKED) due
     WHERE m.id = due.id
 RETURNING m.id, m.kind, m."toAddress", m."toName", m.subject, m.html, m.text, m.links, m."unsubscribeUrl", m.attempts`;
}

/** Messages with live links (reset, confirmation, a recipient's personal link): once sent or given up on, their bodies are cleared. */
function scrubbed(kind: string) {
  return kind in MAIL_KINDS && carriesLiveLinks(kind as MailKind) ? { html: "", text: "", links: [], unsubscribeUrl: null } : {};
}

async function recordSent(message: Claimed) {
  await db.outboxMessage.updateMany({
    where: { id: message.id, status: "SENDING" },
    data: { status: "SENT", sentAt: new Date(), claimedUntil: null, lastError: null, ...scrubbed(message.kind) },
  });
}

async function recordFailure(message: Claimed, error: unknown) {
  const reason = (error instanceof Error ? error.message : String(error)).slice(0, 1_000);
  const final = error instanceof PermanentMailFailure || message.attempts >= MAX_ATTEMPTS;
  await db.outboxMessage.updateMany({
    where: { id: message.id, status: "SENDING" },
    data: final
      ? { status: "FAILED", lastError: reason, claimedUntil: null, ...scrubbed(message.kind) }
      : { status: "QUEUED", lastError: reason, claimedUntil: null, nextAttemptAt: new Date(Date.now() + retryDelaySeconds(message.attempts) * 1_000) },
  });
  return final;
}

function messageIdDomain(from: string): string {
  return /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? "evident.localhost";
}

export type DeliveryOptions = { transport: MailTransport; from: string; log?: (line: string) => void };

/** Claims and sends what is due now; returns how many were sent. One pass, for the loop and for tests. */
export async function deliverDueMessages(options: DeliveryOptions): Promise<number> {
  const log = options.log ?? ((line: string) => console.error(line));
  let sent = 0;
  for (const message of await claimDue()) {
    const headers: Record<string, string> = {};
    if (message.unsubscribeUrl) {
      // RFC 8058: mail clients offer "Unsubscribe" and POST to it, signed out, in one click.
      headers["List-Unsubscribe"] = `<${message.unsubscribeUrl}>`;
      headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
    }
    try {
      await options.transport.send({
        messageId: `<${message.id}@${messageIdDomain(options.from)}>`,
        from: options.from,
        to: { address: message.toAddress, name: message.toName },
        subject: message.subject,
        html: message.html,
        text: message.text,
        headers,
        links: message.links,
      });
      await recordSent(message);
      sent++;
    } catch (error) {
      const final = await recordFailure(message, error);
      log(`mail: ${final ? "gave up on" : "will retry"} “${message.subject}” to ${message.toAddress} (attempt ${message.attempts}): ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return sent;
}

/** Runs deliverDueMessages every `intervalMs` (sooner while there is more to send) until stopped. */
export function startMailDelivery(options: DeliveryOptions & { intervalMs?: number }): OutboxLoop {
  return startOutboxLoop({ pass: () => deliverDueMessages(options), batch: BATCH, intervalMs: options.intervalMs, onStop: () => options.transport.close() });
}
