/**
 * Chart components — the only module routes import for charts.
 *
 * Each chart is a figure (caption, legend, accessible name and a "Show the numbers" table) around
 * a chart area that is never empty: the server renders the chart's static form, a plain SVG with
 * the same axes, target line, band and markers (./static-chart.tsx), so it is there before any
 * script and without JavaScript. After mount, the interactive Recharts layer (*.client.tsx,
 * loaded with React.lazy) draws the data and tooltips over the same plot area; the static data
 * then hides (./charts.css). Both are laid out by ./layout.ts, from the same data and formatters.
 * Until the browser has measured the chart, the layout assumes the narrowest width, so the server
 * render and the first client render are identical and hydration cannot mismatch.
 *
 * Palette: CSS variables from ./charts.css (--chart-*), light and dark.
 */
import { Component, Suspense, lazy, useEffect, useRef, useState, type ReactNode } from "react";
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
  daysBetween,
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
import { distinctThresholds, metricChartModel, signalChartModel, sparklineDomain, verdictsChartModel } from "./layout";
import { StaticMetricChart, StaticSignalChart, StaticSparkline, StaticVerdictsChart } from "./static-chart";
import { cycleLabel, cycleStart } from "~/modules/experiments/cycles";
import { weeklyValues } from "~/modules/gate/evaluate";
import { VERDICT_SERIES } from "./verdicts";

export type { CyclePoint, MetricChartProps, MetricPoint, SeriesPoint, SignalChartProps, SparklineProps, VerdictsPerCycleChartProps };
export { formatMetricValue, formatPercent, formatInterval, formatDayLong, formatDayShort } from "./format";

const MetricChartCanvas = lazy(() => import("./metric-chart.client"));
const VerdictsChartCanvas = lazy(() => import("./verdicts-chart.client"));
const SignalChartCanvas = lazy(() => import("./signal-chart.client"));

/* ----------------------------------------------------------- chart area */

/** The element's width in px once mounted and measured; null during SSR and the hydration render. */
function useMeasuredWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState<number | null>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => {
      const measured = Math.round(element.getBoundingClientRect().width);
      setWidth(measured > 0 ? measured : null);
    };
    measure();
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

/** If the chart chunk fails to load (offline, new deploy), the static chart simply stays. */
class ChartErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  render() {
    return this.state.failed ? null : this.props.children;
  }
}

/** The interactive layer, over the static chart; nothing until its code has loaded. */
function Interactive({ children }: { children: ReactNode }) {
  return (
    <ChartErrorBoundary>
      <Suspense fallback={null}>
        <div className="absolute inset-0">{children}</div>
      </Suspense>
    </ChartErrorBoundary>
  );
}

/**
 * The chart area: role="img" with a descriptive accessible name and a fixed height. `children`
 * draws the chart for a width: null (not measured yet: static layout only) or the measured px.
 */
function ChartArea({ label, height, children }: { label: string; height: number; children: (width: number | null) => ReactNode }) {
  const [ref, width] = useMeasuredWidth();
  return (
    <div ref={ref} role="img" aria-label={label} className="chart-area relative w-full min-w-0" style={{ height }}>
      {children(width)}
    </div>
  );
}

type LegendItem = { label: string; color: string; mark: "line" | "dotted" | "dashed" | "band" | "square" };

/** The legend, in HTML above the chart, where it never covers the data. */
function ChartLegend({ items }: { items: LegendItem[] }) {
  return (
    <ul className="flex flex-wrap justify-end gap-x-4 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
      {items.map((item) => (
        <li key={item.label} className="inline-flex items-center gap-1.5">
          <svg width="16" height="10" aria-hidden="true" focusable="false" className="shrink-0">
            {item.mark === "band" || item.mark === "square" ? (
              <rect x={item.mark === "square" ? 3 : 0} y="0" width={item.mark === "square" ? 10 : 16} height="10" rx="1" fill={item.color} />
            ) : (
              <line
                x1="1"
                x2="15"
                y1="5"
                y2="5"
                stroke={item.color}
                strokeWidth={item.mark === "dashed" ? 1.5 : 2}
                strokeDasharray={item.mark === "dashed" ? "4 3" : item.mark === "dotted" ? "1 4" : undefined}
                strokeLinecap="round"
              />
            )}
          </svg>
          {item.label}
        </li>
      ))}
    </ul>
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

/** Figures keep space below, so "Show the numbers" never touches what follows. */
const FIGURE = "m-0 flex min-w-0 flex-col gap-2 pb-4";

/**
 * A metric over an experiment's timebox: the estimate as a line, its 95 % interval as a
 * translucent band (never below zero for a metric that cannot be negative), the target as a
 * dashed line labelled "target", the timebox end and (while running) today as markers and, for
 * COUNT with a `projection`, a dotted line from the last point to `endsOn`.
 */
export function MetricChart(props: MetricChartProps): JSX.Element {
  const { kind, unit, metricName, target, comparator, points } = props;
  const height = props.height ?? DEFAULT_METRIC_HEIGHT;
  const validPoints = points.filter((p) => !Number.isNaN(parseDay(p.date)));
  const hasEstimate = validPoints.some((p) => p.estimate != null && Number.isFinite(p.estimate));
  const clean = { ...props, points: validPoints, height };
  const outline = hasEstimate ? metricChartModel(clean, null) : null;
  const legend: LegendItem[] = [
    { label: "Estimate", color: "var(--chart-accent)", mark: "line" },
    ...(outline?.hasBand ? [{ label: "95 % interval", color: "var(--chart-band)", mark: "band" } as const] : []),
    ...(outline?.hasProjection ? [{ label: "Projection", color: "var(--chart-projection)", mark: "dotted" } as const] : []),
    { label: "Target", color: "var(--chart-target)", mark: "dashed" },
  ];
  return (
    <figure className={FIGURE}>
      <figcaption className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-0.5">
        <span className="text-sm font-medium">{metricName}</span>
        <span className="text-xs text-zinc-500 dark:text-zinc-400">
          Target: {comparatorWords(comparator)} {formatMetricValue(kind, unit, target)}
        </span>
      </figcaption>
      {hasEstimate ? (
        <>
          <ChartLegend items={legend} />
          <ChartArea label={describeMetricChart(clean)} height={height}>
            {(width) => {
              const model = metricChartModel(clean, width);
              return (
                <>
                  <StaticMetricChart model={model} />
                  {width != null ? (
                    <Interactive>
                      <MetricChartCanvas {...clean} model={model} width={width} />
                    </Interactive>
                  ) : null}
                </>
              );
            }}
          </ChartArea>
        </>
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

/** Where today falls among the cycles: its cycle's index and the day within it, if it is one of them. */
function todayInCycles(cycles: readonly CyclePoint[], today: string | null | undefined): { index: number; day: number } | null {
  if (!today || Number.isNaN(parseDay(today))) return null;
  const start = cycleStart(today);
  const index = cycles.findIndex((c) => c.cycle === cycleLabel(start));
  return index < 0 ? null : { index, day: daysBetween(start, today) };
}

/** Verdicts per two-week cycle as stacked bars: met (green), not met (red), too early (amber), each labelled; today marked in its cycle. */
export function VerdictsPerCycleChart({
  cycles,
  today,
  height = DEFAULT_VERDICTS_HEIGHT,
  title = "Verdicts per two-week cycle",
}: VerdictsPerCycleChartProps): JSX.Element {
  const hasVerdicts = cycles.some((c) => cycleTotal(c) > 0);
  const todayAt = todayInCycles(cycles, today);
  return (
    <figure className={FIGURE}>
      <figcaption className="text-sm font-medium">{title}</figcaption>
      {hasVerdicts ? (
        <>
          <ChartLegend items={VERDICT_SERIES.map((s) => ({ label: s.label, color: s.color, mark: "square" }))} />
          <ChartArea label={describeVerdictsChart(cycles)} height={height}>
            {(width) => {
              const model = verdictsChartModel({ cycles, height, todayAt }, width);
              return (
                <>
                  <StaticVerdictsChart model={model} />
                  {width != null ? (
                    <Interactive>
                      <VerdictsChartCanvas model={model} width={width} />
                    </Interactive>
                  ) : null}
                </>
              );
            }}
          </ChartArea>
        </>
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

/**
 * A tiny inline line chart with no axes and an optional dashed threshold; its accessible name
 * comes from `label`. Drawn as plain SVG on the server: it has nothing to hover.
 */
export function Sparkline({
  points,
  label,
  threshold = null,
  height = DEFAULT_SPARKLINE_HEIGHT,
  width = DEFAULT_SPARKLINE_WIDTH,
}: SparklineProps): JSX.Element {
  const valid = points.filter((p) => Number.isFinite(p.value) && !Number.isNaN(parseDay(p.date)));
  const series = valid.map((p) => ({ t: parseDay(p.date), value: p.value })).sort((a, b) => a.t - b.t);
  const limit = threshold != null && Number.isFinite(threshold) ? threshold : null;
  const domain = sparklineDomain([...series.map((p) => p.value), ...(limit != null ? [limit] : [])]);
  return (
    <span role="img" aria-label={describeSparkline(valid, label, threshold)} className="inline-block shrink-0 align-middle" style={{ width, height }}>
      {series.length > 0 ? <StaticSparkline points={series} threshold={limit} width={width} height={height} domain={domain} /> : null}
    </span>
  );
}

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

/**
 * A product signal over time against its gate thresholds (dashed, marked in the right margin),
 * today marked, with the numbers in a table. A signal whose readings are all ≥ 0 starts at zero.
 */
export function SignalChart(props: SignalChartProps): JSX.Element {
  const height = props.height ?? 220;
  const points = props.points.filter((p) => Number.isFinite(p.value) && !Number.isNaN(parseDay(p.date)));
  const thresholds = distinctThresholds(props.thresholds);
  const clean = { ...props, points, thresholds, height };
  const withUnit = (value: number) => (props.unit === "%" ? `${formatNumber(value)} %` : props.unit ? `${formatNumber(value)} ${props.unit}` : formatNumber(value));
  return (
    <figure className={FIGURE}>
      <figcaption className="flex flex-wrap items-baseline justify-between gap-x-3 text-sm font-medium">
        {props.name}
        {thresholds.length ? <span className="text-xs font-normal text-zinc-500 dark:text-zinc-400">{thresholds.map((t) => t.label).join(" · ")}</span> : null}
      </figcaption>
      {points.length ? (
        <ChartArea label={describeSignalChart(clean)} height={height}>
          {(width) => {
            const model = signalChartModel(clean, width);
            return (
              <>
                <StaticSignalChart model={model} />
                {width != null ? (
                  <Interactive>
                    <SignalChartCanvas model={model} unit={props.unit} width={width} />
                  </Interactive>
                ) : null}
              </>
            );
          }}
        </ChartArea>
      ) : (
        <EmptyChart>No values recorded yet — the chart appears with the first one.</EmptyChart>
      )}
      {points.length ? <SignalTable points={points} withUnit={withUnit} /> : null}
    </figure>
  );
}
