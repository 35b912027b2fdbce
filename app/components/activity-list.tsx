import { EventTime } from "./dates";

export type ActivityItem = {
  id: string;
  summary: string;
  createdAt: string | Date;
  actor: { name: string } | null;
  imported?: boolean;
};

/** Marks history that came with an imported team file: this server did not see it happen. */
export function ImportedMark({ imported }: { imported?: boolean }) {
  if (!imported) return null;
  return (
    <span className="muted ml-1 inline-block rounded border border-zinc-200 px-1 text-[11px] leading-4 dark:border-zinc-700" title="Came with an imported team file; Evident did not record it happening.">
      imported
    </span>
  );
}

export function ActivityList({ events }: { events: ActivityItem[] }) {
  return (
    <ol className="divide-y divide-zinc-100 dark:divide-zinc-800">
      {events.map((event) => (
        <li key={event.id} className="flex items-baseline justify-between gap-4 py-2.5 text-sm">
          <p>
            <span className="font-medium">{event.actor?.name ?? "Someone"}</span> {event.summary}
            <ImportedMark imported={event.imported} />
          </p>
          <span className="muted shrink-0 text-xs">
            <EventTime date={event.createdAt} />
          </span>
        </li>
      ))}
    </ol>
  );
}
