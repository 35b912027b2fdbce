import { Form, Link } from "@remix-run/react";
import type { ActionFailure } from "~/utils/http.server";
import { Field, useClearAfterSave } from "../form";

type Signal = { id: string; name: string; unit: string };

/**
 * Records one dated value of a signal, under its chart. Every signal has its own copy, so
 * ids carry the signal's id and `failure` is given only to the copy that was submitted.
 * A day that already has a different value is refused first; the refusal offers the explicit
 * "replace" box, ticked by the person, never by default.
 */
export function RecordPointForm({ signal, today, importHref, failure }: { signal: Signal; today: string; importHref: string; failure?: ActionFailure }) {
  const formRef = useClearAfterSave();
  return (
    <Form ref={formRef} method="post" className="flex flex-wrap items-end gap-2" noValidate>
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
      {failure?.fieldErrors.replace ? (
        <div className="basis-full space-y-1 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100">
          <p id={`replace-error-${signal.id}`}>{failure.fieldErrors.replace}</p>
          <label className="flex items-center gap-2 font-medium">
            <input type="checkbox" name="replace" value="yes" className="size-4" aria-describedby={`replace-error-${signal.id}`} />
            Replace the recorded value
          </label>
        </div>
      ) : null}
      <button type="submit" className="btn-secondary" aria-label={`Record ${signal.name}`}>
        Record
      </button>
      <Link to={importHref} className="btn-link self-center">
        Import CSV
      </Link>
    </Form>
  );
}
