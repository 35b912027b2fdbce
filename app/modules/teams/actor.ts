import type { Role } from "~/generated/prisma/enums";
import { forbidden } from "~/utils/errors";
import { can, type Permission } from "./permissions";

/** Who is acting, in which team, with which role: what every team-scoped module function takes. */
export type Actor = { user: { id: string; name: string }; team: { id: string; slug: string }; role: Role };

export function assertCan(actor: Actor, permission: Permission): void {
  if (!can(actor.role, permission)) throw forbidden();
}
