import { Form, useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import type { Mentionable } from "~/modules/comments/mentions";
import { ImportedMark } from "./activity-list";
import { SubmissionKey, useClearAfterSave } from "./form";
import { EventTime } from "./dates";
import { MentionText, MentionTextarea } from "./mention-textarea";

type Comment = { id: string; body: string; createdAt: string | Date; author: { name: string } };

/** A page's comments and the box to add one; `people` are the team members a comment can mention. */
export function Comments({ comments, canComment, error, people = [] }: { comments: Comment[]; canComment: boolean; error?: string; people?: Mentionable[] }) {
  const formRef = useClearAfterSave();
  // Mentioning oneself tells no one: the suggestions leave the writer out.
  const layout = useRouteLoaderData("routes/t.$team") as { user?: { id: string } } | undefined;
  const others = useMemo(() => people.filter((person) => person.id !== layout?.user?.id), [people, layout?.user?.id]);
  return (
    <div>
      {comments.length === 0 ? <p className="muted text-sm">No comments yet.</p> : null}
      <ol className="space-y-3">
        {comments.map((comment) => (
          <li key={comment.id} className="text-sm">
            <p className="text-xs">
              <span className="font-medium">{comment.author.name}</span>{" "}
              <span className="muted">
                <EventTime date={comment.createdAt} />
              </span>
            </p>
            <p className="mt-0.5 whitespace-pre-wrap break-words">
              <MentionText text={comment.body} people={people} />
            </p>
          </li>
        ))}
      </ol>
      {canComment ? (
        <Form ref={formRef} method="post" className="mt-4 space-y-2">
          <input type="hidden" name="intent" value="comment" />
          <SubmissionKey />
          <label htmlFor="comment-body" className="sr-only">
            Comment
          </label>
          <MentionTextarea
            id="comment-body"
            name="body"
            rows={2}
            people={others}
            placeholder="Add a comment…"
            invalid={Boolean(error)}
            describedBy={error ? "comment-body-error comment-body-help" : "comment-body-help"}
          />
          {error ? (
            <p id="comment-body-error" className="text-sm text-red-600 dark:text-red-400">
              {error}
            </p>
          ) : null}
          <p id="comment-body-help" className="muted text-xs">
            Type @ and a name to mention someone: it reaches their inbox.
          </p>
          <button type="submit" className="btn-secondary">
            Comment
          </button>
        </Form>
      ) : null}
    </div>
  );
}

type Event = { id: string; summary: string; createdAt: string | Date; actor: { name: string } | null; imported?: boolean };

export function History({ events }: { events: Event[] }) {
  if (events.length === 0) return <p className="muted text-sm">No changes recorded yet.</p>;
  return (
    <ol className="space-y-2 text-sm">
      {events.map((event) => (
        <li key={event.id}>
          <span className="font-medium">{event.actor?.name ?? "Someone"}</span> {event.summary}
          <ImportedMark imported={event.imported} />{" "}
          <span className="muted text-xs">
            <EventTime date={event.createdAt} />
          </span>
        </li>
      ))}
    </ol>
  );
}
