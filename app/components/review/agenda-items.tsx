import { Link } from "@remix-run/react";
import type { AgendaExperiment, AgendaGate, AgendaHypothesis, AgendaSignal } from "~/modules/review/agenda";
import { GateBadge, MetMark, StrengthBar, VerdictBadge } from "../badges";
import { formatMetricValue } from "../charts";
import { comparatorSymbol, formatNumber } from "../charts/format";
import { IntervalStrip } from "../charts/interval-strip";
import { formatDate } from "~/utils/dates";

function plural(count: number, word: string, words = `${word}s`) {
  return `${count.toLocaleString("en")} ${count === 1 ? word : words}`;
}

/** "from 200 trials", "from 14 values", "from 9 entries": what the estimate stands on. */
function sampleText(kind: "RATE" | "COUNT" | "MEAN", n: number) {
  return `from ${kind === "RATE" ? plural(n, "trial") : kind === "MEAN" ? plural(n, "value") : plural(n, "entry", "entries")}`;
}

/** The timebox in words, relative to the agenda's day. */
export function timeboxText(e: AgendaExperiment & { daysLeft?: number; overdueByDays?: number }, today?: string) {
  if (e.overdueByDays !== undefined) return `overdue by ${plural(e.overdueByDays, "day")}`;
  if (e.daysLeft !== undefined) return e.daysLeft === 0 ? "last day" : `${plural(e.daysLeft, "day")} left`;
  return today !== undefined && e.endsOn < today ? `ended ${formatDate(e.endsOn)}` : `ends ${formatDate(e.endsOn)}`;
}

/** What the meeting needs to decide on an experiment: its verdict, the estimate against the target and its sample. */
export function ExperimentFacts({ experiment, large = false }: { experiment: AgendaExperiment; large?: boolean }) {
  const p = experiment.progress;
  if (!p) return null; // recorded before reviews kept progress
  const target = `${comparatorSymbol(p.comparator)} ${formatMetricValue(p.kind, p.unit, p.target)}`;
  return (
    <div className={`mt-1 flex flex-wrap items-center gap-x-6 gap-y-2 ${large ? "text-base" : "text-sm"}`}>
      <div className="min-w-0 flex-1 basis-64">
        <p>
          <span className="muted">
            {p.metricName} · tests {p.hypothesisKey} ·{" "}
          </span>
          {p.estimate === null ? (
            <span>no evidence yet</span>
          ) : (
            <>
              <span className="font-semibold tabular-nums">{formatMetricValue(p.kind, p.unit, p.estimate)}</span>
              {p.low !== null && p.high !== null ? (
                <span className="muted tabular-nums">
                  {" "}
                  (95 %: {formatMetricValue(p.kind, p.unit, p.low)} – {formatMetricValue(p.kind, p.unit, p.high)})
                </span>
              ) : null}{" "}
              <span className="muted">{sampleText(p.kind, p.n)}</span>
              {p.projection !== null ? <span className="muted"> · projected {formatMetricValue(p.kind, p.unit, p.projection)} at the end</span> : null}
            </>
          )}
          <span className="muted"> · target </span>
          <span className="font-medium tabular-nums">{target}</span>
        </p>
        <p className="muted mt-0.5 text-xs">{p.explanation}</p>
      </div>
      <div className={`w-full shrink-0 ${large ? "max-w-md sm:w-96" : "max-w-xs sm:w-64"}`}>
        <IntervalStrip kind={p.kind} unit={p.unit} comparator={p.comparator} target={p.target} estimate={p.estimate} low={p.low} high={p.high} projection={p.projection} verdict={experiment.verdict} />
      </div>
    </div>
  );
}

/** The experiment's key, title and verdict, with its timebox. */
export function ExperimentHeading({ experiment, base, today, note }: { experiment: AgendaExperiment & { daysLeft?: number; overdueByDays?: number }; base: string; today: string; note?: React.ReactNode }) {
  const overdue = experiment.overdueByDays !== undefined;
  return (
    <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
      <Link to={`${base}/experiments/${experiment.key}`} className="font-semibold">
        {experiment.key}
      </Link>
      <span className="min-w-0 break-words">{experiment.title}</span>
      <VerdictBadge verdict={experiment.verdict} />
      <span className={overdue ? "font-medium text-red-700 dark:text-red-400" : "muted"}>{timeboxText(experiment, today)}</span>
      {note}
    </div>
  );
}

/** An important untested hypothesis: importance, evidence so far, age and owner. */
export function HypothesisFacts({ hypothesis, base }: { hypothesis: AgendaHypothesis & { ageDays: number }; base: string }) {
  return (
    <div>
      <p>
        <Link to={`${base}/hypotheses/${hypothesis.key}`} className="font-semibold">
          {hypothesis.key}
        </Link>{" "}
        <span className="break-words">{hypothesis.statement}</span>
      </p>
      <p className="muted mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs">
        <span>importance {hypothesis.importance} of 5</span>
        {hypothesis.strength !== undefined ? <StrengthBar strength={hypothesis.strength} /> : null}
        <span>written {plural(hypothesis.ageDays, "day")} ago</span>
        {hypothesis.ownerId !== undefined ? <span>{hypothesis.ownerName ? `owner: ${hypothesis.ownerName}` : "no owner"}</span> : null}
      </p>
    </div>
  );
}

function weekValue(value: number | null, unit: string) {
  return value === null ? "—" : formatMetricValue("COUNT", unit, value);
}

/** "+12 %" week over week, or nothing when either week has no reading. */
function trend(thisWeek: number | null, lastWeek: number | null) {
  if (thisWeek === null || lastWeek === null) return null;
  const change = thisWeek - lastWeek;
  if (change === 0) return "no change";
  const sign = change > 0 ? "+" : "−";
  return `${sign}${formatNumber(Math.abs(change))}`;
}

/** Each product's gate with every criterion's standing, then the signals no criterion watches. */
export function GatesAndSignals({ gates, signals, base, named = true }: { gates: AgendaGate[]; signals: AgendaSignal[]; base: string; named?: boolean }) {
  if (gates.length === 0 && signals.length === 0) return <p className="muted text-sm">No products with gates or signals yet.</p>;
  return (
    <div className="space-y-4">
      {gates.map((gate) => (
        <div key={gate.productId}>
          <p className="flex flex-wrap items-center gap-2 text-sm">
            {named ? (
              <Link to={`${base}/gate/${gate.productId}`} className="font-semibold">
                {gate.productName}
              </Link>
            ) : null}
            <GateBadge status={gate.status} />
            <span className="muted">{gate.headline}</span>
          </p>
          {gate.criteria.length > 0 ? (
            <>
              {/* On a phone each criterion is a short paragraph; from a tablet up, a table. */}
              <ul className="mt-2 space-y-2 text-sm sm:hidden">
                {gate.criteria.map((criterion, index) => (
                  <li key={index}>
                    <p>
                      <MetMark met={criterion.met} /> <span className="font-medium">{criterion.label}</span>
                    </p>
                    {criterion.threshold !== null && criterion.direction !== null ? (
                      <p className="tabular-nums">
                        {weekValue(criterion.thisWeek, criterion.unit)} this week
                        {trend(criterion.thisWeek, criterion.lastWeek) ? ` (${trend(criterion.thisWeek, criterion.lastWeek)})` : ""}, {weekValue(criterion.lastWeek, criterion.unit)} last week; needs{" "}
                        {comparatorSymbol(criterion.direction)} {weekValue(criterion.threshold, criterion.unit)}
                      </p>
                    ) : null}
                    <p className="muted text-xs">{criterion.summary}</p>
                  </li>
                ))}
              </ul>
              <div className="mt-2 hidden sm:block">
                <table className="w-full text-sm">
                  <thead className="muted text-left text-xs">
                    <tr>
                      <th className="py-1 pr-3 font-medium">Criterion</th>
                      <th className="py-1 pr-3 text-right font-medium">This week</th>
                      <th className="py-1 pr-3 text-right font-medium">Last week</th>
                      <th className="py-1 pr-3 text-right font-medium">Threshold</th>
                      <th className="py-1 font-medium">Standing</th>
                    </tr>
                  </thead>
                  <tbody>
                    {gate.criteria.map((criterion, index) => (
                      <tr key={index} className="border-t border-zinc-100 align-top dark:border-zinc-800">
                        <td className="py-1.5 pr-3">{criterion.label}</td>
                        <td className="py-1.5 pr-3 text-right tabular-nums">
                          {criterion.threshold === null ? "" : weekValue(criterion.thisWeek, criterion.unit)}
                          {trend(criterion.thisWeek, criterion.lastWeek) ? <span className="muted block text-xs">{trend(criterion.thisWeek, criterion.lastWeek)}</span> : null}
                        </td>
                        <td className="py-1.5 pr-3 text-right tabular-nums">{criterion.threshold === null ? "" : weekValue(criterion.lastWeek, criterion.unit)}</td>
                        <td className="py-1.5 pr-3 text-right tabular-nums">
                          {criterion.threshold === null || criterion.direction === null ? "" : `${comparatorSymbol(criterion.direction)} ${weekValue(criterion.threshold, criterion.unit)}`}
                        </td>
                        <td className="py-1.5">
                          <MetMark met={criterion.met} /> <span className="muted text-xs">{criterion.summary}</span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : null}
        </div>
      ))}
      {signals.length > 0 ? (
        <div>
          <p className="text-sm font-semibold">Other signals</p>
          <ul className="mt-1 space-y-1 text-sm">
            {signals.map((signal, index) => (
              <li key={index}>
                {signal.name} <span className="muted">({signal.productName})</span>: <span className="tabular-nums">{weekValue(signal.thisWeek, signal.unit)}</span> this week,{" "}
                <span className="tabular-nums">{weekValue(signal.lastWeek, signal.unit)}</span> last week
                {trend(signal.thisWeek, signal.lastWeek) ? <span className="muted"> ({trend(signal.thisWeek, signal.lastWeek)})</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
