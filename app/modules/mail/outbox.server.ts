/**
 * The outbox: every email is a row, written in the same transaction as the change that causes it
 * (a reset token and its email exist together or not at all), then delivered by the app's
 * delivery loop (delivery.server.ts). PostgreSQL is the queue (ADR 018).
 */
import { generateToken, hashToken } from "~/modules/auth/session.server";
import type { Transaction } from "~/utils/db.server";
import { emailLinks, renderText, singleLine, type EmailContent } from "./content";
import { renderHtml } from "./html.server";
import { isSecurityMail, type MailKind } from "./kinds";

export type Recipient = { address: string; name?: string | null; userId?: string | null };

export type EnqueueInput = {
  kind: MailKind;
  to: Recipient;
  teamId?: string | null;
  /** One message per cause: a second enqueue with the same key is ignored. */
  dedupeKey: string;
  /** Builds the content; `unsubscribeUrl` is given for kinds a person can turn off. */
  content: (links: { unsubscribeUrl?: string }) => EmailContent;
  /** The public origin links are built from (APP_URL, or the request's own). */
  origin: string;
  /** Mail sent to a list of someone else's (a team's investor list) unsubscribes from that list. */
  unsubscribeUrl?: string;
};

export function normaliseAddress(address: string): string {
  return address.trim().toLowerCase();
}

/**
 * Queues one email, unless the address has turned this kind off. Returns whether it was queued.
 * Rendering happens here, so the row holds exactly what will be sent.
 */
export async function enqueueEmail(tx: Transaction, input: EnqueueInput): Promise<boolean> {
  const address = normaliseAddress(input.to.address);
  const security = isSecurityMail(input.kind);
  if (!security) {
    const optedOut = await tx.mailOptOut.findUnique({ where: { address_kind: { address, kind: input.kind } }, select: { address: true } });
    if (optedOut) return false;
  }
  const unsubscribeToken = security || input.unsubscribeUrl ? null : generateToken();
  const unsubscribeUrl = input.unsubscribeUrl ?? (unsubscribeToken ? `${input.origin}/unsubscribe/${unsubscribeToken}` : undefined);
  const content = input.content({ unsubscribeUrl });
  const created = await tx.outboxMessage.createMany({
    data: [
      {
        kind: input.kind,
        dedupeKey: input.dedupeKey,
        toAddress: address,
        toName: input.to.name ? singleLine(input.to.name).slice(0, 200) : null,
        userId: input.to.userId ?? null,
        teamId: input.teamId ?? null,
        subject: singleLine(content.subject).slice(0, 300),
        html: renderHtml(content),
        text: renderText(content),
        links: emailLinks(content),
        unsubscribeTokenHash: unsubscribeToken ? hashToken(unsubscribeToken) : null,
        unsubscribeUrl: unsubscribeUrl ?? null,
        nextAttemptAt: new Date(),
      },
    ],
    skipDuplicates: true,
  });
  return created.count === 1;
}
