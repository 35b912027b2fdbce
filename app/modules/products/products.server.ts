import { z } from "zod";
import { teamWrite } from "~/modules/activity/team-write.server";
import type { Actor } from "~/modules/teams/actor";
import { db } from "~/utils/db.server";
import { conflict, invalid } from "~/utils/errors";
import { quoted } from "~/utils/quote";

export const ProductFieldsSchema = z.object({
  name: z.string({ error: "Name the product." }).trim().min(2, "Use at least 2 characters.").max(80, "Keep the name under 80 characters."),
  description: z.string().trim().max(500, "Keep the description under 500 characters.").default(""),
});

export function listProducts(teamId: string) {
  return db.product.findMany({
    where: { teamId, deletedAt: null },
    orderBy: { name: "asc" },
    select: { id: true, name: true, description: true, stage: true, version: true, _count: { select: { hypotheses: { where: { teamId, deletedAt: null } } } } },
  });
}

export async function createProduct(actor: Actor, input: z.infer<typeof ProductFieldsSchema>) {
  return teamWrite(actor, "work.edit", async (tx, log) => {
    // lower() = lower(), not Prisma's insensitive `equals`: that is an ILIKE, where "_" and "%" in a name would match other names.
    const [duplicate] = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Product" WHERE "teamId" = ${actor.team.id} AND "deletedAt" IS NULL AND lower(name) = lower(${input.name}) LIMIT 1`;
    if (duplicate) throw invalid({ name: "A product with this name already exists." });
    const product = await tx.product.create({ data: { teamId: actor.team.id, ...input }, select: { id: true, name: true } });
    await log({
      action: "product.created",
      entityType: "product",
      entityId: product.id,
      summary: `added the product ${quoted(product.name)}`,
      after: input,
    });
    return product;
  });
}

export async function updateProduct(actor: Actor, input: z.infer<typeof ProductFieldsSchema> & { id: string; version: number }) {
  return teamWrite(actor, "work.edit", async (tx, log) => {
    const current = await tx.product.findFirst({ where: { id: input.id, teamId: actor.team.id, deletedAt: null }, select: { name: true, description: true } });
    if (!current) throw invalid({ id: "That product no longer exists." });
    const { id, version, ...fields } = input;
    const updated = await tx.product.updateMany({ where: { id, teamId: actor.team.id, version }, data: { ...fields, version: { increment: 1 } } });
    if (updated.count === 0) throw conflict(`Someone changed this product since you opened it (it is now ${quoted(current.name)}). Review and save again.`);
    await log({
      action: "product.updated",
      entityType: "product",
      entityId: id,
      summary: `updated the product ${quoted(fields.name)}`,
      before: current,
      after: fields,
    });
  });
}
