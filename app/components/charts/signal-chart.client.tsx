/**
 * Recharts implementation of SignalChart: a product signal over time against its gate
 * threshold. Loaded lazily from ./index.tsx — never import this file anywhere else.
 */
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { axisTick, TooltipBox, tickWidth } from "./chart-parts.client";
import { formatDayLong, formatDayShort, formatNumber, niceTicks, type SignalChartProps } from "./format";

export default function SignalChartCanvas({ points, unit, thresholds, height }: SignalChartProps & { height: number }) {
  const data = [...points].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const values = [...data.map((p) => p.value), ...thresholds.map((t) => t.value)];
  const ticks = niceTicks(Math.min(0, ...values), Math.max(...values));
  const withUnit = (value: number) => (unit === "%" ? `${formatNumber(value)} %` : unit ? `${formatNumber(value)} ${unit}` : formatNumber(value));
  return (
    <ResponsiveContainer width="100%" height={height}>
      <LineChart data={data} margin={{ top: 12, right: 16, bottom: 4, left: 4 }}>
        <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
        <XAxis dataKey="date" tick={axisTick} tickFormatter={formatDayShort} stroke="var(--chart-axis)" minTickGap={24} />
        <YAxis
          type="number"
          ticks={ticks}
          domain={[ticks[0], ticks[ticks.length - 1]]}
          tick={axisTick}
          tickFormatter={(value: number) => formatNumber(value)}
          width={tickWidth(ticks.map((t) => formatNumber(t)))}
          stroke="var(--chart-axis)"
          label={unit ? { value: unit, angle: -90, position: "insideLeft", fill: "var(--chart-axis)", fontSize: 12 } : undefined}
        />
        {thresholds.map((threshold) => (
          <ReferenceLine
            key={threshold.label}
            y={threshold.value}
            stroke="var(--chart-target)"
            strokeDasharray="6 4"
            label={{ value: threshold.label, position: "insideTopRight", fill: "var(--chart-target)", fontSize: 12 }}
          />
        ))}
        <Tooltip
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
        <Line dataKey="value" type="linear" stroke="var(--chart-accent)" strokeWidth={points.length > 40 ? 1.5 : 2} dot={points.length > 40 ? false : { r: 2.5 }} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}
