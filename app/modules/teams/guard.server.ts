import type { AppLoadContext } from "@remix-run/node";
import type { Role } from "~/generated/prisma/enums";
import { requireAuth } from "~/modules/auth/guard.server";
import { db } from "~/utils/db.server";
import { httpError } from "~/utils/http.server";
import { hasRole } from "./permissions";

export type TeamAccess = Awaited<ReturnType<typeof requireMembership>>;

/**
 * The one guard for every team route. Signed out → sign in; not a member (or no such team) →
 * 404, so a team's existence is never revealed; a member below `minimumRole` → 403.
 */
export async function requireMembership(
  request: Request,
  context: AppLoadContext,
  teamSlug: string | undefined,
  minimumRole: Role = "VIEWER",
) {
  const auth = requireAuth(request, context);
  if (!teamSlug) throw httpError(404);
  const membership = await db.membership.findFirst({
    where: { userId: auth.user.id, team: { slug: teamSlug } },
    select: { role: true, team: { select: { id: true, name: true, slug: true, version: true } } },
  });
  if (!membership) throw httpError(404);
  if (!hasRole(membership.role, minimumRole)) throw httpError(403, "Your role in this team doesn't allow that.");
  return { user: auth.user, team: membership.team, role: membership.role };
}
