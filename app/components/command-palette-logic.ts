/**
 * What the command palette offers for a query: the actions that fit what was typed, the search
 * hits grouped by type, and the recently changed items when nothing is typed yet. Pure: the
 * component renders what these functions return.
 */
import { SEARCH_TYPE_LABELS, type SearchHit, type SearchType } from "~/modules/search/types";

/** The id of the evidence form on an experiment's page, the target of "Log evidence on E-7". */
export const EVIDENCE_FORM_ID = "log-evidence";

export const PALETTE_LIMIT = 8;

export type PaletteAction = {
  kind: "action";
  id: string;
  label: string;
  url: string;
  /** What the action does, shown as its glyph: create something, go to a page, log evidence, or search. */
  verb: "new" | "go" | "log" | "search";
};

export type PaletteHit = { kind: "hit"; id: string; hit: SearchHit; url: string };

export type PaletteItem = PaletteAction | PaletteHit;

export type PaletteSection = { id: string; label: string; items: PaletteItem[] };

/** One item of each type, for the tag beside a recently changed item. */
export const SEARCH_TYPE_SINGULAR: Record<SearchType, string> = {
  hypothesis: "Hypothesis",
  experiment: "Experiment",
  evidence: "Evidence",
  learning: "Learning",
  comment: "Comment",
  review: "Review",
  update: "Investor update",
};

type ActionSpec = { id: string; label: string; path: string; verb: "new" | "go"; creates: boolean; keywords: string[] };

const ACTIONS: ActionSpec[] = [
  { id: "new-hypothesis", label: "New hypothesis", path: "hypotheses/new", verb: "new", creates: true, keywords: ["create", "add", "write", "belief", "assumption"] },
  { id: "new-experiment", label: "New experiment", path: "experiments/new", verb: "new", creates: true, keywords: ["create", "add", "plan", "test", "card"] },
  { id: "gate", label: "Go to gate", path: "gate", verb: "go", creates: false, keywords: ["scale", "growth", "criteria", "open"] },
  { id: "review", label: "Go to review", path: "review", verb: "go", creates: false, keywords: ["weekly", "meeting", "agenda"] },
  { id: "learnings", label: "Go to learnings", path: "learnings", verb: "go", creates: false, keywords: ["learning", "library", "cards"] },
  { id: "updates", label: "Go to updates", path: "updates", verb: "go", creates: false, keywords: ["investor", "investors", "update"] },
  { id: "settings", label: "Go to settings", path: "settings", verb: "go", creates: false, keywords: ["team", "members", "tokens", "products", "trash", "export"] },
];

const words = (text: string) =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/**
 * The experiment key a query names, normalised: "E-7", "e7", "e-07", "E–7" and
 * "log evidence on E-7" all name "E-7". Null when the query names none.
 */
export function experimentKeyIn(query: string): string | null {
  const match = /(?:^|[^\p{L}\p{N}])e\s?[-\u2010-\u2014]?\s?0*([1-9]\d{0,8})(?![\p{L}\p{N}])/iu.exec(query);
  return match ? `E-${match[1]}` : null;
}

/** Whether every word typed starts a word of the action's label or keywords ("go gate", "new hyp"). */
export function actionMatches(label: string, keywords: readonly string[], query: string): boolean {
  const typed = words(query);
  if (typed.length === 0) return true;
  const known = [...words(label), ...keywords.flatMap(words)];
  return typed.every((word) => known.some((candidate) => candidate.startsWith(word)));
}

/** The search page for a query, which also works without JavaScript. */
export const searchPageUrl = (slug: string, query: string) => `/t/${slug}/search?q=${encodeURIComponent(query)}`;

/** The palette's request to the search page's loader. */
export const searchLoaderUrl = (slug: string, query: string) => `/t/${slug}/search?q=${encodeURIComponent(query)}&limit=${PALETTE_LIMIT}`;

/** A hit's address inside the team: absolute as the search gives it, or relative to the team. */
export function hitHref(slug: string, url: string): string {
  if (url.startsWith("/")) return url;
  return `/t/${slug}/${url.replace(/^\.?\/*/, "")}`;
}

/**
 * The actions for a query: the fixed ones whose words match, and "Log evidence on E-7" when the
 * query names an experiment. People who may not write (viewers) are offered no create or log action.
 */
export function paletteActions({ slug, query, canEdit }: { slug: string; query: string; canEdit: boolean }): PaletteAction[] {
  const actions: PaletteAction[] = [];
  const key = canEdit ? experimentKeyIn(query) : null;
  if (key) actions.push({ kind: "action", id: `log-evidence-${key}`, label: `Log evidence on ${key}`, url: `/t/${slug}/experiments/${key}#${EVIDENCE_FORM_ID}`, verb: "log" });
  for (const spec of ACTIONS) {
    if (spec.creates && !canEdit) continue;
    if (!actionMatches(spec.label, spec.keywords, query)) continue;
    actions.push({ kind: "action", id: spec.id, label: spec.label, url: `/t/${slug}/${spec.path}`, verb: spec.verb });
  }
  return actions;
}

/** Hits grouped by type, the groups in the order of their best hit, each group best first; repeats dropped. */
export function groupHits(hits: readonly SearchHit[]): { type: SearchType; label: string; hits: SearchHit[] }[] {
  const groups = new Map<SearchType, SearchHit[]>();
  const seen = new Set<string>();
  for (const hit of hits) {
    const identity = hitIdentity(hit);
    if (seen.has(identity)) continue;
    seen.add(identity);
    const group = groups.get(hit.type);
    if (group) group.push(hit);
    else groups.set(hit.type, [hit]);
  }
  return [...groups].map(([type, list]) => ({ type, label: SEARCH_TYPE_LABELS[type] ?? type, hits: list }));
}

const hitIdentity = (hit: SearchHit) => `${hit.type}|${hit.key ?? ""}|${hit.url}|${hit.title}`;

function hitItem(slug: string, hit: SearchHit, prefix: string): PaletteHit {
  return { kind: "hit", id: `${prefix}:${hitIdentity(hit)}`, hit, url: hitHref(slug, hit.url) };
}

/**
 * Everything the palette lists, in order. Empty query: recently changed items, then the actions.
 * A query: the matching actions first (typing a command's name means the command), then the hits
 * grouped by type, then the way to the full search page.
 */
export function paletteSections({
  slug,
  query,
  canEdit,
  hits = [],
  recent = [],
}: {
  slug: string;
  query: string;
  canEdit: boolean;
  hits?: readonly SearchHit[];
  recent?: readonly SearchHit[];
}): PaletteSection[] {
  const typed = query.trim();
  const actions = paletteActions({ slug, query: typed, canEdit });
  const sections: PaletteSection[] = [];
  if (!typed) {
    const seen = new Set<string>();
    const recentItems = recent.map((hit) => hitItem(slug, hit, "recent")).filter((item) => !seen.has(item.id) && seen.add(item.id));
    if (recentItems.length) sections.push({ id: "recent", label: "Recently changed", items: recentItems });
    if (actions.length) sections.push({ id: "actions", label: "Actions", items: actions });
    return sections;
  }
  if (actions.length) sections.push({ id: "actions", label: "Actions", items: actions });
  for (const group of groupHits(hits)) sections.push({ id: `type-${group.type}`, label: group.label, items: group.hits.map((hit) => hitItem(slug, hit, "hit")) });
  sections.push({ id: "search", label: "Search", items: [{ kind: "action", id: "search-page", label: `See all results for “${typed}”`, url: searchPageUrl(slug, typed), verb: "search" }] });
  return sections;
}

/** The next highlighted position after ↑ (-1) or ↓ (+1), wrapping around the ends. */
export function moveActive(current: number, delta: number, count: number): number {
  if (count <= 0) return -1;
  if (current < 0 || current >= count) return delta > 0 ? 0 : count - 1;
  return (((current + delta) % count) + count) % count;
}

/** Whether a platform string (navigator.userAgentData.platform, navigator.platform or the user agent) is Apple's. */
export const isApplePlatform = (platform: string) => /mac|iphone|ipad|ipod/i.test(platform);

/** The shortcut as the platform writes it. */
export const shortcutLabel = (platform: string) => (isApplePlatform(platform) ? "⌘K" : "Ctrl K");

/** Ctrl-K or ⌘-K, from anywhere (even inside a text field, as everywhere else); nothing else. */
export function isPaletteShortcut(event: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean; isComposing?: boolean }): boolean {
  if (event.isComposing || event.altKey || event.shiftKey) return false;
  if (!event.ctrlKey && !event.metaKey) return false;
  return event.key.toLowerCase() === "k";
}
