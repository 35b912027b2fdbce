import type { ReactNode } from "react";
import type { UpdateContent } from "~/modules/updates/content";
import type { NarrativeHtml } from "~/modules/updates/markdown.server";
import { UpdateDocument } from "./update-document";
import { formatDate } from "~/utils/dates";

/** The team's mark and name, as the top of every page a recipient sees. */
export function RecipientHeader({ teamName, children }: { teamName: string; children?: ReactNode }) {
  return (
    <header className="border-b border-zinc-200 px-6 py-3 print:hidden dark:border-zinc-800">
      <div className="mx-auto flex max-w-3xl flex-wrap items-center justify-between gap-x-4 gap-y-1 text-sm">
        <p className="flex items-center gap-2">
          <span aria-hidden className="grid h-7 w-7 place-items-center rounded-md bg-accent-600 font-semibold text-white">
            {teamName.trim().charAt(0).toUpperCase() || "·"}
          </span>
          <span className="font-semibold">{teamName}</span>
          <span className="muted">· investor updates</span>
        </p>
        {children}
      </div>
    </header>
  );
}

/**
 * An investor update as its recipients see it: on the share page, on a recipient's personal link,
 * and in the founder's preview (`banner` says which). Branded with the team's name, nothing of the
 * app around it. `nav` sits in the header; `footer` replaces the share link's small print.
 */
export function SharedUpdateView({ content, narrative, validUntil, banner, nav, footer }: { content: UpdateContent; narrative: NarrativeHtml; validUntil: string | null; banner?: ReactNode; nav?: ReactNode; footer?: ReactNode }) {
  return (
    <div className="min-h-full bg-white text-zinc-900 dark:bg-zinc-950 dark:text-zinc-100">
      {banner}
      <RecipientHeader teamName={content.teamName}>{nav}</RecipientHeader>
      <div className="px-6 py-10 print:p-0">
        <UpdateDocument content={content} narrative={narrative} />
        <div className="muted mx-auto mt-10 max-w-3xl text-xs print:hidden">
          {footer ?? <p>Shared privately by {content.teamName} with Evident{validUntil ? `; this link works until ${formatDate(validUntil)}` : ""}. Please do not forward it.</p>}
        </div>
      </div>
    </div>
  );
}
