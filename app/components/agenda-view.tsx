import { Link } from "@remix-run/react";
import { AGENDA_SECTION_LIMIT, AGENDA_SECTION_TEXT, type AgendaSection, type ShownAgenda } from "~/modules/review/agenda";
import { VerdictBadge } from "./badges";

function Block({
  section,
  title,
  empty,
  agenda,
  children,
}: {
  section: AgendaSection;
  title: string;
  empty: string;
  agenda: ShownAgenda;
  children: React.ReactNode;
}) {
  const total = agenda.totals[section];
  const hidden = total - agenda[section].length;
  return (
    <section id={`agenda-${section}`} className="card p-4" aria-labelledby={`agenda-${section}-title`}>
      <h3 id={`agenda-${section}-title`} className="text-sm font-semibold">
        {title} <span className="muted font-normal">({total.toLocaleString("en")})</span>
      </h3>
      {total === 0 ? <p className="muted mt-2 text-sm">{empty}</p> : <ul className="text-links mt-2 space-y-2 text-sm">{children}</ul>}
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

/** The weekly agenda, live or as recorded; links point into the team. */
export function AgendaView({ agenda, base }: { agenda: ShownAgenda; base: string }) {
  const exp = (key: string) => `${base}/experiments/${key}`;
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <Block section="overdue" agenda={agenda} {...AGENDA_SECTION_TEXT.overdue}>
        {agenda.overdue.map((e) => (
          <li key={e.id}>
            <Link to={exp(e.key)}>{e.key}</Link> {e.title} — <span className="font-medium text-red-700 dark:text-red-400">overdue by {e.overdueByDays} day{e.overdueByDays === 1 ? "" : "s"}</span>
          </li>
        ))}
      </Block>
      <Block section="endingSoon" agenda={agenda} {...AGENDA_SECTION_TEXT.endingSoon}>
        {agenda.endingSoon.map((e) => (
          <li key={e.id}>
            <Link to={exp(e.key)}>{e.key}</Link> {e.title} — {e.daysLeft === 0 ? "last day" : `${e.daysLeft} day${e.daysLeft === 1 ? "" : "s"} left`}
          </li>
        ))}
      </Block>
      <Block section="verdictChanges" agenda={agenda} {...AGENDA_SECTION_TEXT.verdictChanges}>
        {agenda.verdictChanges.map((e) => (
          <li key={e.id} className="flex flex-wrap items-center gap-1.5">
            <Link to={exp(e.key)}>{e.key}</Link> {e.title}: {e.from ? <VerdictBadge verdict={e.from} /> : <span className="muted">new</span>} → <VerdictBadge verdict={e.to} />
          </li>
        ))}
      </Block>
      <Block section="learningCardsToWrite" agenda={agenda} {...AGENDA_SECTION_TEXT.learningCardsToWrite}>
        {agenda.learningCardsToWrite.map((e) => (
          <li key={e.id}>
            <Link to={`${exp(e.key)}/conclude`}>Conclude {e.key}</Link> {e.title}
          </li>
        ))}
      </Block>
      <Block section="untestedHighImportance" agenda={agenda} {...AGENDA_SECTION_TEXT.untestedHighImportance}>
        {agenda.untestedHighImportance.map((h) => (
          <li key={h.id}>
            <Link to={`${base}/hypotheses/${h.key}`}>{h.key}</Link> {h.statement} <span className="muted">— importance {h.importance}, {h.ageDays} days old</span>
          </li>
        ))}
      </Block>
      <Block section="gateChanges" agenda={agenda} {...AGENDA_SECTION_TEXT.gateChanges}>
        {agenda.gateChanges.map((g, index) => (
          <li key={index}>
            <span className="font-medium">{g.productName}</span> — {g.description} <span className="muted">({g.on})</span>
          </li>
        ))}
      </Block>
    </div>
  );
}
