import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { WebhookPayload } from "~/modules/events/payload";
import { slackMessage } from "~/modules/webhooks/slack";
import { parseMrkdwnLine, SlackText, slackLines } from "./slack-text";

const comment: WebhookPayload = {
  type: "comment.added",
  timestamp: "2026-03-02T10:00:00.000Z",
  data: {
    eventId: "evt_1",
    team: { slug: "ledgerly", name: "Ledgerly & Co" },
    actor: { id: "u1", name: "Maya" },
    subject: { type: "experiment", id: "e1", key: "E-7", title: "Fake door <script>", url: "https://evident.example/t/ledgerly/experiments/E-7" },
    summary: "Maya commented on E-7 · Fake door <script>",
    people: [
      { id: "u1", name: "Maya" },
      { id: "u2", name: "Sam" },
    ],
    details: { comment: "Looks *great* & <b>promising</b>\nsecond line" },
  },
};

describe("slackLines", () => {
  it("reads an event's message: a bold linked title, the summary, the comment quoted, the context", () => {
    expect(slackLines(slackMessage(comment))).toEqual([
      { kind: "line", inlines: [{ kind: "bold", children: [{ kind: "link", url: "https://evident.example/t/ledgerly/experiments/E-7", label: "E-7 · Fake door <script>" }] }] },
      { kind: "line", inlines: [{ kind: "text", text: "Maya commented on E-7 · Fake door <script>" }] },
      {
        kind: "quote",
        inlines: [
          { kind: "text", text: "Looks " },
          { kind: "bold", children: [{ kind: "text", text: "great" }] },
          { kind: "text", text: " & <b>promising</b>" },
        ],
      },
      { kind: "quote", inlines: [{ kind: "text", text: "second line" }] },
      { kind: "context", inlines: [{ kind: "text", text: "Ledgerly & Co · Comment · Involved: Sam" }] },
    ]);
  });

  it("reads a test event's message, its emoji as the character", () => {
    const lines = slackLines(
      slackMessage({ type: "webhook.test", timestamp: "2026-03-02T10:00:00.000Z", data: { eventId: "msg_1", team: { slug: "l", name: "Ledgerly" }, actor: null, summary: "Nothing happened." } })
    );
    expect(lines).toEqual([{ kind: "line", inlines: [{ kind: "text", text: "✅ Test event from Evident for Ledgerly: Nothing happened." }] }]);
  });

  it("falls back to the text of a message without blocks, and is null for anything that is not a message", () => {
    expect(slackLines({ text: "Hello *there*" })).toEqual([
      {
        kind: "line",
        inlines: [
          { kind: "text", text: "Hello " },
          { kind: "bold", children: [{ kind: "text", text: "there" }] },
        ],
      },
    ]);
    for (const body of [null, undefined, "text", 42, [], {}, { blocks: [] }, { blocks: [{ type: "divider" }] }, { type: "experiment.started", data: {} }])
      expect(slackLines(body), JSON.stringify(body)).toBeNull();
  });

  it("parses links with and without labels, and leaves stray stars and brackets as text", () => {
    expect(parseMrkdwnLine("see <https://a.example/x> and <https://b.example|B &amp; C>")).toEqual([
      { kind: "text", text: "see " },
      { kind: "link", url: "https://a.example/x", label: "https://a.example/x" },
      { kind: "text", text: " and " },
      { kind: "link", url: "https://b.example", label: "B & C" },
    ]);
    expect(parseMrkdwnLine("2 * 3 = 6 &lt;ok&gt;")).toEqual([{ kind: "text", text: "2 * 3 = 6 <ok>" }]);
    expect(parseMrkdwnLine("&amp;lt; stays escaped once")).toEqual([{ kind: "text", text: "&lt; stays escaped once" }]);
    expect(parseMrkdwnLine("")).toEqual([]);
  });
});

describe("SlackText", () => {
  it("renders bold, links, quotes and context, escaping what people wrote", () => {
    const html = renderToStaticMarkup(<SlackText body={slackMessage(comment)} />);
    expect(html).toContain('<strong class="font-semibold"><a href="https://evident.example/t/ledgerly/experiments/E-7"');
    expect(html).toContain("E-7 · Fake door &lt;script&gt;</a></strong>");
    expect(html).toContain("<blockquote");
    expect(html).toContain("&amp; &lt;b&gt;promising&lt;/b&gt;");
    expect(html).not.toContain("<b>");
    expect(html).not.toContain("<script>");
    expect(html).toContain("Ledgerly &amp; Co · Comment · Involved: Sam");
  });

  it("makes only web addresses links", () => {
    const html = renderToStaticMarkup(<SlackText body={{ text: "<javascript:alert(1)|click> <mailto:a@b.example|mail>" }} />);
    expect(html).not.toContain("href");
    expect(html).toContain("click");
  });

  it("renders nothing for a body that is not a Slack message", () => {
    expect(renderToStaticMarkup(<SlackText body={{ type: "webhook.test" }} />)).toBe("");
  });
});
