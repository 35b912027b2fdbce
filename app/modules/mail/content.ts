/**
 * What an email says, as data: one structure from which both the HTML and the plain-text part are
 * rendered, so the two can never tell different stories. Values are plain text; the HTML renderer
 * escapes them and the header fields are made single-line here.
 */
export type EmailBlock =
  | { type: "paragraph"; text: string }
  /** The one thing to do, as a button; the plain-text part prints the address in full. */
  | { type: "button"; label: string; url: string }
  /** Label/value pairs (team, role, who sent it). */
  | { type: "facts"; rows: [label: string, value: string][] }
  /** Small print under the action: how long a link works, what to do if it was not you. */
  | { type: "note"; text: string }
  /** A titled list (an agenda section) of `total` items, the first of them shown, each linked when it has a url; `empty` when there are none. */
  | { type: "list"; title: string; items: { text: string; url?: string }[]; total: number; empty: string }
  /** A titled passage someone wrote in Markdown (an update's highlights): rendered safely in HTML, as typed in text. */
  | { type: "markdown"; title: string; text: string }
  /** Someone's words quoted as they typed them (a comment): plain text, line breaks kept, nothing made a link. */
  | { type: "quote"; text: string };

export type EmailContent = {
  subject: string;
  /** The line mail clients show after the subject in the inbox. */
  preview: string;
  heading: string;
  blocks: EmailBlock[];
  footer: {
    /** Why this person got this email, in one sentence. */
    reason: string;
    /** The team the email is about, named in the footer. */
    team?: string;
    /** One-click unsubscribe address for messages that can be turned off. */
    unsubscribeUrl?: string;
    /** Where the person can change which emails they get. */
    preferencesUrl?: string;
  };
};

/** Header values (subjects, display names) on one line: CR, LF and their Unicode cousins become spaces. */
export function singleLine(value: string): string {
  return value
    .replace(/[\r\n\u0085\u2028\u2029]+/g, " ")
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "")
    .trim();
}

/** Every link the email carries, in order: what the server log prints when no SMTP server is set. */
export function emailLinks(content: EmailContent): string[] {
  const links = content.blocks.flatMap((block) => {
    if (block.type === "button") return [block.url];
    if (block.type === "list") return block.items.flatMap((item) => (item.url ? [item.url] : []));
    return [];
  });
  if (content.footer.unsubscribeUrl) links.push(content.footer.unsubscribeUrl);
  return links;
}

function wrap(text: string, width = 72): string {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && line.length + word.length + 1 > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    lines.push(line);
  }
  return lines.join("\n");
}

/** The plain-text part: readable as is, every link written out in full. */
export function renderText(content: EmailContent): string {
  const parts: string[] = [content.heading, "=".repeat(Math.min(content.heading.length, 72))];
  for (const block of content.blocks) {
    switch (block.type) {
      case "paragraph":
      case "note":
        parts.push(wrap(block.text));
        break;
      case "button":
        parts.push(`${block.label}:\n${block.url}`);
        break;
      case "list": {
        const lines = block.total === 0 ? [`  ${block.empty}`] : block.items.map((item) => `  - ${item.text}${item.url ? `\n    ${item.url}` : ""}`);
        if (block.total > block.items.length) lines.push(`  … and ${block.total - block.items.length} more`);
        parts.push(`${block.title} (${block.total})\n${lines.join("\n")}`);
        break;
      }
      case "quote":
        parts.push(
          block.text
            .trim()
            .split(/\r?\n/)
            .map((line) => `> ${line}`.trimEnd())
            .join("\n"),
        );
        break;
      case "markdown":
        parts.push(`${block.title}\n${"-".repeat(Math.min(block.title.length, 72))}\n${block.text.trim()}`);
        break;
      case "facts": {
        const width = Math.max(...block.rows.map(([label]) => label.length));
        parts.push(block.rows.map(([label, value]) => `  ${`${label}:`.padEnd(width + 2)}${value}`).join("\n"));
        break;
      }
    }
  }
  const footer = [wrap(content.footer.reason)];
  if (content.footer.preferencesUrl) footer.push(`Choose which emails you get: ${content.footer.preferencesUrl}`);
  if (content.footer.unsubscribeUrl) footer.push(`Unsubscribe from these emails: ${content.footer.unsubscribeUrl}`);
  footer.push(content.footer.team ? `Evident, for ${content.footer.team}` : "Evident");
  return `${parts.join("\n\n")}\n\n-- \n${footer.join("\n")}\n`;
}
