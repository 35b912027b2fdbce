import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ActivityList } from "~/components/activity-list";
import { EmptyState, PageHeader, Section } from "~/components/page";
import { RoleBadge } from "~/components/role-badge";
import { listActivity } from "~/modules/activity/activity.server";
import { requireMembership } from "~/modules/teams/guard.server";
import { can } from "~/modules/teams/permissions";
import { listMembers } from "~/modules/teams/teams.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.team.name ?? "Team"} · Evident` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { team, role, user } = await requireMembership(request, context, params.team);
  const [members, activity] = await Promise.all([listMembers(team.id), listActivity(team.id)]);
  return {
    team,
    user,
    members,
    recent: activity.events.slice(0, 8),
    canInvite: can(role, "invites.manage"),
  };
}

export default function Dashboard() {
  const { team, user, members, recent, canInvite } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="Dashboard"
        description={`Welcome back, ${user.name.split(" ")[0]}. Here is where ${team.name} stands.`}
        actions={
          canInvite ? (
            <Link to={`/t/${team.slug}/settings/members`} className="btn-primary">
              Invite a teammate
            </Link>
          ) : null
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <Section title="Recent activity" description="Every change to the team, newest first." actions={<Link to={`/t/${team.slug}/activity`} className="btn-link">View all</Link>}>
            {recent.length ? <ActivityList events={recent} /> : <EmptyState>Nothing has happened yet.</EmptyState>}
          </Section>
        </div>
        <Section title={`Team · ${members.length} ${members.length === 1 ? "person" : "people"}`}>
          <ul className="space-y-2.5">
            {members.map((member) => (
              <li key={member.user.id} className="flex items-center justify-between gap-2 text-sm">
                <span className="min-w-0">
                  <span className="block truncate font-medium">{member.user.name}</span>
                  <span className="muted block truncate text-xs">{member.user.email}</span>
                </span>
                <RoleBadge role={member.role} />
              </li>
            ))}
          </ul>
          {members.length === 1 && canInvite ? (
            <p className="muted mt-4 text-sm">
              Validation is a team sport. <Link to={`/t/${team.slug}/settings/members`}>Invite the people</Link> who decide with you.
            </p>
          ) : null}
        </Section>
      </div>
    </>
  );
}
