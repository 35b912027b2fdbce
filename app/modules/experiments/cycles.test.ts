import { describe, expect, it } from "vitest";
import { cycleLabel, cycleStart, recentCycles } from "./cycles";

describe("two-week cycles", () => {
  it("buckets dates into fixed 14-day cycles", () => {
    expect(cycleStart("2024-01-01")).toBe("2024-01-01");
    expect(cycleStart("2024-01-14")).toBe("2024-01-01");
    expect(cycleStart("2024-01-15")).toBe("2024-01-15");
    expect(cycleStart("2023-12-31")).toBe("2023-12-18");
  });

  it("labels and lists recent cycles oldest first", () => {
    expect(cycleLabel("2026-03-02")).toBe("Mar 2 – Mar 15");
    const cycles = recentCycles("2026-03-20", 3);
    expect(cycles).toHaveLength(3);
    expect(cycles[2]).toBe(cycleStart("2026-03-20"));
    expect(cycles[1] < cycles[2]).toBe(true);
  });
});
