/**
 * Experiment templates: a team saves an experiment's design (method, plan, metric, criterion and
 * timebox length) under a name, and starts new experiments from it or from the built-in set.
 * Every command asks the permission table, validates its own typed input and stays in the team.
 */
import { z } from "zod";
import type { Prisma } from "~/generated/prisma/client";
import { lastEditor } from "~/modules/activity/history.server";
import { teamCommand, teamWrite, validInput, type Log } from "~/modules/activity/team-write.server";
import { unitFor } from "~/modules/experiments/schemas";
import { toDateOnly } from "~/modules/experiments/timebox";
import { experimentKey } from "~/modules/experiments/vocabulary";
import { assertCan, type Actor } from "~/modules/teams/actor";
import { softDeletion, TRASH_DAYS } from "~/modules/trash/soft-delete.server";
import { db, type Transaction } from "~/utils/db.server";
import { conflict, invalid, notFound } from "~/utils/errors";
import { idField } from "~/utils/fields";
import { quoted } from "~/utils/quote";
import { BUILT_IN_TEMPLATES, builtInTemplate, isBuiltInName } from "./built-in";
import { timeboxDays, type TemplateSummary } from "./design";
import { RenameTemplateInput, SaveTemplateInput, TemplateRules } from "./schemas";

const TEMPLATE_SELECT = {
  id: true,
  name: true,
  method: true,
  plan: true,
  metricName: true,
  metricUnit: true,
  metricKind: true,
  comparator: true,
  target: true,
  days: true,
  version: true,
  createdAt: true,
  createdBy: { select: { name: true } },
} satisfies Prisma.ExperimentTemplateSelect;

type TemplateRow = Prisma.ExperimentTemplateGetPayload<{ select: typeof TEMPLATE_SELECT }>;

/** One of the team's templates, with who saved it and the version a rename form carries. */
export type TeamTemplate = TemplateSummary & { version: number; createdAt: Date; createdBy: string };

function summary(row: TemplateRow): TeamTemplate {
  const { createdBy, ...fields } = row;
  return { ...fields, builtIn: false, question: null, createdBy: createdBy.name };
}

const MISSING = "This template no longer exists.";

/** The built-in templates first, then the team's own by name: what the new-experiment page offers. */
export async function listTemplates(actor: Actor): Promise<{ builtIn: readonly TemplateSummary[]; team: TeamTemplate[] }> {
  assertCan(actor, "team.view");
  const rows = await db.experimentTemplate.findMany({ where: { teamId: actor.team.id, deletedAt: null }, orderBy: [{ name: "asc" }, { id: "asc" }], select: TEMPLATE_SELECT });
  return { builtIn: BUILT_IN_TEMPLATES, team: rows.map(summary) };
}

/** A built-in template, or one of the team's that is not in the trash; null for anything else (another team's too). */
export async function templateById(actor: Actor, id: string): Promise<TemplateSummary | null> {
  assertCan(actor, "team.view");
  const builtIn = builtInTemplate(id);
  if (builtIn) return builtIn;
  if (!idField.safeParse(id).success) return null;
  const row = await db.experimentTemplate.findFirst({ where: { id, teamId: actor.team.id, deletedAt: null }, select: TEMPLATE_SELECT });
  return row ? summary(row) : null;
}

/** The name of one of the team's templates, trashed or not, for a notice after a change. */
export async function templateName(actor: Actor, id: string): Promise<string | null> {
  assertCan(actor, "team.view");
  if (!idField.safeParse(id).success) return null;
  const row = await db.experimentTemplate.findFirst({ where: { id, teamId: actor.team.id }, select: { name: true } });
  return row?.name ?? null;
}

const taken = (name: string) => `This team already has a template called ${quoted(name)}. Choose another name.`;

/**
 * Makes sure `name` is free in the team (compared without case, the built-in names included).
 * A trashed template keeps its name while it can be restored, so restoring never clashes; one
 * trashed longer ago than the trash keeps things is removed for good, and its name is free again.
 */
async function claimName(tx: Transaction, actor: Actor, log: Log, name: string, exceptId?: string) {
  if (isBuiltInName(name)) throw invalid({ name: `${quoted(name)} is the name of a built-in template. Choose another name.` });
  // lower() = lower(), not Prisma's insensitive `equals`: that is an ILIKE, where "_" and "%" in a name would match other names.
  const [holder] = await tx.$queryRaw<{ id: string; name: string; deletedAt: Date | null }[]>`
    SELECT id, name, "deletedAt" FROM "ExperimentTemplate"
    WHERE "teamId" = ${actor.team.id} AND lower(name) = lower(${name}) AND id <> ${exceptId ?? ""}
    LIMIT 1`;
  if (!holder) return;
  if (holder.deletedAt === null) throw invalid({ name: taken(holder.name) });
  if (holder.deletedAt.getTime() >= Date.now() - TRASH_DAYS * 86_400_000) {
    throw invalid({ name: `A template called ${quoted(holder.name)} is in the trash. Restore it from Settings → Trash, or choose another name.` });
  }
  await tx.experimentTemplate.delete({ where: { id: holder.id } });
  await log({
    action: "template.purged",
    entityType: "template",
    entityId: holder.id,
    summary: `removed the template ${quoted(holder.name)} for good, after more than ${TRASH_DAYS} days in the trash, to reuse its name`,
  });
}

/** Two saves of one name at once: the unique key refuses the second, and it reads like the check. */
async function uniqueName<T>(name: () => string | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if ((error as { code?: unknown }).code === "P2002") throw invalid({ name: taken(name() ?? "this name") });
    throw error;
  }
}

/** Saves an experiment's design as a template; the name defaults to the experiment's title. */
export const saveTemplate = teamCommand({ permission: "template.manage", input: SaveTemplateInput }, (actor, input) => {
  let name: string | undefined = input.name;
  return uniqueName(
    () => name,
    () =>
      teamWrite(actor, "template.manage", async (tx, log) => {
        const experiment = await tx.experiment.findFirst({
          where: { id: input.experimentId, teamId: actor.team.id, deletedAt: null },
          select: { number: true, title: true, method: true, plan: true, metricName: true, metricUnit: true, metricKind: true, comparator: true, target: true, startsOn: true, endsOn: true },
        });
        if (!experiment) throw notFound("This experiment no longer exists.");
        name = validInput(z.object({ name: TemplateRules.name }), { name: input.name ?? experiment.title }).name;
        await claimName(tx, actor, log, name);
        const design = {
          method: experiment.method,
          plan: experiment.plan,
          metricName: experiment.metricName,
          metricUnit: unitFor(experiment.metricKind, experiment.metricUnit),
          metricKind: experiment.metricKind,
          comparator: experiment.comparator,
          target: experiment.target,
          days: timeboxDays(toDateOnly(experiment.startsOn), toDateOnly(experiment.endsOn)),
        };
        const template = await tx.experimentTemplate.create({ data: { teamId: actor.team.id, name, ...design, createdById: actor.user.id }, select: { id: true, name: true } });
        const key = experimentKey(experiment.number);
        await log({
          action: "template.saved",
          entityType: "template",
          entityId: template.id,
          summary: `saved ${key} as the template ${quoted(name)}`,
          after: { name, from: key, ...design },
        });
        return template;
      })
  );
});

/** Renames one of the team's templates, from the version the form showed. */
export const renameTemplate = teamCommand({ permission: "template.manage", input: RenameTemplateInput }, (actor, input) =>
  uniqueName(
    () => input.name,
    () =>
      teamWrite(actor, "template.manage", async (tx, log) => {
        const current = await tx.experimentTemplate.findFirst({ where: { id: input.id, teamId: actor.team.id, deletedAt: null }, select: { name: true, version: true } });
        if (!current) throw notFound(MISSING);
        const stale = async () => {
          const by = await lastEditor(tx, actor.team.id, "template", input.id);
          throw conflict(`Changed by ${by} since you opened it: it is now called ${quoted(current.name)}. Review it, then rename it again.`, undefined, {
            theirVersion: current.version,
            yourVersion: input.version,
          });
        };
        if (current.version !== input.version) await stale();
        if (current.name === input.name) return;
        await claimName(tx, actor, log, input.name, input.id);
        const updated = await tx.experimentTemplate.updateMany({ where: { id: input.id, teamId: actor.team.id, version: input.version }, data: { name: input.name, version: { increment: 1 } } });
        if (updated.count === 0) await stale();
        await log({
          action: "template.renamed",
          entityType: "template",
          entityId: input.id,
          summary: `renamed the template ${quoted(current.name)} to ${quoted(input.name)}`,
          before: { name: current.name },
          after: { name: input.name },
        });
      })
  )
);

/** Moves a template to the trash or back. */
export const setTemplateDeleted = softDeletion({
  permission: "template.manage",
  missing: MISSING,
  find: (tx, teamId, id) => tx.experimentTemplate.findFirst({ where: { id, teamId }, select: { id: true, name: true, deletedAt: true } }),
  mark: (tx, id, deletedAt) => tx.experimentTemplate.update({ where: { id }, data: { deletedAt, version: { increment: 1 } } }),
  change: (current, deleted) => ({
    action: deleted ? "template.trashed" : "template.restored",
    entityType: "template",
    entityId: current.id,
    summary: deleted ? `moved the template ${quoted(current.name)} to the trash` : `restored the template ${quoted(current.name)} from the trash`,
  }),
});

/** Deletes a template: to the trash, restorable for TRASH_DAYS days. */
export const deleteTemplate = teamCommand({ permission: "template.manage", input: z.object({ id: TemplateRules.id }) }, (actor, input) => setTemplateDeleted(actor, { id: input.id, deleted: true }));
