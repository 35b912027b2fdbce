/**
 * Recharts implementation of VerdictsPerCycleChart. Loaded only in the browser, after
 * mount, through React.lazy in ./index.tsx — never import this file anywhere else.
 */
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import type { TooltipContentProps } from "recharts";
import type { ReactNode } from "react";
import { DEFAULT_VERDICTS_HEIGHT, cycleTotal, formatNumber, niceTicks, type VerdictsPerCycleChartProps } from "./format";
import { LegendText, Swatch, TooltipBox, axisTick, legendStyle, tickWidth } from "./chart-parts.client";
import { VERDICT_SERIES } from "./verdicts";

export default function VerdictsChartCanvas({ cycles, height = DEFAULT_VERDICTS_HEIGHT }: VerdictsPerCycleChartProps) {
  const byCycle = new Map(cycles.map((c) => [c.cycle, c]));
  const maxTotal = cycles.reduce((max, c) => Math.max(max, cycleTotal(c)), 0);
  // Whole experiments only: at least steps of 1.
  const yTicks = maxTotal <= 4 ? Array.from({ length: Math.max(1, maxTotal) + 1 }, (_, i) => i) : niceTicks(0, maxTotal).map(Math.round);

  const renderTooltip = ({ active, label }: TooltipContentProps) => {
    if (!active || label == null) return null;
    const cycle = byCycle.get(String(label));
    if (!cycle) return null;
    return (
      <TooltipBox title={cycle.cycle}>
        {VERDICT_SERIES.map((s) => (
          <Row key={s.key} label={<Swatch color={s.color}>{s.label}</Swatch>} value={formatNumber(cycle[s.key])} />
        ))}
        <Row label="Total" value={formatNumber(cycleTotal(cycle))} />
      </TooltipBox>
    );
  };

  return (
    <BarChart
      data={cycles}
      responsive
      style={{ width: "100%", height }}
      margin={{ top: 8, right: 16, bottom: 4, left: 14 }}
      accessibilityLayer={false}
      barCategoryGap="25%"
    >
      <CartesianGrid vertical={false} stroke="var(--chart-grid)" />
      <XAxis
        dataKey="cycle"
        interval="preserveStartEnd"
        minTickGap={12}
        tick={axisTick}
        stroke="var(--chart-grid)"
        tickLine={false}
        height={48}
        label={{ value: "Two-week cycle", position: "insideBottom", offset: 2, fill: "var(--chart-axis)", fontSize: 12 }}
      />
      <YAxis
        type="number"
        domain={[0, yTicks[yTicks.length - 1]]}
        ticks={yTicks}
        allowDecimals={false}
        tick={axisTick}
        tickFormatter={(v: number) => formatNumber(v)}
        stroke="var(--chart-grid)"
        tickLine={false}
        width={tickWidth(yTicks.map((v) => formatNumber(v))) + 10}
        label={{
          value: "Experiments (count)",
          angle: -90,
          position: "insideLeft",
          offset: 0,
          fill: "var(--chart-axis)",
          fontSize: 12,
          style: { textAnchor: "middle" },
        }}
      />
      <Tooltip content={renderTooltip} cursor={{ fill: "var(--chart-grid)", fillOpacity: 0.5 }} isAnimationActive={false} />
      <Legend verticalAlign="top" align="right" height={28} iconType="square" iconSize={10} wrapperStyle={legendStyle} formatter={(value) => <LegendText>{value}</LegendText>} />
      {VERDICT_SERIES.map((s) => (
        <Bar key={s.key} dataKey={s.key} name={s.label} stackId="verdicts" fill={s.color} maxBarSize={56} isAnimationActive={false} />
      ))}
    </BarChart>
  );
}

function Row({ label, value }: { label: ReactNode; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}
