/** The search filters as a URL holds them (the page and the palette), read with one schema. */
import { z } from "zod";
import { idField } from "~/utils/fields";
import { EXPERIMENT_STATUSES, HYPOTHESIS_STATUSES } from "./statuses";
import { SEARCH_TYPES } from "./types";

export const PERIODS = { "30": "Last 30 days", "90": "Last 90 days", "365": "Last year" } as const;

// Anything unexpected in a filter means "no filter": a stale or hand-edited link still searches.
export const SearchFilters = z.object({
  q: z.string().optional().catch(undefined),
  type: z.enum(SEARCH_TYPES).optional().catch(undefined),
  product: idField.optional().catch(undefined),
  status: z.enum([...HYPOTHESIS_STATUSES, ...EXPERIMENT_STATUSES]).optional().catch(undefined),
  period: z.enum(["30", "90", "365"]).optional().catch(undefined),
  limit: z.coerce.number().int().min(1).max(50).optional().catch(undefined),
  offset: z.coerce.number().int().min(0).max(10_000).optional().catch(undefined),
});
export type SearchFilterValues = z.infer<typeof SearchFilters>;

/** The first day a period covers, YYYY-MM-DD, counted back from `today`. */
export function periodStart(period: keyof typeof PERIODS | undefined, today: string): string | undefined {
  if (!period) return undefined;
  const start = new Date(`${today}T00:00:00Z`);
  start.setUTCDate(start.getUTCDate() - Number(period) + 1);
  return start.toISOString().slice(0, 10);
}
