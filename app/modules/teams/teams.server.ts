import type { Role } from "~/generated/prisma/enums";
import { recordActivity } from "~/modules/activity/activity.server";
import { assertAddressConfirmed } from "~/modules/auth/email-address.server";
import { db, type Transaction } from "~/utils/db.server";
import { AppError, conflict, forbidden, notFound } from "~/utils/errors";
import { revokeInvitesCreatedBy } from "./invites.server";
import { can, canManageMember, hasRole, ROLE_LABELS } from "./permissions";
import { slugify, uniqueSlug } from "./slug";

import type { Actor } from "./actor";
import { quoted } from "~/utils/quote";
export type { Actor };

async function takenSlugs(tx: Transaction, base: string): Promise<Set<string>> {
  const rows = await tx.team.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } });
  return new Set(rows.map((row) => row.slug));
}

/** Creates a team with its creator as owner. Retries if another team takes the slug meanwhile. */
export async function createTeam(input: { userId: string; name: string }) {
  await assertAddressConfirmed(db, input.userId);
  const base = slugify(input.name);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await db.$transaction(async (tx) => {
        const slug = uniqueSlug(base, await takenSlugs(tx, base));
        const team = await tx.team.create({
          data: { name: input.name, slug, memberships: { create: { userId: input.userId, role: "OWNER" } } },
          select: { id: true, slug: true, name: true },
        });
        await recordActivity(tx, {
          teamId: team.id,
          actorId: input.userId,
          action: "team.created",
          entityType: "team",
          entityId: team.id,
          summary: `created the team ${quoted(team.name)}`,
          after: { name: team.name, slug: team.slug },
        });
        return team;
      });
    } catch (error) {
      if ((error as { code?: string }).code !== "P2002") throw error;
    }
  }
  throw conflict("Couldn't find a free address for this team name. Try a different name.");
}

export type TeamMembership = { id: string; name: string; slug: string; version: number; role: Role };

/**
 * Every team a person belongs to, with their role, by name. Read on every team page (the guard
 * and the team switcher share it), so it is one plain statement rather than a Prisma query with
 * a relation, which costs several times more CPU to build than to run (docs/performance.md).
 */
export function listTeamsForUser(userId: string): Promise<TeamMembership[]> {
  return db.$queryRaw<TeamMembership[]>`
    SELECT t.id, t.name, t.slug, t.version, m.role::text AS role
    FROM "Membership" m JOIN "Team" t ON t.id = m."teamId"
    WHERE m."userId" = ${userId}
    ORDER BY t.name, t.id`;
}

/** Renames the team if nobody else changed it since `version` was read. */
export async function renameTeam(actor: Actor, input: { name: string; version: number }) {
  if (!can(actor.role, "team.rename")) throw forbidden();
  return db.$transaction(async (tx) => {
    const current = await tx.team.findUniqueOrThrow({ where: { id: actor.team.id }, select: { name: true, version: true } });
    const updated = await tx.team.updateMany({
      where: { id: actor.team.id, version: input.version },
      data: { name: input.name, version: { increment: 1 } },
    });
    if (updated.count === 0) {
      throw conflict(`Someone renamed the team to ${quoted(current.name)} since you opened this page. Review it and save again.`, {
        name: `Current name: ${current.name}`,
      });
    }
    await recordActivity(tx, {
      teamId: actor.team.id,
      actorId: actor.user.id,
      action: "team.renamed",
      entityType: "team",
      entityId: actor.team.id,
      summary: `renamed the team to ${quoted(input.name)}`,
      before: { name: current.name },
      after: { name: input.name },
    });
  });
}

export function listMembers(teamId: string) {
  return db.membership.findMany({
    where: { teamId },
    orderBy: [{ createdAt: "asc" }],
    select: { role: true, version: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
  });
}

/** Locks the team's memberships so "last owner" checks cannot race each other. */
async function lockMemberships(tx: Transaction, teamId: string) {
  await tx.$queryRaw`SELECT "userId" FROM "Membership" WHERE "teamId" = ${teamId} FOR UPDATE`;
  return tx.membership.findMany({ where: { teamId }, select: { userId: true, role: true, version: true, user: { select: { name: true, email: true } } } });
}

const LAST_OWNER = "A team needs at least one owner. Make someone else an owner first.";

export async function changeRole(actor: Actor, input: { userId: string; role: Role; version?: number }) {
  return db.$transaction(async (tx) => {
    const members = await lockMemberships(tx, actor.team.id);
    const target = members.find((member) => member.userId === input.userId);
    if (!target) throw notFound("That person is no longer a member of this team.");
    if (!canManageMember(actor.role, target.role) || !canManageMember(actor.role, input.role)) throw forbidden();
    if (input.version !== undefined && input.version !== target.version) {
      throw conflict(`${target.user.name}'s role was changed to ${ROLE_LABELS[target.role]} since you opened this page.`);
    }
    if (target.role === input.role) return;
    const owners = members.filter((member) => member.role === "OWNER");
    if (target.role === "OWNER" && owners.length === 1) throw new AppError(400, "last_owner", LAST_OWNER);
    await tx.membership.update({
      where: { teamId_userId: { teamId: actor.team.id, userId: input.userId } },
      data: { role: input.role, version: { increment: 1 } },
    });
    // A demoted member's invite links stop working with their old role.
    const invitesRevoked = hasRole(input.role, target.role) ? 0 : await revokeInvitesCreatedBy(tx, { teamId: actor.team.id, userId: input.userId });
    await recordActivity(tx, {
      teamId: actor.team.id,
      actorId: actor.user.id,
      action: "member.role_changed",
      entityType: "member",
      entityId: input.userId,
      summary: `changed ${target.user.name}'s role from ${ROLE_LABELS[target.role]} to ${ROLE_LABELS[input.role]}`,
      before: { role: target.role },
      after: { role: input.role, ...(invitesRevoked > 0 ? { invitesRevoked } : {}) },
    });
  });
}

/** Removes a member (or, when the actor removes themself, leaves the team). */
export async function removeMember(actor: Actor, input: { userId: string }) {
  const leaving = input.userId === actor.user.id;
  return db.$transaction(async (tx) => {
    const members = await lockMemberships(tx, actor.team.id);
    const target = members.find((member) => member.userId === input.userId);
    if (!target) throw notFound("That person is no longer a member of this team.");
    if (!leaving && !canManageMember(actor.role, target.role)) throw forbidden();
    const owners = members.filter((member) => member.role === "OWNER");
    if (target.role === "OWNER" && owners.length === 1) {
      throw new AppError(400, "last_owner", leaving ? "You're the last owner. Make someone else an owner before you leave." : LAST_OWNER);
    }
    await tx.membership.delete({ where: { teamId_userId: { teamId: actor.team.id, userId: input.userId } } });
    // Whoever is no longer in the team can no longer let anyone in.
    const invitesRevoked = await revokeInvitesCreatedBy(tx, { teamId: actor.team.id, userId: input.userId });
    await recordActivity(tx, {
      teamId: actor.team.id,
      actorId: actor.user.id,
      action: leaving ? "member.left" : "member.removed",
      entityType: "member",
      entityId: input.userId,
      summary: leaving ? "left the team" : `removed ${target.user.name} from the team`,
      before: { name: target.user.name, email: target.user.email, role: target.role },
      ...(invitesRevoked > 0 ? { after: { invitesRevoked } } : {}),
    });
  });
}


export function isMember(teamId: string, userId: string): Promise<boolean> {
  return db.membership
    .findUnique({ where: { teamId_userId: { teamId, userId } }, select: { role: true } })
    .then((membership) => membership !== null);
}
