import { safeMarkdown, safeMarkdownCell } from "~/utils/markdown";

/** What an investor update shows. Built live for drafts, frozen into the update when published. */
export type UpdateContent = {
  teamName: string;
  title: string;
  periodStart: string;
  periodEnd: string;
  highlights: string;
  lowlights: string;
  asks: string;
  learnings: { key: string; statement: string; status: "VALIDATED" | "INVALIDATED"; learned: string; decision: string }[];
  experiments: { key: string; title: string; status: string; verdict: string | null }[];
  signals: SignalKpi[];
  gates: { product: string; stage: string; headline: string; decisions: { on: string; action: string; rationale: string }[] }[];
  /** The asks of the update investors read last, with what became of each; absent in updates published before asks were followed up. */
  previousAsks?: PreviousAsks | null;
  /** Sections marked for current investors (and advisors) only; absent in updates published before marking existed. */
  investorsOnly?: UpdateSection[];
  /** Sections left out of this edition (a prospect's): the document does not show them at all. */
  omitted?: UpdateSection[];
};

export const ASK_STATUSES = { OPEN: "Still open", DONE: "Done", DROPPED: "Dropped" } as const;

export type AskStatusName = keyof typeof ASK_STATUSES;

/** One ask of an earlier update and what became of it. */
export type AskItem = { position: number; text: string; status: AskStatusName; helpedBy: string; version: number };

export type PreviousAsks = { updateId: string; title: string; periodEnd: string; items: AskItem[] };

/** The sections of an update, in the order the document shows them. */
export const UPDATE_SECTIONS = {
  highlights: "Highlights",
  lowlights: "Lowlights",
  followUp: "Our last asks",
  asks: "Asks",
  traction: "Traction",
  learnings: "What we learned",
  experiments: "Experiments run",
  gates: "Scale gates",
} as const;

export type UpdateSection = keyof typeof UPDATE_SECTIONS;

export const UPDATE_SECTION_NAMES = Object.keys(UPDATE_SECTIONS) as UpdateSection[];

export function isUpdateSection(value: string): value is UpdateSection {
  return Object.hasOwn(UPDATE_SECTIONS, value);
}

/** Who is on a team's investor list. */
export const INVESTOR_GROUPS = {
  CURRENT: { label: "Current investors", one: "current investor" },
  PROSPECT: { label: "Prospects", one: "prospect" },
  ADVISOR: { label: "Advisors", one: "advisor" },
} as const;

export type InvestorGroupName = keyof typeof INVESTOR_GROUPS;

/** How many people a team's investor list holds: far beyond any seed-stage list, and it bounds one send. */
export const MAX_INVESTORS = 2_000;

export const INVESTOR_GROUP_NAMES = Object.keys(INVESTOR_GROUPS) as InvestorGroupName[];

/**
 * The version of an update a group receives: prospects do not get the sections marked for current
 * investors only; current investors and advisors get everything. The omitted sections are named,
 * so the document leaves them out instead of saying they were empty.
 */
export function editionFor(content: UpdateContent, group: InvestorGroupName): UpdateContent {
  const marked = (content.investorsOnly ?? []).filter(isUpdateSection);
  if (group !== "PROSPECT" || marked.length === 0) return content;
  const edition: UpdateContent = { ...content, omitted: marked };
  for (const section of marked) {
    if (section === "highlights" || section === "lowlights" || section === "asks") edition[section] = "";
    else if (section === "followUp") edition.previousAsks = null;
    else if (section === "traction") edition.signals = [];
    else edition[section] = [];
  }
  return edition;
}

/**
 * One row of the update's KPI table, frozen with the update when it is published. Updates
 * published before the table had its columns hold only name, unit, start, end, change and points.
 */
export type SignalKpi = {
  name: string;
  unit: string;
  /** The reading in force when the period began (the last one before it, else its first). */
  start: number | null;
  /** The last reading in the period. */
  end: number | null;
  change: number | null;
  points: { date: string; value: number }[];
  /** Readings taken during the period. */
  readings?: number;
  /** Whether `start` is a reading from before the period (else it is the period's first). */
  startsBefore?: boolean;
  /** What the previous published update reported for this signal at the end of its period. */
  previous?: { value: number; periodEnd: string } | null;
  /** A gate criterion's threshold on this signal. */
  target?: { value: number; direction: "gte" | "lte" } | null;
  /** Which way is better: up (customers) or down (latency). */
  direction?: "UP" | "DOWN";
};

export function formatNumber(value: number | null, unit: string) {
  if (value === null) return "—";
  const text = Number(value.toFixed(2)).toLocaleString("en");
  if (unit === "$" || unit === "€" || unit === "£") return `${unit}${text}`;
  return unit === "%" ? `${text} %` : unit ? `${text} ${unit}` : text;
}

/** "+7 customers (+117 %)", "−5 ms (−3 %)", "no change"; the percentage only from a non-zero base. */
export function describeDelta(from: number, to: number, unit: string): string {
  const delta = to - from;
  if (delta === 0) return "no change";
  const sign = delta > 0 ? "+" : "−";
  const percent = from !== 0 ? ` (${sign}${Math.abs((delta / Math.abs(from)) * 100).toFixed(0)} %)` : "";
  return `${sign}${formatNumber(Math.abs(delta), unit)}${percent}`;
}

/** The change over the period, or why there is none to show. */
export function describePeriodChange(signal: SignalKpi): string {
  if (signal.end === null) return "no reading in the period";
  if (signal.start === null) return "no earlier reading to compare";
  // Snapshots from before readings were counted: their points are the period's readings.
  const onlyOne = signal.startsBefore === undefined ? signal.points.length <= 1 : !signal.startsBefore && (signal.readings ?? 0) < 2;
  if (onlyOne) return "one reading: too few to show a change";
  return describeDelta(signal.start, signal.end, signal.unit);
}

/** The change since the previous update, or why there is none. */
export function describeSincePrevious(signal: SignalKpi): string {
  if (!signal.previous) return "not in the last update";
  if (signal.end === null) return "no reading in the period";
  return describeDelta(signal.previous.value, signal.end, signal.unit);
}

/**
 * The narrative a draft starts from, suggested by the evidence: validated hypotheses, signals that
 * moved the right way and gate decisions as highlights; invalidated hypotheses and signals that
 * moved the wrong way as lowlights. The founder edits it before publishing.
 */
export function suggestedNarrative(evidence: Pick<UpdateContent, "learnings" | "signals" | "gates">): { highlights: string; lowlights: string } {
  const moved = evidence.signals.filter((signal) => signal.change !== null && signal.change !== 0 && /^[+−]/.test(describePeriodChange(signal)));
  const better = (signal: SignalKpi) => (signal.change! > 0) === (signal.direction !== "DOWN");
  const signalLine = (signal: SignalKpi) => `- ${signal.name}: ${formatNumber(signal.end, signal.unit)}, ${describePeriodChange(signal)} over the period`;
  const highlights = [
    ...evidence.learnings.filter((learning) => learning.status === "VALIDATED").map((learning) => `- Validated ${learning.key}: ${learning.statement}`),
    ...moved.filter(better).map(signalLine),
    ...evidence.gates.flatMap((gate) => gate.decisions.map((decision) => `- ${gate.product}: scale gate ${decision.action === "OPEN" ? "opened" : "held"} on ${decision.on} — ${decision.rationale}`)),
  ];
  const lowlights = [
    ...evidence.learnings.filter((learning) => learning.status === "INVALIDATED").map((learning) => `- Invalidated ${learning.key}: ${learning.statement}`),
    ...moved.filter((signal) => !better(signal)).map(signalLine),
  ];
  return { highlights: highlights.join("\n"), lowlights: lowlights.join("\n") };
}

/** "≥ 20 customers", or "—" without a target. */
export function describeTarget(signal: SignalKpi): string {
  if (!signal.target) return "—";
  return `${signal.target.direction === "gte" ? "≥" : "≤"} ${formatNumber(signal.target.value, signal.unit)}`;
}

/** "Done: Intros to accountants — thanks to Olivia Hart", as plain text. */
export function describeAsk(item: AskItem): string {
  return `${ASK_STATUSES[item.status] ?? item.status}: ${item.text}${item.helpedBy ? ` — thanks to ${item.helpedBy}` : ""}`;
}

function section(title: string, body: string) {
  return body.trim() ? `## ${title}\n\n${body.trim()}\n` : "";
}

/**
 * The update as Markdown, for pasting into an email or a document. Everything in it was typed by
 * someone (narrative, names, rationales), so the whole document passes through safeMarkdown: no
 * raw HTML, and no links but http(s) and mailto.
 */
export function updateToMarkdown(content: UpdateContent): string {
  const lines = [
    `# ${content.title}`,
    "",
    `${content.teamName} · ${content.periodStart} to ${content.periodEnd}`,
    "",
    section("Highlights", content.highlights),
    section("Lowlights", content.lowlights),
    section(UPDATE_SECTIONS.followUp, (content.previousAsks?.items ?? []).map((item) => `- ${describeAsk(item)}`).join("\n")),
    section("Asks", content.asks),
  ];
  if (content.signals.length) {
    lines.push("## Traction", "", "| Signal | End of period | Over the period | Since the last update | Target |", "|---|---|---|---|---|");
    for (const signal of content.signals) {
      const cells = [signal.name, formatNumber(signal.end, signal.unit), describePeriodChange(signal), describeSincePrevious(signal), describeTarget(signal)];
      lines.push(`| ${cells.map(safeMarkdownCell).join(" | ")} |`);
    }
    lines.push("");
  }
  if (content.learnings.length) {
    lines.push("## What we learned", "");
    for (const learning of content.learnings) {
      lines.push(`- **${learning.key} ${learning.status === "VALIDATED" ? "validated" : "invalidated"}:** ${learning.statement} — ${learning.learned} (decision: ${learning.decision.toLowerCase()})`);
    }
    lines.push("");
  }
  if (content.experiments.length) {
    lines.push(`## Experiments run (${content.experiments.length})`, "");
    for (const experiment of content.experiments) lines.push(`- ${experiment.key} ${experiment.title} — ${experiment.verdict ?? experiment.status.toLowerCase()}`);
    lines.push("");
  }
  if (content.gates.length) {
    lines.push("## Scale gates", "");
    for (const gate of content.gates) {
      lines.push(`- **${gate.product}** (${gate.stage === "GROWTH" ? "growth stage" : "MVP stage"}): ${gate.headline}`);
      for (const decision of gate.decisions) lines.push(`  - ${decision.on}: gate ${decision.action === "OPEN" ? "opened" : "held"} — ${decision.rationale}`);
    }
    lines.push("");
  }
  // Skipped sections leave blank runs behind; Markdown wants at most one blank line.
  return safeMarkdown(lines.join("\n").replace(/\n{3,}/g, "\n\n").trim()) + "\n";
}
