import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ImportedMark } from "~/components/activity-list";
import { EventTime } from "~/components/dates";
import { EmptyState, PageHeader } from "~/components/page";
import { listActivity } from "~/modules/activity/activity.server";
import { requireMembership } from "~/modules/teams/guard.server";
import { idField } from "~/utils/fields";

export const meta: MetaFunction = () => [{ title: "Activity · Evident" }];

const QuerySchema = z.object({ before: idField.optional() });

function describe(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value !== "object") return String(value);
  return Object.entries(value as Record<string, unknown>)
    .map(([key, entry]) => `${key}: ${String(entry)}`)
    .join(", ");
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { team } = await requireMembership(request, context, params.team);
  const query = QuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const page = await listActivity(team.id, { before: query.success ? query.data.before : undefined });
  return {
    team,
    nextBefore: page.nextBefore,
    events: page.events.map((event) => ({
      id: event.id,
      actor: event.actor?.name ?? "Someone",
      summary: event.summary,
      action: event.action,
      before: event.before === null ? null : describe(event.before),
      after: event.after === null ? null : describe(event.after),
      imported: event.imported,
      createdAt: event.createdAt.toISOString(),
    })),
  };
}

export default function Activity() {
  const { team, events, nextBefore } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title="Activity" description="The audit log: every change to the team, who made it, and what it was before and after." />
      {events.length === 0 ? (
        <EmptyState>No activity yet. Changes to the team and its members will appear here.</EmptyState>
      ) : (
        <div className="card relative overflow-x-auto">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id}>
                  <td className="muted whitespace-nowrap text-xs">
                    <EventTime date={event.createdAt} />
                  </td>
                  <td className="whitespace-nowrap font-medium">{event.actor}</td>
                  <td>
                    {event.summary}
                    <ImportedMark imported={event.imported} />
                  </td>
                  <td className="muted text-xs">{event.before ?? "—"}</td>
                  <td className="muted text-xs">{event.after ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextBefore ? (
        <div className="mt-4 flex justify-center">
          <Link to={`/t/${team.slug}/activity?before=${nextBefore}`} className="btn-secondary">
            Older activity
          </Link>
        </div>
      ) : null}
    </>
  );
}
