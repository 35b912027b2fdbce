/**
 * Mentions in comments are written as `@` and a team member's name ("@Maya Patel"), the way the
 * suggestions insert them and the way a person would type one without suggestions. The longest
 * name that fits wins, so "@Sam Lee" is Sam Lee, not Sam.
 */
export type Mentionable = { id: string; name: string };

export type Segment = { text: string; mention?: Mentionable };

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Whether `body[index]` may end a name: the end, or anything but a letter or digit. */
function endsName(body: string, index: number): boolean {
  return index >= body.length || !/[\p{L}\p{N}]/u.test(body[index]);
}

/** The comment split into text and mentions of the given people. */
export function mentionSegments(body: string, people: readonly Mentionable[]): Segment[] {
  const byLength = [...people].filter((person) => person.name.trim() !== "").sort((a, b) => b.name.length - a.name.length);
  if (byLength.length === 0) return body ? [{ text: body }] : [];
  const pattern = new RegExp(`@(${byLength.map((person) => escape(person.name)).join("|")})`, "giu");
  const segments: Segment[] = [];
  let last = 0;
  for (const match of body.matchAll(pattern)) {
    const start = match.index;
    // "@" must start a word (not an email address's), and the name must end where a word ends.
    if (start > 0 && /[\p{L}\p{N}._%+-]/u.test(body[start - 1])) continue;
    if (!endsName(body, start + match[0].length)) continue;
    const person = byLength.find((candidate) => candidate.name.toLowerCase() === match[1].toLowerCase());
    if (!person) continue;
    if (start > last) segments.push({ text: body.slice(last, start) });
    segments.push({ text: match[0], mention: person });
    last = start + match[0].length;
  }
  if (last < body.length) segments.push({ text: body.slice(last) });
  return segments;
}

/** The people a comment mentions, each once, in order of first mention. */
export function mentionedPeople(body: string, people: readonly Mentionable[]): Mentionable[] {
  const seen = new Map<string, Mentionable>();
  for (const segment of mentionSegments(body, people)) if (segment.mention && !seen.has(segment.mention.id)) seen.set(segment.mention.id, segment.mention);
  return [...seen.values()];
}

/**
 * The `@` query being typed at the caret, for suggestions: the text after the last `@` that
 * starts a word, up to the caret, when it is short enough to be a name being typed.
 */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf("@");
  if (at < 0 || (at > 0 && /[\p{L}\p{N}._%+-]/u.test(before[at - 1]))) return null;
  const query = before.slice(at + 1);
  if (query.length > 40 || /[\n@]/.test(query) || /\s\s/.test(query)) return null;
  return { start: at, query };
}

/** Members whose name matches the typed query (any word's start), best first. */
export function suggestMentions(query: string, people: readonly Mentionable[], limit = 6): Mentionable[] {
  const q = query.trim().toLowerCase();
  const scored = people.flatMap((person) => {
    const name = person.name.toLowerCase();
    if (q === "") return [{ person, score: 2 }];
    if (name.startsWith(q)) return [{ person, score: 0 }];
    if (name.split(/\s+/).some((word) => word.startsWith(q))) return [{ person, score: 1 }];
    return [];
  });
  return scored.sort((a, b) => a.score - b.score || a.person.name.localeCompare(b.person.name)).slice(0, limit).map((entry) => entry.person);
}
