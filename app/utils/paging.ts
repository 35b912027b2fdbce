import { z } from "zod";

/** A `?page=` number from the address bar: anything that is not a sane page number means the first. */
export const pageField = z.coerce.number().int().min(1).max(100_000).catch(1);

/** How many pages `total` rows fill; an empty list still has its one (empty) page. */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
