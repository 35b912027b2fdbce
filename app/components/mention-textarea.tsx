/**
 * Mentions in comments. <MentionText> shows a comment with its "@Full Name" mentions marked.
 * <MentionTextarea> is the comment box: typing "@" offers the team's members in a small listbox
 * under it (a WAI-ARIA combobox: the text keeps focus, ↑/↓ move, Enter or Tab insert
 * "@Full Name ", Esc closes, a click picks). Server-rendered, and without JavaScript, it is the
 * plain textarea it always was: a typed "@Full Name" mentions just the same.
 */
import { Fragment, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { mentionQueryAt, mentionSegments, type Mentionable } from "~/modules/comments/mentions";
import { insertMention, mentionMenu, moveOption, type MentionMenu } from "./mention-input-logic";

/** A comment's text with the team members it mentions marked (the "@" keeps it readable without the colour). */
export function MentionText({ text, people }: { text: string; people: readonly Mentionable[] }) {
  const segments = useMemo(() => mentionSegments(text, people), [text, people]);
  return (
    <>
      {segments.map((segment, index) =>
        segment.mention ? (
          <span key={index} className="rounded-sm box-decoration-clone bg-accent-50 px-0.5 font-medium text-accent-700 dark:bg-accent-500/15 dark:text-accent-300">
            {segment.text}
          </span>
        ) : (
          <Fragment key={index}>{segment.text}</Fragment>
        )
      )}
    </>
  );
}

function initials(name: string): string {
  const words = name.trim().split(/\s+/);
  return `${words[0]?.[0] ?? ""}${words.length > 1 ? words[words.length - 1][0] ?? "" : ""}`.toUpperCase();
}

type Props = {
  id: string;
  name: string;
  /** Who can be mentioned: the team's members (the person writing is best left out). */
  people: readonly Mentionable[];
  rows?: number;
  placeholder?: string;
  invalid?: boolean;
  describedBy?: string;
};

export function MentionTextarea({ id, name, people, rows = 2, placeholder, invalid, describedBy }: Props) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const listboxId = useId();
  const optionId = (index: number) => `${listboxId}-option-${index}`;
  // The combobox exists only once the page is live: without JavaScript there is nothing to suggest.
  const [live, setLive] = useState(false);
  const [menu, setMenu] = useState<MentionMenu | null>(null);
  const [active, setActive] = useState(0);
  /** The `@` whose suggestions were closed with Esc: they stay closed until another `@`. */
  const dismissedAt = useRef<number | null>(null);
  const shown = useRef<MentionMenu | null>(null);

  useEffect(() => setLive(true), []);

  function show(next: MentionMenu | null) {
    const previous = shown.current;
    // A new query starts at its best match; the same one (the caret moved) keeps the highlight.
    if (next && (!previous || previous.start !== next.start || previous.query !== next.query)) setActive(0);
    shown.current = next;
    setMenu(next);
  }

  function update() {
    const textarea = ref.current;
    if (!textarea) return;
    if (textarea.selectionStart !== textarea.selectionEnd) return show(null);
    const caret = textarea.selectionStart;
    const at = mentionQueryAt(textarea.value, caret);
    if (!at || at.start !== dismissedAt.current) dismissedAt.current = null;
    show(mentionMenu(textarea.value, caret, people, dismissedAt.current));
  }

  function choose(person: Mentionable) {
    const textarea = ref.current;
    const current = shown.current;
    if (!textarea || !current) return;
    const result = insertMention(textarea.value, current.start, textarea.selectionStart, person.name);
    textarea.value = result.text;
    textarea.focus();
    textarea.setSelectionRange(result.caret, result.caret);
    show(null);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (!menu || event.nativeEvent.isComposing || event.altKey || event.ctrlKey || event.metaKey) return;
    const count = menu.options.length;
    switch (event.key) {
      case "ArrowDown":
      case "ArrowUp":
        event.preventDefault();
        setActive((index) => moveOption(index, count, event.key === "ArrowDown" ? 1 : -1));
        return;
      case "Enter":
      case "Tab":
        if (event.shiftKey || active < 0 || active >= count) return;
        event.preventDefault();
        choose(menu.options[active]);
        return;
      case "Escape":
        event.preventDefault();
        event.stopPropagation();
        dismissedAt.current = menu.start;
        show(null);
        return;
    }
  }

  const expanded = live && menu !== null;
  const combobox = live
    ? {
        role: "combobox",
        "aria-autocomplete": "list" as const,
        "aria-expanded": expanded,
        "aria-controls": listboxId,
        "aria-activedescendant": expanded && active >= 0 ? optionId(active) : undefined,
      }
    : {};

  return (
    <div className="relative">
      <textarea
        ref={ref}
        id={id}
        name={name}
        rows={rows}
        className="input"
        placeholder={placeholder}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy}
        {...combobox}
        onInput={update}
        onClick={update}
        onKeyDown={onKeyDown}
        onKeyUp={(event) => {
          // The caret moved along the text (←/→, Home, End); ↑/↓, Enter, Tab and Esc belong to the menu.
          if (["ArrowLeft", "ArrowRight", "Home", "End"].includes(event.key)) update();
        }}
        onBlur={() => show(null)}
      />
      {live ? (
        <div
          id={listboxId}
          role="listbox"
          aria-label="Mention a team member"
          hidden={!expanded}
          // Clicking an option must not take the focus from the text.
          onMouseDown={(event) => event.preventDefault()}
          className="card absolute top-full left-0 z-20 mt-1 w-72 max-w-full p-1 shadow-lg ring-1 ring-black/5 dark:ring-white/5"
        >
          {menu?.options.map((person, index) => (
            <div
              key={person.id}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              onMouseMove={() => {
                if (index !== active) setActive(index);
              }}
              onClick={() => choose(person)}
              className="flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-sm aria-selected:bg-accent-50 dark:aria-selected:bg-zinc-800"
            >
              <span aria-hidden className="grid size-6 shrink-0 place-items-center rounded-full bg-zinc-200 text-[10px] font-semibold text-zinc-700 dark:bg-zinc-700 dark:text-zinc-100">
                {initials(person.name)}
              </span>
              <span className="min-w-0 flex-1 truncate">{person.name}</span>
            </div>
          ))}
        </div>
      ) : null}
      {live ? (
        <span role="status" aria-live="polite" className="sr-only">
          {menu ? `${menu.options.length} ${menu.options.length === 1 ? "person" : "people"} to mention` : ""}
        </span>
      ) : null}
    </div>
  );
}
