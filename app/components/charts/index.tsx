/**
 * Chart components — the only module routes import for charts.
 *
 * Each chart is a server-rendered shell (figure, caption, accessible name and a
 * "Show the numbers" table) around a drawing that loads lazily: the Recharts code
 * lives in *.client.tsx files, imported with React.lazy and rendered only after the
 * component has mounted in the browser. Until then (and without JavaScript) a
 * fixed-height placeholder holds the space, so server HTML never contains Recharts,
 * hydration cannot mismatch and Recharts stays out of the first-load bundle.
 *
 * Palette: CSS variables from ./charts.css (--chart-*), light and dark.
 */
import { Component, Suspense, lazy, useEffect, useState, type ReactNode } from "react";
import {
  DEFAULT_METRIC_HEIGHT,
  DEFAULT_SPARKLINE_HEIGHT,
  DEFAULT_SPARKLINE_WIDTH,
  DEFAULT_VERDICTS_HEIGHT,
  EMPTY_METRIC_MESSAGE,
  EMPTY_VERDICTS_MESSAGE,
  NO_ESTIMATE_MESSAGE,
  comparatorWords,
  cycleTotal,
  describeMetricChart,
  describeSparkline,
  describeVerdictsChart,
  estimateHeading,
  formatDayLong,
  formatDayRange,
  formatInterval,
  formatMetricValue,
  formatNumber,
  latestEstimate,
  parseDay,
  type CyclePoint,
  type MetricChartProps,
  type MetricPoint,
  type SeriesPoint,
  type SparklineProps,
  type VerdictsPerCycleChartProps,
  describeSignalChart,
  type SignalChartProps,
} from "./format";
import { weeklyValues } from "~/modules/gate/evaluate";
import { VERDICT_SERIES } from "./verdicts";

export type { CyclePoint, MetricChartProps, MetricPoint, SeriesPoint, SignalChartProps, SparklineProps, VerdictsPerCycleChartProps };
export { formatMetricValue, formatPercent, formatInterval, formatDayLong, formatDayShort } from "./format";

const MetricChartCanvas = lazy(() => import("./metric-chart.client"));
const VerdictsChartCanvas = lazy(() => import("./verdicts-chart.client"));
const SparklineCanvas = lazy(() => import("./sparkline.client"));
const SignalChartCanvas = lazy(() => import("./signal-chart.client"));

/* ------------------------------------------------------------ lazy shell */

/** False during SSR and the hydration render, true once mounted in the browser. */
function useMounted(): boolean {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted;
}

/** If the chart chunk fails to load (offline, new deploy), keep the placeholder; the table still has the numbers. */
class ChartErrorBoundary extends Component<{ fallback: ReactNode; children: ReactNode }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

function Placeholder({ height }: { height: number }) {
  return <div aria-hidden="true" className="h-full w-full rounded-md bg-(--chart-placeholder)" style={{ height }} />;
}

/**
 * The chart area: role="img" with a descriptive accessible name, a fixed height so the
 * page does not jump, and the lazily loaded drawing once mounted.
 */
function ChartArea({ label, height, children }: { label: string; height: number; children: ReactNode }) {
  const mounted = useMounted();
  const placeholder = <Placeholder height={height} />;
  return (
    <div role="img" aria-label={label} className="relative w-full min-w-0" style={{ height }}>
      {mounted ? (
        <ChartErrorBoundary fallback={placeholder}>
          <Suspense fallback={placeholder}>{children}</Suspense>
        </ChartErrorBoundary>
      ) : (
        placeholder
      )}
    </div>
  );
}

function EmptyChart({ children }: { children: ReactNode }) {
  return (
    <p className="rounded-md border border-dashed border-zinc-300 px-4 py-6 text-center text-sm text-zinc-500 dark:border-zinc-700 dark:text-zinc-400">
      {children}
    </p>
  );
}

/* ----------------------------------------------------------- data tables */

const thHead = "border-b border-zinc-200 px-3 py-2 text-xs font-medium text-zinc-500 dark:border-zinc-800 dark:text-zinc-400";
const tdCell = "border-b border-zinc-100 px-3 py-1.5 dark:border-zinc-800/70";
const num = "text-right tabular-nums whitespace-nowrap";

function NumbersDetails({ children }: { children: ReactNode }) {
  return (
    <details className="group text-sm">
      <summary className="w-fit cursor-pointer select-none text-accent-600 hover:underline dark:text-accent-100">Show the numbers</summary>
      <div className="mt-2 relative overflow-x-auto">{children}</div>
    </details>
  );
}

function MetricTable(props: MetricChartProps) {
  const { kind, unit, metricName, target, comparator, startsOn, endsOn, projection } = props;
  const rows = [...props.points].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const showInterval = rows.some((p) => p.low != null && p.high != null);
  const latest = latestEstimate(rows);
  const showProjection =
    kind === "COUNT" && projection != null && Number.isFinite(projection) && latest != null && latest.date < endsOn;
  const columns = showInterval ? 4 : 3;
  return (
    <table className="w-full text-sm">
      <caption className="pb-2 text-left text-xs text-zinc-500 dark:text-zinc-400">
        {metricName}, cumulative up to each day, {formatDayRange(startsOn, endsOn)}. Target: {comparatorWords(comparator)}{" "}
        {formatMetricValue(kind, unit, target)}.
      </caption>
      <thead>
        <tr>
          <th scope="col" className={`${thHead} text-left`}>
            Date
          </th>
          <th scope="col" className={`${thHead} text-right`}>
            {estimateHeading(kind)}
          </th>
          {showInterval ? (
            <th scope="col" className={`${thHead} text-right`}>
              95 % interval
            </th>
          ) : null}
          <th scope="col" className={`${thHead} text-right`}>
            Target
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((p) => (
          <tr key={p.date}>
            <th scope="row" className={`${tdCell} whitespace-nowrap text-left font-normal`}>
              <time dateTime={p.date}>{formatDayLong(p.date)}</time>
            </th>
            <td className={`${tdCell} ${num}`}>{p.estimate == null ? "too little data" : formatMetricValue(kind, unit, p.estimate)}</td>
            {showInterval ? <td className={`${tdCell} ${num}`}>{formatInterval(kind, unit, p.low, p.high)}</td> : null}
            <td className={`${tdCell} ${num}`}>
              {comparator === "gte" ? "≥" : "≤"} {formatMetricValue(kind, unit, target)}
            </td>
          </tr>
        ))}
      </tbody>
      {showProjection ? (
        <tfoot>
          <tr>
            <th scope="row" className={`${tdCell} whitespace-nowrap text-left font-normal italic`}>
              Projected by <time dateTime={endsOn}>{formatDayLong(endsOn)}</time>
            </th>
            <td className={`${tdCell} ${num} italic`}>{formatMetricValue(kind, unit, projection)}</td>
            {columns === 4 ? <td className={`${tdCell} ${num}`}>—</td> : null}
            <td className={`${tdCell} ${num}`}>
              {comparator === "gte" ? "≥" : "≤"} {formatMetricValue(kind, unit, target)}
            </td>
          </tr>
        </tfoot>
      ) : null}
    </table>
  );
}

function VerdictsTable({ cycles }: { cycles: CyclePoint[] }) {
  return (
    <table className="w-full text-sm">
      <caption className="pb-2 text-left text-xs text-zinc-500 dark:text-zinc-400">Experiment verdicts per two-week cycle.</caption>
      <thead>
        <tr>
          <th scope="col" className={`${thHead} text-left`}>
            Cycle
          </th>
          {VERDICT_SERIES.map((s) => (
            <th key={s.key} scope="col" className={`${thHead} text-right`}>
              {s.label}
            </th>
          ))}
          <th scope="col" className={`${thHead} text-right`}>
            Total
          </th>
        </tr>
      </thead>
      <tbody>
        {cycles.map((c, i) => (
          <tr key={`${c.cycle}-${i}`}>
            <th scope="row" className={`${tdCell} whitespace-nowrap text-left font-normal`}>
              {c.cycle}
            </th>
            {VERDICT_SERIES.map((s) => (
              <td key={s.key} className={`${tdCell} ${num}`}>
                {formatNumber(c[s.key])}
              </td>
            ))}
            <td className={`${tdCell} ${num} font-medium`}>{formatNumber(cycleTotal(c))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/* ------------------------------------------------------------ components */

/**
 * A metric over an experiment's timebox: the estimate as a line, its 95 % interval as a
 * translucent band, the target as a dashed line labelled "target" and, for COUNT with a
 * `projection`, a dotted line from the last point to `endsOn`.
 */
export function MetricChart(props: MetricChartProps): JSX.Element {
  const { kind, unit, metricName, target, comparator, points } = props;
  const height = props.height ?? DEFAULT_METRIC_HEIGHT;
  const validPoints = points.filter((p) => !Number.isNaN(parseDay(p.date)));
  const hasEstimate = validPoints.some((p) => p.estimate != null && Number.isFinite(p.estimate));
  const clean = { ...props, points: validPoints, height };
  return (
    <figure className="m-0 flex min-w-0 flex-col gap-2">
      <figcaption className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-0.5">
        <span className="text-sm font-medium">{metricName}</span>
        <span className="text-xs text-zinc-500 dark:text-zinc-400">
          Target: {comparatorWords(comparator)} {formatMetricValue(kind, unit, target)}
        </span>
      </figcaption>
      {hasEstimate ? (
        <ChartArea label={describeMetricChart(clean)} height={height}>
          <MetricChartCanvas {...clean} />
        </ChartArea>
      ) : (
        <EmptyChart>{validPoints.length === 0 ? EMPTY_METRIC_MESSAGE : NO_ESTIMATE_MESSAGE}</EmptyChart>
      )}
      {validPoints.length > 0 ? (
        <NumbersDetails>
          <MetricTable {...clean} />
        </NumbersDetails>
      ) : null}
    </figure>
  );
}

/** Verdicts per two-week cycle as stacked bars: met (green), not met (red), too early (amber), each labelled. */
export function VerdictsPerCycleChart({
  cycles,
  height = DEFAULT_VERDICTS_HEIGHT,
  title = "Verdicts per two-week cycle",
}: VerdictsPerCycleChartProps): JSX.Element {
  const hasVerdicts = cycles.some((c) => cycleTotal(c) > 0);
  return (
    <figure className="m-0 flex min-w-0 flex-col gap-2">
      <figcaption className="text-sm font-medium">{title}</figcaption>
      {hasVerdicts ? (
        <ChartArea label={describeVerdictsChart(cycles)} height={height}>
          <VerdictsChartCanvas cycles={cycles} height={height} />
        </ChartArea>
      ) : (
        <EmptyChart>{EMPTY_VERDICTS_MESSAGE}</EmptyChart>
      )}
      {hasVerdicts ? (
        <NumbersDetails>
          <VerdictsTable cycles={cycles} />
        </NumbersDetails>
      ) : null}
    </figure>
  );
}

/** A tiny inline line chart with no axes and an optional dashed threshold; its accessible name comes from `label`. */
export function Sparkline({
  points,
  label,
  threshold = null,
  height = DEFAULT_SPARKLINE_HEIGHT,
  width = DEFAULT_SPARKLINE_WIDTH,
}: SparklineProps): JSX.Element {
  const mounted = useMounted();
  const valid = points.filter((p) => Number.isFinite(p.value) && !Number.isNaN(parseDay(p.date)));
  const box = { width, height };
  return (
    <span role="img" aria-label={describeSparkline(valid, label, threshold)} className="inline-block shrink-0 align-middle" style={box}>
      {mounted && valid.length > 0 ? (
        <ChartErrorBoundary fallback={null}>
          <Suspense fallback={null}>
            <SparklineCanvas points={valid} label={label} threshold={threshold} height={height} width={width} />
          </Suspense>
        </ChartErrorBoundary>
      ) : null}
    </span>
  );
}

/** A product signal over time against its gate thresholds, with the numbers in a table. */
/** Beyond this many points, the table lists one value per week instead of every day. */
const DAILY_TABLE_MAX = 31;

/**
 * The chart's numbers as a table. Daily values while there are few; past a month, the value each
 * week ended on (as the gate reads a signal), so six months of daily metrics stay 26 rows.
 */
function SignalTable({ points, withUnit }: { points: SignalChartProps["points"]; withUnit: (value: number) => string }) {
  const weekly = points.length > DAILY_TABLE_MAX;
  const latest = points.reduce((max, point) => (point.date > max ? point.date : max), points[0].date);
  const rows = weekly ? weeklyValues(points, latest).map(({ week, value }) => ({ date: week, value })) : points;
  return (
    <NumbersDetails>
      {weekly ? <p className="muted mb-1 text-xs">The last value of each week, as the gate reads it.</p> : null}
      <table className="w-full text-sm">
        <thead>
          <tr>
            <th scope="col" className={thHead}>{weekly ? "Week of" : "Date"}</th>
            <th scope="col" className={`${thHead} text-right`}>Value</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.date}>
              <td className={tdCell}>{formatDayLong(row.date)}</td>
              <td className={`${tdCell} ${num}`}>{withUnit(row.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </NumbersDetails>
  );
}

export function SignalChart(props: SignalChartProps): JSX.Element {
  const height = props.height ?? 220;
  const points = props.points.filter((p) => Number.isFinite(p.value) && !Number.isNaN(parseDay(p.date)));
  const withUnit = (value: number) => (props.unit === "%" ? `${formatNumber(value)} %` : props.unit ? `${formatNumber(value)} ${props.unit}` : formatNumber(value));
  return (
    <figure className="m-0 flex min-w-0 flex-col gap-2">
      <figcaption className="flex flex-wrap items-baseline justify-between gap-x-3 text-sm font-medium">
        {props.name}
        {props.thresholds.length ? <span className="text-xs font-normal text-zinc-500 dark:text-zinc-400">{props.thresholds.map((t) => t.label).join(" · ")}</span> : null}
      </figcaption>
      {points.length ? (
        <ChartArea label={describeSignalChart({ ...props, points })} height={height}>
          <SignalChartCanvas {...props} points={points} height={height} />
        </ChartArea>
      ) : (
        <EmptyChart>No values recorded yet — the chart appears with the first one.</EmptyChart>
      )}
      {points.length ? <SignalTable points={points} withUnit={withUnit} /> : null}
    </figure>
  );
}
