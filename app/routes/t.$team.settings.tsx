import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/page";
import { requireMembership } from "~/modules/teams/guard.server";
import { can } from "~/modules/teams/permissions";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { team, role } = await requireMembership(request, context, params.team);
  return { team, isAdmin: can(role, "members.manage"), canWebhooks: can(role, "webhooks.manage") };
}

export default function SettingsLayout() {
  const { team, isAdmin, canWebhooks } = useLoaderData<typeof loader>();
  const tabs = [
    { to: `/t/${team.slug}/settings`, label: "General", end: true },
    { to: `/t/${team.slug}/settings/members`, label: "Members & invites", end: false },
    { to: `/t/${team.slug}/settings/products`, label: "Products", end: false },
    { to: `/t/${team.slug}/settings/trash`, label: "Trash", end: false },
    ...(isAdmin ? [{ to: `/t/${team.slug}/settings/tokens`, label: "API tokens", end: false }] : []),
    ...(canWebhooks ? [{ to: `/t/${team.slug}/settings/webhooks`, label: "Webhooks", end: false }] : []),
    { to: `/t/${team.slug}/settings/data`, label: "Data & export", end: false },
  ];
  return (
    <>
      <PageHeader title="Settings" description={`How ${team.name} is set up, and who is in it.`} />
      <nav aria-label="Settings" className="mb-6 flex flex-wrap gap-x-1 border-b border-zinc-200 dark:border-zinc-800">
        {tabs.map((tab) => (
          <NavLink
            key={tab.to}
            to={tab.to}
            end={tab.end}
            className={({ isActive }) =>
              `-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm no-underline hover:no-underline ${
                isActive ? "border-accent-600 font-medium text-zinc-900 dark:text-white" : "border-transparent text-zinc-500 hover:text-zinc-800 dark:text-zinc-400 dark:hover:text-zinc-200"
              }`
            }
          >
            {tab.label}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </>
  );
}
