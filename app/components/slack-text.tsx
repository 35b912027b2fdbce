/**
 * A Slack message (an incoming webhook's `{ text, blocks }`) shown roughly the way Slack shows it:
 * section lines with *bold* and <url|label> links, `>` quotes, and context lines in small grey
 * text. Pure: the body in, elements out — no state, no effects; anything that is not a Slack
 * message gives null, so the caller shows the raw body alone.
 */
import type { ReactNode } from "react";

export type SlackInline = { kind: "text"; text: string } | { kind: "bold"; children: SlackInline[] } | { kind: "link"; url: string; label: string };
export type SlackLine = { kind: "line" | "quote" | "context"; inlines: SlackInline[] };

/** The few emoji names Evident's messages use, as the characters Slack shows for them. */
const EMOJI: Record<string, string> = { white_check_mark: "✅", warning: "⚠️", x: "❌", tada: "🎉", speech_balloon: "💬", bell: "🔔" };

/** Slack's escapes undone: what the reader sees. */
function unescape(text: string): string {
  return text
    .replace(/:([a-z0-9_+-]+):/g, (whole, name: string) => EMOJI[name] ?? whole)
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}

/** Plain text with *bold* runs (Slack bolds a run that starts and ends on a word's edge). */
function withBold(text: string): SlackInline[] {
  const inlines: SlackInline[] = [];
  const pattern = /\*(\S(?:[^*\n]*\S)?)\*/g;
  let at = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > at) inlines.push({ kind: "text", text: unescape(text.slice(at, match.index)) });
    inlines.push({ kind: "bold", children: [{ kind: "text", text: unescape(match[1]) }] });
    at = match.index + match[0].length;
  }
  if (at < text.length) inlines.push({ kind: "text", text: unescape(text.slice(at)) });
  return inlines;
}

/** One line of mrkdwn: links first (their labels may hold anything), then bold in what is around them. */
export function parseMrkdwnLine(line: string): SlackInline[] {
  const inlines: SlackInline[] = [];
  // A bold run may wrap a link: *<url|label>*.
  const pattern = /(\*?)<([^<>|\s]+)(?:\|([^<>]*))?>(\*?)/g;
  let at = 0;
  for (const match of line.matchAll(pattern)) {
    if (match.index > at) inlines.push(...withBold(line.slice(at, match.index)));
    const link: SlackInline = { kind: "link", url: match[2], label: unescape(match[3] ?? match[2]) };
    if (match[1] && match[4]) inlines.push({ kind: "bold", children: [link] });
    else {
      if (match[1]) inlines.push({ kind: "text", text: "*" });
      inlines.push(link);
      if (match[4]) inlines.push({ kind: "text", text: "*" });
    }
    at = match.index + match[0].length;
  }
  if (at < line.length) inlines.push(...withBold(line.slice(at)));
  return inlines;
}

function mrkdwnLines(text: string, kind: "line" | "context"): SlackLine[] {
  return text.split("\n").map((line) => {
    if (kind === "line" && line.startsWith(">")) return { kind: "quote", inlines: parseMrkdwnLine(line.slice(1)) };
    return { kind, inlines: parseMrkdwnLine(line) };
  });
}

/**
 * The lines a Slack message shows: its section and context blocks, or its `text` when it has no
 * blocks. Null when `body` is not a Slack message.
 */
export function slackLines(body: unknown): SlackLine[] | null {
  if (!body || typeof body !== "object") return null;
  const message = body as { text?: unknown; blocks?: unknown };
  const lines: SlackLine[] = [];
  if (Array.isArray(message.blocks)) {
    for (const block of message.blocks as { type?: unknown; text?: { text?: unknown }; elements?: { text?: unknown }[] }[]) {
      if (block?.type === "section" && typeof block.text?.text === "string") lines.push(...mrkdwnLines(block.text.text, "line"));
      else if (block?.type === "context" && Array.isArray(block.elements)) {
        const text = block.elements
          .map((element) => (typeof element?.text === "string" ? element.text : ""))
          .filter(Boolean)
          .join("  ");
        if (text) lines.push(...mrkdwnLines(text, "context"));
      }
    }
  }
  if (lines.length === 0 && typeof message.text === "string") lines.push(...mrkdwnLines(message.text, "line"));
  return lines.length > 0 ? lines : null;
}

/** Only web links become links; anything else (a mention, a channel) stays its label. */
function isWebUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

function Inlines({ inlines }: { inlines: SlackInline[] }): ReactNode {
  return inlines.map((inline, index) => {
    if (inline.kind === "bold")
      return (
        <strong key={index} className="font-semibold">
          <Inlines inlines={inline.children} />
        </strong>
      );
    if (inline.kind === "link")
      return isWebUrl(inline.url) ? (
        <a key={index} href={inline.url} className="[overflow-wrap:anywhere]" rel="noreferrer noopener">
          {inline.label}
        </a>
      ) : (
        <span key={index}>{inline.label}</span>
      );
    return <span key={index}>{inline.text}</span>;
  });
}

/** The message as Slack would roughly show it, or null when `body` is not one. */
export function SlackText({ body, label = "As Slack shows it" }: { body: unknown; label?: string }) {
  const lines = slackLines(body);
  if (!lines) return null;
  return (
    <figure className="min-w-0 rounded-md border border-zinc-200 bg-white p-3 text-sm dark:border-zinc-700 dark:bg-zinc-950">
      <figcaption className="muted mb-2 text-xs">{label}</figcaption>
      <div className="flex gap-3">
        <span aria-hidden className="mt-0.5 flex size-8 shrink-0 items-center justify-center rounded bg-accent-600 text-xs font-bold text-white">
          Ev
        </span>
        <div className="min-w-0 flex-1 space-y-0.5 [overflow-wrap:anywhere]">
          <p className="font-semibold">Evident</p>
          {lines.map((line, index) =>
            line.kind === "quote" ? (
              <blockquote key={index} className="border-l-4 border-zinc-300 pl-2 text-zinc-700 dark:border-zinc-600 dark:text-zinc-300">
                <Inlines inlines={line.inlines} />
              </blockquote>
            ) : line.kind === "context" ? (
              <p key={index} className="muted pt-1 text-xs">
                <Inlines inlines={line.inlines} />
              </p>
            ) : (
              <p key={index}>
                <Inlines inlines={line.inlines} />
              </p>
            )
          )}
        </div>
      </div>
    </figure>
  );
}
