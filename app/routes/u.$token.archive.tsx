import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RecipientHeader } from "~/components/shared-update";
import { readPersonalArchive } from "~/modules/updates/investors.server";
import { httpError } from "~/utils/http.server";
import { formatDate } from "~/utils/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Updates from ${data.teamName}` : "Updates" }, { name: "robots", content: "noindex" }];

export const headers = () => ({ "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex" });

/** Every update a team sent to one person, for as long as they stay on its list. */
export async function loader({ params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const archive = await readPersonalArchive(token);
  if (!archive) throw httpError(404);
  return {
    token,
    teamName: archive.teamName,
    recipient: archive.recipient,
    subscribed: archive.subscribed,
    updates: archive.updates.map((row) => ({
      id: row.update.id,
      title: row.update.title,
      period: `${formatDate(row.update.periodStart)} to ${formatDate(row.update.periodEnd)}`,
      sentOn: formatDate(row.sentAt),
    })),
  };
}

export default function PersonalArchive() {
  const { token, teamName, recipient, subscribed, updates } = useLoaderData<typeof loader>();
  return (
    <div className="min-h-full bg-white text-zinc-900 dark:bg-zinc-950 dark:text-zinc-100">
      <RecipientHeader teamName={teamName} />
      <main className="px-6 py-10">
        <div className="mx-auto max-w-3xl">
          <h1 className="text-2xl font-semibold tracking-tight">Updates from {teamName}</h1>
          <p className="muted mt-1 text-sm">
            Every update {teamName} has sent to {recipient}, newest first.
          </p>
          <ul className="mt-6 divide-y divide-zinc-200 border-y border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
            {updates.map((update) => (
              <li key={update.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-3">
                <Link to={`/u/${token}/${update.id}`} className="font-medium">
                  {update.title}
                </Link>
                <span className="muted text-sm">
                  {update.period} · sent {update.sentOn}
                </span>
              </li>
            ))}
          </ul>
          <p className="muted text-links mt-8 text-xs">
            This page is yours; please do not forward its address.{" "}
            {subscribed ? <Link to={`/u/${token}/unsubscribe`}>Stop getting {teamName}'s updates</Link> : <Link to={`/u/${token}/unsubscribe`}>You unsubscribed; subscribe again</Link>}
          </p>
        </div>
      </main>
    </div>
  );
}
