import { Link } from "@remix-run/react";
import type { ExperimentMethod, ExperimentStatus, MetricKind, Verdict as DbVerdict, Comparator } from "~/generated/prisma/enums";
import type { Verdict } from "~/modules/experiments/statistics";
import { describeTimebox } from "~/modules/experiments/timebox";
import { METHOD_LABELS, describeCriterion } from "~/modules/experiments/vocabulary";
import { ExperimentStatusBadge, VerdictBadge } from "./badges";

export type ExperimentRow = {
  id: string;
  key: string;
  title: string;
  method: ExperimentMethod;
  status: ExperimentStatus;
  metricName: string;
  metricKind: MetricKind;
  metricUnit: string;
  comparator: Comparator;
  target: number;
  startsOn: string;
  endsOn: string;
  overdue: boolean;
  finalVerdict: DbVerdict | null;
  result: { verdict: Verdict };
  hypothesis?: { number: number };
};

/**
 * Experiments as a table: criterion, timebox, status and verdict. `compact` (inside a hypothesis's
 * page, a narrower column) leaves out the timebox and the hypothesis each one tests.
 */
export function ExperimentTable({ experiments, base, today, compact = false }: { experiments: ExperimentRow[]; base: string; today: string; compact?: boolean }) {
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Key</th>
          <th scope="col">Experiment</th>
          <th scope="col">Criterion</th>
          {compact ? null : <th scope="col">Timebox</th>}
          <th scope="col">Status</th>
          <th scope="col">Verdict</th>
        </tr>
      </thead>
      <tbody>
        {experiments.map((experiment) => (
          <tr key={experiment.id}>
            <td className="font-mono text-xs">
              <Link to={`${base}/experiments/${experiment.key}`}>{experiment.key}</Link>
            </td>
            <td className={compact ? "min-w-40" : "min-w-56"}>
              <Link to={`${base}/experiments/${experiment.key}`} className="text-zinc-900 dark:text-zinc-100">
                {experiment.title}
              </Link>
              <span className="muted block text-xs">
                {METHOD_LABELS[experiment.method]}
                {!compact && experiment.hypothesis ? ` · tests H-${experiment.hypothesis.number}` : ""}
              </span>
            </td>
            <td className="min-w-40 text-xs">
              {experiment.metricName} {describeCriterion(experiment.metricKind, experiment.comparator, experiment.target, experiment.metricUnit)}
            </td>
            {compact ? null : <td className="whitespace-nowrap text-xs">{describeTimebox(experiment.status, experiment.startsOn, experiment.endsOn, today)}</td>}
            <td>
              <ExperimentStatusBadge status={experiment.status} overdue={experiment.overdue} />
            </td>
            <td>
              {experiment.status === "DRAFT" || experiment.status === "ABANDONED" ? (
                <span className="muted text-xs">—</span>
              ) : (
                <VerdictBadge verdict={experiment.finalVerdict ?? experiment.result.verdict} />
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
