/**
 * The narrative of an investor update (highlights, lowlights, asks) written in Markdown, rendered
 * to HTML on the server with markdown-it, so the page, the print view and the share page show
 * lists, emphasis, links and headings — and the browser never receives the parser.
 *
 * What people type is never trusted as HTML:
 * - raw HTML is not HTML here (`html: false`): `<script>` shows as text;
 * - links go only to http(s) and mailto (entities and escapes are decoded before the check), and
 *   open in a new tab telling the target nothing (`noopener noreferrer nofollow`);
 * - images are off: a picture in an update sent to investors could only be a tracking pixel;
 * - headings start at level 3, under the document's own section headings.
 */
import MarkdownIt from "markdown-it";
import type { UpdateContent } from "./content";

const ALLOWED_LINK = /^(?:https?:\/\/|mailto:)/i;

const markdown = new MarkdownIt("default", { html: false, linkify: true, typographer: false, breaks: false });
markdown.disable(["image"]);
markdown.validateLink = (url) => ALLOWED_LINK.test(url.trim());

type RenderRule = NonNullable<typeof markdown.renderer.rules.link_open>;

const renderToken: RenderRule = (tokens, index, options, _env, self) => self.renderToken(tokens, index, options);
markdown.renderer.rules.link_open = (tokens, index, options, env, self) => {
  tokens[index].attrSet("rel", "noopener noreferrer nofollow");
  tokens[index].attrSet("target", "_blank");
  return renderToken(tokens, index, options, env, self);
};
const demoteHeading: RenderRule = (tokens, index, options, env, self) => {
  const level = Math.min(6, Number(tokens[index].tag.slice(1)) + 2);
  tokens[index].tag = `h${level}`;
  return renderToken(tokens, index, options, env, self);
};
markdown.renderer.rules.heading_open = demoteHeading;
markdown.renderer.rules.heading_close = demoteHeading;

/** Markdown as safe HTML. */
export function renderMarkdown(text: string): string {
  return markdown.render(text);
}

export type NarrativeHtml = Record<"highlights" | "lowlights" | "asks", string> & { previousAsks: string[] };

/** The update's three narrative fields, and the last update's asks it follows up, rendered. */
export function narrativeHtml(content: Pick<UpdateContent, "highlights" | "lowlights" | "asks" | "previousAsks">): NarrativeHtml {
  return {
    highlights: renderMarkdown(content.highlights),
    lowlights: renderMarkdown(content.lowlights),
    asks: renderMarkdown(content.asks),
    previousAsks: (content.previousAsks?.items ?? []).map((item) => markdown.renderInline(item.text)),
  };
}

/**
 * The asks of an update as items, each in its own Markdown: the items of the lists at the top
 * level ("- Intros to accountants"), or, written as prose, the whole text as one ask.
 */
export function askItems(asks: string): string[] {
  const source = asks.split("\n");
  const tokens = markdown.parse(asks, {});
  const items = tokens
    .filter((token) => token.type === "list_item_open" && token.level === 1 && token.map)
    .map((token) => {
      const [start, end] = token.map!;
      // The item's lines, without its marker ("- ", "* ", "1. ") and the indentation of its continuation lines.
      const lines = source.slice(start, end);
      return [lines[0].replace(/^\s*(?:[-*+]|\d+[.)])\s+/, ""), ...lines.slice(1).map((line) => line.trim())].join(" ").replace(/\s+/g, " ").trim();
    })
    .filter(Boolean);
  if (items.length > 0) return items;
  const prose = asks.replace(/\s+/g, " ").trim();
  return prose ? [prose] : [];
}
