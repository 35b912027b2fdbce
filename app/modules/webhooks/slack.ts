/**
 * The same events in Slack's incoming-webhook format: one compact message — a linked title, what
 * happened, the people involved named — with a plain `text` for notifications and clients that
 * do not show blocks.
 */
import { EVENT_TYPES } from "~/modules/events/catalog";
import type { TestPayload, WebhookPayload } from "~/modules/events/payload";

export type SlackMessage = {
  text: string;
  blocks: ({ type: "section"; text: { type: "mrkdwn"; text: string } } | { type: "context"; elements: { type: "mrkdwn"; text: string }[] })[];
};

/** Slack's mrkdwn needs &, < and > escaped; nothing else in user text can form a link or a mention. */
export function slackEscape(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** A link whose label cannot break out of <url|label>. */
function slackLink(url: string, label: string): string {
  return `<${url.replaceAll("|", "%7C").replaceAll(">", "%3E")}|${slackEscape(label).replaceAll("|", "¦")}>`;
}

function quoted(text: string, max = 300): string {
  const cut = text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
  return cut
    .split(/\r?\n/)
    .map((line) => `>${slackEscape(line)}`)
    .join("\n");
}

export function slackMessage(payload: WebhookPayload | TestPayload): SlackMessage {
  const { data } = payload;
  if (payload.type === "webhook.test" || !("subject" in data)) {
    const text = `Test event from Evident for ${data.team.name}: ${data.summary}`;
    return { text: slackEscape(text), blocks: [{ type: "section", text: { type: "mrkdwn", text: `:white_check_mark: ${slackEscape(text)}` } }] };
  }
  const title = data.subject.key ? `${data.subject.key} · ${data.subject.title}` : data.subject.title;
  const details: Record<string, unknown> = data.details;
  const lines = [`*${slackLink(data.subject.url, title)}*`, slackEscape(data.summary)];
  if (typeof details.comment === "string") lines.push(quoted(details.comment));
  const context = [slackEscape(data.team.name), EVENT_TYPES[payload.type].label];
  const people = data.people.filter((person) => person.id !== data.actor?.id).map((person) => person.name);
  if (people.length > 0) context.push(`${payload.type === "mention" ? "Mentioned" : "Involved"}: ${slackEscape(people.join(", "))}`);
  return {
    // Slack reads `text` as mrkdwn too (notifications, and clients without blocks): escaped like the rest.
    text: slackEscape(`${data.summary} — ${title}`),
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: lines.join("\n") } },
      { type: "context", elements: [{ type: "mrkdwn", text: context.join(" · ") }] },
    ],
  };
}
