/**
 * Recharts implementation of MetricChart. Loaded only in the browser, after mount,
 * through React.lazy in ./index.tsx — never import this file anywhere else.
 * (The ".client" suffix also makes Remix replace it with an empty module on the server.)
 */
import { Area, CartesianGrid, ComposedChart, ErrorBar, Legend, Line, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import type { TooltipContentProps } from "recharts";
import {
  DEFAULT_METRIC_HEIGHT,
  eachDay,
  formatAxisTick,
  formatDayLong,
  formatDayShort,
  formatInterval,
  formatMetricValue,
  formatTarget,
  latestEstimate,
  metricValueTicks,
  parseDay,
  valueAxisLabel,
  type MetricChartProps,
  type MetricPoint,
} from "./format";
import { LegendText, TooltipBox, axisTick, legendStyle, tickWidth } from "./chart-parts.client";

type Row = {
  date: string;
  estimate: number | null;
  /** [low, high] for the translucent interval band; null leaves a gap. */
  band: [number, number] | null;
  /** [estimate − low, high − estimate]: whiskers, used when a lone interval cannot form a band. */
  error: [number, number] | null;
  low: number | null;
  high: number | null;
  projection: number | null;
  observed: boolean;
};

const finite = (v: number | null | undefined): v is number => v != null && Number.isFinite(v);

function buildRows(props: MetricChartProps): Row[] {
  const byDate = new Map<string, MetricPoint>();
  for (const p of props.points) {
    if (!Number.isNaN(parseDay(p.date))) byDate.set(p.date.slice(0, 10), p);
  }
  const observed = [...byDate.keys()].sort();
  const candidates = [props.startsOn, props.endsOn, ...observed].filter((d) => !Number.isNaN(parseDay(d))).sort();
  const first = candidates[0];
  const last = candidates[candidates.length - 1];
  // One row per calendar day so the x axis spans the whole timebox; fall back to the
  // observed days alone if the range is unusable (invalid dates or absurdly long).
  let days = first && last ? eachDay(first, last) : [];
  if (days.length === 0) days = [...new Set(candidates)];

  const rows: Row[] = days.map((date) => {
    const p = byDate.get(date);
    const estimate = finite(p?.estimate) ? p.estimate : null;
    const low = finite(p?.low) ? p.low : null;
    const high = finite(p?.high) ? p.high : null;
    const band: [number, number] | null = low != null && high != null ? [Math.min(low, high), Math.max(low, high)] : null;
    return {
      date,
      estimate,
      band,
      error: band && estimate != null ? [Math.max(0, estimate - band[0]), Math.max(0, band[1] - estimate)] : null,
      low,
      high,
      projection: null,
      observed: p != null,
    };
  });

  const latest = latestEstimate(props.points);
  if (props.kind === "COUNT" && finite(props.projection) && latest && latest.date < props.endsOn) {
    const from = rows.find((r) => r.date === latest.date.slice(0, 10));
    const to = rows.find((r) => r.date === props.endsOn);
    if (from && to) {
      from.projection = from.estimate;
      to.projection = props.projection;
    }
  }
  return rows;
}

export default function MetricChartCanvas(props: MetricChartProps) {
  const { kind, unit, target, comparator } = props;
  const height = props.height ?? DEFAULT_METRIC_HEIGHT;
  const rows = buildRows(props);
  const rowByDate = new Map(rows.map((r) => [r.date, r]));
  const bandRows = rows.filter((r) => r.band != null).length;
  const hasBand = bandRows > 0;
  const hasProjection = rows.some((r) => r.projection != null);
  const estimates = rows.filter((r) => r.estimate != null).length;

  const values: number[] = [target];
  for (const r of rows) {
    for (const v of [r.estimate, r.low, r.high, r.projection]) if (finite(v)) values.push(v);
  }
  const yTicks = metricValueTicks(kind, values);
  const tickText = (v: number) => formatAxisTick(kind, v);
  const yWidth = tickWidth(yTicks.map(tickText)) + 10;

  const renderTooltip = ({ active, label }: TooltipContentProps) => {
    if (!active || label == null) return null;
    const row = rowByDate.get(String(label));
    if (!row) return null;
    return (
      <TooltipBox title={formatDayLong(row.date)}>
        {row.estimate != null ? (
          <>
            <dt>Estimate</dt>
            <dd>{formatMetricValue(kind, unit, row.estimate)}</dd>
            {row.low != null && row.high != null ? (
              <>
                <dt>95 % interval</dt>
                <dd>{formatInterval(kind, unit, row.low, row.high)}</dd>
              </>
            ) : null}
          </>
        ) : row.projection == null ? (
          <dt className="col-span-2 italic">{row.observed ? "Too little data for an estimate" : "No observation for this day"}</dt>
        ) : null}
        {row.projection != null && row.estimate == null ? (
          <>
            <dt>Projection</dt>
            <dd>{formatMetricValue(kind, unit, row.projection)}</dd>
          </>
        ) : null}
        <dt>Target</dt>
        <dd>{formatTarget(kind, unit, target, comparator)}</dd>
      </TooltipBox>
    );
  };

  return (
    <ComposedChart
      data={rows}
      responsive
      style={{ width: "100%", height }}
      margin={{ top: 8, right: 16, bottom: 4, left: 14 }}
      accessibilityLayer={false}
    >
      <CartesianGrid vertical={false} stroke="var(--chart-grid)" />
      <XAxis
        dataKey="date"
        tickFormatter={(d: string) => formatDayShort(d)}
        interval="preserveStartEnd"
        minTickGap={16}
        tick={axisTick}
        stroke="var(--chart-grid)"
        tickLine={false}
        height={48}
        label={{ value: "Date (cumulative to each day)", position: "insideBottom", offset: 2, fill: "var(--chart-axis)", fontSize: 12 }}
      />
      <YAxis
        type="number"
        domain={[yTicks[0], yTicks[yTicks.length - 1]]}
        ticks={yTicks}
        allowDataOverflow
        tickFormatter={tickText}
        tick={axisTick}
        stroke="var(--chart-grid)"
        tickLine={false}
        width={yWidth}
        label={{
          value: valueAxisLabel(kind, unit),
          angle: -90,
          position: "insideLeft",
          offset: 0,
          fill: "var(--chart-axis)",
          fontSize: 12,
          style: { textAnchor: "middle" },
        }}
      />
      <Tooltip content={renderTooltip} cursor={{ stroke: "var(--chart-axis)", strokeDasharray: "3 3" }} isAnimationActive={false} />
      <Legend verticalAlign="top" align="right" height={28} iconSize={10} wrapperStyle={legendStyle} formatter={(value) => <LegendText>{value}</LegendText>} />
      {hasBand ? (
        <Area
          name="95 % interval"
          dataKey="band"
          type="linear"
          stroke="none"
          fill="var(--chart-band)"
          fillOpacity={1}
          connectNulls
          activeDot={false}
          legendType="square"
          isAnimationActive={false}
        />
      ) : null}
      <Line
        name="Estimate"
        dataKey="estimate"
        type="linear"
        stroke="var(--chart-accent)"
        strokeWidth={2}
        dot={estimates <= 31 ? { r: 2.5, fill: "var(--chart-accent)", stroke: "none" } : false}
        activeDot={{ r: 4, fill: "var(--chart-accent)", stroke: "var(--chart-tooltip-bg)", strokeWidth: 2 }}
        connectNulls
        legendType="plainline"
        isAnimationActive={false}
      >
        {bandRows === 1 ? (
          <ErrorBar dataKey="error" direction="y" width={8} stroke="var(--chart-accent)" strokeWidth={1.5} strokeOpacity={0.6} isAnimationActive={false} />
        ) : null}
      </Line>
      {hasProjection ? (
        <Line
          name="Projection"
          dataKey="projection"
          type="linear"
          stroke="var(--chart-projection)"
          strokeWidth={2}
          strokeDasharray="1 5"
          strokeLinecap="round"
          dot={false}
          activeDot={false}
          connectNulls
          legendType="plainline"
          isAnimationActive={false}
        />
      ) : null}
      <ReferenceLine
        y={target}
        stroke="var(--chart-target)"
        strokeWidth={1.5}
        strokeDasharray="6 4"
        ifOverflow="extendDomain"
        label={{ value: "target", position: "insideTopRight", fill: "var(--chart-target)", fontSize: 12 }}
      />
    </ComposedChart>
  );
}
