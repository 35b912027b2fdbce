/**
 * What new evidence announces, inside the transaction that records it: an import (from a file or
 * the API) is news to the experiment's watchers, and so is the moment its evidence first meets —
 * or fails — the success criterion with enough sample to say so (once per verdict).
 */
import { emitEvent, experimentSubject } from "~/modules/events/emit.server";
import { evaluateExperiment } from "~/modules/experiments/evaluation";
import { describeCriterion, experimentKey } from "~/modules/experiments/vocabulary";
import type { Actor } from "~/modules/teams/actor";
import { toDateOnly } from "~/utils/date-only";
import type { Transaction } from "~/utils/db.server";

export async function announceEvidence(tx: Transaction, actor: Actor, experimentId: string, added: { count: number; via: "form" | "csv" | "api"; today: string }) {
  const experiment = await tx.experiment.findFirstOrThrow({
    where: { id: experimentId, teamId: actor.team.id },
    select: {
      id: true, number: true, title: true, metricName: true, metricUnit: true, metricKind: true, comparator: true, target: true, startsOn: true, endsOn: true,
      successes: true, trials: true, valueCount: true, valueSum: true, valueSumSquares: true, observationCount: true,
    },
  });
  const key = experimentKey(experiment.number);
  const subject = experimentSubject(actor.team.slug, experiment, "#evidence");
  if (added.via !== "form") {
    await emitEvent(tx, {
      teamId: actor.team.id,
      type: "evidence.imported",
      actorId: actor.user.id,
      subject,
      summary: `imported ${added.count} observation${added.count === 1 ? "" : "s"} on ${key}${added.via === "csv" ? " from a CSV file" : " through the API"}`,
      details: { count: added.count, via: added.via },
    });
  }
  const { verdict } = evaluateExperiment({ ...experiment, startsOn: toDateOnly(experiment.startsOn), endsOn: toDateOnly(experiment.endsOn) }, added.today);
  if (verdict === "too_early") return;
  const criterion = `${experiment.metricName} ${describeCriterion(experiment.metricKind, experiment.comparator, experiment.target, experiment.metricUnit)}`;
  await emitEvent(tx, {
    teamId: actor.team.id,
    type: "verdict.reached",
    actorId: actor.user.id,
    subject,
    summary: verdict === "met" ? `logged the evidence with which ${key} meets its criterion (${criterion})` : `logged the evidence with which ${key} falls short of its criterion (${criterion})`,
    details: { verdict, criterion, observations: experiment.observationCount },
    dedupeKey: `verdict.reached:${experiment.id}:${verdict}`,
  });
}
