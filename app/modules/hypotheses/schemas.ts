import { z } from "zod";
import { idField, isStorableText, versionField } from "~/utils/fields";
import { CATEGORIES, STATUSES } from "./vocabulary";

const id = z.string().min(1).max(64);

export const HypothesisFieldsSchema = z.object({
  productId: id.or(z.literal("")).refine((value) => value !== "", "Choose the product this belief is about."),
  statement: z
    .string({ error: "Write what you believe." })
    .trim()
    .min(10, "Write the belief as a full sentence (at least 10 characters).")
    .max(500, "Keep the statement under 500 characters."),
  segment: z.string().trim().max(120, "Keep the segment under 120 characters.").default(""),
  category: z.enum(CATEGORIES, { error: "Choose a category." }),
  importance: z.coerce
    .number({ error: "Rate the importance from 1 to 5." })
    .int("Rate the importance from 1 to 5.")
    .min(1, "Rate the importance from 1 to 5.")
    .max(5, "Rate the importance from 1 to 5."),
  ownerId: id.optional().or(z.literal("").transform(() => undefined)),
});

export const UpdateHypothesisSchema = HypothesisFieldsSchema.extend({ version: versionField });

export const OverrideStatusSchema = z.object({
  status: z.enum(STATUSES, { error: "Choose a status." }),
  reason: z.string({ error: "Say why you are overriding the evidence." }).trim().min(5, "Say why you are overriding the evidence (at least 5 characters).").max(500),
  version: versionField,
});

/** A whole number in [min, max] from a query string; anything else (including "All") means no filter. */
const optionalLevel = (min: number, max: number) =>
  z.preprocess((value) => (value === "" ? undefined : value), z.coerce.number().int().min(min).max(max).optional()).catch(undefined);

export const HypothesisFiltersSchema = z.object({
  product: idField.optional().catch(undefined),
  category: z.enum(CATEGORIES).optional().catch(undefined),
  status: z.enum(STATUSES).optional().catch(undefined),
  owner: idField.optional().catch(undefined),
  importance: optionalLevel(1, 5),
  strength: optionalLevel(0, 4),
  sort: z.enum(["risk", "newest", "importance", "key"]).default("risk").catch("risk"),
  q: z.string().trim().max(100).refine(isStorableText).optional().catch(undefined),
});

export type HypothesisFilters = z.infer<typeof HypothesisFiltersSchema>;
