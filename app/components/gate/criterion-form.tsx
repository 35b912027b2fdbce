import { Form } from "@remix-run/react";
import type { ActionFailure } from "~/utils/http.server";
import { Field, FormError, SelectField, SubmissionKey, useClearAfterSave } from "../form";
import { SUSTAINED_RULE } from "~/modules/gate/evaluate";
import { COMPARATOR_OPTIONS, type Option } from "./options";

const KIND_OPTIONS: Option[] = [
  { value: "SIGNAL_SUSTAINED", label: "A signal meets a threshold for N weeks" },
  { value: "HYPOTHESIS_VALIDATED", label: "A hypothesis is validated" },
  { value: "BOTTLENECK", label: "A measured bottleneck (e.g. p95 latency beyond a limit)" },
];

/**
 * Adds a gate criterion. One form serves every kind and shows the fields of the chosen one (a CSS
 * rule on the kind select, so it holds without JavaScript); the fields a kind does not use are
 * only hidden and ignored by the rule, so switching kinds never loses what was typed.
 * `failure` is given only when the last submit was this form's, and then keeps it open.
 */
export function CriterionForm({ signalOptions, hypotheses, failure, busy }: { signalOptions: Option[]; hypotheses: Option[]; failure?: ActionFailure; busy: boolean }) {
  const formRef = useClearAfterSave();
  const values = failure?.values;
  const errors = failure?.fieldErrors;
  return (
    <details className="mt-4" open={failure !== undefined}>
      <summary className="btn-secondary cursor-pointer list-none">Add a criterion</summary>
      <Form ref={formRef} method="post" className="mt-3 grid gap-3 sm:grid-cols-2" noValidate>
        <input type="hidden" name="intent" value="add-criterion" />
        <SubmissionKey />
        <div className="sm:col-span-2">
          <FormError message={failure?.formError} fieldErrors={errors} />
        </div>
        <SelectField label="Kind" name="kind" id="criterion-kind" defaultValue={values?.kind ?? "SIGNAL_SUSTAINED"} options={KIND_OPTIONS} error={errors?.kind} />
        <div data-criterion-fields="signal">
          <SelectField label="Signal" name="signalId" id="criterion-signal" placeholder="Choose a signal" defaultValue={values?.signalId} options={signalOptions} error={errors?.signalId} />
        </div>
        <div data-criterion-fields="signal">
          <SelectField label="Comparator" name="comparator" id="criterion-comparator" defaultValue={values?.comparator ?? "GTE"} options={COMPARATOR_OPTIONS} />
        </div>
        <div data-criterion-fields="signal">
          <Field label="Threshold" name="threshold" id="criterion-threshold" inputMode="decimal" className="input text-right" defaultValue={values?.threshold ?? ""} error={errors?.threshold} />
        </div>
        <div data-criterion-fields="signal" className="sm:col-span-2">
          <Field label="Sustained for (full weeks)" name="weeks" id="criterion-weeks" type="number" min={1} max={26} defaultValue={values?.weeks ?? "4"} help={SUSTAINED_RULE} error={errors?.weeks} />
        </div>
        <div data-criterion-fields="hypothesis" className="sm:col-span-2">
          <Field
            label="Hypothesis"
            name="hypothesisId"
            id="criterion-hypothesis"
            list="criterion-hypotheses"
            placeholder="H-12"
            autoComplete="off"
            help="Its key. Suggestions are this product's riskiest."
            defaultValue={values?.hypothesisId ?? ""}
            error={errors?.hypothesisId}
          />
        </div>
        <datalist id="criterion-hypotheses">
          {hypotheses.map((h) => (
            <option key={h.value} value={h.value} label={h.label} />
          ))}
        </datalist>
        <div className="sm:col-span-2">
          <button type="submit" className="btn-primary" disabled={busy}>
            Add criterion
          </button>
        </div>
      </Form>
    </details>
  );
}
