/** The statuses search can filter by: a hypothesis's or an experiment's, in the API's lower case. */
export const HYPOTHESIS_STATUSES = ["untested", "testing", "validated", "invalidated", "inconclusive"] as const;
export const EXPERIMENT_STATUSES = ["draft", "running", "concluded", "abandoned"] as const;
export type SearchStatus = (typeof HYPOTHESIS_STATUSES)[number] | (typeof EXPERIMENT_STATUSES)[number];
