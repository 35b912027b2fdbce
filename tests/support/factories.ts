import { randomBytes } from "node:crypto";
import type { Role } from "~/generated/prisma/enums";
import { hashPassword } from "~/modules/auth/password.server";
import { createTeam } from "~/modules/teams/teams.server";
import { db } from "~/utils/db.server";

export const PASSWORD = "correct horse battery";

let passwordHash: Promise<string> | undefined;

export async function createUser(overrides: { email?: string; name?: string } = {}) {
  passwordHash ??= hashPassword(PASSWORD);
  const suffix = randomBytes(4).toString("hex");
  return db.user.create({
    data: {
      // Most tests are about people who have confirmed their address; the sign-up tests make their own.
      emailVerifiedAt: new Date(),
      email: overrides.email ?? `person-${suffix}@example.com`,
      name: overrides.name ?? `Person ${suffix}`,
      passwordHash: await passwordHash,
    },
    select: { id: true, email: true, name: true },
  });
}

/** A team with an owner, and optionally more members with the given roles. */
export async function createTeamWith(roles: Role[] = []) {
  const owner = await createUser({ name: "Olivia Owner" });
  const team = await createTeam({ userId: owner.id, name: `Team ${randomBytes(3).toString("hex")}` });
  const members = [];
  for (const role of roles) {
    const user = await createUser();
    await db.membership.create({ data: { teamId: team.id, userId: user.id, role } });
    members.push({ ...user, role });
  }
  const fullTeam = await db.team.findUniqueOrThrow({ where: { id: team.id }, select: { id: true, slug: true, name: true, version: true } });
  return { team: fullTeam, owner, members };
}

/** The actor shape the team modules take. */
export function actorFor(user: { id: string; name: string }, team: { id: string; slug: string }, role: Role) {
  return { user, team, role };
}
