import { Link } from "@remix-run/react";
import { useId, type ReactNode } from "react";

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="mb-6 flex flex-wrap items-start justify-between gap-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
        {description ? <p className="muted mt-1 text-sm">{description}</p> : null}
      </div>
      {actions ? <div className="flex items-center gap-2">{actions}</div> : null}
    </header>
  );
}

/** A titled card; `id` makes it a link target (search results point at evidence and comments). */
export function Section({ id, title, description, children, actions }: { id?: string; title: string; description?: ReactNode; children: ReactNode; actions?: ReactNode }) {
  const headingId = useId();
  return (
    <section id={id} className="card mb-6 scroll-mt-4" aria-labelledby={headingId}>
      <div className="flex flex-wrap items-start justify-between gap-3 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <div>
          <h2 id={headingId} className="text-sm font-semibold">
            {title}
          </h2>
          {description ? <p className="muted mt-0.5 text-sm">{description}</p> : null}
        </div>
        {actions}
      </div>
      <div className="p-4">{children}</div>
    </section>
  );
}

export function EmptyState({ children, action }: { children: ReactNode; action?: ReactNode }) {
  return (
    <div className="rounded-md border border-dashed border-zinc-300 px-6 py-8 text-center text-sm dark:border-zinc-700">
      <p className="muted">{children}</p>
      {action ? <div className="mt-4">{action}</div> : null}
    </div>
  );
}

export function Notice({ tone = "info", children }: { tone?: "info" | "success"; children: ReactNode }) {
  const styles =
    tone === "success"
      ? "border-green-200 bg-green-50 text-green-900 dark:border-green-900 dark:bg-green-950 dark:text-green-100"
      : "border-accent-100 bg-accent-50 text-accent-700 dark:border-accent-700 dark:bg-zinc-900 dark:text-accent-100";
  return (
    <div role="status" className={`mb-4 rounded-md border px-3 py-2 text-sm ${styles}`}>
      {children}
    </div>
  );
}

/** Previous/next links for a paged list, with where the reader is ("2,000 hypotheses · page 3 of 80"). */
export function Pager({
  label,
  summary,
  page,
  pageCount,
  href,
  previous = "Previous",
  next = "Next",
}: {
  label: string;
  summary: ReactNode;
  page: number;
  pageCount: number;
  href: (page: number) => string;
  previous?: string;
  next?: string;
}) {
  if (pageCount <= 1) return null;
  return (
    <nav aria-label={label} className="mt-4 flex items-center justify-between text-sm">
      <span className="muted">{summary}</span>
      <span className="flex gap-2">
        {page > 1 ? (
          <Link to={href(page - 1)} className="btn-secondary">
            {previous}
          </Link>
        ) : null}
        {page < pageCount ? (
          <Link to={href(page + 1)} className="btn-secondary">
            {next}
          </Link>
        ) : null}
      </span>
    </nav>
  );
}
