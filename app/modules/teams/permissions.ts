import type { Role } from "~/generated/prisma/enums";

export const ROLES = ["OWNER", "ADMIN", "MEMBER", "VIEWER"] as const satisfies readonly Role[];

const RANK: Record<Role, number> = { OWNER: 4, ADMIN: 3, MEMBER: 2, VIEWER: 1 };

export const ROLE_LABELS: Record<Role, string> = {
  OWNER: "Owner",
  ADMIN: "Admin",
  MEMBER: "Member",
  VIEWER: "Viewer",
};

/** The roles help text, shown wherever a role is chosen or explained. It says what the table below allows. */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  OWNER: "Everything an admin can do, plus managing owners.",
  ADMIN: "Manages the team, its members and invites; decides the scale gate and scale proposals.",
  MEMBER: "Records hypotheses, experiments and evidence; proposes scale changes, never approving their own.",
  VIEWER: "Reads everything, changes nothing.",
};

/**
 * The permission table: the least role that may do each thing. Every check in the app goes
 * through `can`, so this table is the whole policy (the gate's is ADR 017).
 */
export const PERMISSIONS = {
  "team.view": "VIEWER",
  "activity.view": "VIEWER",
  "work.edit": "MEMBER",
  "template.manage": "MEMBER",
  "proposals.create": "MEMBER",
  "gate.decide": "ADMIN",
  "proposals.decide": "ADMIN",
  "team.rename": "ADMIN",
  "review.schedule": "ADMIN",
  "updates.schedule": "ADMIN",
  "investors.manage": "ADMIN",
  "updates.send": "ADMIN",
  "tokens.manage": "ADMIN",
  "webhooks.manage": "ADMIN",
  "team.import": "ADMIN",
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

/** The roles that hold a permission: who to tell about what only they may act on. */
export function rolesWith(permission: Permission): Role[] {
  return ROLES.filter((role) => can(role, permission));
}

/** Roles an actor may hand out in invites or role changes: only owners create owners. */
export function assignableRoles(actorRole: Role): Role[] {
  if (!can(actorRole, "members.manage")) return [];
  return ROLES.filter((role) => role !== "OWNER" || can(actorRole, "owners.manage"));
}

/**
 * Whether someone holding `role` (null: no longer a member) may let a person in as `granted`: the
 * same rule for creating an invite and for using it, so an invite never grants a role above what
 * its creator may hand out at the moment it is used.
 */
export function canGrantRole(role: Role | null, granted: Role): boolean {
  return role !== null && can(role, "invites.manage") && assignableRoles(role).includes(granted);
}

/** The roles whose holders may grant `granted`, for checking a creator inside a query. */
export function rolesThatMayGrant(granted: Role): Role[] {
  return ROLES.filter((role) => canGrantRole(role, granted));
}

/** Whether the actor may change or remove a member who currently holds `targetRole`. */
export function canManageMember(actorRole: Role, targetRole: Role): boolean {
  if (!can(actorRole, "members.manage")) return false;
  return targetRole !== "OWNER" || can(actorRole, "owners.manage");
}

/** Why the author of a proposal cannot approve it; the gate page says the same beside their proposal. */
export const OWN_PROPOSAL = "You proposed this change, so another admin or owner approves it.";

/**
 * Whether the actor may give this verdict on a scale proposal: only those who decide proposals,
 * and no one approves their own (withdrawing it, a rejection, stays open to its author).
 */
export function canDecideProposal(actorRole: Role, input: { verdict: "APPROVED" | "REJECTED"; ownProposal: boolean }): boolean {
  if (!can(actorRole, "proposals.decide")) return false;
  return input.verdict === "REJECTED" || !input.ownProposal;
}
