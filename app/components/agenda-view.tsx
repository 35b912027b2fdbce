import { Link } from "@remix-run/react";
import type { Agenda } from "~/modules/review/agenda";
import { VerdictBadge } from "./badges";

function Block({ title, empty, children, count }: { title: string; empty: string; count: number; children: React.ReactNode }) {
  return (
    <section className="card p-4">
      <h3 className="text-sm font-semibold">
        {title} <span className="muted font-normal">({count})</span>
      </h3>
      {count === 0 ? <p className="muted mt-2 text-sm">{empty}</p> : <ul className="mt-2 space-y-2 text-sm">{children}</ul>}
    </section>
  );
}

/** The weekly agenda, live or as recorded; links point into the team. */
export function AgendaView({ agenda, base }: { agenda: Agenda; base: string }) {
  const exp = (key: string) => `${base}/experiments/${key}`;
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <Block title="Overdue" count={agenda.overdue.length} empty="Nothing is past its timebox.">
        {agenda.overdue.map((e) => (
          <li key={e.id}>
            <Link to={exp(e.key)}>{e.key}</Link> {e.title} — <span className="font-medium text-red-700 dark:text-red-400">overdue by {e.overdueByDays} day{e.overdueByDays === 1 ? "" : "s"}</span>
          </li>
        ))}
      </Block>
      <Block title="Ending within 7 days" count={agenda.endingSoon.length} empty="No experiment ends this week.">
        {agenda.endingSoon.map((e) => (
          <li key={e.id}>
            <Link to={exp(e.key)}>{e.key}</Link> {e.title} — {e.daysLeft === 0 ? "last day" : `${e.daysLeft} day${e.daysLeft === 1 ? "" : "s"} left`}
          </li>
        ))}
      </Block>
      <Block title="Verdicts that changed" count={agenda.verdictChanges.length} empty="No verdict changed since the last review.">
        {agenda.verdictChanges.map((e) => (
          <li key={e.id} className="flex flex-wrap items-center gap-1.5">
            <Link to={exp(e.key)}>{e.key}</Link> {e.title}: {e.from ? <VerdictBadge verdict={e.from} /> : <span className="muted">new</span>} → <VerdictBadge verdict={e.to} />
          </li>
        ))}
      </Block>
      <Block title="Learning cards to write" count={agenda.learningCardsToWrite.length} empty="No experiment is waiting to be concluded.">
        {agenda.learningCardsToWrite.map((e) => (
          <li key={e.id}>
            <Link to={`${exp(e.key)}/conclude`}>Conclude {e.key}</Link> {e.title}
          </li>
        ))}
      </Block>
      <Block title="Important and still untested" count={agenda.untestedHighImportance.length} empty="Every important hypothesis has been tested within two cycles.">
        {agenda.untestedHighImportance.map((h) => (
          <li key={h.id}>
            <Link to={`${base}/hypotheses/${h.key}`}>{h.key}</Link> {h.statement} <span className="muted">— importance {h.importance}, {h.ageDays} days old</span>
          </li>
        ))}
      </Block>
      <Block title="Gate changes" count={agenda.gateChanges.length} empty="No gate decisions or proposals decided.">
        {agenda.gateChanges.map((g, index) => (
          <li key={index}>
            <span className="font-medium">{g.productName}</span> — {g.description} <span className="muted">({g.on})</span>
          </li>
        ))}
      </Block>
    </div>
  );
}
