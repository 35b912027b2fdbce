/**
 * The strength of a piece of evidence, the one vocabulary for it: 1 said · 2 did · 3 committed ·
 * 4 paid. Forms, the CSV import, badges and the assumptions map's filters read their words here.
 */
export const STRENGTHS = [1, 2, 3, 4] as const;
export type Strength = (typeof STRENGTHS)[number];

export const STRENGTH_NAMES: Record<number, string> = { 1: "Said", 2: "Did", 3: "Committed", 4: "Paid" };

export const STRENGTH_HELP: Record<number, string> = {
  1: "Said — opinions, interviews, survey answers",
  2: "Did — observed behaviour: clicks, sign-ups, usage",
  3: "Committed — time, data or reputation given: a pilot, an LOI",
  4: "Paid — money changed hands: a pre-order, a contract",
};

/** A hypothesis's or experiment's strongest evidence, 0 when there is none yet. */
export const STRENGTH_LABELS: Record<number, string> = { 0: "No evidence", ...STRENGTH_NAMES };

/** "Did" for 2; a number outside 1–4 is shown as it is rather than as a blank. */
export function strengthName(strength: number): string {
  return STRENGTH_LABELS[strength] ?? String(strength);
}
