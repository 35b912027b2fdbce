import { Form } from "@remix-run/react";
import { addDays } from "~/modules/experiments/timebox";
import type { ActionFailure } from "~/utils/http.server";
import { Field, FormError, TextareaField } from "../form";
import { TargetFields, type FormTarget } from "./form-target";

/**
 * Moves a running experiment's end date; the reason goes on the record. Suggests a week more.
 * `failure` is given only after this form's own failed submit. On a page listing several
 * experiments (the weekly review), `target` names the experiment and keeps field ids apart.
 */
export function ExtendForm({ version, endsOn, failure, target }: { version: number; endsOn: string; failure?: ActionFailure; target?: FormTarget }) {
  return (
    <Form method="post" className="space-y-3" noValidate preventScrollReset={target !== undefined}>
      <input type="hidden" name="intent" value="extend" />
      <input type="hidden" name="version" value={version} />
      <TargetFields target={target} />
      {failure ? <FormError message={failure.formError} fieldErrors={failure.fieldErrors} /> : null}
      <Field label="New end date" name="endsOn" id={target ? `${target.scope}-endsOn` : undefined} type="date" defaultValue={failure ? failure.values?.endsOn : addDays(endsOn, 7)} error={failure?.fieldErrors.endsOn} />
      <TextareaField label="Why extend?" name="reason" id={target ? `${target.scope}-extend-reason` : undefined} rows={2} defaultValue={failure ? failure.values?.reason : ""} error={failure?.fieldErrors.reason} />
      <button type="submit" className="btn-secondary">
        Extend timebox
      </button>
    </Form>
  );
}
