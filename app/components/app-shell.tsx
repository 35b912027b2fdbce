import { Form, NavLink, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { Role } from "~/generated/prisma/enums";
import { CommandPaletteProvider, SearchTrigger } from "./command-palette";
import { InboxBell } from "./inbox-bell";
import { RoleBadge } from "./role-badge";

type TeamLink = { name: string; slug: string; role: Role };

const NAV = [
  { to: "", label: "Dashboard", end: true },
  { to: "hypotheses", label: "Hypotheses", end: false },
  { to: "experiments", label: "Experiments", end: false },
  { to: "learnings", label: "Learnings", end: false },
  { to: "gate", label: "Gate", end: false },
  { to: "review", label: "Review", end: false },
  { to: "updates", label: "Updates", end: false },
  { to: "activity", label: "Activity", end: false },
  { to: "settings", label: "Settings", end: false },
];

function TeamSwitcher({ current, teams }: { current: TeamLink; teams: TeamLink[] }) {
  // A <details> menu works without JavaScript.
  return (
    <details className="group relative">
      <summary className="flex cursor-pointer list-none items-center justify-between gap-2 rounded-md px-2 py-2 hover:bg-zinc-100 dark:hover:bg-zinc-800 [&::-webkit-details-marker]:hidden">
        <span className="flex min-w-0 items-center gap-2">
          <span aria-hidden className="grid size-7 shrink-0 place-items-center rounded-md bg-accent-600 text-sm font-semibold text-white">
            {current.name.slice(0, 1).toUpperCase()}
          </span>
          <span className="min-w-0">
            <span className="block truncate text-sm font-semibold">{current.name}</span>
            <span className="muted block text-xs">Switch team</span>
          </span>
        </span>
        <span aria-hidden className="muted text-xs">▾</span>
      </summary>
      <div className="card absolute left-0 right-0 z-20 mt-1 p-1 shadow-lg">
        <ul>
          {teams.map((team) => (
            <li key={team.slug}>
              <Link
                to={`/t/${team.slug}`}
                aria-current={team.slug === current.slug ? "page" : undefined}
                className="flex items-center justify-between gap-2 rounded px-2 py-1.5 text-sm text-zinc-800 no-underline hover:bg-zinc-100 hover:no-underline dark:text-zinc-100 dark:hover:bg-zinc-800"
              >
                <span className="truncate">{team.name}</span>
                {team.slug === current.slug ? <span className="text-xs text-accent-600 dark:text-accent-300">Current</span> : null}
              </Link>
            </li>
          ))}
        </ul>
        <div className="mt-1 border-t border-zinc-200 pt-1 dark:border-zinc-800">
          <Link to="/teams/new" className="block rounded px-2 py-1.5 text-sm no-underline hover:bg-zinc-100 hover:no-underline dark:hover:bg-zinc-800">
            + Create a team
          </Link>
        </div>
      </div>
    </details>
  );
}

/** A team's pages: the sidebar and the content, with the command palette (Ctrl-K / ⌘-K) over both. */
export function AppShell(props: Parameters<typeof Shell>[0]) {
  return (
    <CommandPaletteProvider slug={props.team.slug} role={props.team.role}>
      <Shell {...props} />
    </CommandPaletteProvider>
  );
}

function Shell({
  team,
  teams,
  user,
  unread = 0,
  children,
}: {
  team: TeamLink;
  teams: TeamLink[];
  user: { name: string; email: string };
  /** Unread inbox entries, for the bell's badge. */
  unread?: number;
  children: ReactNode;
}) {
  return (
    <div className="flex min-h-full flex-col md:flex-row">
      <aside className="flex shrink-0 flex-col border-b print:hidden border-zinc-200 bg-zinc-50 p-3 md:w-60 md:border-b-0 md:border-r dark:border-zinc-800 dark:bg-zinc-900/50">
        <div className="flex items-center gap-1">
          <div className="min-w-0 flex-1">
            <TeamSwitcher current={team} teams={teams} />
          </div>
          <InboxBell slug={team.slug} unread={unread} />
        </div>
        <SearchTrigger slug={team.slug} />
        <nav aria-label="Team" className="mt-4 flex flex-row flex-wrap gap-1 md:flex-col">
          {NAV.map((item) => (
            <NavLink
              key={item.label}
              to={item.to ? `/t/${team.slug}/${item.to}` : `/t/${team.slug}`}
              end={item.end}
              prefetch="intent"
              className={({ isActive }) =>
                `rounded-md px-2 py-1.5 text-sm no-underline hover:no-underline ${
                  isActive
                    ? "bg-white font-medium text-zinc-900 shadow-xs ring-1 ring-zinc-200 dark:bg-zinc-800 dark:text-white dark:ring-zinc-700"
                    : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800"
                }`
              }
            >
              {item.label}
            </NavLink>
          ))}
        </nav>
        <div className="mt-auto hidden border-t border-zinc-200 pt-3 md:block dark:border-zinc-800">
          <div className="flex items-center justify-between gap-2 px-2">
            <div className="min-w-0">
              <Link to="/account" className="block truncate text-sm font-medium text-zinc-800 dark:text-zinc-100">
                {user.name}
              </Link>
              <p className="muted flex items-center gap-1 truncate text-xs">
                <RoleBadge role={team.role} />
              </p>
            </div>
            <Form method="post" action="/signout">
              <button type="submit" className="btn-link text-xs">
                Sign out
              </button>
            </Form>
          </div>
        </div>
      </aside>
      <main className="min-w-0 flex-1 px-6 py-8">
        <div className="mx-auto max-w-[1200px]">{children}</div>
      </main>
    </div>
  );
}

/** Centered layout for the public pages: sign in, sign up, invites. */
export function AuthLayout({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  return (
    <div className="flex min-h-full flex-col items-center justify-center bg-zinc-50 px-4 py-12 dark:bg-zinc-950">
      <Link to="/" className="mb-8 flex items-center gap-2 text-lg font-semibold text-zinc-900 no-underline hover:no-underline dark:text-white">
        <img src="/favicon.svg" alt="" className="size-7" /> Evident
      </Link>
      <div className="card w-full max-w-sm p-6 shadow-sm">
        <h1 className="text-lg font-semibold">{title}</h1>
        {subtitle ? <p className="muted mt-1 text-sm">{subtitle}</p> : null}
        <div className="mt-5">{children}</div>
      </div>
    </div>
  );
}
