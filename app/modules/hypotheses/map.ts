import type { HypothesisStatus } from "~/generated/prisma/enums";
import { STRENGTH_LABELS } from "./vocabulary";

/** A cell of the assumptions map holding more hypotheses than this shows their count, not dots. */
export const MAP_CELL_DOTS = 16;

export type MapPoint = { id: string; key: string; statement: string; importance: number; strength: number; status: HypothesisStatus };

/** One importance × evidence-strength cell: its count by status, and its hypotheses when it is sparse. */
export type MapCell = { importance: number; strength: number; total: number; byStatus: Partial<Record<HypothesisStatus, number>>; points: MapPoint[] };

/** "no evidence yet", "strongest evidence: did". */
export function describeStrength(strength: number): string {
  return strength === 0 ? "no evidence yet" : `strongest evidence: ${STRENGTH_LABELS[strength].toLowerCase()}`;
}
