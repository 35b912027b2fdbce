import { Form } from "@remix-run/react";
import type { ActionFailure } from "~/utils/http.server";
import { FormError, TextareaField, SubmissionKey, useClearAfterSave } from "../form";

/**
 * Opens or holds the gate, with a rationale kept on the record. An MVP product can open only
 * when every criterion is met; a growth-stage product can only be closed back to MVP.
 */
export function GateDecisionForm({ stage, ready, failure }: { stage: "MVP" | "GROWTH"; ready: boolean; failure?: ActionFailure }) {
  const formRef = useClearAfterSave();
  return (
    <Form ref={formRef} method="post" className="space-y-3" noValidate>
      <input type="hidden" name="intent" value="decide" />
        <SubmissionKey />
      <FormError message={failure?.formError} fieldErrors={failure?.fieldErrors} />
      <TextareaField label="Rationale" name="rationale" id="decision-rationale" rows={3} defaultValue={failure?.values?.rationale ?? ""} error={failure?.fieldErrors.rationale} />
      <div className="flex flex-wrap gap-2">
        {stage === "MVP" ? (
          <button type="submit" name="action" value="OPEN" className="btn-primary" disabled={!ready}>
            Open the gate
          </button>
        ) : null}
        <button type="submit" name="action" value="HOLD" className="btn-secondary">
          {stage === "GROWTH" ? "Close the gate (back to MVP)" : "Hold the gate"}
        </button>
      </div>
      {stage === "MVP" && !ready ? <p className="muted text-xs">The gate opens only when every criterion is met.</p> : null}
    </Form>
  );
}
