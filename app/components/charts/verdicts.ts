/** The three verdicts, in stacking order, with their meaning-carrying colour and text label. */
export const VERDICT_SERIES = [
  { key: "met", label: "Met", color: "var(--chart-met)" },
  { key: "notMet", label: "Not met", color: "var(--chart-not-met)" },
  { key: "tooEarly", label: "Too early", color: "var(--chart-too-early)" },
] as const;
