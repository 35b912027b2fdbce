import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AuthLayout } from "~/components/app-shell";
import { RoleBadge } from "~/components/role-badge";
import { requireAuth } from "~/modules/auth/guard.server";
import { listTeamsForUser } from "~/modules/teams/teams.server";

export const meta: MetaFunction = () => [{ title: "Your teams · Evident" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = requireAuth(request, context);
  const teams = await listTeamsForUser(user.id);
  if (teams.length === 0) throw redirect("/teams/new");
  if (teams.length === 1) throw redirect(`/t/${teams[0].slug}`);
  return { teams };
}

export default function Teams() {
  const { teams } = useLoaderData<typeof loader>();
  return (
    <AuthLayout title="Your teams" subtitle="Choose a team to continue.">
      <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
        {teams.map((team) => (
          <li key={team.slug} className="flex items-center justify-between py-2.5">
            <Link to={`/t/${team.slug}`} className="font-medium">
              {team.name}
            </Link>
            <RoleBadge role={team.role} />
          </li>
        ))}
      </ul>
      <Link to="/teams/new" className="btn-secondary mt-4 w-full">
        Create another team
      </Link>
    </AuthLayout>
  );
}
