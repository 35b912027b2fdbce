/**
 * Calendar quarters and years for the learning library: the periods it filters by, and the
 * "changed our mind" count per quarter. Quarters are read in UTC, like every date Evident shows.
 */
import type { Decision } from "~/generated/prisma/enums";

export type Quarter = { year: number; quarter: 1 | 2 | 3 | 4 };

/** Pivoting or killing: the evidence changed what the team does. */
export const CHANGED_MIND_DECISIONS = ["PIVOT", "KILL"] as const satisfies readonly Decision[];

export function changedOurMind(decision: Decision): boolean {
  return (CHANGED_MIND_DECISIONS as readonly Decision[]).includes(decision);
}

export function quarterOf(date: Date): Quarter {
  return { year: date.getUTCFullYear(), quarter: (Math.floor(date.getUTCMonth() / 3) + 1) as Quarter["quarter"] };
}

/** "2026-Q1": how a quarter is written in a query string and by the database's to_char(…, 'YYYY-"Q"Q'). */
export function quarterKey({ year, quarter }: Quarter): string {
  return `${year}-Q${quarter}`;
}

/** "Q1 2026": how people read it. */
export function quarterLabel({ year, quarter }: Quarter): string {
  return `Q${quarter} ${year}`;
}

// Years a card can be dated in; anything else in an address is not a period.
const MIN_YEAR = 1900;
const MAX_YEAR = 9999;

export function parseQuarterKey(value: string): Quarter | null {
  const match = /^(\d{4})-Q([1-4])$/.exec(value);
  if (!match) return null;
  const year = Number(match[1]);
  if (year < MIN_YEAR || year > MAX_YEAR) return null;
  return { year, quarter: Number(match[2]) as Quarter["quarter"] };
}

export function previousQuarter({ year, quarter }: Quarter): Quarter {
  return quarter === 1 ? { year: year - 1, quarter: 4 } : { year, quarter: (quarter - 1) as Quarter["quarter"] };
}

function compareQuarters(a: Quarter, b: Quarter): number {
  return a.year - b.year || a.quarter - b.quarter;
}

/** A period of the library's filter: one quarter ("2026-Q1") or one year ("2026"). */
export type Period = { kind: "quarter"; quarter: Quarter } | { kind: "year"; year: number };

export function parsePeriod(value: string): Period | null {
  const quarter = parseQuarterKey(value);
  if (quarter) return { kind: "quarter", quarter };
  if (!/^\d{4}$/.test(value)) return null;
  const year = Number(value);
  return year >= MIN_YEAR && year <= MAX_YEAR ? { kind: "year", year } : null;
}

export function periodKey(period: Period): string {
  return period.kind === "quarter" ? quarterKey(period.quarter) : String(period.year);
}

export function periodLabel(period: Period): string {
  return period.kind === "quarter" ? quarterLabel(period.quarter) : `All of ${period.year}`;
}

/** The instants a period covers: from its first moment (inclusive) to the next period's first (exclusive), in UTC. */
export function periodRange(period: Period): { from: Date; until: Date } {
  if (period.kind === "year") return { from: new Date(Date.UTC(period.year, 0, 1)), until: new Date(Date.UTC(period.year + 1, 0, 1)) };
  const month = (period.quarter.quarter - 1) * 3;
  return { from: new Date(Date.UTC(period.quarter.year, month, 1)), until: new Date(Date.UTC(period.quarter.year, month + 3, 1)) };
}

/** Learning cards of one quarter with one decision, as the database counts them. */
export type QuarterDecisionCount = { quarter: string; decision: Decision; count: number };

export type ChangedMindQuarter = { key: string; label: string; changed: number; decided: number };

/**
 * Pivots and kills per quarter, newest first, beside every decision taken that quarter: each
 * quarter from the latest back to the team's first card (or back `limit` quarters at most), the
 * quiet ones included as zeros so a gap reads as a gap. The latest is the current quarter, or a
 * later one if a card is dated there. Empty when there are no cards.
 */
export function changedMindByQuarter(counts: QuarterDecisionCount[], today: Date, limit = 8): ChangedMindQuarter[] {
  const byQuarter = new Map<string, { changed: number; decided: number }>();
  let earliest: Quarter | null = null;
  let latest = quarterOf(today);
  for (const row of counts) {
    const quarter = parseQuarterKey(row.quarter);
    if (!quarter || row.count <= 0) continue;
    if (!earliest || compareQuarters(quarter, earliest) < 0) earliest = quarter;
    if (compareQuarters(quarter, latest) > 0) latest = quarter;
    const entry = byQuarter.get(row.quarter) ?? { changed: 0, decided: 0 };
    entry.decided += row.count;
    if (changedOurMind(row.decision)) entry.changed += row.count;
    byQuarter.set(row.quarter, entry);
  }
  if (!earliest) return [];
  const quarters: ChangedMindQuarter[] = [];
  for (let quarter = latest; compareQuarters(quarter, earliest) >= 0 && quarters.length < limit; quarter = previousQuarter(quarter)) {
    const key = quarterKey(quarter);
    quarters.push({ key, label: quarterLabel(quarter), ...(byQuarter.get(key) ?? { changed: 0, decided: 0 }) });
  }
  return quarters;
}

/**
 * The periods offered by the library's filter, newest first: this year and every year with a
 * card, each followed by its quarters that have begun (or hold a card). `chosen`, a period typed
 * into the address, is kept so the filter can show it.
 */
export function periodOptions(quartersWithCards: string[], today: Date, chosen?: Period): Period[] {
  const current = quarterOf(today);
  const latestWithCard = new Map<number, number>();
  const years = new Set([current.year]);
  const note = (quarter: Quarter) => {
    years.add(quarter.year);
    latestWithCard.set(quarter.year, Math.max(latestWithCard.get(quarter.year) ?? 0, quarter.quarter));
  };
  for (const key of quartersWithCards) {
    const quarter = parseQuarterKey(key);
    if (quarter) note(quarter);
  }
  if (chosen?.kind === "quarter") note(chosen.quarter);
  if (chosen?.kind === "year") years.add(chosen.year);
  return [...years]
    .sort((a, b) => b - a)
    .flatMap((year): Period[] => {
      const begun = year < current.year ? 4 : year === current.year ? current.quarter : 0;
      const last = Math.max(begun, latestWithCard.get(year) ?? 0);
      const quarters = [4, 3, 2, 1].filter((quarter) => quarter <= last).map((quarter): Period => ({ kind: "quarter", quarter: { year, quarter: quarter as Quarter["quarter"] } }));
      return [{ kind: "year", year }, ...quarters];
    });
}
