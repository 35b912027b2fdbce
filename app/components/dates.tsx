/**
 * Dates as people read them, one choice per context (the words come from ~/utils/dates):
 *
 * - <DateText>: a plan, a timebox, a day something was observed or held — "9 Mar 2026".
 * - <EventTime>: when something happened (history, activity, comments, sign-ins) — "9 Mar 2026",
 *   with how long ago and the exact time on hover.
 *
 * The server and the browser's first render print the same text: "now" is read only after the
 * page has hydrated, and only for the hover text.
 */
import { useSyncExternalStore } from "react";
import { eventDateTitle, formatDate, formatDateTime, machineDate, relativeTime } from "~/utils/dates";

const listeners = new Set<() => void>();
let now: Date | null = null;
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void) {
  // The first date on a page after a while without any: the clock may have moved on since.
  if (listeners.size === 0) now = new Date();
  listeners.add(listener);
  // Relative wording moves on while the page stays open.
  timer ??= setInterval(() => {
    now = new Date();
    for (const notify of listeners) notify();
  }, 60_000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The browser's clock once hydrated (refreshed each minute); null on the server and while hydrating. */
export function useNow(): Date | null {
  return useSyncExternalStore(
    subscribe,
    () => (now ??= new Date()),
    () => null
  );
}

/** A plain date: plans, timeboxes, observations, meetings. */
export function DateText({ date, className }: { date: string | Date; className?: string }) {
  return (
    <time dateTime={machineDate(date)} className={className}>
      {formatDate(date)}
    </time>
  );
}

/** When something happened: the date, with "3 days ago · 9 Mar 2026, 14:05 UTC" on hover. */
export function EventTime({ date, className }: { date: string | Date; className?: string }) {
  const current = useNow();
  return (
    <time dateTime={machineDate(date)} title={eventDateTitle(date, current)} className={className}>
      {formatDate(date)}
    </time>
  );
}

/** When something happened or will happen to the minute (a delivery attempt, a retry): "9 Mar 2026, 14:05 UTC", how long ago or until on hover. */
export function ExactTime({ date, className }: { date: string | Date; className?: string }) {
  const current = useNow();
  return (
    <time dateTime={machineDate(date)} title={current ? relativeTime(date, current) : undefined} className={className}>
      {formatDateTime(date)}
    </time>
  );
}

const RECENT_MS = 7 * 86_400_000;

/**
 * When something happened, as a feed reads it: "5 minutes ago", "yesterday" for the last week,
 * the date after that; the exact time on hover. `serverNow` (the loader's clock) lets the server
 * and the browser's first render say the same, with or without JavaScript; the browser's own clock
 * takes over once the page is live.
 */
export function TimeAgo({ date, serverNow, className }: { date: string | Date; serverNow: string | Date; className?: string }) {
  const now = useNow() ?? new Date(serverNow);
  const at = typeof date === "string" ? new Date(date) : date;
  const recent = Math.abs(now.getTime() - at.getTime()) < RECENT_MS;
  return (
    <time dateTime={machineDate(date)} title={formatDateTime(date)} className={className}>
      {recent ? relativeTime(date, now) : formatDate(date)}
    </time>
  );
}

/** The earlier name of EventTime, still imported by a few pages. */
export const RelativeTime = EventTime;
