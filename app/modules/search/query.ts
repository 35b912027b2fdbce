/**
 * What a person typed, made safe to search with: never more than a line of text, never a
 * character the database cannot hold, and keys (H-12, e7) recognised. Pure, so it is tested alone.
 */
import { isStorableText } from "~/utils/fields";

export const MAX_QUERY_LENGTH = 200;

export type SearchQuery = {
  /** The text to search for, trimmed and cut to MAX_QUERY_LENGTH; "" searches nothing. */
  text: string;
  /** When the text is a key or the start of one: which kind and the digits typed. */
  key: { type: "hypothesis" | "experiment"; digits: string } | null;
};

/** Removes what PostgreSQL cannot take in text (NUL, half a surrogate pair) and other control characters. */
function storable(text: string): string {
  let out = "";
  for (const character of text) {
    const code = character.codePointAt(0)!;
    if (code < 0x20 || code === 0x7f) out += " ";
    else if (isStorableText(character)) out += character;
  }
  return out;
}

export function parseSearchQuery(raw: string | null | undefined): SearchQuery {
  const text = storable(String(raw ?? "").slice(0, MAX_QUERY_LENGTH * 4))
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, MAX_QUERY_LENGTH)
    // Cutting can leave half a surrogate pair at the end.
    .replace(/[\ud800-\udbff]$/, "")
    .trim();
  const match = /^([he])\s*-?\s*(\d{1,9})$/i.exec(text);
  const key = match ? { type: match[1].toLowerCase() === "h" ? ("hypothesis" as const) : ("experiment" as const), digits: String(Number(match[2])) } : null;
  return { text, key };
}
