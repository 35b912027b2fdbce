import { RelativeTime } from "./dates";

export type ActivityItem = {
  id: string;
  summary: string;
  createdAt: string | Date;
  actor: { name: string } | null;
};

export function ActivityList({ events }: { events: ActivityItem[] }) {
  return (
    <ol className="divide-y divide-zinc-100 dark:divide-zinc-800">
      {events.map((event) => (
        <li key={event.id} className="flex items-baseline justify-between gap-4 py-2.5 text-sm">
          <p>
            <span className="font-medium">{event.actor?.name ?? "Someone"}</span> {event.summary}
          </p>
          <span className="muted shrink-0 text-xs">
            <RelativeTime date={event.createdAt} />
          </span>
        </li>
      ))}
    </ol>
  );
}
