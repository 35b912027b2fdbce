/**
 * Watching a hypothesis or an experiment: its comments and changes reach the watcher's inbox.
 * A plain form posting the page's "watch" intent, so it works without JavaScript; anyone who can
 * read the page may watch it (viewers too: it changes nothing but their own inbox).
 */
import { Form } from "@remix-run/react";

export type WatchState = { watching: boolean; implicit: boolean };

function EyeIcon({ filled }: { filled?: boolean }) {
  return (
    <svg aria-hidden viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" className="size-4 shrink-0">
      <path d="M1.5 8S4 3.5 8 3.5 14.5 8 14.5 8 12 12.5 8 12.5 1.5 8 1.5 8Z" />
      <circle cx="8" cy="8" r="2" fill={filled ? "currentColor" : "none"} />
    </svg>
  );
}

export function WatchButton({ state, subject }: { state: WatchState; /** "hypothesis" or "experiment", for the help text. */ subject: string }) {
  const { watching, implicit } = state;
  return (
    <Form method="post" preventScrollReset className="flex flex-col items-end gap-1 sm:flex-row-reverse sm:items-center sm:gap-3">
      <input type="hidden" name="intent" value="watch" />
      <input type="hidden" name="watching" value={watching ? "false" : "true"} />
      {watching ? (
        <>
          <span className="flex items-center gap-2">
            <span className="inline-flex items-center gap-1.5 text-sm font-medium text-accent-700 dark:text-accent-300">
              <EyeIcon filled />
              Watching
            </span>
            <button type="submit" className="btn-secondary px-2 py-1 text-xs">
              Stop watching
            </button>
          </span>
          {implicit ? <span className="muted max-w-52 text-right text-xs sm:max-w-none">You watch this because you own it or commented.</span> : null}
        </>
      ) : (
        <button type="submit" className="btn-secondary px-2.5 py-1 text-xs" title={`Get this ${subject}'s comments and changes in your inbox`}>
          <EyeIcon />
          Watch
        </button>
      )}
    </Form>
  );
}
