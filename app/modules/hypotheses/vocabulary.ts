import type { HypothesisCategory, HypothesisStatus } from "~/generated/prisma/enums";

export const CATEGORIES = ["DESIRABILITY", "VIABILITY", "FEASIBILITY", "USABILITY"] as const satisfies readonly HypothesisCategory[];
export const STATUSES = ["UNTESTED", "TESTING", "VALIDATED", "INVALIDATED", "INCONCLUSIVE"] as const satisfies readonly HypothesisStatus[];

export const CATEGORY_LABELS: Record<HypothesisCategory, string> = {
  DESIRABILITY: "Desirability",
  VIABILITY: "Viability",
  FEASIBILITY: "Feasibility",
  USABILITY: "Usability",
};

export const CATEGORY_QUESTIONS: Record<HypothesisCategory, string> = {
  DESIRABILITY: "Do they want this?",
  VIABILITY: "Should we do this — will it pay?",
  FEASIBILITY: "Can we build and run it?",
  USABILITY: "Can they use it?",
};

export const STATUS_LABELS: Record<HypothesisStatus, string> = {
  UNTESTED: "Untested",
  TESTING: "Testing",
  VALIDATED: "Validated",
  INVALIDATED: "Invalidated",
  INCONCLUSIVE: "Inconclusive",
};

export { STRENGTH_LABELS } from "~/modules/evidence/strength";

export function hypothesisKey(number: number): string {
  return `H-${number}`;
}

/** "H-12" (or "h-12", "12") → 12; null when it is not a key. */
export function parseHypothesisKey(value: string | undefined): number | null {
  const match = /^(?:h-)?(\d{1,9})$/i.exec(value ?? "");
  return match ? Number(match[1]) : null;
}
