import { Link } from "@remix-run/react";
import { snippetParts, type SearchHit } from "~/modules/search/types";

/** A snippet with its matched words marked; built from text runs, never from HTML. */
export function Snippet({ text }: { text: string }) {
  return (
    <>
      {snippetParts(text).map((part, index) =>
        part.match ? (
          <mark key={index} className="rounded-sm bg-amber-100 px-0.5 text-zinc-900 dark:bg-amber-900 dark:text-amber-50">
            {part.text}
          </mark>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </>
  );
}

/** Hits as a list: key, title (the link) and the snippet under it. */
export function SearchHitList({ hits }: { hits: SearchHit[] }) {
  return (
    <ul className="card divide-y divide-zinc-200 dark:divide-zinc-800">
      {hits.map((hit) => (
        <li key={`${hit.type}:${hit.url}:${hit.snippet}`} className="px-4 py-3">
          <div className="flex min-w-0 items-baseline gap-2">
            {hit.key ? <span className="shrink-0 font-mono text-xs text-zinc-500 dark:text-zinc-400">{hit.key}</span> : null}
            <Link to={hit.url} className="min-w-0 break-words font-medium">
              {hit.title}
            </Link>
          </div>
          {hit.snippet ? (
            <p className="muted mt-1 line-clamp-2 break-words text-sm">
              <Snippet text={hit.snippet} />
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
