/**
 * Small presentational pieces shared by the lazily loaded chart implementations.
 * Imported only by *.client.tsx chart files, so it travels in their lazy chunk.
 */
import type { ReactNode } from "react";
import type { Frame } from "./layout";

/**
 * The Recharts layer draws only data and tooltips: its axes are hidden and its margins are the
 * frame's, so its plot area is exactly the static frame's plot area underneath.
 */
export function chartBox(frame: Frame, width: number) {
  return { width, height: frame.height, margin: { ...frame.margin } };
}

/** The tooltip card: a heading (the exact date or cycle) and a definition list of values. */
export function TooltipBox({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="rounded-md border px-3 py-2 text-xs shadow-md" style={{ background: "var(--chart-tooltip-bg)", borderColor: "var(--chart-tooltip-border)", color: "var(--chart-text)" }}>
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
