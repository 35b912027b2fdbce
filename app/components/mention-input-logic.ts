/**
 * What the comment box's mention suggestions show, and what picking one does to the text. Pure:
 * the component (mention-textarea.tsx) renders what these functions return.
 */
import { mentionQueryAt, suggestMentions, type Mentionable } from "~/modules/comments/mentions";

export type MentionMenu = { start: number; query: string; options: Mentionable[] };

/**
 * The suggestions for the text at the caret, or null when there are none to show: no `@` being
 * typed, nobody matches, the menu was dismissed (Esc) for this `@`, or the name is already
 * complete and followed by a space (what picking a suggestion leaves behind).
 */
export function mentionMenu(text: string, caret: number, people: readonly Mentionable[], dismissedAt: number | null = null): MentionMenu | null {
  const at = mentionQueryAt(text, caret);
  if (!at || at.start === dismissedAt) return null;
  const typed = at.query.trim().toLowerCase();
  if (/\s$/.test(at.query) && people.some((person) => person.name.toLowerCase() === typed)) return null;
  const options = suggestMentions(at.query, people);
  return options.length ? { ...at, options } : null;
}

/** The text with the typed `@query` (from `start` to the caret) replaced by "@Full Name ", and where the caret goes. */
export function insertMention(text: string, start: number, caret: number, name: string): { text: string; caret: number } {
  const after = text.slice(caret);
  // A space follows the name, unless the text already goes on with one.
  const mention = `@${name}${/^\s/.test(after) ? "" : " "}`;
  return { text: `${text.slice(0, start)}${mention}${after}`, caret: start + mention.length + (/^\s/.test(after) ? 1 : 0) };
}

/** The option ↑/↓ moves to, wrapping around; -1 (nothing) stays at the first or the last. */
export function moveOption(active: number, count: number, step: 1 | -1): number {
  if (count === 0) return -1;
  if (active < 0) return step === 1 ? 0 : count - 1;
  return (active + step + count) % count;
}
