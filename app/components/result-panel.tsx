import type { MetricKind } from "~/generated/prisma/enums";
import type { Evaluation } from "~/modules/experiments/statistics";
import { formatMetric } from "~/modules/experiments/vocabulary";
import { VerdictBadge } from "./badges";

/** The live (or frozen) result: verdict first, then the numbers behind it. */
export function ResultPanel({ result, kind, unit, title = "Verdict so far" }: { result: Evaluation; kind: MetricKind; unit: string; title?: string }) {
  const rows: [string, string][] = [
    [kind === "RATE" ? "Trials" : "Values", result.n.toLocaleString("en")],
    [kind === "COUNT" ? "Total" : kind === "RATE" ? "Observed rate" : "Mean", formatMetric(kind, result.estimate, unit)],
  ];
  if (result.interval) rows.push(["95 % interval", `${formatMetric(kind, result.interval.low, unit)} – ${formatMetric(kind, result.interval.high, unit)}`]);
  if (result.sd !== null) rows.push(["Standard deviation", formatMetric(kind, result.sd, unit)]);
  if (result.probabilityMeetsTarget !== null) rows.push(["Chance the criterion holds", `${(result.probabilityMeetsTarget * 100).toFixed(1)} %`]);
  if (result.projection !== null) rows.push(["Projected by the end", formatMetric(kind, result.projection, unit)]);
  return (
    <section className="card p-4" aria-labelledby="result-title">
      <div className="flex items-center justify-between gap-2">
        <h2 id="result-title" className="text-sm font-semibold">
          {title}
        </h2>
        <VerdictBadge verdict={result.verdict} size="lg" />
      </div>
      <p className="mt-3 text-sm">{result.explanation}</p>
      <dl className="mt-3 grid grid-cols-2 gap-x-3 gap-y-1.5 text-sm">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="muted">{label}</dt>
            <dd className="text-right tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
