/**
 * Markdown that is safe to paste into any renderer, including ones that allow raw HTML: what
 * people typed stays readable, but it can neither run script nor link anywhere but http(s) and mail.
 *
 * - Every `<` becomes `&lt;`, which renders as "<": no HTML tag, HTML block, comment or `<…>`
 *   autolink can start. (Inside code it shows as the entity; a small price for never guessing
 *   wrongly what is code.)
 * - A link destination — after `](` (inline links and images) or `]:` (reference definitions) —
 *   that does not plainly start with http://, https:// or mailto: and could name a scheme (it holds
 *   a colon, or an entity or backslash escape that a renderer would decode into one) stops being
 *   a link: a backslash before the `(` or `:` makes the renderer show the text as written.
 */

const ALLOWED = /^(?:https?:\/\/|mailto:)/i;

function isSafeDestination(destination: string): boolean {
  if (ALLOWED.test(destination)) return true;
  // A relative address ("/docs", "#plan", "deck.pdf") names no scheme; anything that might is refused.
  return !/[:&\\]/.test(destination);
}

export function safeMarkdown(text: string): string {
  const escaped = text.replace(/</g, "&lt;");
  // The destination is read up to a space, `)` or `]`: enough to see its scheme, and never so far
  // that it swallows the next link.
  return escaped.replace(/\](\(|:)(\s*)([^\s)\]]*)/g, (whole, opener: string, space: string, destination: string) =>
    isSafeDestination(destination) ? whole : `]\\${opener}${space}${destination}`,
  );
}

/** Text for one cell of a Markdown table: safe as above, and unable to end its cell or row. */
export function safeMarkdownCell(text: string): string {
  return safeMarkdown(text).replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
}
