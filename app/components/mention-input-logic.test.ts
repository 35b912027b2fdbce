import { describe, expect, it } from "vitest";
import { insertMention, mentionMenu, moveOption } from "./mention-input-logic";

const maya = { id: "u1", name: "Maya Okafor" };
const sam = { id: "u2", name: "Sam Lindqvist" };
const priya = { id: "u3", name: "Priya Raman" };
const people = [maya, sam, priya];

describe("mentionMenu", () => {
  it("offers everyone right after an @, and narrows as the name is typed", () => {
    expect(mentionMenu("Hi @", 4, people)?.options).toEqual([maya, priya, sam]);
    expect(mentionMenu("Hi @sa", 6, people)).toEqual({ start: 3, query: "sa", options: [sam] });
    expect(mentionMenu("Hi @ram", 7, people)?.options).toEqual([priya]);
  });

  it("is closed without an @, when nobody matches, or after Esc on the same @", () => {
    expect(mentionMenu("Hi there", 8, people)).toBeNull();
    expect(mentionMenu("mail maya@ledgerly", 18, people)).toBeNull();
    expect(mentionMenu("Hi @zed", 7, people)).toBeNull();
    expect(mentionMenu("Hi @sa", 6, people, 3)).toBeNull();
    expect(mentionMenu("Hi @sa and @pr", 14, people, 3)?.options).toEqual([priya]);
  });

  it("closes once a whole name is followed by a space, but not after a first name", () => {
    expect(mentionMenu("@Maya Okafor ", 13, people)).toBeNull();
    expect(mentionMenu("@maya okafor ", 13, people)).toBeNull();
    expect(mentionMenu("@Maya ", 6, people)?.options).toEqual([maya]);
    expect(mentionMenu("@Maya Okafor looks", 18, people)).toBeNull();
  });

  it("reads the text up to the caret only", () => {
    expect(mentionMenu("@pr and more", 3, people)?.options).toEqual([priya]);
  });
});

describe("insertMention", () => {
  it("replaces the typed query with the full name and a space, caret after it", () => {
    expect(insertMention("Hi @sa", 3, 6, "Sam Lindqvist")).toEqual({ text: "Hi @Sam Lindqvist ", caret: 18 });
  });

  it("keeps the text after the caret, without doubling a space", () => {
    const result = insertMention("Hi @pr look", 3, 6, "Priya Raman");
    expect(result.text).toBe("Hi @Priya Raman look");
    expect(result.text.slice(result.caret)).toBe("look");
    const joined = insertMention("Hi @prlook", 3, 6, "Priya Raman");
    expect(joined.text).toBe("Hi @Priya Raman look");
    expect(joined.text.slice(joined.caret)).toBe("look");
  });
});

describe("moveOption", () => {
  it("moves and wraps", () => {
    expect(moveOption(0, 3, 1)).toBe(1);
    expect(moveOption(2, 3, 1)).toBe(0);
    expect(moveOption(0, 3, -1)).toBe(2);
    expect(moveOption(-1, 3, 1)).toBe(0);
    expect(moveOption(-1, 3, -1)).toBe(2);
    expect(moveOption(0, 0, 1)).toBe(-1);
  });
});
