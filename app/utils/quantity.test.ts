import { describe, expect, it } from "vitest";
import { formatQuantity } from "./quantity";

describe("formatQuantity", () => {
  it("writes thousands separators and the unit after a space", () => {
    expect(formatQuantity(1200, "customers")).toBe("1,200 customers");
    expect(formatQuantity(12.5, "%")).toBe("12.5 %");
    expect(formatQuantity(820, " ms ")).toBe("820 ms");
    expect(formatQuantity(57, "")).toBe("57");
  });

  it("rounds to two decimals unless asked for more, and never writes -0", () => {
    expect(formatQuantity(0.12345, "")).toBe("0.12");
    expect(formatQuantity(0.12345, "", 4)).toBe("0.1235");
    expect(formatQuantity(-0.001, "ms")).toBe("0 ms");
    expect(formatQuantity(-1234.567, "")).toBe("-1,234.57");
  });
});
