/**
 * Chart geometry, computed once and drawn twice: by the static SVG (./static-chart.tsx, in the
 * server's HTML, before any script and without JavaScript) and by the interactive Recharts layer
 * (*.client.tsx), which draws only the data and the tooltip over the same plot area.
 *
 * A chart's height is fixed, its width is not known on the server: vertical positions are pixels,
 * horizontal ones are fractions of the plot width. Every text label (ticks, axis titles, the
 * target and threshold labels, the today and end-of-timebox markers) is placed here, with its
 * estimated extent, so that no two labels overlap at any width at least `NARROW_PLOT_WIDTH` wide.
 * Without a measured width (server render, first client render) the layout assumes that narrowest
 * width; a wider chart only moves labels further apart.
 *
 * Nothing here may import Recharts or React: it is plain, tested arithmetic.
 */
import {
  formatAxisNumber,
  formatAxisTick,
  formatDayShort,
  isNonNegativeMetric,
  latestEstimate,
  metricValueTicks,
  niceTicks,
  parseDay,
  toDay,
  valueAxisLabel,
  type CyclePoint,
  type MetricChartProps,
  type SeriesPoint,
  type SignalChartProps,
} from "./format";

export const DAY_MS = 86_400_000;
export const FONT_SIZE = 12;
/** The narrowest plot area a chart is laid out for: a 390 px phone, inside a card. */
export const NARROW_PLOT_WIDTH = 220;
/** A Monday: weekly date ticks fall on Mondays, every chart agreeing on them. */
const TICK_ANCHOR = Date.UTC(2024, 0, 1);
/** Ascent and descent of 12 px text as browsers measure its box, rounded up. */
const ASCENT = 11.5;
const DESCENT = 3;
/** Baselines, relative to the plot area's top and bottom edges. */
const Y_TICK_DY = 4;
const X_TICK_BASELINE = 20;
const X_TITLE_BASELINE = 38;
const MARKER_ROW_BASELINE = -11;
const ROW_HEIGHT = 15;

export type Anchor = "start" | "middle" | "end";
export type Margin = { top: number; right: number; bottom: number; left: number };
/** A text label's box in plot coordinates (px; x at the layout width). */
export type Box = { x0: number; x1: number; y0: number; y1: number };

export type XTick = { fraction: number; label: string; anchor: Anchor };
export type YTick = { value: number; y: number; label: string };
/** A horizontal reference line (the target, a gate threshold), labelled in the right margin. */
export type RefLine = { value: number; y: number; label: string; labelY: number; kind: "target" | "threshold" };
/** A vertical marker (today, the end of the timebox), labelled above the plot. */
export type Marker = { fraction: number; label: string; anchor: Anchor; baseline: number; kind: "today" | "end" };

export type Frame = {
  height: number;
  margin: Margin;
  plotHeight: number;
  /** The plot width the labels were placed for (the measured one, or the narrowest). */
  layoutWidth: number;
  x: { domain: [number, number]; ticks: XTick[]; title: string | null; titleBaseline: number; tickBaseline: number };
  y: { domain: [number, number]; ticks: YTick[]; title: string; titleBaseline: number };
  lines: RefLine[];
  markers: Marker[];
};

/* ------------------------------------------------------------------ text */

function charEm(ch: string): number {
  if (ch >= "0" && ch <= "9") return 0.64;
  if (ch === " ") return 0.32;
  if ("iljI.,:;'|!".includes(ch)) return 0.3;
  if ("ftr()[]-/".includes(ch)) return 0.42;
  if ("mwMW%".includes(ch)) return 0.98;
  if (ch >= "A" && ch <= "Z") return 0.74;
  if (ch >= "a" && ch <= "z") return 0.62;
  return 0.84;
}

/** Estimated rendered width of `text` in px, on the generous side (wide sans-serif fonts). */
export function textWidth(text: string, fontSize = FONT_SIZE): number {
  let em = 0;
  for (const ch of text) em += charEm(ch);
  return Math.ceil(em * fontSize * 1.06);
}

/** The box of a label drawn at (x, baseline) with an anchor. */
export function labelBox(text: string, x: number, baseline: number, anchor: Anchor): Box {
  const w = textWidth(text);
  const x0 = anchor === "start" ? x : anchor === "end" ? x - w : x - w / 2;
  return { x0, x1: x0 + w, y0: baseline - ASCENT, y1: baseline + DESCENT };
}

export function boxesOverlap(a: Box, b: Box, gap = 0): boolean {
  return a.x0 < b.x1 + gap && b.x0 < a.x1 + gap && a.y0 < b.y1 + gap && b.y0 < a.y1 + gap;
}

/* ----------------------------------------------------------------- ticks */

/**
 * Date ticks evenly spaced in time: every 1, 2, 7, 14, 28… days (weekly and longer steps on
 * Mondays), the smallest step whose labels have room at `plotWidth`. Returns UTC ms.
 */
export function dayTicks(startMs: number, endMs: number, plotWidth: number, format: (ms: number) => string = (ms) => formatDayShort(toDay(ms))): number[] {
  const span = Math.max(endMs - startMs, DAY_MS);
  const steps = [1, 2, 7, 14, 28, 56, 91, 182, 364];
  for (let step = 728; steps[steps.length - 1] < span / DAY_MS; step *= 2) steps.push(step);
  for (const step of steps) {
    const ticks = alignedDays(startMs, endMs, step);
    if (ticks.length === 0) continue;
    const widest = Math.max(...ticks.map((t) => textWidth(format(t))));
    const spacing = ((step * DAY_MS) / span) * plotWidth;
    if (ticks.length === 1 || spacing >= widest + 8) return ticks;
  }
  return [startMs];
}

function alignedDays(startMs: number, endMs: number, step: number): number[] {
  const stepMs = step * DAY_MS;
  const first = TICK_ANCHOR + Math.ceil((startMs - TICK_ANCHOR) / stepMs - 1e-9) * stepMs;
  const ticks: number[] = [];
  for (let t = first; t <= endMs + 1 && ticks.length < 400; t += stepMs) ticks.push(t);
  return ticks;
}

/** A tick count that suits a plot `plotHeight` px tall (about one per 45 px). */
export function valueTickCount(plotHeight: number): number {
  return Math.max(3, Math.min(6, Math.floor(plotHeight / 45) + 1));
}

/* ----------------------------------------------------------------- frame */

type FrameInput = {
  /** Measured width of the whole chart in px, or null before it is known. */
  width: number | null;
  height: number;
  xDomain: [number, number];
  /** Tick positions (in x-domain units) and labels for a given plot width. */
  xTicks: (plotWidth: number) => { value: number; label: string }[];
  xTitle: string | null;
  yTicks: number[];
  formatY: (value: number) => string;
  yTitle: string;
  lines: { value: number; label: string; kind: RefLine["kind"] }[];
  markers: { value: number; label: string; kind: Marker["kind"] }[];
};

const fraction = (value: number, [lo, hi]: [number, number]) => (hi === lo ? 0.5 : (value - lo) / (hi - lo));

export function buildFrame(input: FrameInput): Frame {
  const { height } = input;
  const yDomain: [number, number] = [input.yTicks[0], input.yTicks[input.yTicks.length - 1]];
  const yLabels = input.yTicks.map(input.formatY);
  const left = Math.max(28, Math.max(...yLabels.map((l) => textWidth(l))) + 12);
  const lineLabels = input.lines.map((l) => l.label);
  const right = Math.max(26, lineLabels.length ? Math.max(...lineLabels.map((l) => textWidth(l))) + 12 : 0);
  const bottom = input.xTitle ? 44 : 26;

  // Markers first: their rows decide the top margin.
  const layoutWidth = input.width != null ? Math.max(40, input.width - left - right) : NARROW_PLOT_WIDTH;
  const markers = placeMarkers(
    input.markers.map((m) => ({ ...m, fraction: fraction(m.value, input.xDomain) })).filter((m) => m.fraction >= -1e-9 && m.fraction <= 1 + 1e-9),
    layoutWidth,
    left,
    right
  );
  const rows = markers.reduce((max, m) => Math.max(max, Math.round((MARKER_ROW_BASELINE - m.baseline) / ROW_HEIGHT) + 1), 0);
  const titleBaseline = rows === 0 ? MARKER_ROW_BASELINE : MARKER_ROW_BASELINE - rows * ROW_HEIGHT - 2;
  const top = Math.ceil(-titleBaseline + ASCENT + 2);
  const plotHeight = Math.max(40, height - top - bottom);

  const yOf = (value: number) => plotHeight * (1 - fraction(value, yDomain));
  const yTicks: YTick[] = input.yTicks.map((value, i) => ({ value, y: yOf(value), label: yLabels[i] }));

  const xTicks = placeXTicks(
    input.xTicks(layoutWidth).map((t) => ({ fraction: fraction(t.value, input.xDomain), label: t.label })),
    layoutWidth,
    left,
    right
  );

  const lines = placeLineLabels(
    input.lines.map((l) => ({ ...l, y: yOf(Math.min(yDomain[1], Math.max(yDomain[0], l.value))) })),
    plotHeight
  );

  return {
    height,
    margin: { top, right, bottom, left },
    plotHeight,
    layoutWidth,
    x: { domain: input.xDomain, ticks: xTicks, title: input.xTitle, titleBaseline: plotHeight + X_TITLE_BASELINE, tickBaseline: plotHeight + X_TICK_BASELINE },
    y: { domain: yDomain, ticks: yTicks, title: input.yTitle, titleBaseline },
    lines,
    markers,
  };
}

/** X tick labels centred under their tick, or pulled inside at the chart's edges; thinned until none touch. */
function placeXTicks(ticks: { fraction: number; label: string }[], plotWidth: number, left: number, right: number): XTick[] {
  const anchored = ticks
    .filter((t) => t.fraction >= -1e-9 && t.fraction <= 1 + 1e-9)
    .map((t): XTick => {
      const x = t.fraction * plotWidth;
      const half = textWidth(t.label) / 2;
      const anchor: Anchor = x - half < -left + 2 ? "start" : x + half > plotWidth + right - 2 ? "end" : "middle";
      return { ...t, anchor };
    });
  const kept: XTick[] = [];
  for (const tick of anchored) {
    const box = labelBox(tick.label, tick.fraction * plotWidth, 0, tick.anchor);
    const last = kept[kept.length - 1];
    if (last && boxesOverlap(labelBox(last.label, last.fraction * plotWidth, 0, last.anchor), box, 8)) continue;
    kept.push(tick);
  }
  return kept;
}

/** Marker labels above the plot: centred on their line, else beside it, else one row higher. */
function placeMarkers(markers: { fraction: number; label: string; kind: Marker["kind"] }[], plotWidth: number, left: number, right: number): Marker[] {
  const placed: { marker: Marker; box: Box }[] = [];
  for (const m of [...markers].sort((a, b) => a.fraction - b.fraction)) {
    const x = m.fraction * plotWidth;
    let chosen: { marker: Marker; box: Box } | null = null;
    for (let row = 0; row < 2 && !chosen; row += 1) {
      const baseline = MARKER_ROW_BASELINE - row * ROW_HEIGHT;
      for (const anchor of ["middle", "end", "start"] as const) {
        const offset = anchor === "end" ? -4 : anchor === "start" ? 4 : 0;
        const box = labelBox(m.label, x + offset, baseline, anchor);
        if (box.x0 < -left + 2 || box.x1 > plotWidth + right - 2) continue;
        if (placed.some((p) => boxesOverlap(p.box, box, 6))) continue;
        chosen = { marker: { ...m, anchor, baseline }, box };
        break;
      }
    }
    // Nothing fits (a very narrow chart): the line stays, its label goes; the caption names it.
    if (chosen) placed.push(chosen);
  }
  return placed.map((p) => p.marker);
}

/** Reference line labels in the right margin, beside their line, pushed apart so they never touch. */
function placeLineLabels(lines: { value: number; y: number; label: string; kind: RefLine["kind"] }[], plotHeight: number): RefLine[] {
  const minY = 4;
  const maxY = plotHeight;
  const gap = ASCENT + DESCENT + 1;
  const sorted = [...lines].sort((a, b) => a.y - b.y).map((l) => ({ ...l, labelY: Math.min(maxY, Math.max(minY, l.y)) }));
  for (let i = 1; i < sorted.length; i += 1) sorted[i].labelY = Math.max(sorted[i].labelY, sorted[i - 1].labelY + gap);
  for (let i = sorted.length - 1; i >= 0; i -= 1) {
    const limit = i === sorted.length - 1 ? maxY : sorted[i + 1].labelY - gap;
    sorted[i].labelY = Math.min(sorted[i].labelY, limit);
  }
  return sorted;
}

/** Every text label of a frame with its box, at the frame's layout width: what the tests check. */
export function frameLabels(frame: Frame): { text: string; box: Box; role: string }[] {
  const w = frame.layoutWidth;
  const labels: { text: string; box: Box; role: string }[] = [];
  for (const t of frame.y.ticks) labels.push({ text: t.label, box: labelBox(t.label, -8, t.y + Y_TICK_DY, "end"), role: "y-tick" });
  for (const t of frame.x.ticks) labels.push({ text: t.label, box: labelBox(t.label, t.fraction * w, frame.x.tickBaseline, t.anchor), role: "x-tick" });
  labels.push({ text: frame.y.title, box: labelBox(frame.y.title, -frame.margin.left, frame.y.titleBaseline, "start"), role: "y-title" });
  if (frame.x.title) labels.push({ text: frame.x.title, box: labelBox(frame.x.title, w / 2, frame.x.titleBaseline, "middle"), role: "x-title" });
  for (const l of frame.lines) labels.push({ text: l.label, box: labelBox(l.label, w + 6, l.labelY + Y_TICK_DY, "start"), role: l.kind });
  for (const m of frame.markers) {
    const offset = m.anchor === "end" ? -4 : m.anchor === "start" ? 4 : 0;
    labels.push({ text: m.label, box: labelBox(m.label, m.fraction * w + offset, m.baseline, m.anchor), role: m.kind });
  }
  return labels;
}

export const Y_TICK_BASELINE_OFFSET = Y_TICK_DY;
/** Marker lines start just under the lowest row of marker labels. */
export const MARKER_LINE_TOP = MARKER_ROW_BASELINE + DESCENT + 2;

/* ---------------------------------------------------------------- metric */

export type MetricRow = {
  t: number;
  date: string;
  estimate: number | null;
  /** [low, high], clamped at zero for a metric that cannot be negative. */
  band: [number, number] | null;
  /** [estimate − low, high − estimate] for error bars when a lone interval cannot form a band. */
  error: [number, number] | null;
  low: number | null;
  high: number | null;
  projection: number | null;
  observed: boolean;
};

export type MetricModel = {
  frame: Frame;
  rows: MetricRow[];
  nonNegative: boolean;
  hasBand: boolean;
  bandRows: number;
  hasProjection: boolean;
  estimates: number;
};

const finite = (v: number | null | undefined): v is number => v != null && Number.isFinite(v);

/** Inputs of a metric chart already checked by the caller; width as measured, or null. */
export function metricChartModel(props: MetricChartProps & { height: number }, width: number | null): MetricModel {
  const { kind, unit, target } = props;
  const nonNegative = props.nonNegative ?? isNonNegativeMetric(kind, unit);
  const clampValue = (v: number) => (nonNegative ? Math.max(0, v) : v);
  const clampRate = (v: number) => (kind === "RATE" ? Math.min(1, v) : v);

  const byDate = new Map<string, MetricChartProps["points"][number]>();
  for (const p of props.points) if (!Number.isNaN(parseDay(p.date))) byDate.set(p.date.slice(0, 10), p);
  const rows: MetricRow[] = [...byDate.keys()].sort().map((date) => {
    const p = byDate.get(date)!;
    const estimate = finite(p.estimate) ? p.estimate : null;
    const low = finite(p.low) ? p.low : null;
    const high = finite(p.high) ? p.high : null;
    const band: [number, number] | null = low != null && high != null ? [clampRate(clampValue(Math.min(low, high))), clampRate(clampValue(Math.max(low, high)))] : null;
    return {
      t: parseDay(date),
      date,
      estimate,
      band,
      error: band && estimate != null ? [Math.max(0, estimate - band[0]), Math.max(0, band[1] - estimate)] : null,
      low,
      high,
      projection: null,
      observed: true,
    };
  });

  const latest = latestEstimate(props.points);
  const endsOnMs = parseDay(props.endsOn);
  if (kind === "COUNT" && finite(props.projection) && latest && latest.date < props.endsOn && !Number.isNaN(endsOnMs)) {
    const from = rows.find((r) => r.date === latest.date.slice(0, 10));
    if (from) {
      from.projection = from.estimate;
      rows.push({ t: endsOnMs, date: props.endsOn, estimate: null, band: null, error: null, low: null, high: null, projection: props.projection, observed: false });
    }
  }
  rows.sort((a, b) => a.t - b.t);

  const today = props.today && !Number.isNaN(parseDay(props.today)) ? props.today : null;
  const days = [props.startsOn, props.endsOn, ...rows.map((r) => r.date), ...(today ? [today] : [])].map(parseDay).filter((t) => !Number.isNaN(t));
  let x0 = Math.min(...days);
  let x1 = Math.max(...days);
  if (x1 - x0 < DAY_MS) {
    x0 -= DAY_MS;
    x1 += DAY_MS;
  }

  const values: number[] = [target];
  for (const r of rows) for (const v of [r.estimate, r.band?.[0], r.band?.[1], r.projection]) if (finite(v)) values.push(v);
  const chartHeight = props.height;
  const yTicks = metricValueTicks(kind, values, nonNegative, valueTickCount(chartHeight - 84));

  const markers: FrameInput["markers"] = [];
  if (!Number.isNaN(endsOnMs)) markers.push({ value: endsOnMs, label: today === props.endsOn ? "today · timebox end" : "timebox end", kind: "end" });
  if (today && today !== props.endsOn) markers.push({ value: parseDay(today), label: "today", kind: "today" });

  const frame = buildFrame({
    width,
    height: chartHeight,
    xDomain: [x0, x1],
    xTicks: (plotWidth) => dayTicks(x0, x1, plotWidth).map((t) => ({ value: t, label: formatDayShort(toDay(t)) })),
    xTitle: "Date (cumulative to each day)",
    yTicks,
    formatY: (v) => formatAxisTick(kind, v),
    yTitle: valueAxisLabel(kind, unit),
    lines: [{ value: target, label: "target", kind: "target" }],
    markers,
  });

  const bandRows = rows.filter((r) => r.band != null).length;
  return {
    frame,
    rows,
    nonNegative,
    hasBand: bandRows > 0,
    bandRows,
    hasProjection: rows.some((r) => r.projection != null),
    estimates: rows.filter((r) => r.estimate != null).length,
  };
}

/* ---------------------------------------------------------------- signal */

export type SignalModel = { frame: Frame; points: (SeriesPoint & { t: number })[]; nonNegative: boolean };

/** The word a threshold line is marked with: "gate: ≥ 20 customers" → "gate". */
export function thresholdMark(label: string): string {
  const word = label.trim().split(/[:\s]/)[0];
  return word || "threshold";
}

/** Thresholds without repeats: one line per value. */
export function distinctThresholds(thresholds: SignalChartProps["thresholds"]): SignalChartProps["thresholds"] {
  const seen = new Set<number>();
  return thresholds.filter((t) => Number.isFinite(t.value) && !seen.has(t.value) && (seen.add(t.value), true));
}

export function signalChartModel(props: SignalChartProps & { height: number }, width: number | null): SignalModel {
  const points = props.points
    .filter((p) => Number.isFinite(p.value) && !Number.isNaN(parseDay(p.date)))
    .map((p) => ({ ...p, t: parseDay(p.date) }))
    .sort((a, b) => a.t - b.t);
  const thresholds = distinctThresholds(props.thresholds);
  const nonNegative = points.every((p) => p.value >= 0);
  const values = [...points.map((p) => p.value), ...thresholds.map((t) => t.value)];
  const lo = nonNegative ? 0 : Math.min(...values);
  let hi = Math.max(...values);
  if (hi <= lo) hi = lo + (Math.abs(lo) || 1);
  const plotGuess = props.height - 70;
  let yTicks = niceTicks(lo, hi, valueTickCount(plotGuess));
  if (nonNegative) yTicks = yTicks.filter((t) => t >= 0);

  const today = props.today && !Number.isNaN(parseDay(props.today)) ? parseDay(props.today) : null;
  const times = points.map((p) => p.t);
  let x0 = Math.min(...times);
  let x1 = Math.max(...times, ...(today != null && today >= x0 ? [today] : []));
  if (x1 - x0 < DAY_MS) {
    x0 -= DAY_MS;
    x1 += DAY_MS;
  }
  const marks = thresholds.map((t) => thresholdMark(t.label));
  const ambiguous = new Set(marks).size < marks.length;
  const frame = buildFrame({
    width,
    height: props.height,
    xDomain: [x0, x1],
    xTicks: (plotWidth) => dayTicks(x0, x1, plotWidth).map((t) => ({ value: t, label: formatDayShort(toDay(t)) })),
    xTitle: null,
    yTicks,
    formatY: formatAxisNumber,
    yTitle: props.unit.trim() || "Value",
    lines: thresholds.map((t, i) => ({ value: t.value, label: ambiguous ? `${marks[i]} ${formatAxisNumber(t.value)}` : marks[i], kind: "threshold" })),
    markers: today != null ? [{ value: today, label: "today", kind: "today" }] : [],
  });
  return { frame, points, nonNegative };
}

/* -------------------------------------------------------------- verdicts */

export type VerdictsModel = { frame: Frame; cycles: CyclePoint[] };

/** "Nov 30 – Dec 13" → "Nov 30": the tick shows the cycle's first day, the table and tooltip the whole range. */
export function cycleTick(cycle: string): string {
  return cycle.split(" – ")[0];
}

/**
 * Bars per cycle; x runs over cycle indexes (cycle i spans [i, i + 1]). `todayAt` places today
 * inside its cycle: the cycle's index and the day within its 14.
 */
export function verdictsChartModel(props: { cycles: CyclePoint[]; height: number; todayAt?: { index: number; day: number } | null }, width: number | null): VerdictsModel {
  const { cycles } = props;
  const n = Math.max(1, cycles.length);
  const maxTotal = cycles.reduce((max, c) => Math.max(max, c.met + c.notMet + c.tooEarly), 0);
  // Whole experiments only: at least steps of 1.
  const yTicks = maxTotal <= 4 ? Array.from({ length: Math.max(1, maxTotal) + 1 }, (_, i) => i) : niceTicks(0, maxTotal, 5).filter((t) => Number.isInteger(t) && t >= 0);
  const frame = buildFrame({
    width,
    height: props.height,
    xDomain: [0, n],
    xTicks: (plotWidth) => {
      const widest = Math.max(...cycles.map((c) => textWidth(cycleTick(c.cycle))));
      const every = Math.max(1, Math.ceil((widest + 12) / (plotWidth / n)));
      // Thinned from the newest cycle back, so the current one always has its label.
      return cycles.map((c, i) => ({ value: i + 0.5, label: cycleTick(c.cycle), keep: (n - 1 - i) % every === 0 })).filter((t) => t.keep);
    },
    xTitle: "Two-week cycle, by its first day",
    yTicks,
    formatY: formatAxisNumber,
    yTitle: "Experiments (count)",
    lines: [],
    markers: props.todayAt ? [{ value: props.todayAt.index + (props.todayAt.day + 0.5) / 14, label: "today", kind: "today" }] : [],
  });
  return { frame, cycles };
}

/* ------------------------------------------------------------- sparkline */

/** A sparkline's value range: padded, never below zero when every value is ≥ 0. */
export function sparklineDomain(values: readonly number[]): [number, number] {
  const finiteValues = values.filter((v) => Number.isFinite(v));
  if (finiteValues.length === 0) return [0, 1];
  let lo = Math.min(...finiteValues);
  let hi = Math.max(...finiteValues);
  if (lo === hi) {
    lo -= Math.abs(lo) * 0.1 || 1;
    hi += Math.abs(hi) * 0.1 || 1;
  }
  const pad = (hi - lo) * 0.1;
  const nonNegative = finiteValues.every((v) => v >= 0);
  return [nonNegative ? Math.max(0, lo - pad) : lo - pad, hi + pad];
}
