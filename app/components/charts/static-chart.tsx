/**
 * The static form of every chart: plain SVG (no Recharts), rendered on the server so a chart is
 * drawn before any script arrives and without JavaScript at all. It draws the frame (grid, axes,
 * tick labels, axis titles, target and threshold lines, today and end-of-timebox markers) and the
 * data; once the interactive Recharts layer has drawn the data over the same plot area, CSS hides
 * this layer's data (see charts.css) and keeps its frame.
 *
 * The height is fixed and the width is not known on the server, so the SVG element covers exactly
 * the plot area: y in px, x in percentages of the plot width, margins drawn as visible overflow.
 * Lines through data points live in a nested SVG stretched to the plot (non-scaling strokes).
 */
import type { ReactNode } from "react";
import { MARKER_LINE_TOP, Y_TICK_BASELINE_OFFSET, type Frame, type MetricModel, type SignalModel, type VerdictsModel } from "./layout";
import { VERDICT_SERIES } from "./verdicts";

/** A fraction of the plot width as an SVG percentage (fixed digits: server and client agree). */
export function pct(fraction: number): string {
  return `${(fraction * 100).toFixed(3)}%`;
}

const STRETCH = 1000;
const textStyle = { fontSize: 12 } as const;

function xFraction(frame: Frame, value: number): number {
  const [lo, hi] = frame.x.domain;
  return hi === lo ? 0.5 : (value - lo) / (hi - lo);
}

export function yPixel(frame: Frame, value: number): number {
  const [lo, hi] = frame.y.domain;
  const f = hi === lo ? 0.5 : (value - lo) / (hi - lo);
  return frame.plotHeight * (1 - Math.min(1, Math.max(0, f)));
}

/** The plot-area SVG with the frame drawn; `children` are the data, hidden once Recharts draws them. */
export function StaticFrame({ frame, children }: { frame: Frame; children?: ReactNode }) {
  const { margin, plotHeight } = frame;
  return (
    <svg
      className="chart-static absolute overflow-visible"
      style={{ left: margin.left, top: margin.top, width: `calc(100% - ${margin.left + margin.right}px)`, height: plotHeight }}
      aria-hidden="true"
      focusable="false"
      data-chart-plot=""
    >
      {frame.y.ticks.map((t) => (
        <line key={`grid-${t.value}`} x1="0" x2="100%" y1={t.y} y2={t.y} stroke="var(--chart-grid)" strokeWidth={1} shapeRendering="crispEdges" />
      ))}
      <line x1="0" x2="100%" y1={plotHeight} y2={plotHeight} stroke="var(--chart-axis-line)" strokeWidth={1} shapeRendering="crispEdges" />
      <g className="chart-static-data">{children}</g>
      {frame.lines.map((l) => (
        <line key={`line-${l.value}`} x1="0" x2="100%" y1={l.y} y2={l.y} stroke="var(--chart-target)" strokeWidth={1.5} strokeDasharray="6 4" />
      ))}
      {frame.markers.map((m) => (
        <line
          key={`marker-${m.kind}`}
          data-chart-marker={m.kind}
          x1={pct(m.fraction)}
          x2={pct(m.fraction)}
          y1={MARKER_LINE_TOP}
          y2={plotHeight}
          stroke={m.kind === "today" ? "var(--chart-today)" : "var(--chart-target)"}
          strokeWidth={m.kind === "today" ? 1.5 : 1}
          strokeDasharray={m.kind === "today" ? undefined : "3 3"}
        />
      ))}
      <g style={textStyle} fill="var(--chart-axis)">
        {frame.y.ticks.map((t) => (
          <text key={`y-${t.value}`} data-chart-label="y-tick" x={-8} y={t.y + Y_TICK_BASELINE_OFFSET} textAnchor="end">
            {t.label}
          </text>
        ))}
        {frame.x.ticks.map((t) => (
          <text key={`x-${t.fraction}`} data-chart-label="x-tick" x={pct(t.fraction)} y={frame.x.tickBaseline} textAnchor={t.anchor}>
            {t.label}
          </text>
        ))}
        <text data-chart-label="y-title" x={-margin.left} y={frame.y.titleBaseline} textAnchor="start">
          {frame.y.title}
        </text>
        {frame.x.title ? (
          <text data-chart-label="x-title" x="50%" y={frame.x.titleBaseline} textAnchor="middle">
            {frame.x.title}
          </text>
        ) : null}
      </g>
      <g style={textStyle}>
        {frame.lines.map((l) => (
          <text key={`label-${l.value}`} data-chart-label={l.kind} x="100%" dx={6} y={l.labelY + Y_TICK_BASELINE_OFFSET} textAnchor="start" fill="var(--chart-target)">
            {l.label}
          </text>
        ))}
        {frame.markers.map((m) => (
          <text
            key={`label-${m.kind}`}
            data-chart-label={m.kind}
            x={pct(m.fraction)}
            dx={m.anchor === "end" ? -4 : m.anchor === "start" ? 4 : 0}
            y={m.baseline}
            textAnchor={m.anchor}
            fill={m.kind === "today" ? "var(--chart-today)" : "var(--chart-target)"}
          >
            {m.label}
          </text>
        ))}
      </g>
    </svg>
  );
}

/** A nested SVG stretched over the plot: x in 0…1000, y in px. Strokes keep their width. */
function Stretched({ frame, children }: { frame: Frame; children: ReactNode }) {
  return (
    <svg x="0" y="0" width="100%" height={frame.plotHeight} viewBox={`0 0 ${STRETCH} ${frame.plotHeight}`} preserveAspectRatio="none" overflow="visible">
      {children}
    </svg>
  );
}

function polyline(frame: Frame, points: { t: number; v: number }[]): string {
  return points.map((p) => `${(xFraction(frame, p.t) * STRETCH).toFixed(2)},${yPixel(frame, p.v).toFixed(2)}`).join(" ");
}

export function StaticMetricChart({ model }: { model: MetricModel }) {
  const { frame, rows } = model;
  const estimatePoints = rows.filter((r) => r.estimate != null).map((r) => ({ t: r.t, v: r.estimate! }));
  const bandRows = rows.filter((r) => r.band != null);
  const bandPath =
    bandRows.length > 1
      ? `M ${polyline(
          frame,
          bandRows.map((r) => ({ t: r.t, v: r.band![1] }))
        )} L ${polyline(
          frame,
          [...bandRows].reverse().map((r) => ({ t: r.t, v: r.band![0] }))
        )} Z`
      : null;
  const projection = rows.filter((r) => r.projection != null).map((r) => ({ t: r.t, v: r.projection! }));
  return (
    <StaticFrame frame={frame}>
      <Stretched frame={frame}>
        {bandPath ? <path d={bandPath} fill="var(--chart-band)" stroke="none" /> : null}
        {estimatePoints.length > 1 ? (
          <polyline points={polyline(frame, estimatePoints)} fill="none" stroke="var(--chart-accent)" strokeWidth={2} strokeLinejoin="round" vectorEffect="non-scaling-stroke" />
        ) : null}
        {projection.length > 1 ? (
          <polyline points={polyline(frame, projection)} fill="none" stroke="var(--chart-projection)" strokeWidth={2} strokeDasharray="1 5" strokeLinecap="round" vectorEffect="non-scaling-stroke" />
        ) : null}
      </Stretched>
      {bandRows.length === 1 ? (
        <line
          x1={pct(xFraction(frame, bandRows[0].t))}
          x2={pct(xFraction(frame, bandRows[0].t))}
          y1={yPixel(frame, bandRows[0].band![0])}
          y2={yPixel(frame, bandRows[0].band![1])}
          stroke="var(--chart-accent)"
          strokeOpacity={0.6}
          strokeWidth={1.5}
        />
      ) : null}
      {model.estimates <= 31 || estimatePoints.length === 1
        ? estimatePoints.map((p) => <circle key={p.t} cx={pct(xFraction(frame, p.t))} cy={yPixel(frame, p.v)} r={2.5} fill="var(--chart-accent)" />)
        : null}
    </StaticFrame>
  );
}

export function StaticSignalChart({ model }: { model: SignalModel }) {
  const { frame, points } = model;
  const line = points.map((p) => ({ t: p.t, v: p.value }));
  return (
    <StaticFrame frame={frame}>
      <Stretched frame={frame}>
        {line.length > 1 ? (
          <polyline points={polyline(frame, line)} fill="none" stroke="var(--chart-accent)" strokeWidth={points.length > 40 ? 1.5 : 2} strokeLinejoin="round" vectorEffect="non-scaling-stroke" />
        ) : null}
      </Stretched>
      {points.length <= 40
        ? line.map((p) => <circle key={p.t} cx={pct(xFraction(frame, p.t))} cy={yPixel(frame, p.v)} r={2.5} fill="var(--chart-tooltip-bg)" stroke="var(--chart-accent)" strokeWidth={1.5} />)
        : null}
    </StaticFrame>
  );
}

export function StaticVerdictsChart({ model }: { model: VerdictsModel }) {
  const { frame, cycles } = model;
  const n = Math.max(1, cycles.length);
  return (
    <StaticFrame frame={frame}>
      {cycles.map((cycle, i) => {
        let base = 0;
        return VERDICT_SERIES.map((series) => {
          const count = cycle[series.key];
          if (!count) return null;
          const y0 = yPixel(frame, base);
          base += count;
          const y1 = yPixel(frame, base);
          return <rect key={`${i}-${series.key}`} x={pct((i + 0.25) / n)} width={pct(0.5 / n)} y={y1} height={Math.max(0, y0 - y1)} fill={series.color} />;
        });
      })}
    </StaticFrame>
  );
}

/** A sparkline is small and fixed in size: drawn in px, the same on every screen. */
export function StaticSparkline({
  points,
  threshold,
  width,
  height,
  domain,
}: {
  points: { t: number; value: number }[];
  threshold: number | null;
  width: number;
  height: number;
  domain: [number, number];
}) {
  const pad = 3;
  const [t0, t1] = points.length > 1 ? [points[0].t, points[points.length - 1].t] : [0, 1];
  const x = (t: number) => (points.length > 1 ? pad + ((t - t0) / (t1 - t0)) * (width - 2 * pad) : width / 2);
  const y = (v: number) => pad + (1 - (v - domain[0]) / (domain[1] - domain[0] || 1)) * (height - 2 * pad);
  const last = points[points.length - 1];
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true" focusable="false" className="block overflow-visible">
      {threshold != null ? <line x1={pad} x2={width - pad} y1={y(threshold)} y2={y(threshold)} stroke="var(--chart-target)" strokeWidth={1} strokeDasharray="3 2" /> : null}
      {points.length > 1 ? (
        <polyline points={points.map((p) => `${x(p.t).toFixed(2)},${y(p.value).toFixed(2)}`).join(" ")} fill="none" stroke="var(--chart-accent)" strokeWidth={1.5} strokeLinejoin="round" />
      ) : null}
      {last ? <circle cx={x(last.t)} cy={y(last.value)} r={2} fill="var(--chart-accent)" /> : null}
    </svg>
  );
}
