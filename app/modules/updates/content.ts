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
  signals: { name: string; unit: string; start: number | null; end: number | null; change: number | null; points: { date: string; value: number }[] }[];
  gates: { product: string; stage: string; headline: string; decisions: { on: string; action: string; rationale: string }[] }[];
};

function formatNumber(value: number | null, unit: string) {
  if (value === null) return "—";
  const text = Number(value.toFixed(2)).toLocaleString("en");
  if (unit === "$" || unit === "€" || unit === "£") return `${unit}${text}`;
  return unit === "%" ? `${text} %` : unit ? `${text} ${unit}` : text;
}

export function describeChange(signal: UpdateContent["signals"][number]): string {
  if (signal.start === null || signal.end === null) return signal.end === null ? "no data in the period" : `now ${formatNumber(signal.end, signal.unit)}`;
  const delta = signal.end - signal.start;
  const percent = signal.start !== 0 ? ` (${delta >= 0 ? "+" : ""}${((delta / Math.abs(signal.start)) * 100).toFixed(0)} %)` : "";
  return `${formatNumber(signal.start, signal.unit)} → ${formatNumber(signal.end, signal.unit)}${percent}`;
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
    section("Asks", content.asks),
  ];
  if (content.signals.length) {
    lines.push("## Traction", "", "| Signal | Change over the period |", "|---|---|");
    for (const signal of content.signals) lines.push(`| ${safeMarkdownCell(signal.name)} | ${safeMarkdownCell(describeChange(signal))} |`);
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
