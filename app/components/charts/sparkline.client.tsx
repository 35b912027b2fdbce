/**
 * Recharts implementation of Sparkline. Loaded only in the browser, after mount,
 * through React.lazy in ./index.tsx — never import this file anywhere else.
 */
import { Line, LineChart, ReferenceDot, ReferenceLine, XAxis, YAxis } from "recharts";
import { DEFAULT_SPARKLINE_HEIGHT, DEFAULT_SPARKLINE_WIDTH, type SparklineProps } from "./format";

export default function SparklineCanvas({ points, threshold, height = DEFAULT_SPARKLINE_HEIGHT, width = DEFAULT_SPARKLINE_WIDTH }: SparklineProps) {
  const data = points
    .filter((p) => Number.isFinite(p.value))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const last = data[data.length - 1];
  const hasThreshold = threshold != null && Number.isFinite(threshold);
  const values = data.map((p) => p.value);
  if (hasThreshold) values.push(threshold);
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (lo === hi) {
    lo -= Math.abs(lo) * 0.1 || 1;
    hi += Math.abs(hi) * 0.1 || 1;
  }
  const pad = (hi - lo) * 0.1;

  return (
    <LineChart width={width} height={height} data={data} margin={{ top: 3, right: 3, bottom: 3, left: 3 }} accessibilityLayer={false}>
      <XAxis dataKey="date" hide />
      <YAxis type="number" domain={[lo - pad, hi + pad]} hide allowDataOverflow />
      {hasThreshold ? <ReferenceLine y={threshold} stroke="var(--chart-target)" strokeWidth={1} strokeDasharray="3 2" /> : null}
      <Line dataKey="value" type="linear" stroke="var(--chart-accent)" strokeWidth={1.5} dot={false} activeDot={false} isAnimationActive={false} />
      {last ? <ReferenceDot x={last.date} y={last.value} r={2} fill="var(--chart-accent)" stroke="none" /> : null}
    </LineChart>
  );
}
