import type { Role } from "~/generated/prisma/enums";
import { recordActivity } from "~/modules/activity/activity.server";
import { assertAddressConfirmed } from "~/modules/auth/email-address.server";
import { generateToken, hashToken } from "~/modules/auth/session.server";
import { db, type Transaction } from "~/utils/db.server";
import { AppError, forbidden, invalid, notFound } from "~/utils/errors";
import type { RequestContext } from "~/utils/origin.server";
import { invitationEmail } from "~/modules/mail/messages";
import { enqueueEmail } from "~/modules/mail/outbox.server";
import { can, canGrantRole, ROLE_LABELS, rolesThatMayGrant } from "./permissions";
import type { Actor } from "./actor";

export const INVITE_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Creates a single-use invite link. The token is returned once; only its hash is stored. With an
 * address, the link is also emailed to it, queued in the same transaction.
 */
export async function createInvite(actor: Actor, input: { role: Role; email?: string }, options: { context?: RequestContext; now?: Date } = {}) {
  const { context, now = new Date() } = options;
  if (!canGrantRole(actor.role, input.role)) throw forbidden();
  if (input.email && !context) throw new Error("An emailed invite needs the request's origin for its link");
  const token = generateToken();
  const expiresAt = new Date(now.getTime() + INVITE_LIFETIME_MS);
  const invite = await db.$transaction(async (tx) => {
    if (input.email) {
      const member = await tx.membership.findFirst({ where: { teamId: actor.team.id, user: { email: input.email } }, select: { userId: true } });
      if (member) throw invalid({ email: `${input.email} is already in this team.` });
    }
    const created = await tx.invite.create({
      data: { teamId: actor.team.id, tokenHash: hashToken(token), role: input.role, expiresAt, createdById: actor.user.id, email: input.email ?? null },
      select: { id: true, team: { select: { name: true } } },
    });
    const role = ROLE_LABELS[input.role].toLowerCase();
    await recordActivity(tx, {
      teamId: actor.team.id,
      actorId: actor.user.id,
      action: "invite.created",
      entityType: "invite",
      entityId: created.id,
      summary: input.email ? `invited ${input.email} as ${role}` : `created an invite link for a new ${role}`,
      after: { role: input.role, expiresAt: expiresAt.toISOString(), ...(input.email ? { email: input.email } : {}) },
    });
    if (input.email && context) {
      const inviteUrl = `${context.origin}/invite/${token}`;
      await enqueueEmail(tx, {
        kind: "invitation",
        to: { address: input.email },
        teamId: actor.team.id,
        dedupeKey: `invitation:${created.id}`,
        origin: context.origin,
        content: ({ unsubscribeUrl }) =>
          invitationEmail({
            team: created.team.name,
            inviter: actor.user.name,
            role: ROLE_LABELS[input.role],
            inviteUrl,
            expiresOn: expiresAt.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }),
            unsubscribeUrl,
          }),
      });
    }
    return created;
  });
  return { id: invite.id, token, expiresAt };
}

export function listPendingInvites(teamId: string, now = new Date()) {
  return db.invite.findMany({
    where: { teamId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: "desc" },
    select: { id: true, role: true, email: true, expiresAt: true, createdAt: true, createdBy: { select: { name: true } } },
  });
}

export async function revokeInvite(actor: Actor, input: { inviteId: string }, now = new Date()) {
  if (!can(actor.role, "invites.manage")) throw forbidden();
  await db.$transaction(async (tx) => {
    const invite = await tx.invite.findFirst({
      where: { id: input.inviteId, teamId: actor.team.id },
      select: { id: true, role: true, acceptedAt: true, revokedAt: true },
    });
    if (!invite) throw notFound("That invite no longer exists.");
    if (invite.acceptedAt || invite.revokedAt) return;
    await tx.invite.update({ where: { id: invite.id }, data: { revokedAt: now } });
    await recordActivity(tx, {
      teamId: actor.team.id,
      actorId: actor.user.id,
      action: "invite.revoked",
      entityType: "invite",
      entityId: invite.id,
      summary: `revoked an invite link for a ${ROLE_LABELS[invite.role].toLowerCase()}`,
      before: { role: invite.role },
    });
  });
}

/**
 * Revokes the pending invites `userId` created in the team, inside the transaction that removes
 * or demotes them: their links stop working with their role. Returns how many were revoked.
 */
export async function revokeInvitesCreatedBy(tx: Transaction, input: { teamId: string; userId: string }, now = new Date()): Promise<number> {
  const revoked = await tx.invite.updateMany({
    where: { teamId: input.teamId, createdById: input.userId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    data: { revokedAt: now },
  });
  return revoked.count;
}

export type InviteState = "valid" | "expired" | "used" | "revoked";

/**
 * What an invite link points at, or null when the token matches nothing. An invite whose creator
 * may no longer grant its role (they left, or were demoted by any path) counts as revoked.
 */
export async function findInvite(token: string, now = new Date()) {
  const invite = await db.invite.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      role: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      createdById: true,
      email: true,
      team: { select: { id: true, name: true, slug: true } },
      createdBy: { select: { name: true } },
    },
  });
  if (!invite) return null;
  const creator = await db.membership.findUnique({ where: { teamId_userId: { teamId: invite.team.id, userId: invite.createdById } }, select: { role: true } });
  const state: InviteState = invite.revokedAt
    ? "revoked"
    : invite.acceptedAt
      ? "used"
      : invite.expiresAt.getTime() <= now.getTime()
        ? "expired"
        : canGrantRole(creator?.role ?? null, invite.role)
          ? "valid"
          : "revoked";
  return { ...invite, state };
}

const UNUSABLE: Record<Exclude<InviteState, "valid">, string> = {
  expired: "This invite link has expired. Ask a team admin for a new one.",
  used: "This invite link has already been used. Ask a team admin for a new one.",
  revoked: "This invite link was revoked. Ask a team admin for a new one.",
};

/**
 * Joins the invite's team. Single use: the invite is claimed with a conditional update, so two
 * people opening the same link at once cannot both join; the same update checks that its creator
 * may still grant its role. Someone already in the team keeps their role.
 */
export async function acceptInvite(input: { token: string; user: { id: string; name: string } }, now = new Date()) {
  const invite = await findInvite(input.token, now);
  if (!invite) throw notFound("This invite link is not valid.");
  await assertAddressConfirmed(db, input.user.id);
  const existing = await db.membership.findUnique({
    where: { teamId_userId: { teamId: invite.team.id, userId: input.user.id } },
    select: { role: true },
  });
  if (existing) return { team: invite.team, alreadyMember: true };
  if (invite.state !== "valid") throw new AppError(400, `invite_${invite.state}`, UNUSABLE[invite.state]);

  return db.$transaction(async (tx) => {
    const claimed = await tx.invite.updateMany({
      where: {
        id: invite.id,
        acceptedAt: null,
        revokedAt: null,
        expiresAt: { gt: now },
        createdBy: { memberships: { some: { teamId: invite.team.id, role: { in: rolesThatMayGrant(invite.role) } } } },
      },
      data: { acceptedAt: now, acceptedById: input.user.id },
    });
    if (claimed.count === 0) {
      // Used or revoked since we looked: say which.
      const state = (await tx.invite.findUniqueOrThrow({ where: { id: invite.id }, select: { acceptedAt: true } })).acceptedAt ? "used" : "revoked";
      throw new AppError(400, `invite_${state}`, UNUSABLE[state]);
    }
    await tx.membership.create({ data: { teamId: invite.team.id, userId: input.user.id, role: invite.role } });
    await recordActivity(tx, {
      teamId: invite.team.id,
      actorId: input.user.id,
      action: "member.joined",
      entityType: "member",
      entityId: input.user.id,
      summary: `joined the team as ${ROLE_LABELS[invite.role].toLowerCase()}`,
      after: { role: invite.role, inviteId: invite.id },
    });
    return { team: invite.team, alreadyMember: false };
  });
}
