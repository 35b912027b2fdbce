import type { LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, Outlet, useLoaderData, useLocation, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { AppShell } from "~/components/app-shell";
import { ErrorPage, TeamErrorPage, teamErrorLinks } from "~/components/error-page";
import { unreadCount } from "~/modules/notifications/inbox.server";
import { requireMembership, teamsOfRequest } from "~/modules/teams/guard.server";
import { newSubmissionKey } from "~/utils/submission.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requireMembership(request, context, params.team);
  const [teams, unread] = await Promise.all([teamsOfRequest(request, context, access.user.id), unreadCount(access)]);
  // Fresh with every render (and after every submission): see SubmissionKey.
  return { team: { ...access.team, role: access.role }, teams, user: access.user, unread, submission: newSubmissionKey() };
}

export default function TeamLayout() {
  const { team, teams, user, unread } = useLoaderData<typeof loader>();
  return (
    <AppShell team={team} teams={teams} user={user} unread={unread}>
      <Outlet />
    </AppShell>
  );
}

/**
 * An error inside a team (an unknown address, an experiment that is not there, an action the
 * role may not take) keeps the team's navigation around it. When the team itself could not be
 * shown (not a member, or no such team), there is no shell to keep: the plain page says so.
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const layout = useRouteLoaderData<typeof loader>("routes/t.$team");
  const { pathname } = useLocation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (!layout) return <ErrorPage status={status} />;
  return (
    <AppShell team={layout.team} teams={layout.teams} user={layout.user} unread={layout.unread}>
      <TeamErrorPage status={status} teamName={layout.team.name} links={teamErrorLinks(layout.team.slug, pathname)} />
    </AppShell>
  );
}
