/**
 * Recharts layer of VerdictsPerCycleChart: the stacked bars and their tooltip, drawn over the
 * static frame with the same plot area. Loaded only in the browser, after mount, through
 * React.lazy in ./index.tsx — never import this file anywhere else.
 */
import { Bar, BarChart, Tooltip, XAxis, YAxis } from "recharts";
import type { TooltipContentProps } from "recharts";
import type { ReactNode } from "react";
import { cycleTotal, formatNumber } from "./format";
import type { VerdictsModel } from "./layout";
import { Swatch, TooltipBox, chartBox } from "./chart-parts.client";
import { VERDICT_SERIES } from "./verdicts";

export default function VerdictsChartCanvas({ model, width }: { model: VerdictsModel; width: number }) {
  const { frame, cycles } = model;
  const byCycle = new Map(cycles.map((c) => [c.cycle, c]));

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

  // A bar takes the middle half of its cycle's band, as in the static chart.
  return (
    <BarChart data={cycles} {...chartBox(frame, width)} accessibilityLayer={false} barCategoryGap="25%">
      <XAxis dataKey="cycle" hide />
      <YAxis type="number" domain={frame.y.domain} allowDataOverflow hide />
      <Tooltip content={renderTooltip} cursor={{ fill: "var(--chart-grid)", fillOpacity: 0.5 }} isAnimationActive={false} />
      {VERDICT_SERIES.map((s) => (
        <Bar key={s.key} dataKey={s.key} name={s.label} stackId="verdicts" fill={s.color} isAnimationActive={false} />
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
