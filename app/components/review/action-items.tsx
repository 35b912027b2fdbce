import { Form, Link } from "@remix-run/react";
import type { ActionItemView } from "~/modules/review/action-items.server";
import { FormError } from "../form";
import { ActionItemForm, failureAt, type DecideContext } from "./decisions";
import { formatDate } from "~/utils/dates";

function linkTo(base: string, key: string) {
  return `${base}/${key.startsWith("E-") ? "experiments" : "hypotheses"}/${key}`;
}

/** Title, what it is about, who owns it and when it is due (in red once past). */
export function ActionItemLine({ item, base, today }: { item: ActionItemView; base: string; today?: string }) {
  const late = today !== undefined && item.status === "OPEN" && item.dueOn !== null && item.dueOn < today;
  return (
    <span className="min-w-0">
      <span className={item.status === "DONE" ? "line-through decoration-zinc-400" : "font-medium"}>{item.title}</span>
      {item.linkKey ? (
        <>
          {" "}
          <Link to={linkTo(base, item.linkKey)} className="text-xs">
            {item.linkKey}
          </Link>
        </>
      ) : null}
      <span className="muted block text-xs">
        {item.ownerName ?? "no owner"}
        {item.dueOn ? (
          <>
            {" · "}
            <span className={late ? "font-medium text-red-700 dark:text-red-400" : undefined}>{late ? `overdue, was due ${formatDate(item.dueOn)}` : `due ${formatDate(item.dueOn)}`}</span>
          </>
        ) : null}
        {item.status === "DONE" && item.doneOn ? ` · done ${formatDate(item.doneOn)}` : null}
      </span>
    </span>
  );
}

function Toggle({ item, done, scope }: { item: ActionItemView; done: boolean; scope: string }) {
  return (
    <Form method="post" preventScrollReset className="shrink-0">
      <input type="hidden" name="intent" value={done ? "action-done" : "action-reopen"} />
      <input type="hidden" name="scope" value={scope} />
      <input type="hidden" name="actionItemId" value={item.id} />
      <input type="hidden" name="version" value={item.version} />
      <button type="submit" className="btn-secondary text-xs" aria-label={`${done ? "Mark done" : "Reopen"}: ${item.title}`}>
        {done ? "Done" : "Reopen"}
      </button>
    </Form>
  );
}

/**
 * The review's action items: open ones (carried from earlier reviews until done), the ones done
 * since the last review (this review records them), and a form for a new one.
 */
export function ActionItemsPanel({ items, context, today, canEdit }: { items: { open: ActionItemView[]; openCount: number; doneSinceLastReview: ActionItemView[] }; context: DecideContext; today: string; canEdit: boolean }) {
  const scope = "action-items";
  const failure = failureAt(context.failure, scope);
  return (
    <section id="agenda-actions" className="card p-4" aria-labelledby="agenda-actions-title">
      <h3 id="agenda-actions-title" className="text-sm font-semibold">
        Action items <span className="muted font-normal">({items.openCount.toLocaleString("en")} open)</span>
      </h3>
      {failure && failure.values?.intent !== "add-action" ? <FormError message={failure.formError} fieldErrors={failure.fieldErrors} /> : null}
      {items.open.length === 0 ? (
        <p className="muted mt-2 text-sm">No open action items.</p>
      ) : (
        <ul className="mt-2 divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
          {items.open.map((item) => (
            <li key={item.id} className="flex items-start justify-between gap-3 py-2">
              <span className="min-w-0">
                <ActionItemLine item={item} base={context.base} today={today} />
                <span className="muted block text-xs">{item.raisedInReviewId ? "carried from an earlier review" : "raised since the last review"}</span>
              </span>
              {canEdit ? <Toggle item={item} done scope={scope} /> : null}
            </li>
          ))}
        </ul>
      )}
      {items.doneSinceLastReview.length > 0 ? (
        <>
          <p className="mt-3 text-xs font-semibold uppercase tracking-wide text-zinc-500">Done since the last review</p>
          <ul className="mt-1 divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
            {items.doneSinceLastReview.map((item) => (
              <li key={item.id} className="flex items-start justify-between gap-3 py-2">
                <ActionItemLine item={item} base={context.base} />
                {canEdit ? <Toggle item={item} done={false} scope={scope} /> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {canEdit ? (
        <details className="mt-3" open={failureAt(context.failure, scope, "add-action") !== undefined}>
          <summary className="btn-secondary cursor-pointer list-none text-xs">New action item…</summary>
          <div className="mt-2 max-w-md">
            <ActionItemForm scope={scope} context={context} />
          </div>
        </details>
      ) : null}
    </section>
  );
}
