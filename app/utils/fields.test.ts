import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseTypedNumber, versionField } from "./fields";

describe("parseTypedNumber", () => {
  it("reads plain and decimal-comma numbers", () => {
    expect(parseTypedNumber(" 12 ", { integer: true })).toBe(12);
    expect(parseTypedNumber("-3.5", { integer: false })).toBe(-3.5);
    expect(parseTypedNumber("2,5", { integer: false })).toBe(2.5);
  });

  it("refuses what it would have to guess", () => {
    expect(parseTypedNumber("1,000", { integer: true })).toBeNull();
    expect(parseTypedNumber("1,000", { integer: false })).toBeNull();
    expect(parseTypedNumber("0x10", { integer: true })).toBeNull();
    expect(parseTypedNumber("1e3", { integer: false })).toBeNull();
    expect(parseTypedNumber("2.5", { integer: true })).toBeNull();
    expect(parseTypedNumber("abc", { integer: false })).toBeNull();
    expect(parseTypedNumber("99999999999", { integer: true })).toBeNull();
  });
});

describe("versionField", () => {
  it("accepts the column's range only", () => {
    expect(versionField.safeParse("3").success).toBe(true);
    expect(versionField.safeParse("99999999999").success).toBe(false);
    expect(versionField.safeParse("0").success).toBe(false);
  });
});

