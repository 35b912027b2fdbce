import { Form } from "@remix-run/react";
import type { ActionFailure } from "~/utils/http.server";
import { FormError, TextareaField } from "../form";

/**
 * Abandons a draft or running experiment, with a reason. Folded away so it is never one stray
 * click; `failure` is given only after this form's own failed submit, and then keeps it open.
 */
export function AbandonForm({ experimentKey, version, failure }: { experimentKey: string; version: number; failure?: ActionFailure }) {
  return (
    <Form method="post" noValidate>
      <input type="hidden" name="intent" value="abandon" />
      <input type="hidden" name="version" value={version} />
      <details open={failure !== undefined}>
        <summary className="btn-danger cursor-pointer list-none">Abandon…</summary>
        <div className="mt-2 space-y-2 text-sm">
          {failure ? <FormError message={failure.formError} fieldErrors={failure.fieldErrors} /> : null}
          <TextareaField label="Why abandon it?" name="reason" rows={2} error={failure?.fieldErrors.reason} />
          <button type="submit" className="btn-danger">
            Abandon {experimentKey}
          </button>
        </div>
      </details>
    </Form>
  );
}
