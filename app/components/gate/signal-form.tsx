import { Form } from "@remix-run/react";
import type { ActionFailure } from "~/utils/http.server";
import { Field, FormError, SelectField, SubmissionKey, useClearAfterSave } from "../form";

/** Starts tracking a new signal. `failure` is given only after this form's own failed submit, and then keeps it open. */
export function SignalForm({ failure }: { failure?: ActionFailure }) {
  const formRef = useClearAfterSave();
  const values = failure?.values;
  const errors = failure?.fieldErrors;
  return (
    <details className="mt-4" open={failure !== undefined}>
      <summary className="btn-secondary cursor-pointer list-none">Track a new signal</summary>
      <Form ref={formRef} method="post" className="mt-3 grid gap-3 sm:grid-cols-2" noValidate>
        <input type="hidden" name="intent" value="add-signal" />
        <SubmissionKey />
        <div className="sm:col-span-2">
          <FormError message={failure?.formError} fieldErrors={errors} />
        </div>
        <Field label="Name" name="name" id="signal-name" placeholder="Paying customers" defaultValue={values?.name ?? ""} error={errors?.name} />
        <Field label="Unit" name="unit" id="signal-unit" placeholder="customers, $, %, ms" defaultValue={values?.unit ?? ""} error={errors?.unit} />
        <SelectField
          label="Better when"
          name="direction"
          id="signal-direction"
          defaultValue="UP"
          options={[
            { value: "UP", label: "Higher is better" },
            { value: "DOWN", label: "Lower is better" },
          ]}
        />
        <Field label="Description" name="description" id="signal-description" placeholder="Optional" defaultValue={values?.description ?? ""} />
        <div className="sm:col-span-2">
          <button type="submit" className="btn-primary">
            Track signal
          </button>
        </div>
      </Form>
    </details>
  );
}
