import { Link } from "@remix-run/react";
import type { AgendaComparison } from "~/modules/review/compare";
import type { ReviewMinutes } from "~/modules/review/review.server";
import { Section } from "../page";
import { ActionItemLine } from "./action-items";
import { DateText } from "../dates";

function ItemList({ title, items, base, empty }: { title: string; items: ReviewMinutes["actionItems"]["raised"]; base: string; empty: string }) {
  return (
    <div>
      <p className="text-xs font-semibold uppercase tracking-wide text-zinc-500">
        {title} ({items.length})
      </p>
      {items.length === 0 ? (
        <p className="muted mt-1 text-sm">{empty}</p>
      ) : (
        <ul className="mt-1 space-y-2 text-sm">
          {items.map((item) => (
            <li key={item.id}>
              <ActionItemLine item={item} base={base} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** What a recorded review decided and agreed, as it stood when it was recorded. */
export function ReviewMinutesView({ minutes, base }: { minutes: ReviewMinutes; base: string }) {
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <Section title="Decisions taken" description="After the review before this one, up to the day of this one, as the activity log recorded them.">
        {minutes.decisions.length === 0 ? (
          <p className="muted text-sm">No decisions were recorded in that time.</p>
        ) : (
          <ul className="space-y-1.5 text-sm">
            {minutes.decisions.map((decision, index) => (
              <li key={index}>
                <span className="font-medium">{decision.who}</span> {decision.summary} <span className="muted">(<DateText date={decision.on} />)</span>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="Action items">
        <div className="space-y-4">
          <ItemList title="Raised" items={minutes.actionItems.raised} base={base} empty="None raised." />
          <ItemList title="Done" items={minutes.actionItems.done} base={base} empty="None done." />
          <ItemList title="Carried, still open" items={minutes.actionItems.carried} base={base} empty="Nothing carried over." />
        </div>
      </Section>
    </div>
  );
}

/** "What changed since last week": items that came onto or left each section between two reviews. */
export function AgendaComparisonView({ comparison, base, previous }: { comparison: AgendaComparison; base: string; previous: { id: string; heldOn: string } }) {
  const link = (key: string) => `${base}/${key.startsWith("H-") ? "hypotheses" : "experiments"}/${key}`;
  return (
    <Section
      title="What changed since the review before"
      description={
        <>
          Compared with the <Link to={`${base}/review/${previous.id}`}>review of <DateText date={previous.heldOn} /></Link>.
        </>
      }
    >
      {comparison.unchanged ? (
        <p className="muted text-sm">The same items were on both agendas.</p>
      ) : (
        <div className="grid gap-4 text-sm sm:grid-cols-2 lg:grid-cols-3">
          {comparison.sections
            .filter((section) => section.added.length > 0 || section.cleared.length > 0)
            .map((section) => (
              <div key={section.section}>
                <p className="font-semibold">{section.title}</p>
                <ul className="mt-1 space-y-1">
                  {section.added.map((item) => (
                    <li key={`+${item.id}`}>
                      <span className="text-amber-700 dark:text-amber-400">new</span> <Link to={link(item.key)}>{item.key}</Link> {item.title}
                    </li>
                  ))}
                  {section.cleared.map((item) => (
                    <li key={`-${item.id}`}>
                      <span className="text-green-700 dark:text-green-400">cleared</span> <Link to={link(item.key)}>{item.key}</Link> {item.title}
                    </li>
                  ))}
                </ul>
                {section.kept > 0 ? <p className="muted mt-1 text-xs">{section.kept} still there</p> : null}
              </div>
            ))}
        </div>
      )}
    </Section>
  );
}
