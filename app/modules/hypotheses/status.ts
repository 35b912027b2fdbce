import type { Decision, ExperimentStatus, HypothesisStatus, Verdict } from "~/generated/prisma/enums";

export type ExperimentOutcome = {
  status: ExperimentStatus;
  finalVerdict: Verdict | null;
  decision: Decision | null;
  concludedAt: Date | null;
};

export type ConclusionOutcome = Extract<HypothesisStatus, "VALIDATED" | "INVALIDATED" | "INCONCLUSIVE">;

/**
 * What one conclusion says of its hypothesis: validated when it met its criterion and the team
 * persevered, invalidated when it failed, inconclusive otherwise.
 */
export function conclusionOutcome(finalVerdict: Verdict | null, decision: Decision | null): ConclusionOutcome {
  if (finalVerdict === "MET" && decision === "PERSEVERE") return "VALIDATED";
  if (finalVerdict === "NOT_MET") return "INVALIDATED";
  return "INCONCLUSIVE";
}

/**
 * The status a hypothesis's experiments imply: testing while one runs; otherwise the latest
 * conclusion decides (conclusionOutcome); untested before any experiment ran.
 */
export function deriveHypothesisStatus(experiments: ExperimentOutcome[]): HypothesisStatus {
  if (experiments.some((experiment) => experiment.status === "RUNNING")) return "TESTING";
  const concluded = experiments
    .filter((experiment) => experiment.status === "CONCLUDED" && experiment.concludedAt)
    .sort((a, b) => b.concludedAt!.getTime() - a.concludedAt!.getTime());
  const latest = concluded[0];
  if (!latest) return "UNTESTED";
  return conclusionOutcome(latest.finalVerdict, latest.decision);
}
