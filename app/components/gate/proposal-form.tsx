import { Form } from "@remix-run/react";
import type { ActionFailure } from "~/utils/http.server";
import { Field, FormError, SelectField, TextareaField, SubmissionKey, useClearAfterSave } from "../form";
import { COMPARATOR_OPTIONS, type Option } from "./options";

/**
 * Proposes an infrastructure change; it must cite a signal and the threshold that demands it.
 * `failure` is given only after this form's own failed submit, and then keeps it open.
 */
export function ProposalForm({ signalOptions, failure }: { signalOptions: Option[]; failure?: ActionFailure }) {
  const formRef = useClearAfterSave();
  const values = failure?.values;
  const errors = failure?.fieldErrors;
  return (
    <details className="mt-4" open={failure !== undefined}>
      <summary className="btn-secondary cursor-pointer list-none">Propose a change</summary>
      <Form ref={formRef} method="post" className="mt-3 grid gap-3 sm:grid-cols-2" noValidate>
        <input type="hidden" name="intent" value="propose" />
        <SubmissionKey />
        <div className="sm:col-span-2">
          <FormError message={failure?.formError} fieldErrors={errors} />
        </div>
        <div className="sm:col-span-2">
          <Field label="Change" name="title" id="proposal-title" placeholder="Add a read replica" defaultValue={values?.title ?? ""} error={errors?.title} />
        </div>
        <div className="sm:col-span-2">
          <TextareaField label="Why" name="description" id="proposal-description" rows={2} defaultValue={values?.description ?? ""} />
        </div>
        <SelectField label="Evidence that demands it" name="signalId" id="proposal-signal" placeholder="Choose a signal" options={signalOptions} error={errors?.signalId} />
        <SelectField label="Beyond" name="comparator" id="proposal-comparator" defaultValue="GTE" options={COMPARATOR_OPTIONS} />
        <Field label="Threshold" name="threshold" id="proposal-threshold" inputMode="decimal" className="input text-right" defaultValue={values?.threshold ?? ""} error={errors?.threshold} />
        <Field label="For (weeks)" name="weeks" id="proposal-weeks" type="number" min={1} max={26} defaultValue="2" error={errors?.weeks} />
        <div className="sm:col-span-2">
          <button type="submit" className="btn-primary">
            Propose
          </button>
        </div>
      </Form>
    </details>
  );
}
