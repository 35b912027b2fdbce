import { Link, useNavigate } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { ActionItemView } from "~/modules/review/action-items.server";
import type { Slide } from "~/modules/review/present";
import { VerdictBadge } from "../badges";
import { ActionItemsPanel } from "./action-items";
import { ExperimentFacts, GatesAndSignals, HypothesisFacts, timeboxText } from "./agenda-items";
import { ActionItemForm, ExperimentDecisions, HypothesisDecisions, type DecideContext } from "./decisions";
import { DateText } from "../dates";

const DECIDE_PANEL = "details[data-decide]";

/**
 * Present mode's keys: → and ← step through the agenda, `d` opens the decisions for the item on
 * screen, Esc closes them or leaves present mode. Keys typed into a field stay the field's.
 */
export function usePresentKeys({ previous, next, exit }: { previous: string | null; next: string | null; exit: string }) {
  const navigate = useNavigate();
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      const typing = target?.closest("input, textarea, select, [contenteditable='true']") !== null && target !== null;
      const panel = document.querySelector<HTMLDetailsElement>(DECIDE_PANEL);
      // Esc in a field leaves the field (what was typed stays); the next Esc closes or leaves.
      if (event.key === "Escape" && typing) {
        event.preventDefault();
        target?.blur();
        return;
      }
      if (event.key === "Escape") {
        event.preventDefault();
        if (panel?.open) {
          panel.open = false;
          panel.querySelector<HTMLElement>("summary")?.focus();
        } else {
          navigate(exit);
        }
        return;
      }
      if (typing) return;
      if (event.key === "ArrowRight" && next) {
        event.preventDefault();
        navigate(next);
      } else if (event.key === "ArrowLeft" && previous) {
        event.preventDefault();
        navigate(previous);
      } else if (event.key === "d" && panel) {
        event.preventDefault();
        panel.open = true;
        // After the browser has laid the opened panel out; before that its controls cannot take focus.
        window.requestAnimationFrame(() => panel.querySelector<HTMLElement>(":scope > div a, :scope > div summary, :scope > div button")?.focus());
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [navigate, previous, next, exit]);
}

function formatElapsed(ms: number) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, "0")}`;
}

/** How long the meeting has run, kept across the slides (and reloads) of this browser tab. */
export function MeetingTimer({ teamSlug }: { teamSlug: string }) {
  const key = `evident.review-started.${teamSlug}`;
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const stored = Number(window.sessionStorage.getItem(key));
    const start = Number.isFinite(stored) && stored > 0 ? stored : Date.now();
    window.sessionStorage.setItem(key, String(start));
    setStartedAt(start);
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [key]);
  if (startedAt === null) return null; // without a script there is no clock to show
  const restart = () => {
    const start = Date.now();
    window.sessionStorage.setItem(key, String(start));
    setStartedAt(start);
    setNow(start);
  };
  return (
    <span className="inline-flex items-center gap-2">
      <span className="font-mono text-lg tabular-nums" role="timer" aria-label="Meeting time">
        {formatElapsed(now - startedAt)}
      </span>
      <button type="button" onClick={restart} className="btn-secondary px-2 py-0.5 text-xs">
        Restart
      </button>
    </span>
  );
}

/** The decisions for the item on screen, folded until `d`; a failed decision reopens it with its errors. */
function DecidePanel({ open, children }: { open: boolean; children: React.ReactNode }) {
  return (
    <details data-decide className="mt-6" open={open}>
      <summary className="btn-primary cursor-pointer list-none">
        Decide <kbd className="ml-1 rounded border border-white/40 px-1 text-xs">d</kbd>
      </summary>
      <div className="mt-3">{children}</div>
    </details>
  );
}

/** One agenda item, large enough to read from the back of the room. */
export function PresentSlide({ slide, base, decide, actionItems, today, canEdit }: { slide: Slide; base: string; decide: DecideContext; actionItems: { open: ActionItemView[]; openCount: number; doneSinceLastReview: ActionItemView[] }; today: string; canEdit: boolean }) {
  switch (slide.kind) {
    case "experiment": {
      const e = slide.experiment;
      const overdue = e.overdueByDays !== undefined;
      return (
        <>
          <h1 className="text-3xl font-semibold leading-tight">
            <Link to={`${base}/experiments/${e.key}`}>{e.key}</Link> <span className="break-words">{e.title}</span>
          </h1>
          <p className="mt-3 flex flex-wrap items-center gap-3 text-lg">
            <VerdictBadge verdict={e.verdict} size="lg" />
            {e.from !== undefined ? <span className="muted text-base">{e.from ? "verdict changed since the last review" : "a decisive verdict, new on the agenda"}</span> : null}
            <span className={overdue ? "font-semibold text-red-700 dark:text-red-400" : "muted"}>{timeboxText(e, today)}</span>
          </p>
          <div className="mt-4">
            <ExperimentFacts experiment={e} large />
          </div>
          {canEdit ? (
            <DecidePanel open={decide.failure !== undefined}>
              <ExperimentDecisions experiment={e} scope={`present-${e.id}`} context={decide} />
            </DecidePanel>
          ) : null}
        </>
      );
    }
    case "hypothesis":
      return (
        <>
          <div className="text-2xl leading-snug">
            <HypothesisFacts hypothesis={slide.hypothesis} base={base} />
          </div>
          <p className="muted mt-3 text-lg">Important, and nobody has tested it yet. Who will, and how?</p>
          {canEdit ? (
            <DecidePanel open={decide.failure !== undefined}>
              <HypothesisDecisions hypothesis={slide.hypothesis} scope={`present-${slide.hypothesis.id}`} context={decide} />
            </DecidePanel>
          ) : null}
        </>
      );
    case "gateChanges":
      return (
        <>
          <h1 className="text-3xl font-semibold">Gate changes</h1>
          <ul className="mt-4 space-y-2 text-xl">
            {slide.events.map((event, index) => (
              <li key={index}>
                <span className="font-semibold">{event.productName}</span> — {event.description} <span className="muted">(<DateText date={event.on} />)</span>
              </li>
            ))}
          </ul>
        </>
      );
    case "gate":
      return (
        <>
          <h1 className="text-3xl font-semibold">{slide.gate.productName}: the scale gate</h1>
          <div className="mt-4 text-lg [&_table]:text-base">
            <GatesAndSignals gates={[slide.gate]} signals={[]} base={base} named={false} />
          </div>
          {canEdit ? (
            <DecidePanel open={decide.failure !== undefined}>
              <div className="flex flex-wrap gap-2">
                <Link to={`${base}/gate/${slide.gate.productId}`} className="btn-primary">
                  {slide.gate.status === "READY" ? "Open or hold the gate…" : "Open the gate page"}
                </Link>
              </div>
              <div className="mt-3 max-w-md">
                <ActionItemForm scope={`present-gate-${slide.gate.productId}`} context={decide} />
              </div>
            </DecidePanel>
          ) : null}
        </>
      );
    case "actions":
      return (
        <>
          <h1 className="mb-4 text-3xl font-semibold">Action items</h1>
          <div className="text-base">
            <ActionItemsPanel items={actionItems} context={decide} today={today} canEdit={canEdit} />
          </div>
        </>
      );
    case "close":
      return (
        <>
          <h1 className="text-3xl font-semibold">That is the agenda.</h1>
          <p className="muted mt-3 text-lg">Record the review to keep this agenda, the decisions taken and the action items with it.</p>
          <p className="mt-6">
            <Link to={`${base}/review#record`} className="btn-primary">
              Record the review
            </Link>
          </p>
        </>
      );
  }
}
