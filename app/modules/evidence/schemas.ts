import { z } from "zod";
import { dateOnly } from "~/utils/date-only";
import { parseTypedNumber } from "~/utils/fields";
import type { MetricKind } from "~/generated/prisma/enums";
import { MAX_NOTE_LENGTH, MAX_SOURCE_LENGTH, MAX_VALUE } from "./csv";

export type ObservationRow = {
  observedOn: string;
  successes: number | null;
  trials: number | null;
  value: number | null;
  note: string | null;
  source: string | null;
  strength: 1 | 2 | 3 | 4;
  idempotencyKey?: string | null;
};

export const STRENGTHS = [1, 2, 3, 4] as const;
export const STRENGTH_NAMES: Record<number, string> = { 1: "Said", 2: "Did", 3: "Committed", 4: "Paid" };
export const STRENGTH_HELP: Record<number, string> = {
  1: "Said — opinions, interviews, survey answers",
  2: "Did — observed behaviour: clicks, sign-ups, usage",
  3: "Committed — time, data or reputation given: a pilot, an LOI",
  4: "Paid — money changed hands: a pre-order, a contract",
};

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `Keep the ${label} under ${max.toLocaleString("en")} characters.`)
    .optional()
    .transform((value) => (value ? value : null));

const optionalNumber = (message: string, integer: boolean) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, context) => {
      if (!value) return null;
      const parsed = parseTypedNumber(value, { integer });
      if (parsed === null) {
        context.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return parsed;
    });

/**
 * One observation typed into the quick-add form (or sent to the API), checked against the
 * experiment's metric kind and timebox: the same rules the CSV import applies row by row.
 */
export function observationSchema(kind: MetricKind, timebox: { startsOn: string; endsOn: string; today: string }) {
  return z
    .object({
      observedOn: dateOnly("date", { trim: true }),
      successes: optionalNumber("Successes must be a whole number.", true),
      trials: optionalNumber("Trials must be a whole number.", true),
      value: optionalNumber("The value must be a number.", false),
      note: optionalText(MAX_NOTE_LENGTH, "note"),
      source: optionalText(MAX_SOURCE_LENGTH, "source"),
      strength: z.coerce.number({ error: "Choose the strength of this evidence." }).int().min(1, "Choose a strength from 1 to 4.").max(4, "Choose a strength from 1 to 4."),
    })
    .superRefine((row, context) => {
      const issue = (path: string, message: string) => context.addIssue({ code: "custom", path: [path], message });
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
        else if (row.trials < 1) issue("trials", "Trials must be at least 1.");
        if (row.successes === null) issue("successes", "Enter the number of successes.");
        else if (row.successes < 0) issue("successes", "Successes cannot be negative.");
        if (row.successes !== null && row.trials !== null && row.successes > row.trials) {
          issue("successes", `Successes (${row.successes}) cannot exceed trials (${row.trials}).`);
        }
        if ((row.trials ?? 0) > 2_147_483_647) issue("trials", "That number is too large.");
      } else {
        if (row.successes !== null || row.trials !== null) issue("value", "This experiment measures a single value per observation.");
        if (row.value === null) issue("value", "Enter the value.");
        else if (kind === "COUNT" && row.value < 0) issue("value", "A count cannot be negative.");
        else if (Math.abs(row.value) > MAX_VALUE) issue("value", "That number is too large.");
      }
    })
    .transform((row): ObservationRow => ({ ...row, strength: row.strength as ObservationRow["strength"] }));
}
