import { describe, expect, it } from "vitest";
import { MATCH_END, MATCH_START, type SearchHit } from "~/modules/search/types";
import { actionMatches, experimentKeyIn, groupHits, hitHref, isPaletteShortcut, moveActive, paletteActions, paletteSections, searchLoaderUrl, shortcutLabel } from "./command-palette-logic";

const hit = (type: SearchHit["type"], key: string | null, title: string, url = `/t/acme/${type}/${key ?? title}`): SearchHit => ({
  type,
  key,
  title,
  snippet: `about ${MATCH_START}${title}${MATCH_END}`,
  url,
});

const labels = (items: { label?: string; kind: string }[]) => items.map((item) => item.label);

describe("experimentKeyIn", () => {
  it.each([
    ["E-7", "E-7"],
    ["e7", "E-7"],
    ["e-7", "E-7"],
    ["E 7", "E-7"],
    ["E–7", "E-7"],
    ["e-07", "E-7"],
    ["log evidence on E-7", "E-7"],
    ["log evidence on e12", "E-12"],
    ["(E-345)", "E-345"],
    ["e7 pricing", "E-7"],
  ])("finds the experiment named in %j", (query, key) => {
    expect(experimentKeyIn(query)).toBe(key);
  });

  it.each(["", "E", "E-", "E-0", "e7x", "the 7", "page 7", "H-7", "pricing", "7", "be7", "e-7b", "ee7"])("finds none in %j", (query) => {
    expect(experimentKeyIn(query)).toBeNull();
  });
});

describe("actionMatches", () => {
  it("matches when every typed word starts a word of the label or its keywords", () => {
    expect(actionMatches("Go to gate", [], "gate")).toBe(true);
    expect(actionMatches("Go to gate", [], "go ga")).toBe(true);
    expect(actionMatches("Go to gate", [], "GO TO GATE")).toBe(true);
    expect(actionMatches("Go to updates", ["investor"], "inv")).toBe(true);
    expect(actionMatches("Go to gate", [], "")).toBe(true);
  });

  it("does not match a word that is missing or only inside another word", () => {
    expect(actionMatches("Go to gate", [], "ate")).toBe(false);
    expect(actionMatches("Go to gate", [], "go review")).toBe(false);
    expect(actionMatches("New hypothesis", [], "pricing")).toBe(false);
  });
});

describe("paletteActions", () => {
  it("offers every action on an empty query, in order, with the team's addresses", () => {
    const actions = paletteActions({ slug: "acme", query: "", canEdit: true });
    expect(actions.map((action) => [action.label, action.url])).toEqual([
      ["New hypothesis", "/t/acme/hypotheses/new"],
      ["New experiment", "/t/acme/experiments/new"],
      ["Go to gate", "/t/acme/gate"],
      ["Go to review", "/t/acme/review"],
      ["Go to learnings", "/t/acme/learnings"],
      ["Go to updates", "/t/acme/updates"],
      ["Go to settings", "/t/acme/settings"],
    ]);
  });

  it("filters the actions by what is typed", () => {
    expect(labels(paletteActions({ slug: "acme", query: "gate", canEdit: true }))).toEqual(["Go to gate"]);
    expect(labels(paletteActions({ slug: "acme", query: "new", canEdit: true }))).toEqual(["New hypothesis", "New experiment"]);
    expect(labels(paletteActions({ slug: "acme", query: "go to", canEdit: true }))).toEqual(["Go to gate", "Go to review", "Go to learnings", "Go to updates", "Go to settings"]);
    expect(labels(paletteActions({ slug: "acme", query: "weekly", canEdit: true }))).toEqual(["Go to review"]);
    expect(paletteActions({ slug: "acme", query: "pricing page", canEdit: true })).toEqual([]);
  });

  it("offers to log evidence on an experiment the query names, at its evidence form", () => {
    for (const query of ["E-7", "e7", "log evidence on E-7", "log evidence on e-7"]) {
      const [first] = paletteActions({ slug: "acme", query, canEdit: true });
      expect(first).toMatchObject({ label: "Log evidence on E-7", url: "/t/acme/experiments/E-7#log-evidence", verb: "log" });
    }
  });

  it("offers viewers no create or log action, only the ways to go somewhere", () => {
    expect(labels(paletteActions({ slug: "acme", query: "", canEdit: false }))).toEqual(["Go to gate", "Go to review", "Go to learnings", "Go to updates", "Go to settings"]);
    expect(paletteActions({ slug: "acme", query: "new", canEdit: false })).toEqual([]);
    expect(paletteActions({ slug: "acme", query: "log evidence on E-7", canEdit: false })).toEqual([]);
  });

  it("puts the normalised key into the address", () => {
    const [first] = paletteActions({ slug: "acme", query: "e-0042", canEdit: true });
    expect(first.url).toBe("/t/acme/experiments/E-42#log-evidence");
  });
});

describe("groupHits", () => {
  it("groups by type in the order of each group's best hit, keeping the order inside a group", () => {
    const groups = groupHits([hit("experiment", "E-2", "Fake door"), hit("hypothesis", "H-1", "Pay faster"), hit("experiment", "E-5", "Pricing page"), hit("evidence", null, "A quote")]);
    expect(groups.map((group) => [group.label, group.hits.map((h) => h.title)])).toEqual([
      ["Experiments", ["Fake door", "Pricing page"]],
      ["Hypotheses", ["Pay faster"]],
      ["Evidence", ["A quote"]],
    ]);
  });

  it("drops a repeated hit", () => {
    const groups = groupHits([hit("hypothesis", "H-1", "Pay faster"), hit("hypothesis", "H-1", "Pay faster")]);
    expect(groups[0].hits).toHaveLength(1);
  });

  it("is empty without hits", () => {
    expect(groupHits([])).toEqual([]);
  });
});

describe("paletteSections", () => {
  const recent = [hit("experiment", "E-3", "Concierge onboarding"), hit("hypothesis", "H-2", "Bookkeepers pay")];
  const hits = [hit("hypothesis", "H-4", "Gate copy"), hit("experiment", "E-9", "Gate pricing"), hit("hypothesis", "H-5", "Gate words")];

  it("lists the recently changed items, then the actions, when nothing is typed", () => {
    const sections = paletteSections({ slug: "acme", query: "  ", canEdit: true, recent, hits });
    expect(sections.map((section) => section.label)).toEqual(["Recently changed", "Actions"]);
    expect(sections[0].items.map((item) => item.kind === "hit" && item.hit.key)).toEqual(["E-3", "H-2"]);
    expect(sections[1].items).toHaveLength(7);
  });

  it("lists only the actions while the recent items have not arrived", () => {
    expect(paletteSections({ slug: "acme", query: "", canEdit: false }).map((section) => section.label)).toEqual(["Actions"]);
  });

  it("puts matching actions first, then the hits by type, then the search page", () => {
    const sections = paletteSections({ slug: "acme", query: "gate", canEdit: true, hits, recent });
    expect(sections.map((section) => section.label)).toEqual(["Actions", "Hypotheses", "Experiments", "Search"]);
    expect(labels(sections[0].items as { label: string; kind: string }[])).toEqual(["Go to gate"]);
    expect(sections[1].items.map((item) => item.kind === "hit" && item.hit.key)).toEqual(["H-4", "H-5"]);
    const [search] = sections[3].items;
    expect(search).toMatchObject({ kind: "action", label: "See all results for “gate”", url: "/t/acme/search?q=gate" });
  });

  it("has no actions group when no action matches, but always the way to the search page", () => {
    const sections = paletteSections({ slug: "acme", query: "pricing & co", canEdit: true, hits: [] });
    expect(sections.map((section) => section.label)).toEqual(["Search"]);
    expect(sections[0].items[0].url).toBe("/t/acme/search?q=pricing%20%26%20co");
  });

  it("gives every item a distinct id, even when an item is both recent and a hit", () => {
    const both = paletteSections({ slug: "acme", query: "go", canEdit: true, hits: [...hits, ...hits] });
    const ids = both.flatMap((section) => section.items.map((item) => item.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("keeps a relative hit address inside the team", () => {
    const [section] = paletteSections({ slug: "acme", query: "", canEdit: true, recent: [hit("review", null, "Week 12", "review/abc")] });
    expect(section.items[0].url).toBe("/t/acme/review/abc");
  });
});

describe("addresses", () => {
  it("asks the search loader for a few hits, the query encoded", () => {
    expect(searchLoaderUrl("acme", "a&b=c #1")).toBe("/t/acme/search?q=a%26b%3Dc%20%231&limit=8");
    expect(searchLoaderUrl("acme", "")).toBe("/t/acme/search?q=&limit=8");
  });

  it("keeps an absolute hit address and places a relative one in the team", () => {
    expect(hitHref("acme", "/t/acme/hypotheses/H-1")).toBe("/t/acme/hypotheses/H-1");
    expect(hitHref("acme", "hypotheses/H-1")).toBe("/t/acme/hypotheses/H-1");
  });
});

describe("moveActive", () => {
  it("moves down and up, wrapping at the ends", () => {
    expect(moveActive(0, 1, 3)).toBe(1);
    expect(moveActive(2, 1, 3)).toBe(0);
    expect(moveActive(0, -1, 3)).toBe(2);
    expect(moveActive(1, -1, 3)).toBe(0);
  });

  it("starts at an end when nothing is highlighted, and stays nowhere in an empty list", () => {
    expect(moveActive(-1, 1, 3)).toBe(0);
    expect(moveActive(-1, -1, 3)).toBe(2);
    expect(moveActive(5, 1, 3)).toBe(0);
    expect(moveActive(0, 1, 0)).toBe(-1);
  });
});

describe("the shortcut", () => {
  const key = (overrides: Partial<Parameters<typeof isPaletteShortcut>[0]>) => ({ key: "k", ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...overrides });

  it("is Ctrl-K or ⌘-K", () => {
    expect(isPaletteShortcut(key({ ctrlKey: true }))).toBe(true);
    expect(isPaletteShortcut(key({ metaKey: true }))).toBe(true);
    expect(isPaletteShortcut(key({ ctrlKey: true, key: "K" }))).toBe(true);
  });

  it('is not a plain key, "/", another modifier combination or a key while composing text', () => {
    expect(isPaletteShortcut(key({}))).toBe(false);
    expect(isPaletteShortcut(key({ key: "/" }))).toBe(false);
    expect(isPaletteShortcut(key({ ctrlKey: true, key: "/" }))).toBe(false);
    expect(isPaletteShortcut(key({ ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(isPaletteShortcut(key({ ctrlKey: true, altKey: true }))).toBe(false);
    expect(isPaletteShortcut(key({ ctrlKey: true, isComposing: true }))).toBe(false);
  });

  it("is written ⌘K on Apple's systems and Ctrl K elsewhere", () => {
    expect(shortcutLabel("macOS")).toBe("⌘K");
    expect(shortcutLabel("MacIntel")).toBe("⌘K");
    expect(shortcutLabel("iPad")).toBe("⌘K");
    expect(shortcutLabel("Win32")).toBe("Ctrl K");
    expect(shortcutLabel("Linux x86_64")).toBe("Ctrl K");
    expect(shortcutLabel("")).toBe("Ctrl K");
  });
});
