import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";

const LABEL = "flex flex-col gap-1 text-xs font-medium text-zinc-600 dark:text-zinc-400";
/** Every control and action of a bar is this tall: selects, text inputs and buttons otherwise differ by a few pixels. */
const HEIGHT = "h-9";

/**
 * A list's filters: its controls, then Apply and (when something is filtered) Clear filters. The
 * two actions sit together at the foot of the controls, the same height as them, on one line at
 * every width; the bar is a GET form, so it works without JavaScript.
 */
export function FilterBar({ children, clearTo, applyLabel = "Apply" }: { children: ReactNode; clearTo?: string | null; applyLabel?: string }) {
  return (
    <Form method="get" className="card mb-4 flex flex-wrap items-end gap-3 p-3">
      {children}
      <div className="flex items-center gap-2">
        <button type="submit" className={`btn-secondary ${HEIGHT}`}>
          {applyLabel}
        </button>
        {clearTo ? (
          <Link to={clearTo} className={`btn ${HEIGHT} border border-transparent text-accent-600 hover:bg-zinc-100 dark:text-accent-100 dark:hover:bg-zinc-800`}>
            Clear filters
          </Link>
        ) : null}
      </div>
    </Form>
  );
}

/** A filter's select, "All" first; a label above it like every field. */
export function FilterSelect({
  name,
  label,
  value,
  options,
  all = "All",
}: {
  name: string;
  label: string;
  value?: string;
  options: { value: string; label: string }[];
  /** The first option, which filters nothing; null to leave it out (a sort order). */
  all?: string | null;
}) {
  return (
    <label className={LABEL}>
      {label}
      <select name={name} defaultValue={value ?? ""} className={`input w-auto py-0 ${HEIGHT}`}>
        {all !== null ? <option value="">{all}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A filter's free-text search, growing to the room left on its line. */
export function FilterSearch({ name, label, value, placeholder }: { name: string; label: string; value?: string; placeholder?: string }) {
  return (
    <label className={`${LABEL} min-w-48 flex-1`}>
      {label}
      <input name={name} type="search" defaultValue={value ?? ""} placeholder={placeholder} className={`input py-0 ${HEIGHT}`} />
    </label>
  );
}
