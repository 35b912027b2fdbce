/**
 * Types and pure formatting helpers shared by the server-rendered chart shells
 * (index.tsx) and the lazily loaded Recharts implementations (*.client.tsx).
 *
 * Nothing here may import Recharts: this module is part of the first-load bundle.
 * Every formatter is locale-pinned ("en-US", UTC) so server and client render the
 * same text and hydration never mismatches.
 */

export type MetricKind = "RATE" | "COUNT" | "MEAN";
export type Comparator = "gte" | "lte";

export type MetricPoint = {
  /** YYYY-MM-DD, cumulative up to and including this day. */
  date: string;
  /** RATE: proportion 0–1; COUNT: running total; MEAN: running mean. */
  estimate: number | null;
  /** 95 % interval low (null for COUNT or too little data). */
  low: number | null;
  high: number | null;
};

export type MetricChartProps = {
  kind: MetricKind;
  /** "%" for RATE (values are proportions, shown as percent), otherwise e.g. "signups", "minutes". */
  unit: string;
  metricName: string;
  /** Same scale as `estimate` (RATE: proportion). */
  target: number;
  comparator: Comparator;
  points: MetricPoint[];
  /** YYYY-MM-DD; the x axis spans startsOn..endsOn even if there are fewer points. */
  startsOn: string;
  endsOn: string;
  /** Chart area height in px (default 280). */
  height?: number;
  /** COUNT only: projected total at `endsOn`, drawn as a dotted line from the last point. */
  projection?: number | null;
  /** YYYY-MM-DD; while the experiment runs, marks today (and stretches the axis to it when overdue). */
  today?: string | null;
  /** The metric cannot be negative (default: rates, counts and means of durations). */
  nonNegative?: boolean;
};

export type CyclePoint = { cycle: string; met: number; notMet: number; tooEarly: number };

export type VerdictsPerCycleChartProps = {
  cycles: CyclePoint[];
  /** YYYY-MM-DD; marks today inside the current cycle. */
  today?: string | null;
  height?: number;
  /** Caption of the figure (default "Verdicts per two-week cycle"). */
  title?: string;
};

export type SeriesPoint = { date: string; value: number };

export type SparklineProps = {
  points: SeriesPoint[];
  label: string;
  threshold?: number | null;
  height?: number;
  width?: number;
};

export const DEFAULT_METRIC_HEIGHT = 280;
export const DEFAULT_VERDICTS_HEIGHT = 260;
export const DEFAULT_SPARKLINE_HEIGHT = 28;
export const DEFAULT_SPARKLINE_WIDTH = 112;

export const EMPTY_METRIC_MESSAGE = "No evidence logged yet — the chart appears with the first observation.";
export const NO_ESTIMATE_MESSAGE = "Too little evidence for an estimate yet — the chart appears with the first estimate.";
export const EMPTY_VERDICTS_MESSAGE = "No verdicts yet — the chart appears when the first experiment reaches its verdict.";

/* ------------------------------------------------------------------ dates */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;
const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "YYYY-MM-DD" → UTC midnight in ms, or NaN when the string is not a calendar day. */
export function parseDay(iso: string): number {
  const match = ISO_DAY.exec(iso.slice(0, 10));
  if (!match) return Number.NaN;
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

/** UTC ms → "YYYY-MM-DD". */
export function toDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** "Mar 2" */
export function formatDayShort(iso: string): string {
  const ms = parseDay(iso);
  if (Number.isNaN(ms)) return iso;
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
}

/** "Mar 2, 2026" */
export function formatDayLong(iso: string): string {
  const ms = parseDay(iso);
  if (Number.isNaN(ms)) return iso;
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
}

/** "Mar 2 – Mar 15, 2026" (year shown once when both days share it). */
export function formatDayRange(startIso: string, endIso: string): string {
  const start = parseDay(startIso);
  const end = parseDay(endIso);
  if (Number.isNaN(start) || Number.isNaN(end)) return `${startIso} – ${endIso}`;
  const sameYear = new Date(start).getUTCFullYear() === new Date(end).getUTCFullYear();
  return `${sameYear ? formatDayShort(startIso) : formatDayLong(startIso)} – ${formatDayLong(endIso)}`;
}

/** Whole days from `fromIso` to `toIso` (negative when `toIso` is earlier). */
export function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((parseDay(toIso) - parseDay(fromIso)) / DAY_MS);
}

/**
 * Every calendar day from `startIso` to `endIso` inclusive. Returns [] for invalid or
 * reversed input and gives up (returns []) above `maxDays` so a bad range cannot
 * allocate a huge array.
 */
export function eachDay(startIso: string, endIso: string, maxDays = 1_000): string[] {
  const start = parseDay(startIso);
  const end = parseDay(endIso);
  if (Number.isNaN(start) || Number.isNaN(end) || end < start) return [];
  if ((end - start) / DAY_MS + 1 > maxDays) return [];
  const days: string[] = [];
  for (let t = start; t <= end; t += DAY_MS) days.push(toDay(t));
  return days;
}

/* ---------------------------------------------------------------- numbers */

const plain = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
const compactAxis = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

function avoidNegativeZero(text: string): string {
  return /^-0(\.0+)?$/.test(text) ? text.slice(1) : text;
}

/** Proportion → "12.5 %" (one decimal, a space before the sign). */
export function formatPercent(proportion: number): string {
  return `${avoidNegativeZero((proportion * 100).toFixed(1))} %`;
}

/** Plain number, at most two decimals, thousands separated: "1,234.5". */
export function formatNumber(value: number): string {
  return avoidNegativeZero(plain.format(value));
}

/** A metric value with its unit: RATE "12.5 %", otherwise "42 signups". "—" for null. */
export function formatMetricValue(kind: MetricKind, unit: string, value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return "—";
  if (kind === "RATE") return formatPercent(value);
  const u = unit.trim();
  return u ? `${formatNumber(value)} ${u}` : formatNumber(value);
}

/** "10.1 % – 14.9 %", or "—" when either bound is missing. */
export function formatInterval(kind: MetricKind, unit: string, low: number | null, high: number | null): string {
  if (low == null || high == null) return "—";
  return `${formatMetricValue(kind, unit, low)} – ${formatMetricValue(kind, unit, high)}`;
}

/** Short tick text without the unit (the axis label carries it): RATE "15 %", else "1.2K". */
export function formatAxisTick(kind: MetricKind, value: number): string {
  if (kind === "RATE") return `${avoidNegativeZero(String(Number((value * 100).toFixed(1))))} %`;
  return Math.abs(value) >= 10_000 ? compactAxis.format(value) : formatNumber(value);
}

export function comparatorSymbol(comparator: Comparator): "≥" | "≤" {
  return comparator === "gte" ? "≥" : "≤";
}

export function comparatorWords(comparator: Comparator): "at least" | "at most" {
  return comparator === "gte" ? "at least" : "at most";
}

/** "≥ 12.0 %" */
export function formatTarget(kind: MetricKind, unit: string, target: number, comparator: Comparator): string {
  return `${comparatorSymbol(comparator)} ${formatMetricValue(kind, unit, target)}`;
}

/** Y axis title, always naming the unit: "Rate (%)", "Total (signups)", "Mean (minutes)". */
export function valueAxisLabel(kind: MetricKind, unit: string): string {
  const u = unit.trim();
  if (kind === "RATE") return "Rate (%)";
  const noun = kind === "COUNT" ? "Total" : "Mean";
  return u ? `${noun} (${u})` : noun;
}

/** What the estimate column means for each kind. */
export function estimateHeading(kind: MetricKind): string {
  if (kind === "COUNT") return "Running total";
  if (kind === "MEAN") return "Running mean";
  return "Rate so far";
}

/**
 * Evenly spaced "nice" ticks (steps of 1, 2, 2.5 or 5 × 10ⁿ) covering [min, max].
 * Always returns at least two ticks.
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  let lo = Number.isFinite(min) ? min : 0;
  let hi = Number.isFinite(max) ? max : 1;
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) {
    if (lo === 0) {
      hi = 1;
    } else {
      const spread = Math.abs(lo) * 0.5;
      hi = lo + spread;
      lo = lo > 0 ? Math.max(0, lo - spread) : lo - spread;
    }
  }
  const raw = (hi - lo) / Math.max(1, count - 1);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const normalized = raw / magnitude;
  const factor = normalized <= 1 ? 1 : normalized <= 2 ? 2 : normalized <= 2.5 ? 2.5 : normalized <= 5 ? 5 : 10;
  const step = factor * magnitude;
  const first = Math.floor(lo / step + 1e-9) * step;
  const last = Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0; first + i * step <= last + step / 2 && i < 50; i += 1) {
    ticks.push(Number((first + i * step).toPrecision(12)));
  }
  if (ticks.length < 2) ticks.push(Number((first + step).toPrecision(12)));
  return ticks;
}

/**
 * Y ticks for a metric chart: the estimates, the interval, the target and the
 * projection all fit. RATE and COUNT start at zero; RATE never goes above 100 %;
 * a non-negative metric (see `isNonNegativeMetric`) never gets an axis below zero.
 */
export function metricValueTicks(kind: MetricKind, values: readonly number[], nonNegative = kind !== "MEAN", count = 5): number[] {
  const finite = values.filter((v) => Number.isFinite(v)).map((v) => (nonNegative ? Math.max(0, v) : v));
  if (finite.length === 0) return kind === "RATE" ? [0, 0.25, 0.5, 0.75, 1] : [0, 1];
  const min = Math.min(...finite);
  let hi = Math.max(...finite);
  // Counts and rates are read against zero; a mean far from zero gets a zoomed axis.
  const fromZero = kind !== "MEAN" || min <= 0 || min <= hi - min;
  let lo = fromZero ? Math.min(0, min) : min;
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.06;
  hi += pad;
  if (lo !== 0) lo -= pad;
  if (min >= 0 || nonNegative) lo = Math.max(0, lo);
  if (kind === "RATE") {
    lo = Math.max(lo, 0);
    hi = Math.min(hi, 1);
    if (hi <= lo) hi = Math.min(1, lo + 0.1);
  }
  return clampTicks(niceTicks(lo, hi, count), nonNegative || kind === "RATE" ? 0 : -Infinity, kind === "RATE" ? 1 : Infinity);
}

/** Drops ticks outside [min, max] that a nice step may have added (never fewer than two). */
function clampTicks(ticks: number[], min: number, max: number): number[] {
  const kept = ticks.filter((t) => t >= min - 1e-9 && t <= max + 1e-9);
  return kept.length >= 2 ? kept : ticks;
}

/** Units of time: a mean of durations cannot be negative. */
const DURATION_UNIT = /^(ms|milliseconds?|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|d|days?|wks?|weeks?|months?|yrs?|years?)$/i;

/**
 * Whether a metric can never be below zero: rates and counts always; a mean when it is a mean of
 * durations ("days until paid", "seconds to send"). Its axis and interval band stop at zero.
 */
export function isNonNegativeMetric(kind: MetricKind, unit: string): boolean {
  return kind !== "MEAN" || DURATION_UNIT.test(unit.trim());
}

/** Signal values on an axis: "1,234", "12.5K" past ten thousand. */
export function formatAxisNumber(value: number): string {
  return Math.abs(value) >= 10_000 ? compactAxis.format(value) : formatNumber(value);
}

/* -------------------------------------------------------------- summaries */

export function latestEstimate(points: readonly MetricPoint[]): MetricPoint | null {
  let latest: MetricPoint | null = null;
  for (const p of points) {
    if (p.estimate == null || !Number.isFinite(p.estimate)) continue;
    if (!latest || p.date >= latest.date) latest = p;
  }
  return latest;
}

/** The accessible name of the metric chart area: what the picture shows, in one sentence or two. */
export function describeMetricChart(props: MetricChartProps): string {
  const { kind, unit, metricName, target, comparator, points, startsOn, endsOn, projection } = props;
  const parts = [`Line chart of ${metricName}, ${formatDayRange(startsOn, endsOn)}.`];
  const latest = latestEstimate(points);
  if (latest) {
    let sentence = `Latest estimate ${formatMetricValue(kind, unit, latest.estimate)} on ${formatDayLong(latest.date)}`;
    if (latest.low != null && latest.high != null) {
      sentence += ` (95 % interval ${formatInterval(kind, unit, latest.low, latest.high)})`;
    }
    parts.push(`${sentence}.`);
  } else {
    parts.push("No estimate yet.");
  }
  parts.push(`Target: ${comparatorWords(comparator)} ${formatMetricValue(kind, unit, target)}.`);
  if (kind === "COUNT" && projection != null && Number.isFinite(projection)) {
    parts.push(`Projected ${formatMetricValue(kind, unit, projection)} by ${formatDayLong(endsOn)}.`);
  }
  return parts.join(" ");
}

export function cycleTotal(c: CyclePoint): number {
  return c.met + c.notMet + c.tooEarly;
}

export function describeVerdictsChart(cycles: readonly CyclePoint[]): string {
  const met = cycles.reduce((sum, c) => sum + c.met, 0);
  const notMet = cycles.reduce((sum, c) => sum + c.notMet, 0);
  const tooEarly = cycles.reduce((sum, c) => sum + c.tooEarly, 0);
  const span =
    cycles.length === 1 ? `the cycle ${cycles[0].cycle}` : `${cycles.length} two-week cycles, ${cycles[0].cycle} to ${cycles[cycles.length - 1].cycle}`;
  return (
    `Stacked bar chart of experiment verdicts over ${span}. ` +
    `In total: ${met} met, ${notMet} not met, ${tooEarly} too early.`
  );
}

export function describeSparkline(points: readonly SeriesPoint[], label: string, threshold: number | null | undefined): string {
  if (points.length === 0) return `${label}: no data yet.`;
  const sorted = [...points].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  let text = `${label}: ${formatNumber(last.value)} on ${formatDayLong(last.date)}`;
  if (sorted.length > 1) text += `, from ${formatNumber(first.value)} on ${formatDayLong(first.date)}`;
  text += ".";
  if (threshold != null && Number.isFinite(threshold)) text += ` Threshold ${formatNumber(threshold)}.`;
  return text;
}

export type SignalChartProps = {
  name: string;
  unit: string;
  points: SeriesPoint[];
  /**
   * Gate thresholds drawn as dashed lines. The caption lists each label ("gate: ≥ 50"); the line
   * itself is marked with the label's first word ("gate"), so the text is not shown twice.
   */
  thresholds: { label: string; value: number }[];
  /** YYYY-MM-DD; marks today, so a signal not updated lately shows its gap. */
  today?: string | null;
  height?: number;
};

export function describeSignalChart(props: SignalChartProps): string {
  const base = describeSparkline(props.points, props.name, null);
  const lines = props.thresholds.map((t) => `${t.label}`).join("; ");
  return lines ? `${base} Thresholds: ${lines}.` : base;
}
