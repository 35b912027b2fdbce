/**
 * The command palette: Ctrl-K / ⌘-K on any team page opens a dialog that searches everything the
 * team wrote as you type and offers the common actions ("New hypothesis", "Go to gate", "Log
 * evidence on E-7"). A WAI-ARIA combobox: the input keeps focus, ↑/↓ move the highlighted option,
 * Enter opens it, Esc closes and gives focus back to where it was.
 *
 * Without JavaScript there is no palette: the sidebar shows a plain GET form to the search page.
 */
import { useFetcher, useLocation, useNavigate } from "@remix-run/react";
import { createContext, useCallback, useContext, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import type { Role } from "~/generated/prisma/enums";
import type { SearchHit } from "~/modules/search/types";
import { can } from "~/modules/teams/permissions";
import { Snippet } from "./search-results";
import {
  isApplePlatform,
  isPaletteShortcut,
  moveActive,
  paletteSections,
  searchLoaderUrl,
  searchPageUrl,
  SEARCH_TYPE_SINGULAR,
  shortcutLabel,
  type PaletteAction,
  type PaletteItem,
} from "./command-palette-logic";

/** How long typing pauses before the palette asks for hits. */
const DEBOUNCE_MS = 150;

/** What the search page's loader answers: hits for a query (best first), recently changed items for none. */
type PaletteData = { hits?: SearchHit[]; recent?: SearchHit[] };

const NONE: SearchHit[] = [];

const OpenPalette = createContext<(() => void) | null>(null);

// useLayoutEffect warns when rendered on the server; the dialog only ever renders in the browser.
const useBrowserLayoutEffect = typeof document === "undefined" ? useEffect : useLayoutEffect;

function platformName() {
  const navigatorWithHints = navigator as Navigator & { userAgentData?: { platform?: string } };
  return navigatorWithHints.userAgentData?.platform || navigator.platform || navigator.userAgent;
}

/**
 * Holds the palette for a team's pages: listens for the shortcut, opens the dialog (also for the
 * sidebar's trigger, through context) and closes it on navigation.
 */
export function CommandPaletteProvider({ slug, role, children }: { slug: string; role: Role; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const returnFocus = useRef<HTMLElement | null>(null);
  const restoreFocus = useRef(false);
  const focusAfterNavigation = useRef<string | null>(null);
  const navigate = useNavigate();
  const location = useLocation();
  const canEdit = can(role, "work.edit");

  const show = useCallback(() => {
    returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setOpen(true);
  }, []);

  const close = useCallback((restore: boolean) => {
    restoreFocus.current = restore;
    setOpen(false);
  }, []);

  // Focus goes back once the dialog has left the page (until then everything behind it is inert).
  useEffect(() => {
    if (open) return;
    const target = returnFocus.current;
    returnFocus.current = null;
    if (restoreFocus.current && target && target !== document.body && target.isConnected) target.focus();
    restoreFocus.current = false;
  }, [open]);

  useEffect(() => {
    function onKeyDown(event: globalThis.KeyboardEvent) {
      if (!isPaletteShortcut(event)) return;
      event.preventDefault();
      if (open) close(true);
      else show();
    }
    // Capture: the shortcut works from anywhere, whatever a field does with its own keys.
    window.addEventListener("keydown", onKeyDown, true);
    return () => window.removeEventListener("keydown", onKeyDown, true);
  }, [open, show, close]);

  // Leaving the page (a link, Back) closes the palette; an evidence form it opened gets the focus.
  useEffect(() => {
    setOpen(false);
    const hash = focusAfterNavigation.current;
    focusAfterNavigation.current = null;
    if (!hash || location.hash !== `#${hash}`) return;
    const field = document.getElementById(hash)?.querySelector<HTMLElement>("input:not([type=hidden]), select, textarea");
    field?.focus();
  }, [location.key, location.hash]);

  const go = useCallback(
    (url: string) => {
      returnFocus.current = null;
      const hash = url.split("#")[1];
      focusAfterNavigation.current = hash ? decodeURIComponent(hash) : null;
      close(false);
      navigate(url);
    },
    [close, navigate]
  );

  return (
    <OpenPalette.Provider value={show}>
      {children}
      {open ? <PaletteDialog slug={slug} canEdit={canEdit} onClose={() => close(true)} onGo={go} /> : null}
    </OpenPalette.Provider>
  );
}

function PaletteDialog({ slug, canEdit, onClose, onGo }: { slug: string; canEdit: boolean; onClose: () => void; onGo: (url: string) => void }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const baseId = useId();
  const inputId = `${baseId}-input`;
  const listboxId = `${baseId}-listbox`;
  const optionId = (index: number) => `${baseId}-option-${index}`;

  const [query, setQuery] = useState("");
  const typed = query.trim();
  const [activeId, setActiveId] = useState<string | null>(null);

  // Ask the search page's loader, at once for the recent items, then after a pause in typing.
  const fetcher = useFetcher<PaletteData>();
  const load = useRef(fetcher.load);
  load.current = fetcher.load;
  const requested = useRef<string | null>(null);
  const [loaded, setLoaded] = useState<{ query: string; hits: SearchHit[]; recent: SearchHit[] } | null>(null);
  useEffect(() => {
    const timer = window.setTimeout(
      () => {
        requested.current = typed;
        load.current(searchLoaderUrl(slug, typed));
      },
      requested.current === null ? 0 : DEBOUNCE_MS
    );
    return () => window.clearTimeout(timer);
  }, [slug, typed]);
  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data || requested.current === null) return;
    setLoaded({ query: requested.current, hits: fetcher.data.hits ?? [], recent: fetcher.data.recent ?? [] });
  }, [fetcher.state, fetcher.data]);

  // While the next answer is on its way, the hits of the previous query stay (refining a query keeps most of them).
  const hits = typed && loaded?.query ? loaded.hits : NONE;
  const recent = !typed && loaded?.query === "" ? loaded.recent : NONE;
  const sections = useMemo(() => paletteSections({ slug, query: typed, canEdit, hits, recent }), [slug, typed, canEdit, hits, recent]);
  const items = useMemo(() => sections.flatMap((section) => section.items), [sections]);
  const found = items.findIndex((item) => item.id === activeId);
  const activeIndex = found >= 0 ? found : items.length ? 0 : -1;
  const answered = loaded?.query === typed && fetcher.state === "idle";
  const searching = !answered;

  useBrowserLayoutEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    inputRef.current?.focus();
  }, []);

  useEffect(() => {
    if (activeIndex >= 0) document.getElementById(optionId(activeIndex))?.scrollIntoView({ block: "nearest" });
  }, [activeIndex]);

  function choose(item: PaletteItem | undefined) {
    if (item) onGo(item.url);
    else if (typed) onGo(searchPageUrl(slug, typed));
  }

  function onInputKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const next = moveActive(activeIndex, event.key === "ArrowDown" ? 1 : -1, items.length);
      if (next >= 0) setActiveId(items[next].id);
    } else if (event.key === "Enter" && !event.nativeEvent.isComposing) {
      event.preventDefault();
      choose(items[activeIndex]);
    }
  }

  function onDialogKeyDown(event: KeyboardEvent<HTMLDialogElement>) {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      onClose();
    } else if (event.key === "Tab") {
      // Focus stays inside: the input and the close button take turns.
      const stops = [inputRef.current, closeRef.current].filter((element): element is HTMLInputElement | HTMLButtonElement => element !== null);
      const at = stops.indexOf(document.activeElement as HTMLInputElement | HTMLButtonElement);
      event.preventDefault();
      stops[moveActive(at, event.shiftKey ? -1 : 1, stops.length)]?.focus();
    }
  }

  const hitCount = sections.reduce((count, section) => count + section.items.filter((item) => item.kind === "hit").length, 0);
  const announcement = typed && answered ? (hits.length ? `${hits.length} ${hits.length === 1 ? "result" : "results"}` : `No results for “${typed}”`) : "";
  let position = -1;

  return (
    <dialog
      ref={dialogRef}
      aria-label="Search and commands"
      onKeyDown={onDialogKeyDown}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        // A click on the dialog itself is a click on its backdrop: the panel covers the rest.
        if (event.target === dialogRef.current) onClose();
      }}
      className="fixed inset-x-2 top-2 bottom-auto m-0 max-h-none w-auto max-w-none overflow-visible border-0 bg-transparent p-0 text-zinc-900 backdrop:bg-zinc-950/50 sm:inset-x-0 sm:top-[12vh] sm:mx-auto sm:w-[calc(100%-2rem)] sm:max-w-xl dark:text-zinc-100 dark:backdrop:bg-black/60"
    >
      <div className="card flex max-h-[calc(100dvh-1rem)] flex-col overflow-hidden shadow-2xl ring-1 ring-black/5 sm:max-h-[70vh] dark:ring-white/5">
        <div className="flex items-center gap-2 border-b border-zinc-200 px-3 focus-within:border-accent-500 dark:border-zinc-800 dark:focus-within:border-accent-500">
          <SearchIcon className="size-4 shrink-0 text-zinc-500 dark:text-zinc-400" />
          <label htmlFor={inputId} className="sr-only">
            Search or type a command
          </label>
          <input
            ref={inputRef}
            id={inputId}
            type="text"
            role="combobox"
            aria-expanded={items.length > 0}
            aria-controls={listboxId}
            aria-autocomplete="list"
            aria-activedescendant={activeIndex >= 0 ? optionId(activeIndex) : undefined}
            autoComplete="off"
            autoCorrect="off"
            spellCheck={false}
            enterKeyHint="go"
            maxLength={200}
            placeholder="Search or type a command…"
            value={query}
            onChange={(event) => {
              setQuery(event.target.value);
              // A new query starts at its best item.
              setActiveId(null);
            }}
            onKeyDown={onInputKeyDown}
            className="h-12 min-w-0 flex-1 bg-transparent text-base placeholder:text-zinc-500 focus:outline-none focus-visible:outline-none dark:placeholder:text-zinc-400"
          />
          {searching && typed ? <Spinner /> : null}
          <button ref={closeRef} type="button" onClick={onClose} className="btn-secondary shrink-0 px-2 py-1 text-xs">
            Close
          </button>
        </div>

        {typed && answered && hitCount === 0 ? <p className="px-5 pt-3 text-sm text-zinc-600 dark:text-zinc-400">Nothing the team wrote matches “{typed}”.</p> : null}
        {/* The listbox scrolls itself: as the combobox's popup it needs no focusable content of its own. */}
        <div
          id={listboxId}
          role="listbox"
          aria-label="Results and actions"
          aria-busy={searching || undefined}
          // Clicking an option must not take the focus from the input.
          onMouseDown={(event) => event.preventDefault()}
          className="min-h-0 flex-1 overflow-y-auto overscroll-contain p-2"
        >
          {sections.map((section) => (
            <div key={section.id} role="group" aria-labelledby={`${baseId}-${section.id}`} className="pb-1">
              <div id={`${baseId}-${section.id}`} className="px-3 pt-2 pb-1 text-xs font-medium tracking-wide text-zinc-600 uppercase dark:text-zinc-400">
                {section.label}
              </div>
              {section.items.map((item) => {
                position += 1;
                const index = position;
                return (
                  <div
                    key={item.id}
                    id={optionId(index)}
                    role="option"
                    aria-selected={index === activeIndex}
                    onMouseMove={() => {
                      if (index !== activeIndex) setActiveId(item.id);
                    }}
                    onClick={() => choose(item)}
                    className="group flex cursor-pointer items-center gap-3 rounded-md px-3 py-2 text-sm aria-selected:bg-accent-50 dark:aria-selected:bg-zinc-800"
                  >
                    {item.kind === "hit" ? <HitOption hit={item.hit} tag={section.id === "recent" ? SEARCH_TYPE_SINGULAR[item.hit.type] : null} /> : <ActionOption action={item} />}
                    <span aria-hidden className="hidden shrink-0 text-xs text-zinc-600 sm:group-aria-selected:inline dark:text-zinc-400">
                      ↵
                    </span>
                  </div>
                );
              })}
            </div>
          ))}
        </div>

        <div className="hidden items-center justify-between gap-4 border-t border-zinc-200 px-4 py-2 text-xs text-zinc-600 sm:flex dark:border-zinc-800 dark:text-zinc-400">
          <span className="flex items-center gap-3">
            <span>
              <Key>↑</Key> <Key>↓</Key> to move
            </span>
            <span>
              <Key>↵</Key> to open
            </span>
            <span>
              <Key>Esc</Key> to close
            </span>
          </span>
          <span role="status" aria-live="polite">
            {announcement}
          </span>
        </div>
        {/* The count for screen readers on every screen size (the footer is hidden on a phone). */}
        <span role="status" aria-live="polite" className="sr-only sm:hidden">
          {announcement}
        </span>
      </div>
    </dialog>
  );
}

function HitOption({ hit, tag }: { hit: SearchHit; tag: string | null }) {
  return (
    <>
      <span className="min-w-0 flex-1">
        <span className="flex items-baseline gap-2">
          {hit.key ? <span className="shrink-0 font-mono text-xs text-accent-600 dark:text-accent-300">{hit.key}</span> : null}
          <span className="truncate font-medium">{hit.title}</span>
        </span>
        {hit.snippet ? (
          <span className="mt-0.5 block truncate text-xs text-zinc-600 dark:text-zinc-400">
            <Snippet text={hit.snippet} />
          </span>
        ) : null}
      </span>
      {tag ? <span className="shrink-0 text-xs text-zinc-600 dark:text-zinc-400">{tag}</span> : null}
    </>
  );
}

function ActionOption({ action }: { action: PaletteAction }) {
  return (
    <>
      <span
        aria-hidden
        className="grid size-6 shrink-0 place-items-center rounded-md border border-zinc-200 bg-white text-zinc-600 group-aria-selected:border-accent-100 group-aria-selected:text-accent-600 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300 dark:group-aria-selected:border-zinc-600 dark:group-aria-selected:text-accent-300"
      >
        <ActionIcon verb={action.verb} />
      </span>
      <span className="min-w-0 flex-1 truncate">{action.label}</span>
    </>
  );
}

function ActionIcon({ verb }: { verb: PaletteAction["verb"] }) {
  const paths: Record<PaletteAction["verb"], string> = {
    new: "M8 3.5v9M3.5 8h9",
    go: "M3.5 8h9M9 4.5 12.5 8 9 11.5",
    log: "M10 3.5 12.5 6 6 12.5H3.5V10L10 3.5ZM8.5 5l2.5 2.5",
    search: "M7 11.5a4.5 4.5 0 1 0 0-9 4.5 4.5 0 0 0 0 9ZM10.2 10.2 13.5 13.5",
  };
  return (
    <svg viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" className="size-3.5">
      <path d={paths[verb]} />
    </svg>
  );
}

function SearchIcon({ className }: { className: string }) {
  return (
    <svg aria-hidden viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" className={className}>
      <path d="M7 11.5a4.5 4.5 0 1 0 0-9 4.5 4.5 0 0 0 0 9ZM10.2 10.2 13.5 13.5" />
    </svg>
  );
}

function Spinner() {
  return (
    <span aria-hidden className="size-4 shrink-0 animate-spin rounded-full border-2 border-zinc-300 border-t-accent-500 motion-reduce:animate-none dark:border-zinc-700 dark:border-t-accent-300" />
  );
}

function Key({ children }: { children: ReactNode }) {
  return <kbd className="rounded border border-zinc-200 bg-zinc-50 px-1 font-sans text-[11px] text-zinc-700 dark:border-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">{children}</kbd>;
}

/**
 * The sidebar's way in. Server-rendered (and without JavaScript) it is a GET form to the search
 * page; once the page is live it becomes a button that opens the palette, labelled with the
 * shortcut as this platform writes it.
 */
export function SearchTrigger({ slug }: { slug: string }) {
  const open = useContext(OpenPalette);
  const inputRef = useRef<HTMLInputElement>(null);
  const [shortcut, setShortcut] = useState<{ label: string; keys: string } | null>(null);
  const inputId = useId();

  useEffect(() => {
    // Someone already typing into the form before the page came alive keeps the form.
    const input = inputRef.current;
    if (input && (input.value || document.activeElement === input)) return;
    const platform = platformName();
    setShortcut({ label: shortcutLabel(platform), keys: isApplePlatform(platform) ? "Meta+K" : "Control+K" });
  }, []);

  if (!open || !shortcut) {
    return (
      <form method="get" action={`/t/${slug}/search`} role="search" aria-label="Search the team" className="relative mt-2">
        <label htmlFor={inputId} className="sr-only">
          Search
        </label>
        <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-zinc-500 dark:text-zinc-400" />
        <input ref={inputRef} id={inputId} type="search" name="q" placeholder="Search…" className="input py-1.5 pl-8" />
      </form>
    );
  }
  return (
    <button
      type="button"
      onClick={open}
      aria-haspopup="dialog"
      aria-keyshortcuts={shortcut.keys}
      className="mt-2 flex w-full items-center gap-2 rounded-md border border-zinc-300 bg-white py-1.5 pr-2 pl-2.5 text-sm text-zinc-600 shadow-xs hover:border-zinc-400 hover:text-zinc-900 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-400 dark:hover:border-zinc-600 dark:hover:text-zinc-100"
    >
      <SearchIcon className="size-4 shrink-0" />
      <span className="flex-1 text-left">Search…</span>
      <kbd aria-hidden className="hidden rounded border border-zinc-200 bg-zinc-50 px-1.5 font-sans text-[11px] text-zinc-700 md:inline dark:border-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
        {shortcut.label}
      </kbd>
    </button>
  );
}
