import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { AppShell } from "~/components/app-shell";
import { requireMembership } from "~/modules/teams/guard.server";
import { listTeamsForUser } from "~/modules/teams/teams.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requireMembership(request, context, params.team);
  const teams = await listTeamsForUser(access.user.id);
  return { team: { ...access.team, role: access.role }, teams, user: access.user };
}

export default function TeamLayout() {
  const { team, teams, user } = useLoaderData<typeof loader>();
  return (
    <AppShell team={team} teams={teams} user={user}>
      <Outlet />
    </AppShell>
  );
}
