import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { ChangedMindQuarter } from "~/modules/learnings/quarters";
import type { LibraryCard } from "~/modules/learnings/learnings.server";
import { DECISION_LABELS, describeCriterion } from "~/modules/experiments/vocabulary";
import { CATEGORY_LABELS } from "~/modules/hypotheses/vocabulary";
import { VerdictBadge } from "./badges";
import { DateText } from "./dates";
import { Section } from "./page";

const LABEL = "text-xs font-semibold uppercase tracking-wide text-accent-600 dark:text-accent-300";

function CardText({ label, children, lead = false, wide = false }: { label: string; children: ReactNode; lead?: boolean; wide?: boolean }) {
  return (
    <div className={`min-w-0 ${wide ? "sm:col-span-2" : ""}`}>
      <dt className={LABEL}>{label}</dt>
      <dd className={`mt-0.5 whitespace-pre-wrap break-words ${lead ? "text-zinc-900 dark:text-zinc-100" : "text-zinc-700 dark:text-zinc-300"}`}>{children}</dd>
    </div>
  );
}

/**
 * One learning card in the library: the experiment and the belief it tested, the verdict frozen
 * at conclusion against the locked criterion, the decision, and what the team observed, learned
 * and will do next.
 */
export function LibraryCardItem({ card, base }: { card: LibraryCard; base: string }) {
  const experimentHref = `${base}/experiments/${card.experiment.key}`;
  const { experiment, hypothesis } = card;
  return (
    <article className="card p-4 sm:p-5" aria-labelledby={`card-${card.id}`}>
      <header className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h2 id={`card-${card.id}`} className="min-w-0 text-base font-semibold break-words">
          <Link to={experimentHref} className="text-zinc-900 dark:text-zinc-100">
            <span className="font-mono text-sm text-accent-600 dark:text-accent-300">{experiment.key}</span> {experiment.title}
          </Link>
        </h2>
        <p className="muted shrink-0 text-xs">
          Concluded <DateText date={card.concludedAt} />
        </p>
      </header>
      <p className="mt-1 text-sm break-words">
        <Link to={`${base}/hypotheses/${hypothesis.key}`} className="font-mono text-xs">
          {hypothesis.key}
        </Link>{" "}
        <span className="text-zinc-700 dark:text-zinc-300">{hypothesis.statement}</span>
        <span className="muted block text-xs">
          {hypothesis.productName} · {CATEGORY_LABELS[hypothesis.category]}
        </span>
      </p>

      <div className="mt-3 flex flex-wrap items-center gap-x-3 gap-y-2 text-sm">
        <p className="min-w-0 break-words">
          {card.verdict ? <VerdictBadge verdict={card.verdict} /> : null} <span className="muted">against</span>{" "}
          <span className="font-medium">
            {experiment.metricName} <span className="whitespace-nowrap">{describeCriterion(experiment.metricKind, experiment.comparator, experiment.target, experiment.metricUnit)}</span>
          </span>
        </p>
        {experiment.criterionChangedAfterStart ? (
          <span className="whitespace-nowrap rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900 ring-1 ring-amber-300 dark:bg-amber-950 dark:text-amber-100 dark:ring-amber-800">
            ⚠ Criterion changed after start
          </span>
        ) : null}
        <span className="whitespace-nowrap rounded-full bg-zinc-900 px-2.5 py-0.5 text-xs font-medium text-white dark:bg-white dark:text-zinc-900">Decision: {DECISION_LABELS[card.decision]}</span>
      </div>

      <dl className="mt-4 grid gap-3 text-sm sm:grid-cols-2">
        <CardText label="We learned…" lead wide>
          {card.learned}
        </CardText>
        <CardText label="We observed…">{card.observed}</CardText>
        <CardText label="Therefore, we will…">{card.nextSteps}</CardText>
      </dl>

      <p className="mt-4 text-sm">
        <Link to={`${experimentHref}#evidence`}>
          See the evidence ({experiment.observationCount} observation{experiment.observationCount === 1 ? "" : "s"})<span className="sr-only"> of {experiment.key}</span>
        </Link>
      </p>
    </article>
  );
}

/**
 * "Changed our mind": pivots and kills per quarter, oldest to newest, each beside every decision
 * taken that quarter, with a bar for the share. A quarter with any links to those cards.
 */
export function ChangedMindSummary({ quarters, href }: { quarters: ChangedMindQuarter[]; href: (quarterKey: string) => string }) {
  const chronological = [...quarters].reverse();
  return (
    <Section title="Changed our mind" description="Decisions to pivot or kill, per quarter: the times evidence changed what we do.">
      <ol className="grid grid-cols-4 gap-2 md:grid-cols-8">
        {chronological.map((quarter) => {
          const share = quarter.decided ? Math.round((quarter.changed / quarter.decided) * 100) : 0;
          return (
            <li key={quarter.key} className="min-w-0 rounded-md border border-zinc-200 px-2 py-2 dark:border-zinc-800">
              <p className="muted text-xs">
                {quarter.changed > 0 ? (
                  <Link to={href(quarter.key)} aria-label={`Show the pivots and kills of ${quarter.label}`}>
                    {quarter.label}
                  </Link>
                ) : (
                  quarter.label
                )}
              </p>
              <p className="sr-only">
                {quarter.changed} of {quarter.decided} decision{quarter.decided === 1 ? "" : "s"} changed our mind
              </p>
              <p aria-hidden className="mt-0.5 text-lg font-semibold tabular-nums leading-tight">
                {quarter.changed}
              </p>
              <p aria-hidden className="muted text-xs tabular-nums">
                of {quarter.decided}
              </p>
              <span aria-hidden className="mt-1.5 block h-1 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800">
                <span className="block h-full rounded-full bg-accent-500" style={{ width: `${share}%` }} />
              </span>
            </li>
          );
        })}
      </ol>
    </Section>
  );
}
