import type { UpdateContent, UpdateSection } from "~/modules/updates/content";
import { ASK_STATUSES, describePeriodChange, describeSincePrevious, describeTarget, formatNumber, UPDATE_SECTIONS } from "~/modules/updates/content";
import type { NarrativeHtml } from "~/modules/updates/markdown.server";
import { SignalChart } from "./charts";
import { DateText } from "./dates";

/** Narrative the server rendered from Markdown (raw HTML escaped, links checked: markdown.server.ts). */
function Prose({ html }: { html: string }) {
  return <div className="update-prose text-[15px] leading-relaxed" dangerouslySetInnerHTML={{ __html: html }} />;
}

const ASK_TONES: Record<string, string> = {
  DONE: "bg-green-50 text-green-800 ring-green-200 dark:bg-green-950 dark:text-green-200 dark:ring-green-900",
  OPEN: "bg-amber-50 text-amber-800 ring-amber-200 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-900",
  DROPPED: "bg-zinc-100 text-zinc-700 ring-zinc-200 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700",
};

/** A section's heading; on the team's own page, sections kept from prospects say so. */
function SectionTitle({ section, marked, children }: { section: UpdateSection; marked: boolean; children?: string }) {
  return (
    <h2 className="mb-2 flex flex-wrap items-center gap-x-2 text-lg font-semibold">
      {children ?? UPDATE_SECTIONS[section]}
      {marked ? (
        <span className="rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800 ring-1 ring-inset ring-amber-200 print:hidden dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-900">
          Current investors only
        </span>
      ) : null}
    </h2>
  );
}

/**
 * The investor update as a document: the same on the team's page, the share link, a recipient's
 * personal link and paper. Sections left out of this edition (a prospect's) are not shown at all;
 * `showMarks` labels the sections prospects do not get (for the team's own eyes).
 */
export function UpdateDocument({ content, narrative, showMarks = false }: { content: UpdateContent; narrative: NarrativeHtml; showMarks?: boolean }) {
  const omitted = new Set(content.omitted ?? []);
  const shown = (section: UpdateSection) => !omitted.has(section);
  const marked = (section: UpdateSection) => showMarks && (content.investorsOnly ?? []).includes(section);
  return (
    <article className="update-document mx-auto max-w-3xl space-y-7">
      <header className="border-b border-zinc-200 pb-4 dark:border-zinc-800">
        <p className="text-sm font-medium text-accent-600 dark:text-accent-300">{content.teamName}</p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight">{content.title}</h1>
        <p className="muted mt-1 text-sm">
          <DateText date={content.periodStart} /> to <DateText date={content.periodEnd} />
        </p>
      </header>
      {content.highlights && shown("highlights") ? (
        <section>
          <SectionTitle section="highlights" marked={marked("highlights")} />
          <Prose html={narrative.highlights} />
        </section>
      ) : null}
      {content.lowlights && shown("lowlights") ? (
        <section>
          <SectionTitle section="lowlights" marked={marked("lowlights")} />
          <Prose html={narrative.lowlights} />
        </section>
      ) : null}
      {content.previousAsks?.items.length && shown("followUp") ? (
        <section>
          <SectionTitle section="followUp" marked={marked("followUp")} />
          <p className="muted mb-2 text-sm">What became of what we asked for in “{content.previousAsks.title}”.</p>
          <ul className="space-y-2 text-[15px] leading-relaxed">
            {content.previousAsks.items.map((item, index) => (
              <li key={item.position} className="flex items-baseline gap-2">
                <span className={`shrink-0 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${ASK_TONES[item.status] ?? ASK_TONES.OPEN}`}>
                  {ASK_STATUSES[item.status] ?? item.status}
                </span>
                <span>
                  <span className={item.status === "DROPPED" ? "muted" : undefined} dangerouslySetInnerHTML={{ __html: narrative.previousAsks[index] ?? "" }} />
                  {item.helpedBy ? <span className="muted"> — thanks to {item.helpedBy}</span> : null}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {content.asks && shown("asks") ? (
        <section>
          <SectionTitle section="asks" marked={marked("asks")} />
          <Prose html={narrative.asks} />
        </section>
      ) : null}
      {content.signals.length && shown("traction") ? (
        <section className="break-inside-avoid">
          <SectionTitle section="traction" marked={marked("traction")} />
          {/* On a phone each signal is a short block; from a tablet up (and on paper), a table. */}
          <ul className="space-y-3 text-sm sm:hidden">
            {content.signals.map((signal) => (
              <li key={signal.name} className="border-t border-zinc-100 pt-2 dark:border-zinc-800">
                <p className="flex items-baseline justify-between gap-3">
                  <span className="font-medium">{signal.name}</span>
                  <span className="font-semibold tabular-nums">{formatNumber(signal.end, signal.unit)}</span>
                </p>
                <p className="tabular-nums">
                  <span className="muted">Over the period:</span> {describePeriodChange(signal)}
                </p>
                <p className="tabular-nums">
                  <span className="muted">Since the last update:</span> {describeSincePrevious(signal)}
                </p>
                {signal.target ? (
                  <p className="tabular-nums">
                    <span className="muted">Target:</span> {describeTarget(signal)}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
          <div className="hidden sm:block print:block">
            <table className="w-full text-sm">
              <thead>
                <tr className="text-left text-xs uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
                  <th className="py-1.5 pr-3">Signal</th>
                  <th className="py-1.5 pr-3 text-right">End of period</th>
                  <th className="py-1.5 pr-3">Over the period</th>
                  <th className="py-1.5 pr-3">Since the last update</th>
                  <th className="py-1.5">Target</th>
                </tr>
              </thead>
              <tbody>
                {content.signals.map((signal) => (
                  <tr key={signal.name} className="border-t border-zinc-100 align-top dark:border-zinc-800">
                    <td className="py-2 pr-3 font-medium">{signal.name}</td>
                    <td className="py-2 pr-3 text-right font-semibold tabular-nums">{formatNumber(signal.end, signal.unit)}</td>
                    <td className="py-2 pr-3 tabular-nums">
                      {describePeriodChange(signal)}
                      {signal.start !== null && signal.end !== null && /^[+−]|^no change/.test(describePeriodChange(signal)) ? (
                        <span className="muted block text-xs">from {formatNumber(signal.start, signal.unit)}</span>
                      ) : null}
                    </td>
                    <td className="py-2 pr-3 tabular-nums">
                      {describeSincePrevious(signal)}
                      {signal.previous ? (
                        <span className="muted block text-xs">
                          was {formatNumber(signal.previous.value, signal.unit)} on <DateText date={signal.previous.periodEnd} />
                        </span>
                      ) : null}
                    </td>
                    <td className="py-2 tabular-nums">{describeTarget(signal)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {/* Each signal's readings over the period, with axes and its target: the same chart as on the gate. */}
          {content.signals.some((signal) => signal.points.length > 1) ? (
            <div className="mt-5 grid gap-5 sm:grid-cols-2 print:grid-cols-2">
              {content.signals
                .filter((signal) => signal.points.length > 1)
                .map((signal) => (
                  <div key={signal.name} className="break-inside-avoid">
                    <SignalChart name={signal.name} unit={signal.unit} points={signal.points} thresholds={signal.target ? [{ value: signal.target.value, label: `target ${describeTarget(signal)}` }] : []} height={150} />
                  </div>
                ))}
            </div>
          ) : null}
        </section>
      ) : null}
      {shown("learnings") ? (
        <section className="break-inside-avoid">
          <SectionTitle section="learnings" marked={marked("learnings")} />
          {content.learnings.length === 0 ? (
            <p className="muted text-sm">No hypothesis was validated or invalidated in this period.</p>
          ) : (
            <ul className="space-y-2 text-sm">
              {content.learnings.map((learning, index) => (
                <li key={index}>
                  <span className={`font-medium ${learning.status === "VALIDATED" ? "text-green-700 dark:text-green-400" : "text-red-700 dark:text-red-400"}`}>
                    {learning.key} {learning.status === "VALIDATED" ? "validated" : "invalidated"}:
                  </span>{" "}
                  {learning.statement}{" "}
                  <span className="muted">
                    — {learning.learned} Decision: {learning.decision.toLowerCase()}.
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      {shown("experiments") ? (
        <section className="break-inside-avoid">
          <SectionTitle section="experiments" marked={marked("experiments")}>{`Experiments run (${content.experiments.length})`}</SectionTitle>
          {content.experiments.length === 0 ? (
            <p className="muted text-sm">No experiments ran in this period.</p>
          ) : (
            <ul className="grid gap-1 text-sm sm:grid-cols-2">
              {content.experiments.map((experiment) => (
                <li key={experiment.key}>
                  <span className="font-mono text-xs text-accent-600 dark:text-accent-300">{experiment.key}</span> {experiment.title}{" "}
                  <span className="muted">— {experiment.verdict ?? experiment.status.toLowerCase()}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      {content.gates.length && shown("gates") ? (
        <section className="break-inside-avoid">
          <SectionTitle section="gates" marked={marked("gates")} />
          <ul className="space-y-2 text-sm">
            {content.gates.map((gate) => (
              <li key={gate.product}>
                <span className="font-medium">{gate.product}</span> ({gate.stage === "GROWTH" ? "growth stage" : "MVP stage"}): {gate.headline}
                {gate.decisions.map((decision, index) => (
                  <p key={index} className="muted ml-4">
                    <DateText date={decision.on} />: gate {decision.action === "OPEN" ? "opened" : "held"} — {decision.rationale}
                  </p>
                ))}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}
