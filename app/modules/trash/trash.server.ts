import { setObservationDeleted } from "~/modules/evidence/observations.server";
import { setExperimentDeleted } from "~/modules/experiments/experiments.server";
import { experimentKey } from "~/modules/experiments/vocabulary";
import { setHypothesisDeleted } from "~/modules/hypotheses/hypotheses.server";
import { hypothesisKey } from "~/modules/hypotheses/vocabulary";
import { setTemplateDeleted } from "~/modules/templates/templates.server";
import type { Actor } from "~/modules/teams/actor";
import { db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { TRASH_DAYS } from "./soft-delete.server";

export { TRASH_DAYS };

function restorableSince(now: Date) {
  return new Date(now.getTime() - TRASH_DAYS * 86_400_000);
}

/** The soft deletion of each kind of item the trash holds. */
const SET_DELETED = { hypothesis: setHypothesisDeleted, experiment: setExperimentDeleted, observation: setObservationDeleted, template: setTemplateDeleted };

export type TrashKind = keyof typeof SET_DELETED;

/** What was deleted in the last 30 days, newest first. */
export async function listTrash(teamId: string, now = new Date()) {
  const since = restorableSince(now);
  const [hypotheses, experiments, observations, templates] = await Promise.all([
    db.hypothesis.findMany({ where: { teamId, deletedAt: { gte: since } }, orderBy: { deletedAt: "desc" }, take: 100, select: { id: true, number: true, statement: true, deletedAt: true } }),
    db.experiment.findMany({ where: { teamId, deletedAt: { gte: since } }, orderBy: { deletedAt: "desc" }, take: 100, select: { id: true, number: true, title: true, deletedAt: true } }),
    db.observation.findMany({
      where: { teamId, deletedAt: { gte: since } },
      orderBy: { deletedAt: "desc" },
      take: 100,
      select: { id: true, observedOn: true, successes: true, trials: true, value: true, note: true, deletedAt: true, experiment: { select: { number: true } } },
    }),
    db.experimentTemplate.findMany({ where: { teamId, deletedAt: { gte: since } }, orderBy: { deletedAt: "desc" }, take: 100, select: { id: true, name: true, deletedAt: true } }),
  ]);
  return [
    ...hypotheses.map((h) => ({ kind: "hypothesis" as const, id: h.id, label: `${hypothesisKey(h.number)} — ${h.statement}`, deletedAt: h.deletedAt! })),
    ...experiments.map((e) => ({ kind: "experiment" as const, id: e.id, label: `${experimentKey(e.number)} — ${e.title}`, deletedAt: e.deletedAt! })),
    ...observations.map((o) => ({
      kind: "observation" as const,
      id: o.id,
      label: `Observation on ${experimentKey(o.experiment.number)}, ${o.observedOn.toISOString().slice(0, 10)}: ${o.trials !== null ? `${o.successes}/${o.trials}` : (o.value ?? o.note ?? "")}`,
      deletedAt: o.deletedAt!,
    })),
    ...templates.map((t) => ({ kind: "template" as const, id: t.id, label: t.name, deletedAt: t.deletedAt! })),
  ].sort((a, b) => b.deletedAt.getTime() - a.deletedAt.getTime());
}

/**
 * Restores an item deleted in the last 30 days. Restoring one that is already back (a second
 * click, or two people at once) changes nothing and is no error.
 */
export async function restoreFromTrash(actor: Actor, input: { kind: TrashKind; id: string }, now = new Date()) {
  const since = restorableSince(now);
  const where = { id: input.id, teamId: actor.team.id, OR: [{ deletedAt: { gte: since } }, { deletedAt: null }] };
  const count = { hypothesis: () => db.hypothesis.count({ where }), experiment: () => db.experiment.count({ where }), observation: () => db.observation.count({ where }), template: () => db.experimentTemplate.count({ where }) };
  const found = await count[input.kind]();
  if (!found) throw new AppError(400, "not_in_trash", "That item is no longer in the trash (items stay 30 days).");
  await SET_DELETED[input.kind](actor, { id: input.id, deleted: false });
}
