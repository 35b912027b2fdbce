import { describe, expect, it } from "vitest";
import { z } from "zod";
import { idField, isStorableText } from "./fields";
import { NUL_MESSAGE, parseForm } from "./forms";

function form(entries: [string, string][]) {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

describe("parseForm", () => {
  const schema = z.object({ body: z.string().min(1), password: z.string().optional() });

  it("keeps the first value of a repeated field", () => {
    expect(parseForm(form([["body", "first"], ["body", "second"]]), schema)).toEqual({ ok: true, data: { body: "first" } });
  });

  it("refuses a NUL character, which PostgreSQL cannot store, as a field error", () => {
    expect(parseForm(form([["body", "a\u0000b"]]), schema)).toEqual({ ok: false, fieldErrors: { body: NUL_MESSAGE } });
  });

  it("leaves passwords as typed: they are hashed, never stored", () => {
    expect(parseForm(form([["body", "x"], ["password", "a\u0000b"]]), schema)).toEqual({ ok: true, data: { body: "x", password: "a\u0000b" } });
  });
});

describe("idField", () => {
  it("takes what our ids look like and nothing else", () => {
    expect(idField.safeParse("cmx1qktj8051axv7dfh43txgf").success).toBe(true);
    for (const bad of ["", "a\u0000b", "x".repeat(65), "' OR 1=1", "id with spaces", "é"]) expect(idField.safeParse(bad).success, bad).toBe(false);
  });
});

describe("isStorableText", () => {
  it("refuses NUL and half a surrogate pair, and keeps every other character", () => {
    expect(isStorableText("Invoicing 😀 é ‮")).toBe(true);
    for (const bad of ["a\u0000b", "a\ud800b", "\udfff", "x\ud83d"]) expect(isStorableText(bad), JSON.stringify(bad)).toBe(false);
  });
});
