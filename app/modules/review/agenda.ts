/**
 * The weekly review agenda, computed from the evidence.
 *
 * Pure: no I/O, no clock. Everything is relative to `input.today` ("YYYY-MM-DD", UTC).
 * The result is a plain JSON-serialisable object (strings, numbers, booleans, null, arrays,
 * plain objects) so a past review can store its agenda exactly as it was.
 */
import { addDays, daysBetween } from "~/modules/experiments/timebox";

export type Verdict = "met" | "not_met" | "too_early";

/** How a verdict reads, on badges and in emails. */
export const VERDICT_WORDS: Record<Verdict, string> = { met: "Met", not_met: "Not met", too_early: "Too early" };

/**
 * Where an experiment stands against its locked criterion: what the meeting needs to decide on it
 * without opening it. Reviews recorded before this was kept have none.
 */
export type ExperimentProgress = {
  hypothesisKey: string;
  metricName: string;
  unit: string;
  kind: "RATE" | "COUNT" | "MEAN";
  comparator: "gte" | "lte";
  /** RATE targets and estimates are proportions (0.1 = 10 %). */
  target: number;
  estimate: number | null;
  low: number | null;
  high: number | null;
  /** RATE: trials; COUNT/MEAN: values. */
  n: number;
  /** COUNT: the total projected at the end of the timebox at the pace so far. */
  projection: number | null;
  explanation: string;
};

export type AgendaExperiment = {
  id: string;
  key: string;
  title: string;
  status: "DRAFT" | "RUNNING" | "CONCLUDED" | "ABANDONED";
  endsOn: string;
  verdict: Verdict;
  /** The version a decision taken from the agenda must match (live agendas only). */
  version?: number;
  progress?: ExperimentProgress;
};

export type AgendaHypothesis = {
  id: string;
  key: string;
  statement: string;
  importance: number;
  status: "UNTESTED" | "TESTING" | "VALIDATED" | "INVALIDATED" | "INCONCLUSIVE";
  createdOn: string;
  /** 0 none … 4 paid: the strongest evidence logged on it so far. */
  strength?: number;
  ownerName?: string | null;
  ownerId?: string | null;
  version?: number;
};

/** One gate criterion as the meeting reads it: met or not, and a signal's last two weeks. */
export type AgendaCriterion = {
  label: string;
  met: boolean;
  summary: string;
  unit: string;
  /** Signal criteria only. */
  threshold: number | null;
  direction: "gte" | "lte" | null;
  thisWeek: number | null;
  lastWeek: number | null;
};

export type AgendaGate = { productId: string; productName: string; status: "HOLD" | "READY" | "OPEN"; headline: string; criteria: AgendaCriterion[] };

/** A signal no gate criterion watches: this week against last, for the record. */
export type AgendaSignal = { name: string; unit: string; productName: string; thisWeek: number | null; lastWeek: number | null };

export type GateEvent = { productName: string; description: string; on: string }; // on = YYYY-MM-DD

export type AgendaInput = {
  today: string;
  lastReviewOn: string | null;
  previousVerdicts: Record<string, Verdict>;
  experiments: AgendaExperiment[];
  hypotheses: AgendaHypothesis[];
  gateEvents: GateEvent[];
  gates?: AgendaGate[];
  signals?: AgendaSignal[];
};

export type Agenda = {
  today: string;
  since: string | null;
  endingSoon: (AgendaExperiment & { daysLeft: number })[];
  overdue: (AgendaExperiment & { overdueByDays: number })[];
  verdictChanges: (AgendaExperiment & { from: Verdict | null; to: Verdict })[];
  learningCardsToWrite: AgendaExperiment[];
  untestedHighImportance: (AgendaHypothesis & { ageDays: number })[];
  /** Important untested hypotheses not listed yet because they are younger than the rule's age. */
  youngerUntestedCount?: number;
  gateChanges: GateEvent[];
  /** Where each product's gate stands (not agenda items: they need no decision unless READY). */
  gates?: AgendaGate[];
  signals?: AgendaSignal[];
  itemCount: number;
  isEmpty: boolean;
  verdictsNow: Record<string, Verdict>;
};

/** Two two-week cycles. A hypothesis must be strictly older than this to be flagged. */
export const UNTESTED_AFTER_DAYS = 28;

/** endingSoon covers today … today + ENDING_SOON_DAYS, inclusive. */
const ENDING_SOON_DAYS = 7;
/** Without a previous review, gate changes cover the last 7 days (today − 6 … today). */
const GATE_LOOKBACK_DAYS = 7;
const HIGH_IMPORTANCE = 4;

function isDecisive(verdict: Verdict): boolean {
  return verdict === "met" || verdict === "not_met";
}

function assertDateOnly(value: string, name: string): void {
  let valid = /^\d{4}-\d{2}-\d{2}$/.test(value);
  if (valid) {
    try {
      valid = addDays(value, 0) === value;
    } catch {
      valid = false;
    }
  }
  if (!valid) throw new RangeError(`${name} must be a calendar date "YYYY-MM-DD", got ${JSON.stringify(value)}`);
}

/** Plain-string ordering (code units), independent of locale. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Copies only the declared fields, so extra properties on the caller's rows (Dates, Decimals,
 * relations) never leak into the stored agenda, and the agenda shares no objects with the input.
 * The section's own fields are spread last, into the literal: spreading the copied row into a new
 * object instead costs some sixty times more, which a team with thousands of experiments feels.
 */
function pickExperiment<Extra extends object = object>(e: AgendaExperiment, extra?: Extra): AgendaExperiment & Extra {
  return {
    id: e.id,
    key: e.key,
    title: e.title,
    status: e.status,
    endsOn: e.endsOn,
    verdict: e.verdict,
    ...(e.version === undefined ? null : { version: e.version }),
    ...(e.progress === undefined ? null : { progress: { ...e.progress } }),
    ...(extra as Extra),
  };
}

function pickHypothesis<Extra extends object>(h: AgendaHypothesis, extra: Extra): AgendaHypothesis & Extra {
  return {
    id: h.id,
    key: h.key,
    statement: h.statement,
    importance: h.importance,
    status: h.status,
    createdOn: h.createdOn,
    ...(h.strength === undefined ? null : { strength: h.strength }),
    ...(h.ownerId === undefined ? null : { ownerId: h.ownerId, ownerName: h.ownerName ?? null }),
    ...(h.version === undefined ? null : { version: h.version }),
    ...extra,
  };
}

function pickGateEvent(g: GateEvent): GateEvent {
  return { productName: g.productName, description: g.description, on: g.on };
}

function byEndsOnThenKey(a: AgendaExperiment, b: AgendaExperiment): number {
  return compareStrings(a.endsOn, b.endsOn) || compareStrings(a.key, b.key) || compareStrings(a.id, b.id);
}

function byKey(a: AgendaExperiment, b: AgendaExperiment): number {
  return compareStrings(a.key, b.key) || compareStrings(a.id, b.id);
}

export function computeAgenda(input: AgendaInput): Agenda {
  const { today, lastReviewOn, previousVerdicts } = input;
  assertDateOnly(today, "today");
  if (lastReviewOn !== null) assertDateOnly(lastReviewOn, "lastReviewOn");

  // Sorted once each way: the sections below filter these lists, and filtering keeps the order.
  const running = input.experiments.filter((e) => e.status === "RUNNING");
  const runningByEnd = [...running].sort(byEndsOnThenKey);
  const endingSoonLimit = addDays(today, ENDING_SOON_DAYS);

  // Soonest first; ties by key.
  const endingSoon = runningByEnd
    .filter((e) => e.endsOn >= today && e.endsOn <= endingSoonLimit)
    .map((e) => pickExperiment(e, { daysLeft: daysBetween(today, e.endsOn) }));

  // Most overdue (earliest endsOn) first; ties by key.
  const overdue = runningByEnd
    .filter((e) => e.endsOn < today)
    .map((e) => pickExperiment(e, { overdueByDays: daysBetween(e.endsOn, today) }));

  // Verdict changes, ordered by key.
  //  - No previous review: only decisive verdicts of running experiments, from = null.
  //  - Previous review: running or concluded experiments whose verdict differs from the one
  //    recorded then; a running experiment not recorded then is listed only when decisive.
  //    (A concluded experiment not recorded then is not listed: previousVerdicts only ever holds
  //    running experiments, so it would otherwise reappear at every review forever.)
  const verdictChanges: Agenda["verdictChanges"] = [];
  const candidates = input.experiments
    .filter((e) => (lastReviewOn === null ? e.status === "RUNNING" : e.status === "RUNNING" || e.status === "CONCLUDED"))
    .sort(byKey);
  for (const e of candidates) {
    const recorded = lastReviewOn !== null && Object.prototype.hasOwnProperty.call(previousVerdicts, e.id);
    if (recorded) {
      const from = previousVerdicts[e.id];
      if (from !== e.verdict) verdictChanges.push(pickExperiment(e, { from, to: e.verdict }));
    } else if (e.status === "RUNNING" && isDecisive(e.verdict)) {
      verdictChanges.push(pickExperiment(e, { from: null, to: e.verdict }));
    }
  }

  // Running experiments that need concluding: overdue or decisive. Most urgent (earliest end) first.
  const learningCardsToWrite = runningByEnd
    .filter((e) => e.endsOn < today || isDecisive(e.verdict))
    .map((e) => pickExperiment(e));

  // Importance desc, then oldest first, then key. Younger ones are counted, so the page can say
  // how many the age rule leaves out instead of implying there are none.
  const importantUntested = input.hypotheses.filter((h) => h.importance >= HIGH_IMPORTANCE && h.status === "UNTESTED");
  const untestedHighImportance = importantUntested
    .filter((h) => daysBetween(h.createdOn, today) > UNTESTED_AFTER_DAYS)
    .sort(
      (a, b) =>
        b.importance - a.importance ||
        compareStrings(a.createdOn, b.createdOn) ||
        compareStrings(a.key, b.key) ||
        compareStrings(a.id, b.id),
    )
    .map((h) => pickHypothesis(h, { ageDays: daysBetween(h.createdOn, today) }));

  // After the last review (exclusive) up to today (inclusive); newest first, ties by product then description.
  const gateFrom = lastReviewOn ?? addDays(today, -GATE_LOOKBACK_DAYS);
  const gateChanges = input.gateEvents
    .filter((g) => g.on > gateFrom && g.on <= today)
    .sort(
      (a, b) =>
        compareStrings(b.on, a.on) || compareStrings(a.productName, b.productName) || compareStrings(a.description, b.description),
    )
    .map(pickGateEvent);

  const verdictsNow: Record<string, Verdict> = {};
  for (const e of candidates) if (e.status === "RUNNING") verdictsNow[e.id] = e.verdict;

  const itemCount =
    endingSoon.length +
    overdue.length +
    verdictChanges.length +
    learningCardsToWrite.length +
    untestedHighImportance.length +
    gateChanges.length;

  return {
    today,
    since: lastReviewOn,
    endingSoon,
    overdue,
    verdictChanges,
    learningCardsToWrite,
    untestedHighImportance,
    youngerUntestedCount: importantUntested.length - untestedHighImportance.length,
    gateChanges,
    gates: (input.gates ?? []).map((gate) => ({ ...gate, criteria: gate.criteria.map((criterion) => ({ ...criterion })) })),
    signals: (input.signals ?? []).map((signal) => ({ ...signal })),
    itemCount,
    isEmpty: itemCount === 0,
    verdictsNow,
  };
}

export const AGENDA_SECTIONS = ["overdue", "endingSoon", "verdictChanges", "learningCardsToWrite", "untestedHighImportance", "gateChanges"] as const;
export type AgendaSection = (typeof AGENDA_SECTIONS)[number];

/** What each section is called, and what it says when empty: the page and the emailed digest read the same words. */
export const AGENDA_SECTION_TEXT: Record<AgendaSection, { title: string; empty: string }> = {
  overdue: { title: "Overdue", empty: "Nothing is past its timebox." },
  endingSoon: { title: `Ending within ${ENDING_SOON_DAYS} days`, empty: "No experiment ends this week." },
  verdictChanges: { title: "Verdicts that changed", empty: "No verdict changed since the last review." },
  learningCardsToWrite: { title: "Learning cards to write", empty: "No experiment is waiting to be concluded." },
  untestedHighImportance: {
    title: "Important and still untested",
    empty: `No hypothesis of importance ${HIGH_IMPORTANCE} or 5 has stayed untested for more than ${UNTESTED_AFTER_DAYS / 7} weeks.`,
  },
  gateChanges: { title: "Gate changes", empty: "No gate decisions or proposals decided." },
};

/** Items a section shows before "Show all": a review reads the most urgent first. */
export const AGENDA_SECTION_LIMIT = 10;

export type ShownAgenda = Omit<Agenda, "verdictsNow"> & { totals: Record<AgendaSection, number>; expanded: AgendaSection | null };

/**
 * The agenda as a page shows it: each section cut to its first `limit` items (they are already
 * ordered most urgent first) with its full count, except the one section asked for in full.
 * A team with 2,000 overdue experiments gets a readable page, and the page stays small; the
 * verdicts kept for the next review's comparison never leave the server.
 */
export function shownAgenda(agenda: Agenda, options: { expanded?: AgendaSection | null; limit?: number } = {}): ShownAgenda {
  const limit = options.limit ?? AGENDA_SECTION_LIMIT;
  const expanded = options.expanded ?? null;
  const cut = <T>(section: AgendaSection, items: T[]): T[] => (section === expanded ? items : items.slice(0, limit));
  const { verdictsNow: _kept, ...rest } = agenda;
  return {
    ...rest,
    overdue: cut("overdue", agenda.overdue),
    endingSoon: cut("endingSoon", agenda.endingSoon),
    verdictChanges: cut("verdictChanges", agenda.verdictChanges),
    learningCardsToWrite: cut("learningCardsToWrite", agenda.learningCardsToWrite),
    untestedHighImportance: cut("untestedHighImportance", agenda.untestedHighImportance),
    gateChanges: cut("gateChanges", agenda.gateChanges),
    totals: Object.fromEntries(AGENDA_SECTIONS.map((section) => [section, agenda[section].length])) as Record<AgendaSection, number>,
    expanded,
  };
}

/** What the untested section leaves out by its age rule, said plainly; null when it leaves nothing out. */
export function youngerUntestedNote(count: number | undefined): string | null {
  if (!count) return null;
  const weeks = UNTESTED_AFTER_DAYS / 7;
  return count === 1
    ? `1 more important hypothesis is untested but was written ${weeks} weeks ago or less; it is listed here once it has waited longer.`
    : `${count.toLocaleString("en")} more important hypotheses are untested but were written ${weeks} weeks ago or less; each is listed here once it has waited longer.`;
}
