import { Link } from "@remix-run/react";
import type { HypothesisStatus } from "~/generated/prisma/enums";
import { cellOrigin, NARROW_MAP, placeMapDots, plotSize, thresholdLines, WIDE_MAP, type MapDot, type MapGeometry } from "~/components/charts/map-layout";
import { describeStrength, MAP_CELL_DOTS, type MapCell, type MapPoint } from "~/modules/hypotheses/map";
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
/** Text drawn over grid lines gets a halo in the card's colour, so no line runs through it. */
const HALO = "stroke-white dark:stroke-zinc-900";

type MapProps = { total: number; cells: MapCell[]; hrefFor: (key: string) => string; cellHref: (cell: MapCell) => string };

/**
 * Strategyzer-style assumptions map, drawn as plain SVG so it renders without JavaScript:
 * importance up, evidence strength weakening to the right — the riskiest beliefs sit top-right.
 * Each hypothesis is a dot carrying its key; the quadrant's threshold lines pass between dots,
 * never through them. A cell too full for its dots shows its count and its mix of statuses,
 * linking to the list of exactly those hypotheses. Drawn twice — wide, and narrow for phones — so
 * its text stays readable at either size; CSS shows the one that fits.
 */
export function AssumptionsMap({ total, cells, hrefFor, cellHref }: MapProps) {
  const points = cells.filter((cell) => cell.points.length === cell.total).flatMap((cell) => cell.points);
  const crowdedOnServer = cells.some((cell) => cell.points.length < cell.total);
  const wide = placeMapDots(WIDE_MAP, cells);
  const narrow = placeMapDots(NARROW_MAP, cells);
  return (
    <figure className="card p-4">
      <figcaption className="mb-2 text-sm font-semibold">Assumptions map</figcaption>
      <MapDrawing geometry={WIDE_MAP} placed={wide} total={total} hrefFor={hrefFor} cellHref={cellHref} className="hidden sm:block" />
      <MapDrawing geometry={NARROW_MAP} placed={narrow} total={total} hrefFor={hrefFor} cellHref={cellHref} className="sm:hidden" />
      <ul className="mt-3 flex flex-wrap gap-4 text-xs">
        {STATUS_ORDER.map((status) => (
          <li key={status} className="flex items-center gap-1.5">
            <span aria-hidden className="inline-block size-2.5 rounded-full" style={{ background: STATUS_FILL[status] }} />
            {STATUS_LABELS[status]}
          </li>
        ))}
      </ul>
      {wide.crowded.length > 0 || narrow.crowded.length > 0 ? (
        <p className="muted mt-2 text-xs">
          A cell too full for its dots (always one with more than {MAP_CELL_DOTS} hypotheses) shows how many it holds and their mix of statuses; select it to list them, riskiest first.
        </p>
      ) : null}
      {!crowdedOnServer && points.length <= 60 ? (
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

function MapDrawing({
  geometry: g,
  placed,
  total,
  hrefFor,
  cellHref,
  className,
}: {
  geometry: MapGeometry;
  placed: { dots: MapDot<MapPoint>[]; crowded: MapCell[] };
  total: number;
  hrefFor: MapProps["hrefFor"];
  cellHref: MapProps["cellHref"];
  className: string;
}) {
  const { pad } = g;
  const { plotW, plotH, colW, rowH } = plotSize(g);
  const split = thresholdLines(g);
  const font = { fontSize: g.fontSize } as const;
  const narrowQuadrantLabels = g.staggerStrengths;
  return (
    <svg
      viewBox={`0 0 ${g.width} ${g.height}`}
      className={`h-auto w-full ${className}`}
      role="group"
      aria-label={`Assumptions map of ${total} hypotheses: importance against strength of evidence. Riskiest, top right.`}
    >
      <rect x={split.x} y={pad.top} width={pad.left + plotW - split.x} height={split.y - pad.top} className="fill-red-50 dark:fill-red-950/40" />
      {[0, 1, 2, 3, 4, 5].map((i) => (
        <g key={i}>
          <line x1={pad.left + i * colW} x2={pad.left + i * colW} y1={pad.top} y2={pad.top + plotH} className="stroke-zinc-200 dark:stroke-zinc-800" />
          <line x1={pad.left} x2={pad.left + plotW} y1={pad.top + i * rowH} y2={pad.top + i * rowH} className="stroke-zinc-200 dark:stroke-zinc-800" />
        </g>
      ))}
      <line x1={split.x} x2={split.x} y1={pad.top} y2={pad.top + plotH} className="stroke-zinc-400" strokeDasharray="4 4" />
      <line x1={pad.left} x2={pad.left + plotW} y1={split.y} y2={split.y} className="stroke-zinc-400" strokeDasharray="4 4" />
      {/* Quadrant names sit above the grid, where no dot can be. */}
      <text x={pad.left + plotW} y={narrowQuadrantLabels ? pad.top - 8 : pad.top - 10} textAnchor="end" style={font} className="fill-red-700 font-semibold dark:fill-red-300">
        Test first: important, little evidence
      </text>
      <text x={pad.left} y={narrowQuadrantLabels ? pad.top - 26 : pad.top - 10} style={font} className="fill-zinc-500 dark:fill-zinc-400">
        Important, well evidenced
      </text>
      {STRENGTH_AXIS.map((label, i) => (
        <text
          key={label}
          x={pad.left + (i + 0.5) * colW}
          y={pad.top + plotH + (g.staggerStrengths && i % 2 === 1 ? 32 : 18)}
          textAnchor="middle"
          style={font}
          className="fill-zinc-600 dark:fill-zinc-400"
        >
          {label}
        </text>
      ))}
      <text x={pad.left + plotW / 2} y={g.height - 8} textAnchor="middle" style={font} className="fill-zinc-700 font-medium dark:fill-zinc-300">
        Strength of evidence → weaker
      </text>
      {[1, 2, 3, 4, 5].map((importance) => (
        <text key={importance} x={pad.left - 10} y={pad.top + (5 - importance + 0.5) * rowH + 4} textAnchor="end" style={font} className="fill-zinc-600 dark:fill-zinc-400">
          {importance}
        </text>
      ))}
      <text transform={`translate(${g.fontSize + 2} ${pad.top + plotH / 2}) rotate(-90)`} textAnchor="middle" style={font} className="fill-zinc-700 font-medium dark:fill-zinc-300">
        Importance ↑
      </text>
      {placed.dots.map(({ point, cx, cy, r, keyX, keyY, keyAnchor }) => (
        <a key={point.id} href={hrefFor(point.key)} aria-label={`${point.key}: ${point.statement} (${STATUS_LABELS[point.status]}, importance ${point.importance})`}>
          <title>{`${point.key} · ${STATUS_LABELS[point.status]} · importance ${point.importance}\n${point.statement}`}</title>
          <circle cx={cx} cy={cy} r={r} fill={STATUS_FILL[point.status]} className="stroke-white dark:stroke-zinc-900" strokeWidth={1.5} />
          <text
            x={keyX}
            y={keyY}
            textAnchor={keyAnchor}
            style={{ fontSize: g.keySize }}
            paintOrder="stroke"
            strokeWidth={3}
            strokeLinejoin="round"
            className={`fill-zinc-800 font-medium dark:fill-zinc-200 ${HALO}`}
            data-map-key=""
          >
            {point.key}
          </text>
        </a>
      ))}
      {placed.crowded.map((cell) => {
        const mix = STATUS_ORDER.filter((status) => cell.byStatus[status])
          .map((status) => `${cell.byStatus[status]} ${STATUS_LABELS[status].toLowerCase()}`)
          .join(", ");
        const label = `${cell.total} hypotheses of importance ${cell.importance}, ${describeStrength(cell.strength)} — ${mix}`;
        const origin = cellOrigin(g, cell.importance, cell.strength);
        const inset = Math.min(24, colW * 0.15);
        const barW = colW - 2 * inset;
        let offset = 0;
        return (
          <a key={`${cell.importance}:${cell.strength}`} href={cellHref(cell)} aria-label={label}>
            <title>{label}</title>
            <text
              x={origin.x + colW / 2}
              y={origin.y + rowH / 2 + 4}
              textAnchor="middle"
              style={{ fontSize: 16 }}
              paintOrder="stroke"
              strokeWidth={4}
              strokeLinejoin="round"
              className={`fill-zinc-900 font-semibold underline-offset-2 hover:underline dark:fill-zinc-100 ${HALO}`}
            >
              {cell.total.toLocaleString("en")}
            </text>
            {STATUS_ORDER.filter((status) => cell.byStatus[status]).map((status) => {
              const w = (barW * cell.byStatus[status]!) / cell.total;
              const x = origin.x + inset + offset;
              offset += w;
              return <rect key={status} x={x} y={origin.y + rowH / 2 + 12} width={w} height={5} fill={STATUS_FILL[status]} />;
            })}
          </a>
        );
      })}
    </svg>
  );
}
