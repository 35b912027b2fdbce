import { describe, expect, it } from "vitest";
import { mentionedPeople, mentionQueryAt, mentionSegments, suggestMentions } from "./mentions";

const maya = { id: "u1", name: "Maya Patel" };
const sam = { id: "u2", name: "Sam" };
const samLee = { id: "u3", name: "Sam Lee" };
const people = [maya, sam, samLee];

describe("mentionedPeople", () => {
  it("finds full names after @, any case, each once", () => {
    expect(mentionedPeople("@maya patel and @Maya Patel, look", people)).toEqual([maya]);
  });
  it("prefers the longest name that fits", () => {
    expect(mentionedPeople("ask @Sam Lee about it", people)).toEqual([samLee]);
    expect(mentionedPeople("ask @Sam about it", people)).toEqual([sam]);
  });
  it("ignores email addresses and names that continue", () => {
    expect(mentionedPeople("mail maya@Maya Patel.com or @Samuel", people)).toEqual([]);
  });
  it("accepts punctuation after a name", () => {
    expect(mentionedPeople("(@Sam), thoughts?", people)).toEqual([sam]);
  });
  it("treats regex characters in names as letters", () => {
    const odd = { id: "u9", name: "A.B (x)" };
    expect(mentionedPeople("@A.B (x) yes, @AxB (x) no", [odd])).toEqual([odd]);
  });
});

describe("mentionSegments", () => {
  it("keeps all the text, marking mentions", () => {
    const segments = mentionSegments("Hi @Maya Patel!", people);
    expect(segments.map((segment) => segment.text).join("")).toBe("Hi @Maya Patel!");
    expect(segments[1]).toEqual({ text: "@Maya Patel", mention: maya });
  });
});

describe("mentionQueryAt", () => {
  it("finds the name being typed", () => {
    expect(mentionQueryAt("hello @ma", 9)).toEqual({ start: 6, query: "ma" });
    expect(mentionQueryAt("hello @Maya P", 13)).toEqual({ start: 6, query: "Maya P" });
  });
  it("is quiet in an email address or after a line break", () => {
    expect(mentionQueryAt("a@b", 3)).toBeNull();
    expect(mentionQueryAt("@maya\nnext", 10)).toBeNull();
  });
});

describe("suggestMentions", () => {
  it("matches the start of any word", () => {
    expect(suggestMentions("pa", people)).toEqual([maya]);
    expect(suggestMentions("sa", people).map((person) => person.name)).toEqual(["Sam", "Sam Lee"]);
    expect(suggestMentions("", people)).toHaveLength(3);
  });
});
