import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { z } from "zod";
import { TimeAgo } from "~/components/dates";
import { FormError } from "~/components/form";
import { MentionText } from "~/components/mention-textarea";
import { EmptyState, PageHeader } from "~/components/page";
import { mentionableMembers } from "~/modules/comments/comments.server";
import { inboxTarget } from "~/modules/notifications/links";
import { listInbox, markAllRead, markRead, openEntry, READ_ENTRY_DAYS } from "~/modules/notifications/inbox.server";
import { requireMembership } from "~/modules/teams/guard.server";
import type { loader as teamLoader } from "./t.$team";
import { db } from "~/utils/db.server";
import { idField } from "~/utils/fields";
import { parseForm } from "~/utils/forms";
import { formFailure, formValues, handleFormErrors, httpError, readFormData } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Inbox · Evident" }];

/** ?unread=1 shows the unread entries only; ?before=<id> the page after that entry. Anything else is ignored. */
const QuerySchema = z.object({
  unread: z.literal("1").optional().catch(undefined),
  before: idField.optional().catch(undefined),
});

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requireMembership(request, context, params.team);
  const query = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const unreadOnly = query.unread === "1";
  const [inbox, people] = await Promise.all([listInbox(access, { unreadOnly, before: query.before }), mentionableMembers(db, access.team.id)]);
  return { team: access.team, ...inbox, people, keptDays: READ_ENTRY_DAYS, unreadOnly, paged: Boolean(query.before), now: new Date().toISOString() };
}

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("open"), id: idField }),
  z.object({ intent: z.literal("read"), id: idField }),
  z.object({ intent: z.literal("unread"), id: idField }),
  z.object({ intent: z.literal("read-all") }),
]);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const access = await requireMembership(request, context, params.team);
  const formData = await readFormData(request);
  const parsed = parseForm(formData, ActionSchema);
  if (!parsed.ok) return formFailure(parsed.fieldErrors, formValues(formData), "That entry could not be found. Reload the inbox and try again.");
  const input = parsed.data;
  const url = new URL(request.url);
  const inbox = `/t/${access.team.slug}/inbox`;
  return handleFormErrors(async () => {
    switch (input.intent) {
      case "open": {
        // Only the person's own entry opens; it is marked read, and its link stays on our team pages.
        const path = await openEntry(access, input.id);
        if (path === null) throw httpError(404);
        return redirect(inboxTarget(path, inbox));
      }
      case "read":
      case "unread": {
        const changed = await markRead(access, [input.id], input.intent === "read");
        if (changed === 0) throw httpError(404);
        // Back to the same list and page.
        return redirect(`${inbox}${url.search}`);
      }
      case "read-all":
        await markAllRead(access);
        return redirect(url.searchParams.get("unread") === "1" ? `${inbox}?unread=1` : inbox);
    }
  });
}

const TAB = "rounded px-3 py-1 text-sm no-underline hover:no-underline";
const TAB_ON = "bg-white font-medium text-zinc-900 shadow-xs ring-1 ring-zinc-200 dark:bg-zinc-800 dark:text-white dark:ring-zinc-700";
const TAB_OFF = "text-zinc-600 hover:text-zinc-900 dark:text-zinc-300 dark:hover:text-white";

export default function Inbox() {
  const { team, entries, nextBefore, people, keptDays, unreadOnly, paged, now } = useLoaderData<typeof loader>();
  // The team layout counts unread entries for the bell; the page says the same number.
  const unread = useRouteLoaderData<typeof teamLoader>("routes/t.$team")?.unread ?? 0;
  const failure = useActionData<typeof action>();
  const base = `/t/${team.slug}`;
  const filter = unreadOnly ? "unread=1&" : "";
  return (
    <div className="max-w-4xl">
      <PageHeader
        title="Inbox"
        description={`What happens to the hypotheses and experiments you watch, comments that mention you, and the gates, reviews and updates of your team. Read entries are kept for ${keptDays} days.`}
        actions={
          unread > 0 ? (
            <Form method="post" preventScrollReset>
              <input type="hidden" name="intent" value="read-all" />
              <button type="submit" className="btn-secondary">
                Mark all as read
              </button>
            </Form>
          ) : null
        }
      />
      {failure?.formError ? <FormError message={failure.formError} /> : null}

      <div className="mb-4">
        <nav aria-label="Filter the inbox" className="inline-flex gap-0.5 rounded-md bg-zinc-100 p-0.5 dark:bg-zinc-900">
          <Link to={`${base}/inbox`} aria-current={unreadOnly ? undefined : "page"} className={`${TAB} ${unreadOnly ? TAB_OFF : TAB_ON}`}>
            All
          </Link>
          <Link to={`${base}/inbox?unread=1`} aria-current={unreadOnly ? "page" : undefined} className={`${TAB} ${unreadOnly ? TAB_ON : TAB_OFF}`}>
            Unread{unread > 0 ? <span className="ml-1.5 tabular-nums">{unread}</span> : null}
          </Link>
        </nav>
      </div>

      {entries.length === 0 ? (
        paged ? (
          <EmptyState
            action={
              <Link to={`${base}/inbox${unreadOnly ? "?unread=1" : ""}`} className="btn-secondary">
                Back to the newest
              </Link>
            }
          >
            Nothing older.
          </EmptyState>
        ) : unreadOnly ? (
          <EmptyState
            action={
              <Link to={`${base}/inbox`} className="btn-secondary">
                Show all
              </Link>
            }
          >
            You’re all caught up: nothing unread.
          </EmptyState>
        ) : (
          <EmptyState
            action={
              <Link to={`${base}/experiments`} className="btn-secondary">
                Browse experiments
              </Link>
            }
          >
            Nothing yet. Comments, results and decisions on what you watch will appear here, and so will every comment that mentions you. You watch what you own or comment on; press Watch on any other
            hypothesis or experiment to follow it.
          </EmptyState>
        )
      ) : (
        <ol className="card divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Inbox entries">
          {entries.map((entry) => (
            <li key={entry.id} className={`flex flex-wrap gap-x-3 gap-y-2 px-4 py-3 ${entry.read ? "" : "bg-accent-50/40 dark:bg-accent-500/5"}`}>
              <span aria-hidden className={`mt-1.5 size-2 shrink-0 rounded-full ${entry.read ? "" : "bg-accent-600 dark:bg-accent-300"}`} />
              <div className="min-w-0 flex-1">
                <p className={`text-sm ${entry.read ? "text-zinc-700 dark:text-zinc-300" : "font-semibold"}`}>
                  {entry.read ? null : <span className="sr-only">Unread: </span>}
                  {entry.summary}
                </p>
                <Form method="post" className="mt-0.5">
                  <input type="hidden" name="intent" value="open" />
                  <input type="hidden" name="id" value={entry.id} />
                  <button type="submit" className="cursor-pointer text-left text-sm break-words text-accent-600 hover:underline dark:text-accent-300">
                    {entry.subject.key ? `${entry.subject.key} · ${entry.subject.title}` : entry.subject.title}
                  </button>
                </Form>
                {entry.comment ? (
                  <blockquote className="mt-1.5 line-clamp-4 border-l-2 border-zinc-200 pl-3 text-sm break-words whitespace-pre-wrap text-zinc-700 dark:border-zinc-700 dark:text-zinc-300">
                    <MentionText text={entry.comment} people={people} />
                  </blockquote>
                ) : null}
                <p className="muted mt-1 text-xs">
                  {entry.label} · <TimeAgo date={entry.createdAt} serverNow={now} />
                </p>
              </div>
              {/* Beside the entry; on a phone, under it. */}
              <Form method="post" preventScrollReset className="w-full shrink-0 pl-5 sm:w-auto sm:pl-0">
                <input type="hidden" name="intent" value={entry.read ? "unread" : "read"} />
                <input type="hidden" name="id" value={entry.id} />
                <button type="submit" className="btn-secondary px-2 py-1 text-xs whitespace-nowrap">
                  {entry.read ? "Mark unread" : "Mark read"}
                  <span className="sr-only">: {entry.summary}</span>
                </button>
              </Form>
            </li>
          ))}
        </ol>
      )}

      {nextBefore || paged ? (
        <nav aria-label="Inbox pages" className="mt-4 flex justify-center gap-2">
          {paged ? (
            <Link to={`${base}/inbox${unreadOnly ? "?unread=1" : ""}`} className="btn-secondary">
              Newest
            </Link>
          ) : null}
          {nextBefore ? (
            <Link to={`${base}/inbox?${filter}before=${nextBefore}`} className="btn-secondary">
              Older
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
