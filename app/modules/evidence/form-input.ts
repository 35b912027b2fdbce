/**
 * The quick-add evidence form's wire format, translated into addObservations' typed row: text
 * becomes numbers (NaN when it is not one, so the command names the field). No rule is checked here.
 */
import { typedNumber } from "~/utils/forms";
import type { ObservationRow } from "./schemas";

export function observationFromForm(text: Record<string, string | undefined>): ObservationRow {
  const strength = typedNumber(text.strength);
  return {
    observedOn: text.observedOn as string,
    successes: typedNumber(text.successes),
    trials: typedNumber(text.trials),
    value: typedNumber(text.value),
    note: text.note,
    source: text.source,
    strength: strength ?? Number.NaN,
  };
}
