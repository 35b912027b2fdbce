import { Form } from "@remix-run/react";
import { KIND_EXAMPLES, KIND_LABELS, METHODS, METHOD_LABELS, METRIC_KINDS } from "~/modules/experiments/vocabulary";
import type { ActionFailure } from "~/utils/http.server";
import { Field, FormError, SelectField, SubmissionKey, TextareaField } from "./form";

export type ExperimentFormValues = {
  hypothesisId?: string;
  title?: string;
  method?: string;
  plan?: string;
  metricName?: string;
  metricUnit?: string;
  metricKind?: string;
  comparator?: string;
  target?: string;
  startsOn?: string;
  endsOn?: string;
};

/** The test card's plan. `locked` marks a started experiment: criterion changes need a reason. */
export function ExperimentForm({
  hypotheses,
  values,
  failure,
  submitLabel,
  busy,
  version,
  locked,
  hidden,
}: {
  hypotheses: { id: string; label: string }[] | null;
  values: ExperimentFormValues;
  failure?: ActionFailure;
  submitLabel: string;
  busy: boolean;
  version?: number;
  locked?: boolean;
  hidden?: Record<string, string>;
}) {
  const v: ExperimentFormValues = { ...values, ...(failure?.values ?? {}) };
  const errors = failure?.fieldErrors ?? {};
  return (
    <Form method="post" className="space-y-6" noValidate>
      <SubmissionKey />
      <FormError message={failure?.formError} fieldErrors={errors} />
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      {Object.entries(hidden ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {hypotheses ? (
        <SelectField
          label="Hypothesis it tests"
          name="hypothesisId"
          required
          defaultValue={v.hypothesisId ?? ""}
          placeholder="Choose a hypothesis"
          options={hypotheses.map((h) => ({ value: h.id, label: h.label }))}
          error={errors.hypothesisId}
        />
      ) : (
        <input type="hidden" name="hypothesisId" value={v.hypothesisId} />
      )}
      <div className="grid gap-5 sm:grid-cols-2">
        <Field label="Title" name="title" required defaultValue={v.title ?? ""} placeholder="Fake-door test: “Get paid faster” button" error={errors.title} />
        <SelectField label="Method" name="method" required defaultValue={v.method ?? ""} placeholder="Choose a method" options={METHODS.map((m) => ({ value: m, label: METHOD_LABELS[m] }))} error={errors.method} />
      </div>
      <TextareaField
        label="To verify that, we will…"
        name="plan"
        // A plan that came with a template can run to several sentences: show it whole, up to a point.
        rows={Math.min(8, Math.max(3, Math.ceil((v.plan?.length ?? 0) / 90)))}
        defaultValue={v.plan ?? ""}
        placeholder="show a “Get paid faster” button to every new account for two weeks and count who clicks it"
        error={errors.plan}
      />
      <fieldset className="group/criterion space-y-5 rounded-md border border-zinc-200 p-4 dark:border-zinc-800">
        <legend className="px-1 text-sm font-semibold">And measure… We are right if…</legend>
        {locked ? (
          <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">
            The criterion locked when the experiment started. Changing the metric, unit, comparator or target needs a reason, is recorded, and marks the experiment “criterion changed after start” for good.
          </p>
        ) : null}
        <div className="grid gap-5 sm:grid-cols-2">
          <Field label="Metric" name="metricName" required defaultValue={v.metricName ?? ""} placeholder="Click-through rate" error={errors.metricName} />
          <SelectField
            label="Measured as"
            name="metricKind"
            required
            defaultValue={v.metricKind ?? "RATE"}
            options={METRIC_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))}
            help={KIND_EXAMPLES}
            error={errors.metricKind}
          />
          <SelectField
            label="We are right if it is"
            name="comparator"
            required
            defaultValue={v.comparator ?? "GTE"}
            options={[
              { value: "GTE", label: "at least (≥)" },
              { value: "LTE", label: "at most (≤)" },
            ]}
            error={errors.comparator}
          />
          <Field
            label="Target"
            name="target"
            required
            inputMode="decimal"
            className="input text-right"
            defaultValue={v.target ?? ""}
            placeholder="10"
            help="For a rate, a percentage: 10 means 10 %."
            error={errors.target}
          />
          {/* Hidden while "Measured as" is a rate, by CSS alone: it works before and without JavaScript, and the server drops a rate's unit. */}
          <div className="group-has-[select[name=metricKind]_option[value=RATE]:checked]/criterion:hidden">
            <Field label="Unit" name="metricUnit" defaultValue={v.metricUnit ?? ""} placeholder="pre-orders, minutes, EUR…" help="For counts and means only; a rate is a percentage." error={errors.metricUnit} />
          </div>
        </div>
        {locked ? (
          <TextareaField label="Reason for changing the criterion" name="reason" rows={2} defaultValue={v["reason" as keyof ExperimentFormValues] ?? ""} help="Required only if you change the criterion." error={errors.reason} />
        ) : null}
      </fieldset>
      <div className="grid gap-5 sm:grid-cols-2">
        <Field label="Starts on" name="startsOn" type="date" required defaultValue={v.startsOn ?? ""} error={errors.startsOn} />
        <Field label="Ends on" name="endsOn" type="date" defaultValue={v.endsOn ?? ""} help="Leave empty for the usual two weeks." error={errors.endsOn} />
      </div>
      <button type="submit" className="btn-primary" disabled={busy}>
        {busy ? "Saving…" : submitLabel}
      </button>
    </Form>
  );
}
