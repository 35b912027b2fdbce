import { Form } from "@remix-run/react";
import type { MetricKind } from "~/generated/prisma/enums";
import { STRENGTHS, STRENGTH_HELP } from "~/modules/evidence/schemas";
import type { ActionFailure } from "~/utils/http.server";
import { Field, FormError, SelectField, SubmissionKey } from "./form";

/** Quick-add: one observation in a line or two, fields fitted to the metric kind. */
export function ObservationForm({ kind, unit, today, failure, busy }: { kind: MetricKind; unit: string; today: string; failure?: ActionFailure; busy: boolean }) {
  const v = failure?.values ?? {};
  const e = failure?.fieldErrors ?? {};
  return (
    <Form method="post" className="space-y-3" noValidate>
      <SubmissionKey />
      <input type="hidden" name="intent" value="observe" />
      <FormError message={failure?.formError} fieldErrors={e} />
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Date" name="observedOn" type="date" defaultValue={v.observedOn ?? today} error={e.observedOn} />
        {kind === "RATE" ? (
          <>
            <Field label="Successes" name="successes" inputMode="numeric" className="input text-right" defaultValue={v.successes ?? ""} error={e.successes} />
            <Field label="Trials" name="trials" inputMode="numeric" className="input text-right" defaultValue={v.trials ?? ""} error={e.trials} />
          </>
        ) : (
          <Field label={unit ? `Value (${unit})` : "Value"} name="value" inputMode="decimal" className="input text-right" defaultValue={v.value ?? ""} error={e.value} />
        )}
      </div>
      <div className="grid gap-3 sm:grid-cols-3">
        <div className="sm:col-span-2">
          <Field label="Note or quote" name="note" defaultValue={v.note ?? ""} placeholder="“I'd switch tomorrow if it chased late payers for me.”" help="Optional with a measurement; enough on its own for qualitative evidence." error={e.note} />
        </div>
        <Field label="Source" name="source" defaultValue={v.source ?? ""} placeholder="Interview with Dana, bakery owner" error={e.source} />
      </div>
      <SelectField
        label="Strength of evidence"
        name="strength"
        defaultValue={v.strength ?? "2"}
        options={STRENGTHS.map((s) => ({ value: String(s), label: `${s} · ${STRENGTH_HELP[s]}` }))}
        error={e.strength}
      />
      <button type="submit" className="btn-primary" disabled={busy}>
        {busy ? "Logging…" : "Log evidence"}
      </button>
    </Form>
  );
}
