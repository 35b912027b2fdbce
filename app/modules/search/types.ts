/** What search finds, as the search page, the command palette and the API show it. */

export const SEARCH_TYPES = ["hypothesis", "experiment", "evidence", "learning", "comment", "review", "update"] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

export const SEARCH_TYPE_LABELS: Record<SearchType, string> = {
  hypothesis: "Hypotheses",
  experiment: "Experiments",
  evidence: "Evidence",
  learning: "Learnings",
  comment: "Comments",
  review: "Reviews",
  update: "Investor updates",
};

export type SearchHit = {
  type: SearchType;
  /** H-12, E-7 where the item has a key; null otherwise. */
  key: string | null;
  title: string;
  /** Plain text around the match; the matched words are wrapped in MATCH_START … MATCH_END. */
  snippet: string;
  /** The page that shows the item, inside the team. */
  url: string;
};

/** Markers around matched words in a snippet: characters no one types, so no input can forge them. */
export const MATCH_START = "\u0002";
export const MATCH_END = "\u0003";

/** A snippet as runs of text, each marked as a match or not, for rendering without HTML. */
export function snippetParts(snippet: string): { text: string; match: boolean }[] {
  const parts: { text: string; match: boolean }[] = [];
  let match = false;
  let text = "";
  for (const character of snippet) {
    if (character === MATCH_START || character === MATCH_END) {
      if (text) parts.push({ text, match });
      text = "";
      match = character === MATCH_START;
    } else text += character;
  }
  if (text) parts.push({ text, match });
  return parts;
}

/** The snippet without its match markers: what the API returns. */
export const plainSnippet = (snippet: string) => snippet.replaceAll(MATCH_START, "").replaceAll(MATCH_END, "");
