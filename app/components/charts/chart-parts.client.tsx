/**
 * Small presentational pieces shared by the lazily loaded chart implementations.
 * Imported only by *.client.tsx chart files, so it travels in their lazy chunk.
 */
import type { CSSProperties, ReactNode } from "react";

/** Tick text style for both axes. */
export const axisTick = { fill: "var(--chart-axis)", fontSize: 12 } as const;

export const legendStyle: CSSProperties = { fontSize: 12, lineHeight: "16px" };

/** Rough pixel width of the widest tick label at 12px, for sizing the Y axis. */
export function tickWidth(labels: readonly string[]): number {
  const longest = labels.reduce((max, l) => Math.max(max, l.length), 0);
  return Math.max(28, Math.ceil(longest * 7) + 8);
}

/** Legend entries in the neutral text colour (the swatch beside them carries the colour). */
export function LegendText({ children }: { children: ReactNode }) {
  return <span style={{ color: "var(--chart-text)" }}>{children}</span>;
}

/** The tooltip card: a heading (the exact date or cycle) and a definition list of values. */
export function TooltipBox({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div
      className="rounded-md border px-3 py-2 text-xs shadow-md"
      style={{ background: "var(--chart-tooltip-bg)", borderColor: "var(--chart-tooltip-border)", color: "var(--chart-text)" }}
    >
      <p className="mb-1 font-semibold">{title}</p>
      <dl className="grid grid-cols-[auto_auto] gap-x-4 gap-y-0.5 [&_dd]:text-right [&_dd]:tabular-nums [&_dt]:opacity-80">{children}</dl>
    </div>
  );
}

/** A coloured swatch followed by its text label, for tooltip rows. */
export function Swatch({ color, children }: { color: string; children: ReactNode }) {
  return (
    <span className="inline-flex items-center gap-1.5">
      <span aria-hidden="true" className="inline-block size-2.5 rounded-sm" style={{ background: color }} />
      {children}
    </span>
  );
}
