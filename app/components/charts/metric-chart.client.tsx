/**
 * Recharts layer of MetricChart: the estimate, its interval band, the projection and the tooltip,
 * drawn over the static frame (./static-chart.tsx) with the same plot area. Loaded only in the
 * browser, after mount, through React.lazy in ./index.tsx — never import this file anywhere else.
 * (The ".client" suffix also makes Remix replace it with an empty module on the server.)
 */
import { Area, ComposedChart, ErrorBar, Line, Tooltip, XAxis, YAxis } from "recharts";
import type { TooltipContentProps } from "recharts";
import { formatDayLong, formatInterval, formatMetricValue, formatTarget, type MetricChartProps } from "./format";
import type { MetricModel } from "./layout";
import { TooltipBox, chartBox } from "./chart-parts.client";

export default function MetricChartCanvas(props: MetricChartProps & { model: MetricModel; width: number }) {
  const { kind, unit, target, comparator, model, width } = props;
  const { frame, rows } = model;
  const rowByTime = new Map(rows.map((r) => [r.t, r]));

  const renderTooltip = ({ active, label }: TooltipContentProps) => {
    if (!active || label == null) return null;
    const row = rowByTime.get(Number(label));
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
                <dd>{formatInterval(kind, unit, model.nonNegative ? Math.max(0, row.low) : row.low, row.high)}</dd>
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
    <ComposedChart data={rows} {...chartBox(frame, width)} accessibilityLayer={false}>
      <XAxis type="number" dataKey="t" domain={frame.x.domain} allowDataOverflow hide />
      <YAxis type="number" domain={frame.y.domain} allowDataOverflow hide />
      <Tooltip content={renderTooltip} cursor={{ stroke: "var(--chart-axis)", strokeDasharray: "3 3" }} isAnimationActive={false} />
      {model.hasBand ? (
        <Area name="95 % interval" dataKey="band" type="linear" stroke="none" fill="var(--chart-band)" fillOpacity={1} connectNulls activeDot={false} isAnimationActive={false} />
      ) : null}
      <Line
        name="Estimate"
        dataKey="estimate"
        type="linear"
        stroke="var(--chart-accent)"
        strokeWidth={2}
        dot={model.estimates <= 31 ? { r: 2.5, fill: "var(--chart-accent)", stroke: "none" } : false}
        activeDot={{ r: 4, fill: "var(--chart-accent)", stroke: "var(--chart-tooltip-bg)", strokeWidth: 2 }}
        connectNulls
        isAnimationActive={false}
      >
        {model.bandRows === 1 ? <ErrorBar dataKey="error" direction="y" width={8} stroke="var(--chart-accent)" strokeWidth={1.5} strokeOpacity={0.6} isAnimationActive={false} /> : null}
      </Line>
      {model.hasProjection ? (
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
          isAnimationActive={false}
        />
      ) : null}
    </ComposedChart>
  );
}
