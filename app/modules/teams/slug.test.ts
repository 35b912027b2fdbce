import { describe, expect, it } from "vitest";
import { slugify, uniqueSlug } from "./slug";

describe("slugify", () => {
  it("turns names into readable URL segments", () => {
    expect(slugify("Acme Invoicing")).toBe("acme-invoicing");
    expect(slugify("  Ledger & Co.  ")).toBe("ledger-co");
    expect(slugify("Café Crème")).toBe("cafe-creme");
  });

  it("never returns an empty slug", () => {
    expect(slugify("!!!")).toBe("team");
    expect(slugify("日本")).toBe("team");
  });

  it("caps the length without a trailing dash", () => {
    const slug = slugify("a".repeat(39) + " b" + "c".repeat(20));
    expect(slug.length).toBeLessThanOrEqual(40);
    expect(slug.endsWith("-")).toBe(false);
  });
});

describe("uniqueSlug", () => {
  it("adds the first free numeric suffix", () => {
    expect(uniqueSlug("acme", new Set())).toBe("acme");
    expect(uniqueSlug("acme", new Set(["acme", "acme-2"]))).toBe("acme-3");
  });

  it("avoids reserved words", () => {
    expect(uniqueSlug("new", new Set())).toBe("new-2");
  });
});
