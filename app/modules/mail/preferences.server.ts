/**
 * Which emails a person gets. Preferences are kept per address, so an unsubscribe link works for
 * people without an account (an invitee) and signed out; an account's page shows the preferences
 * of its current address. Security emails cannot be turned off.
 */
import { hashToken, isTokenShaped } from "~/modules/auth/session.server";
import { db, type Transaction } from "~/utils/db.server";
import { MAIL_KINDS, OPTIONAL_MAIL_KINDS, type MailKind } from "./kinds";

export type UnsubscribeLink = { address: string; kind: MailKind; label: string; subscribed: boolean };

function optionalKind(kind: string): MailKind | null {
  return (OPTIONAL_MAIL_KINDS as string[]).includes(kind) ? (kind as MailKind) : null;
}

/** What an unsubscribe link is about, or null when the token is not one we sent. */
export async function readUnsubscribeLink(token: string): Promise<UnsubscribeLink | null> {
  if (!isTokenShaped(token)) return null;
  const message = await db.outboxMessage.findUnique({ where: { unsubscribeTokenHash: hashToken(token) }, select: { toAddress: true, kind: true } });
  const kind = message ? optionalKind(message.kind) : null;
  if (!message || !kind) return null;
  const optedOut = await db.mailOptOut.findUnique({ where: { address_kind: { address: message.toAddress, kind } }, select: { address: true } });
  return { address: message.toAddress, kind, label: MAIL_KINDS[kind].label, subscribed: !optedOut };
}

/** Turns one kind of email off (or back on) for the link's address. Idempotent: mail clients may post twice. */
export async function applyUnsubscribeLink(token: string, subscribe: boolean): Promise<UnsubscribeLink | null> {
  const link = await readUnsubscribeLink(token);
  if (!link) return null;
  await setSubscribed(db, link.address, link.kind, subscribe);
  return { ...link, subscribed: subscribe };
}

async function setSubscribed(tx: Transaction | typeof db, address: string, kind: MailKind, subscribed: boolean) {
  if (subscribed) await tx.mailOptOut.deleteMany({ where: { address, kind } });
  else await tx.mailOptOut.createMany({ data: [{ address, kind }], skipDuplicates: true });
}

export type Preference = { kind: MailKind; label: string; description?: string; subscribed: boolean };

export async function readPreferences(address: string): Promise<Preference[]> {
  const optedOut = new Set((await db.mailOptOut.findMany({ where: { address }, select: { kind: true } })).map((row) => row.kind));
  return OPTIONAL_MAIL_KINDS.map((kind) => {
    const info: { label: string; description?: string } = MAIL_KINDS[kind];
    return { kind, label: info.label, description: info.description, subscribed: !optedOut.has(kind) };
  });
}

/** Saves the preferences page: every optional kind not in `subscribed` is turned off. */
export async function savePreferences(address: string, subscribed: ReadonlySet<MailKind>): Promise<void> {
  await db.$transaction(async (tx) => {
    for (const kind of OPTIONAL_MAIL_KINDS) await setSubscribed(tx, address, kind, subscribed.has(kind));
  });
}

/** A changed address keeps its owner's choices. */
export async function movePreferences(tx: Transaction, from: string, to: string): Promise<void> {
  const kinds = await tx.mailOptOut.findMany({ where: { address: from }, select: { kind: true } });
  await tx.mailOptOut.deleteMany({ where: { address: from } });
  if (kinds.length > 0) await tx.mailOptOut.createMany({ data: kinds.map(({ kind }) => ({ address: to, kind })), skipDuplicates: true });
}
