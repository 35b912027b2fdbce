import type { ExperimentStatus, HypothesisStatus } from "~/generated/prisma/enums";
import { strengthName } from "~/modules/evidence/strength";
import { STATUS_LABELS as EXPERIMENT_STATUS_LABELS } from "~/modules/experiments/vocabulary";
import { STATUS_LABELS as HYPOTHESIS_STATUS_LABELS } from "~/modules/hypotheses/vocabulary";
import { VERDICT_WORDS } from "~/modules/review/agenda";

const PILL = "inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset";

const GREY = "bg-zinc-100 text-zinc-700 ring-zinc-200 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700";
const BLUE = "bg-blue-50 text-blue-800 ring-blue-200 dark:bg-blue-950 dark:text-blue-200 dark:ring-blue-900";
const GREEN = "bg-green-50 text-green-800 ring-green-200 dark:bg-green-950 dark:text-green-200 dark:ring-green-900";
const RED = "bg-red-50 text-red-800 ring-red-200 dark:bg-red-950 dark:text-red-200 dark:ring-red-900";
const AMBER = "bg-amber-50 text-amber-900 ring-amber-200 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-900";
const NEUTRAL = "bg-white text-zinc-700 ring-zinc-300 dark:bg-zinc-900 dark:text-zinc-300 dark:ring-zinc-700";

const HYPOTHESIS_TONE: Record<HypothesisStatus, string> = {
  UNTESTED: GREY,
  TESTING: BLUE,
  VALIDATED: GREEN,
  INVALIDATED: RED,
  INCONCLUSIVE: AMBER,
};

export function HypothesisStatusBadge({ status }: { status: HypothesisStatus }) {
  return <span className={`${PILL} ${HYPOTHESIS_TONE[status]}`}>{HYPOTHESIS_STATUS_LABELS[status]}</span>;
}

const EXPERIMENT_TONE: Record<ExperimentStatus, string> = { DRAFT: GREY, RUNNING: BLUE, CONCLUDED: NEUTRAL, ABANDONED: `${GREY} line-through` };

export function ExperimentStatusBadge({ status, overdue }: { status: ExperimentStatus; overdue?: boolean }) {
  return (
    <span className="inline-flex items-center gap-1">
      <span className={`${PILL} ${EXPERIMENT_TONE[status]}`}>{EXPERIMENT_STATUS_LABELS[status]}</span>
      {overdue ? <span className={`${PILL} bg-red-600 text-white ring-red-600`}>Overdue</span> : null}
    </span>
  );
}

type VerdictValue = "met" | "not_met" | "too_early" | "MET" | "NOT_MET" | "TOO_EARLY";

const VERDICT: Record<string, { label: string; tone: string; symbol: string }> = {
  met: { label: VERDICT_WORDS.met, tone: GREEN, symbol: "✓" },
  not_met: { label: VERDICT_WORDS.not_met, tone: RED, symbol: "✕" },
  too_early: { label: VERDICT_WORDS.too_early, tone: AMBER, symbol: "…" },
};

export function VerdictBadge({ verdict, size = "sm" }: { verdict: VerdictValue; size?: "sm" | "lg" }) {
  const entry = VERDICT[verdict.toLowerCase()];
  return (
    <span className={`${PILL} ${entry.tone} ${size === "lg" ? "px-3 py-1 text-sm" : ""}`}>
      <span aria-hidden>{entry.symbol}</span> {entry.label}
    </span>
  );
}


/** Evidence strength as a 4-step bar, darker = stronger, always with its name. */
export function StrengthBar({ strength, showLabel = true }: { strength: number; showLabel?: boolean }) {
  return (
    <span className="inline-flex items-center gap-1.5" title={`Evidence strength: ${strengthName(strength)}`}>
      <span aria-hidden className="inline-flex gap-0.5">
        {[1, 2, 3, 4].map((step) => (
          <span
            key={step}
            className={`h-3 w-1.5 rounded-sm ${step <= strength ? ["", "bg-accent-500/40", "bg-accent-500/70", "bg-accent-600", "bg-accent-700"][strength] : "bg-zinc-200 dark:bg-zinc-700"}`}
          />
        ))}
      </span>
      {showLabel ? <span className="text-xs">{strengthName(strength)}</span> : <span className="sr-only">{strengthName(strength)}</span>}
    </span>
  );
}

const GATE: Record<"HOLD" | "READY" | "OPEN", { label: string; tone: string }> = {
  HOLD: { label: "HOLD · Keep it simple", tone: AMBER },
  READY: { label: "READY · Evidence met — decide", tone: BLUE },
  OPEN: { label: "OPEN · Scaling", tone: GREEN },
};

export function GateBadge({ status, size = "sm" }: { status: "HOLD" | "READY" | "OPEN"; size?: "sm" | "lg" }) {
  return <span className={`${PILL} ${GATE[status].tone} ${size === "lg" ? "px-3 py-1 text-sm" : ""}`}>{GATE[status].label}</span>;
}

export function MetMark({ met }: { met: boolean }) {
  return met ? (
    <span className={`${PILL} ${GREEN}`}>
      <span aria-hidden>✓</span> Met
    </span>
  ) : (
    <span className={`${PILL} ${AMBER}`}>
      <span aria-hidden>…</span> Not yet
    </span>
  );
}
