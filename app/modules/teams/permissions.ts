import type { Role } from "~/generated/prisma/enums";

export const ROLES = ["OWNER", "ADMIN", "MEMBER", "VIEWER"] as const satisfies readonly Role[];

const RANK: Record<Role, number> = { OWNER: 4, ADMIN: 3, MEMBER: 2, VIEWER: 1 };

export const ROLE_LABELS: Record<Role, string> = {
  OWNER: "Owner",
  ADMIN: "Admin",
  MEMBER: "Member",
  VIEWER: "Viewer",
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  OWNER: "Everything an admin can do, plus managing owners.",
  ADMIN: "Manages the team, its members and invites.",
  MEMBER: "Records hypotheses, experiments and evidence.",
  VIEWER: "Reads everything, changes nothing.",
};

/**
 * The permission table: the least role that may do each thing. Every check in the app goes
 * through `can`, so this table is the whole policy.
 */
export const PERMISSIONS = {
  "team.view": "VIEWER",
  "activity.view": "VIEWER",
  "work.edit": "MEMBER",
  "team.rename": "ADMIN",
  "members.manage": "ADMIN",
  "invites.manage": "ADMIN",
  "owners.manage": "OWNER",
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof PERMISSIONS;

export function hasRole(role: Role, minimum: Role): boolean {
  return RANK[role] >= RANK[minimum];
}

export function can(role: Role, permission: Permission): boolean {
  return hasRole(role, PERMISSIONS[permission]);
}

/** Roles an actor may hand out in invites or role changes: only owners create owners. */
export function assignableRoles(actorRole: Role): Role[] {
  if (!can(actorRole, "members.manage")) return [];
  return ROLES.filter((role) => role !== "OWNER" || can(actorRole, "owners.manage"));
}

/** Whether the actor may change or remove a member who currently holds `targetRole`. */
export function canManageMember(actorRole: Role, targetRole: Role): boolean {
  if (!can(actorRole, "members.manage")) return false;
  return targetRole !== "OWNER" || can(actorRole, "owners.manage");
}
