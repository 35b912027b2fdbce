import { Form, Link } from "@remix-run/react";
import type { ActionFailure } from "~/utils/http.server";
import { Field } from "../form";

type Signal = { id: string; name: string; unit: string };

/**
 * Records one dated value of a signal, under its chart. Every signal has its own copy, so
 * ids carry the signal's id and `failure` is given only to the copy that was submitted.
 */
export function RecordPointForm({ signal, today, importHref, failure }: { signal: Signal; today: string; importHref: string; failure?: ActionFailure }) {
  return (
    <Form method="post" className="flex flex-wrap items-end gap-2" noValidate>
      <input type="hidden" name="intent" value="record-point" />
      <input type="hidden" name="signalId" value={signal.id} />
      <Field label="Date" name="date" id={`date-${signal.id}`} type="date" defaultValue={failure ? failure.values?.date : today} error={failure?.fieldErrors.date} />
      <Field
        label={`Value${signal.unit ? ` (${signal.unit})` : ""}`}
        name="value"
        id={`value-${signal.id}`}
        inputMode="decimal"
        className="input text-right"
        defaultValue={failure ? failure.values?.value : ""}
        error={failure?.fieldErrors.value}
      />
      <button type="submit" className="btn-secondary" aria-label={`Record ${signal.name}`}>
        Record
      </button>
      <Link to={importHref} className="btn-link self-center">
        Import CSV
      </Link>
    </Form>
  );
}
