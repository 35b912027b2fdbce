import type { ReactNode } from "react";
import type { UpdateContent } from "~/modules/updates/content";
import type { NarrativeHtml } from "~/modules/updates/markdown.server";
import { UpdateDocument } from "./update-document";

/**
 * An investor update as its recipients see it: on the share page, and in the founder's preview
 * before publishing (`banner` says which). Branded with the team's name, nothing of the app around it.
 */
export function SharedUpdateView({ content, narrative, validUntil, banner }: { content: UpdateContent; narrative: NarrativeHtml; validUntil: string | null; banner?: ReactNode }) {
  return (
    <div className="min-h-full bg-white text-zinc-900 dark:bg-zinc-950 dark:text-zinc-100">
      {banner}
      <header className="border-b border-zinc-200 px-6 py-3 print:hidden dark:border-zinc-800">
        <p className="mx-auto flex max-w-3xl items-center gap-2 text-sm">
          <span aria-hidden className="grid h-7 w-7 place-items-center rounded-md bg-accent-600 font-semibold text-white">
            {content.teamName.trim().charAt(0).toUpperCase() || "·"}
          </span>
          <span className="font-semibold">{content.teamName}</span>
          <span className="muted">· investor update</span>
        </p>
      </header>
      <div className="px-6 py-10 print:p-0">
        <UpdateDocument content={content} narrative={narrative} />
        <p className="muted mx-auto mt-10 max-w-3xl text-xs print:hidden">
          Shared privately by {content.teamName} with Evident{validUntil ? `; this link works until ${validUntil}` : ""}. Please do not forward it.
        </p>
      </div>
    </div>
  );
}
