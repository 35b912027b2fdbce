/**
 * Which experiment a form acts on when the page lists several (the weekly review): its id, and a
 * scope naming the form's place on the page, so a failed submit reopens that form and no other.
 */
export type FormTarget = { experimentId: string; scope: string };

export function TargetFields({ target }: { target?: FormTarget }) {
  if (!target) return null;
  return (
    <>
      <input type="hidden" name="experimentId" value={target.experimentId} />
      <input type="hidden" name="scope" value={target.scope} />
    </>
  );
}
