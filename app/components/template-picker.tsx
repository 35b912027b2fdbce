import { Link, useNavigate } from "@remix-run/react";
import type { MouseEvent } from "react";

export type TemplateChoice = { id: string; name: string; question: string | null; method: string; criterion: string };

/**
 * The templates a new experiment can start from, as links: `?template=<id>` renders the form
 * pre-filled, with or without JavaScript. The query keeps what else the page was asked for (the
 * hypothesis, a retest); with JavaScript, the hypothesis already chosen in the form comes along.
 */
export function TemplatePicker({
  builtIn,
  team,
  selected,
  query,
  hypotheses,
  manageHref,
}: {
  builtIn: TemplateChoice[];
  team: TemplateChoice[];
  selected: string | null;
  query: Record<string, string>;
  hypotheses: { id: string; number: number }[];
  manageHref: string;
}) {
  const navigate = useNavigate();
  const href = (template: string | null) => `?${new URLSearchParams({ ...query, ...(template ? { template } : {}) })}`;
  const keepHypothesis = (template: string | null) => (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const chosen = (document.getElementById("field-hypothesisId") as HTMLSelectElement | null)?.value;
    const hypothesis = hypotheses.find((h) => h.id === chosen);
    if (!hypothesis) return;
    event.preventDefault();
    const params = new URLSearchParams({ ...query, hypothesis: `H-${hypothesis.number}` });
    if (template) params.set("template", template);
    navigate(`?${params}`);
  };
  const tiles = (choices: TemplateChoice[]) => (
    <ul className="mt-2 grid gap-2 sm:grid-cols-2">
      {choices.map((choice) => {
        const current = choice.id === selected;
        return (
          <li key={choice.id} className="flex">
            <Link
              to={href(choice.id)}
              onClick={keepHypothesis(choice.id)}
              aria-current={current ? "true" : undefined}
              className={`flex w-full flex-col gap-0.5 rounded-md border px-3 py-2 text-sm text-zinc-900 no-underline hover:no-underline dark:text-zinc-100 ${
                current
                  ? "border-accent-600 bg-accent-50 ring-1 ring-accent-600 dark:border-accent-300 dark:bg-zinc-800 dark:ring-accent-300"
                  : "border-zinc-200 hover:border-accent-500 hover:bg-zinc-50 dark:border-zinc-700 dark:hover:border-accent-300 dark:hover:bg-zinc-800/60"
              }`}
            >
              <span className="flex items-baseline justify-between gap-2">
                <span className="font-medium">{choice.name}</span>
                {current ? (
                  <span className="shrink-0 text-xs font-medium text-accent-700 dark:text-accent-100">✓ Chosen</span>
                ) : choice.question === null ? (
                  <span className="muted shrink-0 text-xs">{choice.method}</span>
                ) : null}
              </span>
              {choice.question ? <span className="muted text-xs">{choice.question}</span> : null}
              <span className="text-xs tabular-nums text-zinc-700 dark:text-zinc-300">{choice.criterion}</span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
  return (
    <section aria-labelledby="template-picker-heading" className="card mb-6 p-4">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h2 id="template-picker-heading" className="text-sm font-semibold">
          Start from a template
        </h2>
        <span className="flex gap-3 text-sm">
          {selected ? (
            <Link to={href(null)} onClick={keepHypothesis(null)}>
              Start blank
            </Link>
          ) : null}
          <Link to={manageHref}>Manage templates</Link>
        </span>
      </div>
      <p className="muted mt-1 text-sm">Fills in the method, plan, metric, criterion and timebox below. You name the experiment and choose the hypothesis it tests.</p>
      <h3 className="muted mt-4 text-xs font-semibold uppercase tracking-wide">Starting set</h3>
      {tiles(builtIn)}
      <h3 className="muted mt-4 text-xs font-semibold uppercase tracking-wide">Saved by your team</h3>
      {team.length > 0 ? tiles(team) : <p className="muted mt-1 text-sm">None yet. On an experiment whose design worked, choose “Save as template”.</p>}
    </section>
  );
}
