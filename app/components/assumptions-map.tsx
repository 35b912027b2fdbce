import { Link } from "@remix-run/react";
import type { HypothesisStatus } from "~/generated/prisma/enums";
import { describeStrength, MAP_CELL_DOTS, type MapCell } from "~/modules/hypotheses/map";
import { STATUS_LABELS } from "~/modules/hypotheses/vocabulary";

const STATUS_FILL: Record<HypothesisStatus, string> = {
  UNTESTED: "#71717a",
  TESTING: "#2563eb",
  VALIDATED: "#16a34a",
  INVALIDATED: "#dc2626",
  INCONCLUSIVE: "#d97706",
};

const STRENGTH_AXIS = ["Paid", "Committed", "Did", "Said", "None"];
const STATUS_ORDER = Object.keys(STATUS_FILL) as HypothesisStatus[];

/**
 * Strategyzer-style assumptions map, drawn as plain SVG so it renders without JavaScript:
 * importance up, evidence strength weakening to the right — the riskiest beliefs sit top-right.
 * A sparse cell shows each hypothesis as a dot; a crowded one shows its count and its mix of
 * statuses, linking to the list of exactly those hypotheses.
 */
export function AssumptionsMap({ total, cells, hrefFor, cellHref }: { total: number; cells: MapCell[]; hrefFor: (key: string) => string; cellHref: (cell: MapCell) => string }) {
  const width = 760;
  const height = 460;
  const pad = { left: 70, right: 20, top: 20, bottom: 56 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  // Columns: strength 4 (paid) … 0 (none), left to right. Rows: importance 1 … 5, bottom to top.
  const colW = plotW / 5;
  const rowH = plotH / 5;
  const cellX = (strength: number) => pad.left + (4 - strength) * colW;
  const cellY = (importance: number) => pad.top + (5 - importance) * rowH;
  const dotted = cells.filter((cell) => cell.points.length === cell.total);
  const crowded = cells.filter((cell) => cell.points.length < cell.total);
  const placed = dotted.flatMap((cell) => {
    const perRow = Math.max(1, Math.ceil(Math.sqrt(cell.points.length)));
    const rows = Math.ceil(cell.points.length / perRow);
    return cell.points.map((point, index) => ({
      point,
      cx: cellX(cell.strength) + (((index % perRow) + 0.5) / perRow) * colW,
      cy: cellY(cell.importance) + ((Math.floor(index / perRow) + 0.5) / rows) * rowH,
      r: Math.max(3, Math.min(9, colW / (perRow * 2.6))),
    }));
  });
  const points = dotted.flatMap((cell) => cell.points);

  return (
    <figure className="card p-4">
      <figcaption className="mb-2 text-sm font-semibold">Assumptions map</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} className="h-auto w-full" role="group" aria-label={`Assumptions map of ${total} hypotheses: importance against strength of evidence. Riskiest, top right.`}>
        <rect x={pad.left + plotW / 2} y={pad.top} width={plotW / 2} height={plotH / 2} className="fill-red-50 dark:fill-red-950/40" />
        <text x={pad.left + plotW - 8} y={pad.top + 16} textAnchor="end" className="fill-red-700 text-[12px] font-semibold dark:fill-red-300">
          Test first: important, little evidence
        </text>
        <text x={pad.left + 8} y={pad.top + 16} className="fill-zinc-500 text-[12px]">
          Important, well evidenced
        </text>
        {[0, 1, 2, 3, 4, 5].map((i) => (
          <g key={i}>
            <line x1={pad.left + i * colW} x2={pad.left + i * colW} y1={pad.top} y2={pad.top + plotH} className="stroke-zinc-200 dark:stroke-zinc-800" />
            <line x1={pad.left} x2={pad.left + plotW} y1={pad.top + i * rowH} y2={pad.top + i * rowH} className="stroke-zinc-200 dark:stroke-zinc-800" />
          </g>
        ))}
        <line x1={pad.left + plotW / 2} x2={pad.left + plotW / 2} y1={pad.top} y2={pad.top + plotH} className="stroke-zinc-400" strokeDasharray="4 4" />
        <line x1={pad.left} x2={pad.left + plotW} y1={pad.top + plotH / 2} y2={pad.top + plotH / 2} className="stroke-zinc-400" strokeDasharray="4 4" />
        {STRENGTH_AXIS.map((label, i) => (
          <text key={label} x={pad.left + (i + 0.5) * colW} y={pad.top + plotH + 18} textAnchor="middle" className="fill-zinc-600 text-[12px] dark:fill-zinc-400">
            {label}
          </text>
        ))}
        <text x={pad.left + plotW / 2} y={height - 8} textAnchor="middle" className="fill-zinc-700 text-[12px] font-medium dark:fill-zinc-300">
          Strength of evidence → weaker
        </text>
        {[1, 2, 3, 4, 5].map((importance) => (
          <text key={importance} x={pad.left - 10} y={pad.top + (5 - importance + 0.5) * rowH + 4} textAnchor="end" className="fill-zinc-600 text-[12px] dark:fill-zinc-400">
            {importance}
          </text>
        ))}
        <text transform={`translate(16 ${pad.top + plotH / 2}) rotate(-90)`} textAnchor="middle" className="fill-zinc-700 text-[12px] font-medium dark:fill-zinc-300">
          Importance ↑
        </text>
        {placed.map(({ point, cx, cy, r }) => (
          <a key={point.id} href={hrefFor(point.key)} aria-label={`${point.key}: ${point.statement} (${STATUS_LABELS[point.status]}, importance ${point.importance})`}>
            <title>{`${point.key} · ${STATUS_LABELS[point.status]} · importance ${point.importance}\n${point.statement}`}</title>
            <circle cx={cx} cy={cy} r={r} fill={STATUS_FILL[point.status]} className="stroke-white dark:stroke-zinc-900" strokeWidth={1.5} />
          </a>
        ))}
        {crowded.map((cell) => {
          const mix = STATUS_ORDER.filter((status) => cell.byStatus[status]).map((status) => `${cell.byStatus[status]} ${STATUS_LABELS[status].toLowerCase()}`).join(", ");
          const label = `${cell.total} hypotheses of importance ${cell.importance}, ${describeStrength(cell.strength)} — ${mix}`;
          const barW = colW - 48;
          let offset = 0;
          return (
            <a key={`${cell.importance}:${cell.strength}`} href={cellHref(cell)} aria-label={label}>
              <title>{label}</title>
              <text x={cellX(cell.strength) + colW / 2} y={cellY(cell.importance) + rowH / 2 + 4} textAnchor="middle" className="fill-zinc-900 text-[16px] font-semibold underline-offset-2 hover:underline dark:fill-zinc-100">
                {cell.total.toLocaleString("en")}
              </text>
              {STATUS_ORDER.filter((status) => cell.byStatus[status]).map((status) => {
                const w = (barW * cell.byStatus[status]!) / cell.total;
                const x = cellX(cell.strength) + 24 + offset;
                offset += w;
                return <rect key={status} x={x} y={cellY(cell.importance) + rowH / 2 + 12} width={w} height={5} fill={STATUS_FILL[status]} />;
              })}
            </a>
          );
        })}
      </svg>
      <ul className="mt-3 flex flex-wrap gap-4 text-xs">
        {STATUS_ORDER.map((status) => (
          <li key={status} className="flex items-center gap-1.5">
            <span aria-hidden className="inline-block size-2.5 rounded-full" style={{ background: STATUS_FILL[status] }} />
            {STATUS_LABELS[status]}
          </li>
        ))}
      </ul>
      {crowded.length > 0 ? (
        <p className="muted mt-2 text-xs">
          A cell with more than {MAP_CELL_DOTS} hypotheses shows how many it holds and their mix of statuses; select it to list them, riskiest first.
        </p>
      ) : null}
      {crowded.length === 0 && points.length <= 60 ? (
        <details className="mt-3 text-sm">
          <summary className="cursor-pointer text-accent-600 dark:text-accent-300">Show as a list</summary>
          <ul className="mt-2 space-y-1">
            {[...points]
              .sort((a, b) => b.importance - a.importance || a.strength - b.strength)
              .map((point) => (
                <li key={point.id}>
                  <Link to={hrefFor(point.key)}>{point.key}</Link> — importance {point.importance}, evidence {STRENGTH_AXIS[4 - point.strength].toLowerCase()}: {point.statement}
                </li>
              ))}
          </ul>
        </details>
      ) : null}
    </figure>
  );
}
