/**
 * Where an estimate and its 95 % interval sit against a target, on one horizontal axis: the small
 * chart a weekly review reads per experiment. Plain SVG rendered on the server, so it is there
 * before any script and in print; the numbers it draws are also written beside it in text.
 */
import { comparatorSymbol, formatAxisTick, formatMetricValue, isNonNegativeMetric, niceTicks, type Comparator, type MetricKind } from "./format";

export type IntervalStripProps = {
  kind: MetricKind;
  unit: string;
  comparator: Comparator;
  target: number;
  estimate: number | null;
  low: number | null;
  high: number | null;
  /** COUNT: where the pace so far ends the timebox. */
  projection?: number | null;
  verdict: "met" | "not_met" | "too_early";
};

const WIDTH = 320;
const HEIGHT = 46;
const PAD_X = 14;
const AXIS_Y = 30;

const VERDICT_FILL: Record<IntervalStripProps["verdict"], string> = {
  met: "fill-green-600 dark:fill-green-400",
  not_met: "fill-red-600 dark:fill-red-400",
  too_early: "fill-amber-500 dark:fill-amber-400",
};

/**
 * The axis covers the target, the interval, the estimate and the projection; rates and counts start
 * at zero, and a metric that cannot be negative (rates, counts, durations) never goes below it.
 */
export function stripDomain(props: Pick<IntervalStripProps, "kind" | "unit" | "target" | "estimate" | "low" | "high" | "projection">): [number, number] {
  const nonNegative = isNonNegativeMetric(props.kind, props.unit);
  const values = [props.target, props.estimate, props.low, props.high, props.projection]
    .filter((v): v is number => v != null && Number.isFinite(v))
    .map((v) => (nonNegative ? Math.max(0, v) : v));
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (props.kind !== "MEAN" || lo >= 0) lo = Math.min(0, lo);
  if (hi === lo) hi = lo + (Math.abs(lo) || 1);
  if (props.kind === "RATE") hi = Math.min(1, hi * 1.15 || 0.1);
  const ticks = niceTicks(lo, hi, 4);
  return [nonNegative ? Math.max(0, ticks[0]) : ticks[0], ticks[ticks.length - 1]];
}

export function IntervalStrip(props: IntervalStripProps) {
  const { kind, unit, comparator, target, estimate, high, projection, verdict } = props;
  // A metric that cannot be negative shows its interval from zero, never below it.
  const low = props.low != null && isNonNegativeMetric(kind, unit) ? Math.max(0, props.low) : props.low;
  const [min, max] = stripDomain(props);
  const x = (value: number) => PAD_X + ((Math.min(max, Math.max(min, value)) - min) / (max - min)) * (WIDTH - 2 * PAD_X);
  const targetX = x(target);
  const label =
    estimate == null
      ? `No estimate yet; target ${comparatorSymbol(comparator)} ${formatMetricValue(kind, unit, target)}.`
      : `Estimate ${formatMetricValue(kind, unit, estimate)}` +
        (low != null && high != null ? `, 95 % interval ${formatMetricValue(kind, unit, low)} to ${formatMetricValue(kind, unit, high)}` : "") +
        (projection != null ? `, projected ${formatMetricValue(kind, unit, projection)} at the end` : "") +
        `; target ${comparatorSymbol(comparator)} ${formatMetricValue(kind, unit, target)}.`;
  // The met side of the target is shaded, so "inside the good region" reads at a glance.
  const goodFrom = comparator === "gte" ? targetX : PAD_X;
  const goodTo = comparator === "gte" ? WIDTH - PAD_X : targetX;
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="h-auto w-full text-zinc-500 dark:text-zinc-400" role="img" aria-label={label}>
      <rect x={goodFrom} y={AXIS_Y - 14} width={Math.max(0, goodTo - goodFrom)} height={14} className="fill-green-100 dark:fill-green-950" />
      <line x1={PAD_X} x2={WIDTH - PAD_X} y1={AXIS_Y} y2={AXIS_Y} stroke="currentColor" strokeWidth={1} />
      {/* The end ticks give way to the target's label where they would overlap it. */}
      {[min, max].map((tick, index) => Math.abs(x(tick) - targetX) < 28 ? null : (
        <text key={index} x={x(tick)} y={HEIGHT - 3} textAnchor={index === 0 ? "start" : "end"} className="fill-current" fontSize={10}>
          {formatAxisTick(kind, tick)}
        </text>
      ))}
      <line x1={targetX} x2={targetX} y1={AXIS_Y - 18} y2={AXIS_Y + 4} stroke="currentColor" strokeDasharray="3 2" strokeWidth={1.5} />
      <text x={targetX} y={HEIGHT - 3} textAnchor="middle" className="fill-current font-semibold" fontSize={10}>
        {formatAxisTick(kind, target)}
      </text>
      {low != null && high != null ? <rect x={x(low)} y={AXIS_Y - 10} width={Math.max(2, x(high) - x(low))} height={6} rx={3} className={`${VERDICT_FILL[verdict]} opacity-40`} /> : null}
      {projection != null ? <circle cx={x(projection)} cy={AXIS_Y - 7} r={4} fill="none" stroke="currentColor" strokeDasharray="2 1.5" /> : null}
      {estimate != null ? <circle cx={x(estimate)} cy={AXIS_Y - 7} r={4.5} className={VERDICT_FILL[verdict]} /> : null}
    </svg>
  );
}
