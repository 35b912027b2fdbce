import { Form } from "@remix-run/react";
import { formatDate } from "~/utils/dates";

/** Moves one observation to the trash; its failure is shown at the top of the page, as the row may be gone. */
export function TrashObservationForm({ observation }: { observation: { id: string; observedOn: string } }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="trash-observation" />
      <input type="hidden" name="observationId" value={observation.id} />
      <button type="submit" className="btn-link text-xs" aria-label={`Remove the observation of ${formatDate(observation.observedOn)}`}>
        Remove
      </button>
    </Form>
  );
}
