import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { AppShell } from "~/components/app-shell";
import { requireMembership, teamsOfRequest } from "~/modules/teams/guard.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requireMembership(request, context, params.team);
  const teams = await teamsOfRequest(request, context, access.user.id);
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
