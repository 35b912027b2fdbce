import type { AppLoadContext } from "@remix-run/node";
import type { Role } from "~/generated/prisma/enums";
import { requireAuth } from "~/modules/auth/guard.server";
import { httpError } from "~/utils/http.server";
import { hasRole } from "./permissions";
import { listTeamsForUser, type TeamMembership } from "./teams.server";

export type TeamAccess = Awaited<ReturnType<typeof requireMembership>>;

// A team page runs the guard twice (the team layout and the page, in parallel) and shows the
// team switcher: one read of the person's memberships serves all three. Only for reads: a write
// may change memberships, and the loaders that follow it must see the change.
const membershipsOfRequest = new WeakMap<AppLoadContext, Promise<TeamMembership[]>>();

/** The signed-in person's teams, read once per page view. */
export function teamsOfRequest(request: Request, context: AppLoadContext, userId: string): Promise<TeamMembership[]> {
  if (request.method !== "GET" && request.method !== "HEAD") return listTeamsForUser(userId);
  let teams = membershipsOfRequest.get(context);
  if (!teams) {
    teams = listTeamsForUser(userId);
    membershipsOfRequest.set(context, teams);
  }
  return teams;
}

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
  const membership = (await teamsOfRequest(request, context, auth.user.id)).find((team) => team.slug === teamSlug);
  if (!membership) throw httpError(404);
  if (!hasRole(membership.role, minimumRole)) throw httpError(403, "Your role in this team doesn't allow that.");
  const { role, ...team } = membership;
  return { user: auth.user, team, role };
}
