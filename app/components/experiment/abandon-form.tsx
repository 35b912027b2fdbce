import { Form } from "@remix-run/react";
import type { ActionFailure } from "~/utils/http.server";
import { FormError, TextareaField } from "../form";
import { TargetFields, type FormTarget } from "./form-target";

/**
 * Abandons a draft or running experiment, with a reason. Folded away so it is never one stray
 * click; `failure` is given only after this form's own failed submit, and then keeps it open.
 */
export function AbandonForm({ experimentKey, version, failure, target }: { experimentKey: string; version: number; failure?: ActionFailure; target?: FormTarget }) {
  return (
    <Form method="post" noValidate preventScrollReset={target !== undefined}>
      <input type="hidden" name="intent" value="abandon" />
      <input type="hidden" name="version" value={version} />
      <TargetFields target={target} />
      <details open={failure !== undefined}>
        <summary className="btn-danger cursor-pointer list-none">Abandon…</summary>
        <div className="mt-2 space-y-2 text-sm">
          {failure ? <FormError message={failure.formError} fieldErrors={failure.fieldErrors} /> : null}
          <TextareaField label="Why abandon it?" name="reason" id={target ? `${target.scope}-abandon-reason` : undefined} rows={2} error={failure?.fieldErrors.reason} />
          <button type="submit" className="btn-danger">
            Abandon {experimentKey}
          </button>
        </div>
      </details>
    </Form>
  );
}
