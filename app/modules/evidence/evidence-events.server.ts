/**
 * What new evidence announces, inside the transaction that records it: an import (from a file or
 * the API) is news to the experiment's watchers, and so is the moment its evidence first meets —
 * or fails — the success criterion with enough sample to say so (once per verdict).
 */
import { emitEvent, experimentSubject } from "~/modules/events/emit.server";
import { evaluateExperiment } from "~/modules/experiments/evaluation";
import { describeCriterion, experimentKey } from "~/modules/experiments/vocabulary";
import type { Comparator, MetricKind, Verdict } from "~/generated/prisma/enums";
import type { Actor } from "~/modules/teams/actor";
import { toDateOnly } from "~/utils/date-only";
import type { Transaction } from "~/utils/db.server";

/** The experiment as it stands after the write (read under its row lock, plus what was added). */
export type AnnouncedExperiment = {
  id: string;
  number: number;
  title: string;
  metricName: string;
  metricUnit: string;
  metricKind: MetricKind;
  comparator: Comparator;
  target: number;
  startsOn: Date;
  endsOn: Date;
  observationCount: number;
  successes: number;
  trials: number;
  valueCount: number;
  valueSum: number;
  valueSumSquares: number;
  announcedVerdict: Verdict | null;
};

const ANNOUNCED: Record<"met" | "not_met", Verdict> = { met: "MET", not_met: "NOT_MET" };

export async function announceEvidence(tx: Transaction, actor: Actor, experiment: AnnouncedExperiment, added: { count: number; via: "form" | "csv" | "api"; today: string }) {
  const key = experimentKey(experiment.number);
  const subject = experimentSubject(actor.team.slug, experiment, "#evidence");
  // A file is one deliberate import, announced each time. An integration may post every minute:
  // its first import of the day is news, the rest would only bury the inbox.
  if (added.via !== "form") {
    await emitEvent(tx, {
      teamId: actor.team.id,
      type: "evidence.imported",
      actorId: actor.user.id,
      subject,
      summary: `imported ${added.count} observation${added.count === 1 ? "" : "s"} on ${key}${added.via === "csv" ? " from a CSV file" : " through the API"}${added.via === "api" ? ", the first import today" : ""}`,
      details: { count: added.count, via: added.via },
      dedupeKey: added.via === "api" ? `evidence.imported:api:${experiment.id}:${added.today}` : undefined,
    });
  }
  const { verdict } = evaluateExperiment({ ...experiment, startsOn: toDateOnly(experiment.startsOn), endsOn: toDateOnly(experiment.endsOn) }, added.today);
  // A verdict that holds was announced already: no query while it does.
  if (verdict === "too_early" || ANNOUNCED[verdict] === experiment.announcedVerdict) return;
  const criterion = `${experiment.metricName} ${describeCriterion(experiment.metricKind, experiment.comparator, experiment.target, experiment.metricUnit)}`;
  await emitEvent(tx, {
    teamId: actor.team.id,
    type: "verdict.reached",
    actorId: actor.user.id,
    subject,
    summary: verdict === "met" ? `logged the evidence with which ${key} meets its criterion (${criterion})` : `logged the evidence with which ${key} falls short of its criterion (${criterion})`,
    details: { verdict, criterion, observations: experiment.observationCount },
    // Once per verdict: a criterion met, missed and met again is announced met once.
    dedupeKey: `verdict.reached:${experiment.id}:${verdict}`,
  });
  await tx.experiment.updateMany({ where: { id: experiment.id }, data: { announcedVerdict: ANNOUNCED[verdict] } });
}
