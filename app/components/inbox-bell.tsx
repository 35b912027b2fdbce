/**
 * The sidebar's way into the inbox: a bell with the number of unread entries. Its name says the
 * number too ("Inbox, 3 unread"), since the badge is only drawn.
 */
import { NavLink } from "@remix-run/react";

export function inboxLabel(unread: number): string {
  return unread > 0 ? `Inbox, ${unread} unread` : "Inbox";
}

export function InboxBell({ slug, unread }: { slug: string; unread: number }) {
  const label = inboxLabel(unread);
  return (
    <NavLink
      to={`/t/${slug}/inbox`}
      prefetch="intent"
      aria-label={label}
      title={label}
      className={({ isActive }) =>
        `relative grid size-9 shrink-0 place-items-center rounded-md no-underline hover:no-underline ${
          isActive
            ? "bg-white text-zinc-900 shadow-xs ring-1 ring-zinc-200 dark:bg-zinc-800 dark:text-white dark:ring-zinc-700"
            : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-white"
        }`
      }
    >
      <svg aria-hidden viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" className="size-5">
        <path d="M5 8a5 5 0 0 1 10 0c0 3.5 1.5 5 1.5 5h-13S5 11.5 5 8Z" />
        <path d="M8.3 16a1.8 1.8 0 0 0 3.4 0" />
      </svg>
      {unread > 0 ? (
        <span
          aria-hidden
          data-testid="inbox-count"
          className="absolute -top-1 -right-1 h-4 min-w-4 rounded-full bg-accent-600 px-1 text-center text-[10px] leading-4 font-semibold text-white tabular-nums ring-2 ring-zinc-50 dark:ring-zinc-900"
        >
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </NavLink>
  );
}
