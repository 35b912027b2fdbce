/**
 * Geometry of the assumptions map (app/components/assumptions-map.tsx): a 5 × 5 grid of
 * importance (1–5, up) by evidence strength (paid … none, left to right), drawn at two sizes —
 * wide for desktops, narrow for phones — so its text stays readable on both.
 *
 * Each hypothesis is a dot carrying its key ("H-3"). The threshold lines of the "test first"
 * quadrant run through the middle of the middle row and column; a cell they cross lays its dots
 * out in an even number of columns (rows), so the line passes between dots, never through one.
 * A cell whose dots and keys do not fit shows its count instead.
 */
import { textWidth } from "./layout";

export type MapGeometry = {
  width: number;
  height: number;
  pad: { left: number; right: number; top: number; bottom: number };
  /** Axis and quadrant text size. */
  fontSize: number;
  /** Size of the key beside (or below) each dot. */
  keySize: number;
  dotRadius: number;
  /** Keys below their dot (narrow) instead of beside it (wide). */
  keyBelow: boolean;
  /** Strength labels on two staggered rows, when a column is too narrow for "Committed". */
  staggerStrengths: boolean;
};

export const WIDE_MAP: MapGeometry = {
  width: 760,
  height: 470,
  pad: { left: 70, right: 20, top: 32, bottom: 56 },
  fontSize: 12,
  keySize: 11,
  dotRadius: 6,
  keyBelow: false,
  staggerStrengths: false,
};

export const NARROW_MAP: MapGeometry = {
  width: 340,
  height: 460,
  pad: { left: 36, right: 6, top: 48, bottom: 62 },
  fontSize: 12,
  keySize: 10,
  dotRadius: 5,
  keyBelow: true,
  staggerStrengths: true,
};

/** Gap between a dot and its key, and around each dot-and-key slot. */
const KEY_GAP = 3;
const SLOT_PAD = 2;

export type MapDot<P> = { point: P; cx: number; cy: number; r: number; keyX: number; keyY: number; keyAnchor: "start" | "middle" };

export function plotSize(g: MapGeometry) {
  const plotW = g.width - g.pad.left - g.pad.right;
  const plotH = g.height - g.pad.top - g.pad.bottom;
  return { plotW, plotH, colW: plotW / 5, rowH: plotH / 5 };
}

/** Left edge of a strength column (4 = paid, leftmost … 0 = none) and top edge of an importance row. */
export function cellOrigin(g: MapGeometry, importance: number, strength: number) {
  const { colW, rowH } = plotSize(g);
  return { x: g.pad.left + (4 - strength) * colW, y: g.pad.top + (5 - importance) * rowH };
}

/** The quadrant's threshold lines: through the middle of the plot, both ways. */
export function thresholdLines(g: MapGeometry) {
  const { plotW, plotH } = plotSize(g);
  return { x: g.pad.left + plotW / 2, y: g.pad.top + plotH / 2 };
}

/** Size of one dot with its key, the widest key deciding. */
export function slotSize(g: MapGeometry, keys: readonly string[]) {
  const keyW = Math.max(textWidth("H-1", g.keySize), ...keys.map((k) => textWidth(k, g.keySize)));
  const d = g.dotRadius * 2;
  return g.keyBelow ? { w: Math.max(d, keyW) + SLOT_PAD, h: d + KEY_GAP + g.keySize + SLOT_PAD, keyW } : { w: d + KEY_GAP + keyW + SLOT_PAD, h: Math.max(d, g.keySize + 2) + SLOT_PAD, keyW };
}

/**
 * Columns and rows for `n` dots in one cell, or null when they do not fit. `splitX` / `splitY`:
 * a threshold line runs down (across) the middle of the cell, so columns (rows) come in pairs.
 */
export function cellGrid(n: number, capacity: { cols: number; rows: number }, splitX: boolean, splitY: boolean): { cols: number; rows: number } | null {
  if (n <= 0) return { cols: 1, rows: 1 };
  const even = (v: number) => (v % 2 === 0 ? v : v + 1);
  const maxCols = splitX ? capacity.cols - (capacity.cols % 2) : capacity.cols;
  const maxRows = splitY ? capacity.rows - (capacity.rows % 2) : capacity.rows;
  if (maxCols < 1 || maxRows < 1) return null;
  let cols = Math.min(maxCols, Math.max(1, Math.ceil(Math.sqrt(n))));
  if (splitX) cols = Math.min(maxCols, even(cols));
  let rows = Math.ceil(n / cols);
  if (splitY) rows = even(rows);
  if (rows > maxRows) {
    cols = maxCols;
    rows = Math.ceil(n / cols);
    if (splitY) rows = even(rows);
  }
  return rows <= maxRows && cols * rows >= n ? { cols, rows } : null;
}

/** Places every cell's dots with their keys; returns the cells that did not fit as `crowded`. */
export function placeMapDots<C extends { importance: number; strength: number; total: number; points: { key: string }[] }>(
  g: MapGeometry,
  cells: readonly C[]
): { dots: MapDot<C["points"][number]>[]; crowded: C[] } {
  type P = C["points"][number];
  const { colW, rowH } = plotSize(g);
  const sparse = cells.filter((cell) => cell.points.length === cell.total);
  const slot = slotSize(
    g,
    sparse.flatMap((cell) => cell.points.map((p) => p.key))
  );

  const capacity = { cols: Math.floor(colW / slot.w), rows: Math.floor(rowH / slot.h) };
  const dots: MapDot<P>[] = [];
  const crowded: C[] = cells.filter((cell) => cell.points.length !== cell.total);
  for (const cell of sparse) {
    const grid = cellGrid(cell.points.length, capacity, cell.strength === 2, cell.importance === 3);
    if (!grid) {
      crowded.push(cell);
      continue;
    }
    const origin = cellOrigin(g, cell.importance, cell.strength);
    cell.points.forEach((point, index) => {
      const col = index % grid.cols;
      const row = Math.floor(index / grid.cols);
      const centreX = origin.x + ((col + 0.5) / grid.cols) * colW;
      const centreY = origin.y + ((row + 0.5) / grid.rows) * rowH;
      const r = g.dotRadius;
      if (g.keyBelow) {
        const top = centreY - (2 * r + KEY_GAP + g.keySize) / 2;
        dots.push({ point, cx: centreX, cy: top + r, r, keyX: centreX, keyY: top + 2 * r + KEY_GAP + g.keySize * 0.8, keyAnchor: "middle" });
      } else {
        const contentW = 2 * r + KEY_GAP + slot.keyW;
        const left = centreX - contentW / 2;
        dots.push({ point, cx: left + r, cy: centreY, r, keyX: left + 2 * r + KEY_GAP, keyY: centreY + g.keySize * 0.36, keyAnchor: "start" });
      }
    });
  }
  return { dots, crowded };
}
