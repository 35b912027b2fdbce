import { describe, expect, it } from "vitest";
import { MAX_QUERY_LENGTH, parseSearchQuery } from "./query";

describe("parseSearchQuery", () => {
  it("recognises keys however they are typed", () => {
    expect(parseSearchQuery("H-12").key).toEqual({ type: "hypothesis", digits: "12" });
    expect(parseSearchQuery(" e7 ").key).toEqual({ type: "experiment", digits: "7" });
    expect(parseSearchQuery("E 007").key).toEqual({ type: "experiment", digits: "7" });
    expect(parseSearchQuery("H-").key).toBeNull();
    expect(parseSearchQuery("hello 12").key).toBeNull();
  });

  it("keeps nothing the database cannot hold, and no more than a line", () => {
    expect(parseSearchQuery("on\u0000board\ning").text).toBe("on board ing");
    expect(parseSearchQuery("x\ud800y").text).toBe("xy");
    expect(parseSearchQuery("a".repeat(10_000)).text).toHaveLength(MAX_QUERY_LENGTH);
    expect(parseSearchQuery(`${"a".repeat(MAX_QUERY_LENGTH - 1)}😀`).text).toBe("a".repeat(MAX_QUERY_LENGTH - 1));
    expect(parseSearchQuery(null).text).toBe("");
    expect(parseSearchQuery("   ").text).toBe("");
  });
});
