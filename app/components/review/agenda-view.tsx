import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { AGENDA_SECTION_LIMIT, AGENDA_SECTION_TEXT, youngerUntestedNote, type AgendaSection, type ShownAgenda } from "~/modules/review/agenda";
import { VerdictBadge } from "../badges";
import { ExperimentFacts, ExperimentHeading, GatesAndSignals, HypothesisFacts } from "./agenda-items";
import { ExperimentDecisions, HypothesisDecisions, type DecideContext } from "./decisions";
import { DateText } from "../dates";

function Block({ section, agenda, note, children }: { section: AgendaSection; agenda: ShownAgenda; note?: string | null; children: ReactNode }) {
  const { title, empty } = AGENDA_SECTION_TEXT[section];
  const total = agenda.totals[section];
  const hidden = total - agenda[section].length;
  return (
    <section id={`agenda-${section}`} className="card p-4" aria-labelledby={`agenda-${section}-title`}>
      <h3 id={`agenda-${section}-title`} className="text-sm font-semibold">
        {title} <span className="muted font-normal">({total.toLocaleString("en")})</span>
      </h3>
      {total === 0 ? <p className="muted mt-2 text-sm">{empty}</p> : <ul className="mt-2 divide-y divide-zinc-100 text-sm dark:divide-zinc-800">{children}</ul>}
      {note ? <p className="muted mt-2 text-xs">{note}</p> : null}
      {hidden > 0 ? (
        <p className="mt-3 text-sm">
          <Link to={`?all=${section}#agenda-${section}`} preventScrollReset>
            Show all {total.toLocaleString("en")}
          </Link>
          <span className="muted"> — the first {agenda[section].length} are listed</span>
        </p>
      ) : agenda.expanded === section && total > AGENDA_SECTION_LIMIT ? (
        <p className="mt-3 text-sm">
          <Link to={`?#agenda-${section}`} preventScrollReset>
            Show only the first {AGENDA_SECTION_LIMIT}
          </Link>
        </p>
      ) : null}
    </section>
  );
}

function Item({ id, children, decide }: { id: string; children: ReactNode; decide?: ReactNode }) {
  return (
    <li id={id} className="scroll-mt-20 py-3 first:pt-1 last:pb-1">
      {children}
      {decide ? <div className="mt-2">{decide}</div> : null}
    </li>
  );
}

/**
 * The weekly agenda, live or as recorded. Each item carries what the meeting needs to decide on
 * it; with `decide` (the live review) each also offers the decisions that fit it, in place.
 */
export function AgendaView({ agenda, base, decide }: { agenda: ShownAgenda; base: string; decide?: DecideContext }) {
  const experimentItem = (section: AgendaSection, e: ShownAgenda["overdue"][number] | ShownAgenda["endingSoon"][number] | ShownAgenda["learningCardsToWrite"][number], note?: ReactNode) => {
    const scope = `${section}-${e.id}`;
    return (
      <Item key={e.id} id={scope} decide={decide ? <ExperimentDecisions experiment={e} scope={scope} context={decide} /> : undefined}>
        <ExperimentHeading experiment={e} base={base} today={agenda.today} note={note} />
        <ExperimentFacts experiment={e} />
      </Item>
    );
  };
  return (
    <div className="space-y-4">
      <Block section="overdue" agenda={agenda}>
        {agenda.overdue.map((e) => experimentItem("overdue", e))}
      </Block>
      <Block section="endingSoon" agenda={agenda}>
        {agenda.endingSoon.map((e) => experimentItem("endingSoon", e))}
      </Block>
      <Block section="verdictChanges" agenda={agenda}>
        {agenda.verdictChanges.map((e) =>
          experimentItem(
            "verdictChanges",
            e,
            <span className="muted inline-flex items-center gap-1 text-xs">
              ({e.from ? <>was <VerdictBadge verdict={e.from} /></> : "new on the agenda"})
            </span>,
          ),
        )}
      </Block>
      <Block section="learningCardsToWrite" agenda={agenda}>
        {agenda.learningCardsToWrite.map((e) => experimentItem("learningCardsToWrite", e))}
      </Block>
      <Block section="untestedHighImportance" agenda={agenda} note={youngerUntestedNote(agenda.youngerUntestedCount)}>
        {agenda.untestedHighImportance.map((h) => {
          const scope = `untestedHighImportance-${h.id}`;
          return (
            <Item key={h.id} id={scope} decide={decide ? <HypothesisDecisions hypothesis={h} scope={scope} context={decide} /> : undefined}>
              <HypothesisFacts hypothesis={h} base={base} />
            </Item>
          );
        })}
      </Block>
      <Block section="gateChanges" agenda={agenda}>
        {agenda.gateChanges.map((g, index) => (
          <Item key={index} id={`gateChanges-${index}`}>
            <span className="font-medium">{g.productName}</span> — {g.description} <span className="muted">(<DateText date={g.on} />)</span>
          </Item>
        ))}
      </Block>
      {agenda.gates || agenda.signals ? (
        <section id="agenda-gates" className="card p-4" aria-labelledby="agenda-gates-title">
          <h3 id="agenda-gates-title" className="mb-2 text-sm font-semibold">
            Gates and signals
          </h3>
          <GatesAndSignals gates={agenda.gates ?? []} signals={agenda.signals ?? []} base={base} />
        </section>
      ) : null}
    </div>
  );
}
