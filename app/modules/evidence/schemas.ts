import { z } from "zod";
import { dateOnly } from "~/utils/date-only";
import type { MetricKind } from "~/generated/prisma/enums";
import { MAX_NOTE_LENGTH, MAX_SOURCE_LENGTH, MAX_VALUE } from "./csv";

export { STRENGTHS, STRENGTH_HELP, STRENGTH_NAMES } from "./strength";

const MAX_INT = 2_147_483_647;

const optionalText = (max: number, label: string) =>
  z
    .string({ error: `Write the ${label} as text.` })
    .trim()
    .max(max, `Keep the ${label} under ${max.toLocaleString("en")} characters.`)
    .nullish()
    .transform((value) => (value ? value : null));

const optionalNumber = (number: z.ZodNumber) => number.nullish().transform((value) => value ?? null);
const TOO_LARGE = "That number is too large.";

/**
 * One observation, as every adapter hands it to addObservations: the quick-add form and the API
 * (one row or many) and the CSV import. Numbers are numbers, dates are YYYY-MM-DD. Without a
 * strength, a measurement counts as 2 (did) and a note alone as 1 (said).
 */
export const ObservationInput = z
  .object({
    observedOn: dateOnly("date").meta({ format: "date", example: "2026-03-02" }),
    successes: optionalNumber(z.int({ error: "Successes must be a whole number." }).min(0, "Successes cannot be negative.").max(MAX_INT, TOO_LARGE)),
    trials: optionalNumber(z.int({ error: "Trials must be a whole number." }).min(1, "Trials must be at least 1.").max(MAX_INT, TOO_LARGE)),
    value: optionalNumber(z.number({ error: "The value must be a number." }).min(-MAX_VALUE, TOO_LARGE).max(MAX_VALUE, TOO_LARGE)),
    note: optionalText(MAX_NOTE_LENGTH, "note"),
    source: optionalText(MAX_SOURCE_LENGTH, "source"),
    strength: z.int({ error: "Choose the strength of this evidence." }).min(1, "Choose a strength from 1 to 4.").max(4, "Choose a strength from 1 to 4.").optional(),
    /** Set by the adapters, never by a client: a CSV row's content hash, or the API request's key. */
    idempotencyKey: z.string().max(200).nullish(),
  })
  .transform((row) => {
    const measured = row.successes !== null || row.trials !== null || row.value !== null;
    return { ...row, strength: (row.strength ?? (measured ? 2 : 1)) as 1 | 2 | 3 | 4, idempotencyKey: row.idempotencyKey ?? null };
  });

/** An observation as the evidence commands take it. */
export type ObservationRow = z.input<typeof ObservationInput>;
/** The same, validated: every field present. */
export type ValidObservation = z.output<typeof ObservationInput>;

/**
 * The rules an observation must meet on its experiment: its metric kind and timebox. The
 * command applies them to every row, whichever adapter sent it.
 */
export function observationRules(kind: MetricKind, timebox: { startsOn: string; endsOn: string; today: string }) {
  return z.array(ObservationInput).superRefine((rows, context) => {
    rows.forEach((row, index) => {
      const issue = (path: string, message: string) => context.addIssue({ code: "custom", path: [index, path], message });
      if (row.observedOn < timebox.startsOn) issue("observedOn", `The experiment started on ${timebox.startsOn}; evidence from before then does not count.`);
      else if (row.observedOn > timebox.endsOn) issue("observedOn", `The timebox ended on ${timebox.endsOn}; extend it to log later evidence.`);
      else if (row.observedOn > timebox.today) issue("observedOn", "That date is in the future.");
      const hasNumbers = row.successes !== null || row.trials !== null || row.value !== null;
      if (!hasNumbers) {
        if (!row.note) issue(kind === "RATE" ? "trials" : "value", "Enter a measurement, or a note for qualitative evidence.");
        return;
      }
      if (kind === "RATE") {
        if (row.value !== null) issue("value", "This experiment measures a rate: enter successes and trials.");
        if (row.trials === null) issue("trials", "Enter the number of trials.");
        if (row.successes === null) issue("successes", "Enter the number of successes.");
        if (row.successes !== null && row.trials !== null && row.successes > row.trials) {
          issue("successes", `Successes (${row.successes}) cannot exceed trials (${row.trials}).`);
        }
      } else {
        if (row.successes !== null || row.trials !== null) issue("value", "This experiment measures a single value per observation.");
        if (row.value === null) issue("value", "Enter the value.");
        else if (kind === "COUNT" && row.value < 0) issue("value", "A count cannot be negative.");
      }
    });
  });
}
