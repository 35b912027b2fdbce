import type { AppLoadContext } from "@remix-run/node";
import { requireAuth } from "~/modules/auth/guard.server";
import { httpError } from "~/utils/http.server";
import { can, type Permission } from "./permissions";
import { listTeamsForUser, type TeamMembership } from "./teams.server";

export type TeamAccess = Awaited<ReturnType<typeof requireMembership>>;

/**
 * The signed-in person's teams. A page view uses those read with the session (the team layout,
 * the page's guard and the team switcher all need them); a write reads them afresh, since it may
 * be the very change of a membership.
 */
export function teamsOfRequest(request: Request, context: AppLoadContext, userId: string): Promise<TeamMembership[]> {
  const auth = context.auth;
  if ((request.method === "GET" || request.method === "HEAD") && auth?.user.id === userId) return Promise.resolve(auth.teams);
  return listTeamsForUser(userId);
}

/**
 * The one guard for every team route. Signed out → sign in; not a member (or no such team) →
 * 404, so a team's existence is never revealed; a member whose role lacks `permission` (asked of
 * the one permission table) → 403.
 */
export async function requireMembership(
  request: Request,
  context: AppLoadContext,
  teamSlug: string | undefined,
  permission: Permission = "team.view",
) {
  const auth = requireAuth(request, context);
  if (!teamSlug) throw httpError(404);
  const membership = (await teamsOfRequest(request, context, auth.user.id)).find((team) => team.slug === teamSlug);
  if (!membership) throw httpError(404);
  if (!can(membership.role, permission)) throw httpError(403, "Your role in this team doesn't allow that.");
  const { role, ...team } = membership;
  return { user: auth.user, team, role };
}
