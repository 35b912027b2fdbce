import { Form } from "@remix-run/react";

/** One button per criterion; its failure is shown at the top of the page, as the row may be gone. */
export function RemoveCriterionForm({ criterionId }: { criterionId: string }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="remove-criterion" />
      <input type="hidden" name="criterionId" value={criterionId} />
      <button type="submit" className="btn-link text-xs" aria-label="Remove this criterion">
        Remove
      </button>
    </Form>
  );
}
