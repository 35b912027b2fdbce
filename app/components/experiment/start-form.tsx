import { Form } from "@remix-run/react";

/** Starts a draft; the version makes a start on a stale page fail instead of locking a changed criterion. */
export function StartForm({ version }: { version: number }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="start" />
      <input type="hidden" name="version" value={version} />
      <button type="submit" className="btn-primary">
        Start experiment
      </button>
    </Form>
  );
}
