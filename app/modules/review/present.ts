/**
 * Present mode's running order: the agenda as one item per screen. Pure.
 *
 * An experiment that sits in several sections (overdue and waiting for its learning card, say)
 * is one screen naming all of them, so the meeting decides on it once. Gates follow the
 * hypotheses, then the action items, then the close, where the review is recorded.
 */
import { AGENDA_SECTION_TEXT, type Agenda, type AgendaExperiment, type AgendaGate, type AgendaHypothesis, type AgendaSection, type GateEvent } from "./agenda";

export type PresentExperiment = AgendaExperiment & { daysLeft?: number; overdueByDays?: number; from?: AgendaExperiment["verdict"] | null };

export type Slide =
  | { kind: "experiment"; sections: string[]; experiment: PresentExperiment }
  | { kind: "hypothesis"; sections: string[]; hypothesis: AgendaHypothesis & { ageDays: number } }
  | { kind: "gateChanges"; sections: string[]; events: GateEvent[] }
  | { kind: "gate"; sections: string[]; gate: AgendaGate }
  | { kind: "actions"; sections: string[] }
  | { kind: "close"; sections: string[] };

const EXPERIMENT_SECTIONS = ["overdue", "endingSoon", "verdictChanges", "learningCardsToWrite"] as const satisfies readonly AgendaSection[];

export function presentationSlides(agenda: Pick<Agenda, (typeof EXPERIMENT_SECTIONS)[number] | "untestedHighImportance" | "gateChanges" | "gates">): Slide[] {
  const slides: Slide[] = [];
  const byExperiment = new Map<string, Extract<Slide, { kind: "experiment" }>>();
  for (const section of EXPERIMENT_SECTIONS) {
    for (const experiment of agenda[section] as PresentExperiment[]) {
      const seen = byExperiment.get(experiment.id);
      if (seen) {
        seen.sections.push(AGENDA_SECTION_TEXT[section].title);
        // Keep the most telling timebox and the verdict change wherever it was found.
        seen.experiment = { ...experiment, ...seen.experiment, ...("from" in experiment ? { from: experiment.from } : null) };
        continue;
      }
      const slide = { kind: "experiment" as const, sections: [AGENDA_SECTION_TEXT[section].title], experiment: { ...experiment } };
      byExperiment.set(experiment.id, slide);
      slides.push(slide);
    }
  }
  for (const hypothesis of agenda.untestedHighImportance) slides.push({ kind: "hypothesis", sections: [AGENDA_SECTION_TEXT.untestedHighImportance.title], hypothesis });
  if (agenda.gateChanges.length > 0) slides.push({ kind: "gateChanges", sections: [AGENDA_SECTION_TEXT.gateChanges.title], events: agenda.gateChanges });
  // READY gates first: they are the ones waiting for a decision.
  const gates = [...(agenda.gates ?? [])].filter((gate) => gate.criteria.length > 0).sort((a, b) => Number(b.status === "READY") - Number(a.status === "READY"));
  for (const gate of gates) slides.push({ kind: "gate", sections: ["Gates and signals"], gate });
  slides.push({ kind: "actions", sections: ["Action items"] });
  slides.push({ kind: "close", sections: ["Record the review"] });
  return slides;
}
