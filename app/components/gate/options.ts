/** A choice in a select: what is submitted and what is shown. */
export type Option = { value: string; label: string };

/** Criteria and proposals both compare a signal against a threshold in one of two directions. */
export const COMPARATOR_OPTIONS: Option[] = [
  { value: "GTE", label: "at least (≥)" },
  { value: "LTE", label: "at most (≤)" },
];
