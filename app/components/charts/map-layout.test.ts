import { describe, expect, it } from "vitest";
import { boxesOverlap, labelBox, textWidth } from "./layout";
import { NARROW_MAP, WIDE_MAP, cellGrid, placeMapDots, thresholdLines, type MapGeometry } from "./map-layout";

type Point = { key: string };
type Cell = { importance: number; strength: number; total: number; points: Point[] };

let next = 1;
function cell(importance: number, strength: number, n: number): Cell {
  return { importance, strength, total: n, points: Array.from({ length: n }, () => ({ key: `H-${next++}` })) };
}

/** Every cell of the grid, the middle row and column (crossed by the threshold lines) included. */
function grid(n: number): Cell[] {
  next = 1;
  const cells: Cell[] = [];
  for (let importance = 1; importance <= 5; importance += 1) for (let strength = 0; strength <= 4; strength += 1) cells.push(cell(importance, strength, n));
  return cells;
}

function keyBox(g: MapGeometry, dot: { keyX: number; keyY: number; keyAnchor: "start" | "middle" }, key: string) {
  const w = textWidth(key, g.keySize);
  const x0 = dot.keyAnchor === "start" ? dot.keyX : dot.keyX - w / 2;
  return { x0, x1: x0 + w, y0: dot.keyY - g.keySize * 0.95, y1: dot.keyY + g.keySize * 0.25 };
}

describe.each([
  ["wide", WIDE_MAP],
  ["narrow", NARROW_MAP],
] as const)("the %s assumptions map", (_name, g) => {
  it.each([1, 2, 3, 4])("gives every dot its key, clear of the threshold lines and of each other (%i per cell)", (n) => {
    const { dots, crowded } = placeMapDots(g, grid(n));
    const split = thresholdLines(g);
    expect(dots.length + crowded.reduce((sum, c) => sum + c.total, 0)).toBe(25 * n);
    if (n === 1) expect(dots).toHaveLength(25);
    const boxes = dots.map((dot) => {
      const key = keyBox(g, dot, dot.point.key);
      const x0 = Math.min(dot.cx - dot.r, key.x0);
      const x1 = Math.max(dot.cx + dot.r, key.x1);
      const y0 = Math.min(dot.cy - dot.r, key.y0);
      const y1 = Math.max(dot.cy + dot.r, key.y1);
      // Neither threshold line runs through a dot or its key.
      expect(x0 > split.x || x1 < split.x, `${dot.point.key} crosses the vertical line`).toBe(true);
      expect(y0 > split.y || y1 < split.y, `${dot.point.key} crosses the horizontal line`).toBe(true);
      return { x0, x1, y0, y1, key: dot.point.key };
    });
    for (let i = 0; i < boxes.length; i += 1) for (let j = i + 1; j < boxes.length; j += 1) expect(boxesOverlap(boxes[i], boxes[j]), `${boxes[i].key} / ${boxes[j].key}`).toBe(false);
  });

  it("shows a cell's count when its dots and keys do not fit", () => {
    const full = cell(5, 0, 40);
    const { dots, crowded } = placeMapDots(g, [full]);
    expect(dots).toHaveLength(0);
    expect(crowded).toEqual([full]);
  });
});

describe("cell grids", () => {
  it("use an even number of columns or rows where a threshold line crosses the cell", () => {
    expect(cellGrid(1, { cols: 2, rows: 4 }, true, false)).toEqual({ cols: 2, rows: 1 });
    expect(cellGrid(1, { cols: 2, rows: 4 }, false, true)).toEqual({ cols: 1, rows: 2 });
    expect(cellGrid(3, { cols: 3, rows: 4 }, true, true)).toEqual({ cols: 2, rows: 2 });
    expect(cellGrid(5, { cols: 1, rows: 4 }, false, false)).toBeNull();
    expect(cellGrid(1, { cols: 1, rows: 4 }, true, false)).toBeNull();
  });

  it("measure keys as they are drawn", () => {
    expect(labelBox("H-12", 0, 0, "start").x1).toBe(textWidth("H-12"));
  });
});
