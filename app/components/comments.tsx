import { Form } from "@remix-run/react";
import { ImportedMark } from "./activity-list";
import { SubmissionKey, useClearAfterSave } from "./form";
import { EventTime } from "./dates";

type Comment = { id: string; body: string; createdAt: string | Date; author: { name: string } };

export function Comments({ comments, canComment, error }: { comments: Comment[]; canComment: boolean; error?: string }) {
  const formRef = useClearAfterSave();
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
            <p className="mt-0.5 whitespace-pre-wrap">{comment.body}</p>
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
          <textarea id="comment-body" name="body" rows={2} className="input" placeholder="Add a comment…" aria-invalid={error ? true : undefined} />
          {error ? <p className="text-sm text-red-600 dark:text-red-400">{error}</p> : null}
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
