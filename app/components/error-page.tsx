import { Link } from "@remix-run/react";

const COPY: Record<number, { title: string; body: string }> = {
  400: { title: "That request couldn't be read", body: "The form arrived in a shape Evident can't read. Go back and submit it from the page again." },
  403: { title: "You don't have access to that", body: "Your role in this team doesn't allow this action. Ask an admin if you need it." },
  405: { title: "That action isn't available here", body: "This page doesn't accept that kind of request. Go back and try again from the page itself." },
  413: { title: "That was too much to send", body: "The form was larger than Evident accepts (64 kB). Shorten the text, or import large data as a file, and try again." },
  404: { title: "Page not found", body: "This page doesn't exist, or you don't have access to it." },
  500: { title: "Something went wrong", body: "An unexpected error occurred on our side. Please try again in a moment." },
  503: { title: "Evident is briefly unavailable", body: "We can't reach the database right now. Please try again in a few seconds." },
};

export type ErrorLink = { to: string; label: string };

function copyFor(status: number) {
  return COPY[status] ?? COPY[status >= 500 ? 500 : 404];
}

function Links({ links }: { links: ErrorLink[] }) {
  return (
    <nav aria-label="Ways back" className="mt-6 flex flex-wrap items-center gap-3">
      {links.map((link, index) => (
        <Link key={link.to} to={link.to} className={index === 0 ? "btn-primary" : "btn-secondary"}>
          {link.label}
        </Link>
      ))}
    </nav>
  );
}

/**
 * The friendly page for 400/403/404/413/500 outside a team: a plain explanation and a way back,
 * never a stack trace. Signed out, /teams leads to the sign-in page first.
 */
export function ErrorPage({
  status,
  links = [
    { to: "/", label: "Go to Evident" },
    { to: "/teams", label: "Your teams" },
  ],
}: {
  status: number;
  links?: ErrorLink[];
}) {
  const copy = copyFor(status);
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col justify-center px-6 py-16">
      <p className="text-sm font-semibold text-accent-600 dark:text-accent-300">{status}</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">{copy.title}</h1>
      <p className="muted mt-3">{copy.body}</p>
      <Links links={links} />
    </main>
  );
}

const TEAM_SECTIONS: Record<string, string> = {
  hypotheses: "Hypotheses",
  experiments: "Experiments",
  gate: "Gate",
  review: "Review",
  updates: "Updates",
  activity: "Activity",
  settings: "Settings",
};

/** Where a team's error page leads back to: the section the address was in, then the dashboard. */
export function teamErrorLinks(teamSlug: string, pathname: string): ErrorLink[] {
  const base = `/t/${teamSlug}`;
  const section = pathname.startsWith(`${base}/`) ? pathname.slice(base.length + 1).split("/")[0] : "";
  const links: ErrorLink[] = [];
  if (TEAM_SECTIONS[section]) links.push({ to: `${base}/${section}`, label: `Back to ${TEAM_SECTIONS[section]}` });
  links.push({ to: base, label: "Go to the dashboard" });
  return links;
}

/** The same explanations inside a team's shell: its navigation stays, and the way back names the team. */
export function TeamErrorPage({ status, teamName, links }: { status: number; teamName: string; links: ErrorLink[] }) {
  const copy = copyFor(status);
  const body = status === 404 ? `There is no such page in ${teamName}. The address may be mistyped, or what it showed was moved to the trash.` : copy.body;
  return (
    <div className="max-w-xl py-10">
      <p className="text-sm font-semibold text-accent-600 dark:text-accent-300">{status}</p>
      <h1 className="mt-2 text-xl font-semibold tracking-tight">{copy.title}</h1>
      <p className="muted mt-3 text-sm">{body}</p>
      <Links links={links} />
    </div>
  );
}
