import { Form } from "@remix-run/react";

/** Moves the experiment to the trash, folded behind a link; its failure is shown at the top of the page. */
export function TrashExperimentForm({ experimentKey }: { experimentKey: string }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="trash" />
      <details>
        <summary className="btn-link cursor-pointer list-none text-xs">Move to trash…</summary>
        <div className="mt-2 text-sm">
          <p className="muted">Restorable from Settings → Trash for 30 days.</p>
          <button type="submit" className="btn-danger mt-2">
            Move {experimentKey} to trash
          </button>
        </div>
      </details>
    </Form>
  );
}
