import type { Role } from "~/generated/prisma/enums";
import { recordActivity } from "~/modules/activity/activity.server";
import { generateToken, hashToken } from "~/modules/auth/session.server";
import { db } from "~/utils/db.server";
import { AppError, forbidden, notFound } from "~/utils/errors";
import { assignableRoles, can, ROLE_LABELS } from "./permissions";
import type { Actor } from "./teams.server";

export const INVITE_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** Creates a single-use invite link. The token is returned once; only its hash is stored. */
export async function createInvite(actor: Actor, input: { role: Role }, now = new Date()) {
  if (!can(actor.role, "invites.manage") || !assignableRoles(actor.role).includes(input.role)) throw forbidden();
  const token = generateToken();
  const expiresAt = new Date(now.getTime() + INVITE_LIFETIME_MS);
  const invite = await db.$transaction(async (tx) => {
    const created = await tx.invite.create({
      data: { teamId: actor.team.id, tokenHash: hashToken(token), role: input.role, expiresAt, createdById: actor.user.id },
      select: { id: true },
    });
    await recordActivity(tx, {
      teamId: actor.team.id,
      actorId: actor.user.id,
      action: "invite.created",
      entityType: "invite",
      entityId: created.id,
      summary: `created an invite link for a new ${ROLE_LABELS[input.role].toLowerCase()}`,
      after: { role: input.role, expiresAt: expiresAt.toISOString() },
    });
    return created;
  });
  return { id: invite.id, token, expiresAt };
}

export function listPendingInvites(teamId: string, now = new Date()) {
  return db.invite.findMany({
    where: { teamId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: "desc" },
    select: { id: true, role: true, expiresAt: true, createdAt: true, createdBy: { select: { name: true } } },
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

export type InviteState = "valid" | "expired" | "used" | "revoked";

/** What an invite link points at, or null when the token matches nothing. */
export async function findInvite(token: string, now = new Date()) {
  const invite = await db.invite.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      role: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      team: { select: { id: true, name: true, slug: true } },
      createdBy: { select: { name: true } },
    },
  });
  if (!invite) return null;
  const state: InviteState = invite.revokedAt
    ? "revoked"
    : invite.acceptedAt
      ? "used"
      : invite.expiresAt.getTime() <= now.getTime()
        ? "expired"
        : "valid";
  return { ...invite, state };
}

const UNUSABLE: Record<Exclude<InviteState, "valid">, string> = {
  expired: "This invite link has expired. Ask a team admin for a new one.",
  used: "This invite link has already been used. Ask a team admin for a new one.",
  revoked: "This invite link was revoked. Ask a team admin for a new one.",
};

/**
 * Joins the invite's team. Single use: the invite is claimed with a conditional update, so two
 * people opening the same link at once cannot both join. Someone already in the team keeps their role.
 */
export async function acceptInvite(input: { token: string; user: { id: string; name: string } }, now = new Date()) {
  const invite = await findInvite(input.token, now);
  if (!invite) throw notFound("This invite link is not valid.");
  const existing = await db.membership.findUnique({
    where: { teamId_userId: { teamId: invite.team.id, userId: input.user.id } },
    select: { role: true },
  });
  if (existing) return { team: invite.team, alreadyMember: true };
  if (invite.state !== "valid") throw new AppError(400, `invite_${invite.state}`, UNUSABLE[invite.state]);

  return db.$transaction(async (tx) => {
    const claimed = await tx.invite.updateMany({
      where: { id: invite.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { acceptedAt: now, acceptedById: input.user.id },
    });
    if (claimed.count === 0) throw new AppError(400, "invite_used", UNUSABLE.used);
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
