/**
 * Recharts layer of SignalChart: the signal's line and its tooltip, drawn over the static frame
 * (thresholds, axes, today) with the same plot area. Loaded lazily from ./index.tsx — never
 * import this file anywhere else.
 */
import { Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { TooltipBox, chartBox } from "./chart-parts.client";
import { formatDayLong, formatNumber } from "./format";
import type { SignalModel } from "./layout";

export default function SignalChartCanvas({ model, unit, width }: { model: SignalModel; unit: string; width: number }) {
  const { frame, points } = model;
  const withUnit = (value: number) => (unit === "%" ? `${formatNumber(value)} %` : unit ? `${formatNumber(value)} ${unit}` : formatNumber(value));
  return (
    <LineChart data={points} {...chartBox(frame, width)} accessibilityLayer={false}>
      <XAxis type="number" dataKey="t" domain={frame.x.domain} allowDataOverflow hide />
      <YAxis type="number" domain={frame.y.domain} allowDataOverflow hide />
      <Tooltip
        cursor={{ stroke: "var(--chart-axis)", strokeDasharray: "3 3" }}
        isAnimationActive={false}
        content={({ active, payload }) => {
          const point = active ? (payload?.[0]?.payload as { date: string; value: number } | undefined) : undefined;
          if (!point) return null;
          return (
            <TooltipBox title={formatDayLong(point.date)}>
              <dt>Value</dt>
              <dd>{withUnit(point.value)}</dd>
            </TooltipBox>
          );
        }}
      />
      {/* Dots mark sparse values; on months of daily values they would only blur the line. */}
      <Line
        dataKey="value"
        type="linear"
        stroke="var(--chart-accent)"
        strokeWidth={points.length > 40 ? 1.5 : 2}
        dot={points.length > 40 ? false : { r: 2.5, fill: "var(--chart-tooltip-bg)", stroke: "var(--chart-accent)", strokeWidth: 1.5 }}
        activeDot={{ r: 4, fill: "var(--chart-accent)", stroke: "var(--chart-tooltip-bg)", strokeWidth: 2 }}
        isAnimationActive={false}
      />
    </LineChart>
  );
}
