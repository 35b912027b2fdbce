import { Form } from "@remix-run/react";
import type { ActionFailure } from "~/utils/http.server";
import { Field, FormError, SubmissionKey } from "../form";
import { Section } from "../page";

/**
 * Saves the experiment's design as a team template, under a name that starts as the experiment's
 * title. `failure` is given only after this form's own failed submit.
 */
export function SaveTemplateForm({ title, days, failure }: { title: string; days: number; failure?: ActionFailure }) {
  return (
    <Section title="Reuse this design" description={`Save its method, plan, metric, criterion and ${days}-day timebox as a template for new experiments.`}>
      <Form method="post" noValidate className="space-y-3">
        <SubmissionKey />
        <input type="hidden" name="intent" value="save-template" />
        {failure ? <FormError message={failure.fieldErrors.name ? undefined : failure.formError} fieldErrors={failure.fieldErrors} /> : null}
        <Field label="Template name" name="name" id="save-template-name" maxLength={120} defaultValue={failure?.values?.name ?? title} error={failure?.fieldErrors.name} />
        <button type="submit" className="btn-secondary">
          Save as template
        </button>
      </Form>
    </Section>
  );
}
