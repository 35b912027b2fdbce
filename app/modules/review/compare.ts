/**
 * "What changed since last week": two recorded agendas side by side, per section.
 *
 * Pure. An item is the same item in both when its id is the same; gate changes are left out
 * because each agenda already holds only the gate changes since the review before it.
 */
import { AGENDA_SECTION_TEXT, type Agenda, type AgendaSection } from "./agenda";

/** The sections whose items persist from week to week, so their coming and going means something. */
export const COMPARED_SECTIONS = ["overdue", "endingSoon", "verdictChanges", "learningCardsToWrite", "untestedHighImportance"] as const satisfies readonly AgendaSection[];

type ComparedSection = (typeof COMPARED_SECTIONS)[number];
type Item = { id: string; key: string; title: string };

export type SectionComparison = { section: ComparedSection; title: string; added: Item[]; cleared: Item[]; kept: number };
export type AgendaComparison = { sections: SectionComparison[]; unchanged: boolean };

type ComparableAgenda = Pick<Agenda, ComparedSection>;

function itemsOf(agenda: ComparableAgenda, section: ComparedSection): Item[] {
  // A stored agenda came from an older version or an imported file: read what has the shape.
  const rows: unknown = agenda[section];
  if (!Array.isArray(rows)) return [];
  return rows
    .filter((row): row is Record<string, unknown> => typeof row === "object" && row !== null && typeof row.id === "string" && typeof row.key === "string")
    .map((row) => ({ id: row.id as string, key: row.key as string, title: String(section === "untestedHighImportance" ? row.statement : row.title) }));
}

export function compareAgendas(previous: ComparableAgenda, current: ComparableAgenda): AgendaComparison {
  const sections = COMPARED_SECTIONS.map((section) => {
    const before = itemsOf(previous, section);
    const now = itemsOf(current, section);
    const beforeIds = new Set(before.map((item) => item.id));
    const nowIds = new Set(now.map((item) => item.id));
    return {
      section,
      title: AGENDA_SECTION_TEXT[section].title,
      added: now.filter((item) => !beforeIds.has(item.id)),
      cleared: before.filter((item) => !nowIds.has(item.id)),
      kept: now.filter((item) => beforeIds.has(item.id)).length,
    };
  });
  return { sections, unchanged: sections.every((s) => s.added.length === 0 && s.cleared.length === 0) };
}
