import { describe, expect, it } from "vitest";
import { MAX_VALUE, parseObservationCsv } from "./csv";
import { observationRules } from "./schemas";

const timebox = { startsOn: "2026-01-01", endsOn: "2026-01-14", today: "2026-01-10" };

describe("measurements are bounded", () => {
  it("the evidence command refuses (whichever adapter sends it) a value beyond ±MAX_VALUE, which would overflow the sums of squares", () => {
    const rules = observationRules("COUNT", timebox);
    expect(rules.safeParse([{ observedOn: "2026-01-05", value: MAX_VALUE, strength: 2 }]).success).toBe(true);
    const huge = rules.safeParse([{ observedOn: "2026-01-05", value: Number("9".repeat(300)), strength: 2 }]);
    expect(huge.success).toBe(false);
    expect(huge.error?.issues[0]).toMatchObject({ path: [0, "value"], message: "That number is too large." });
    expect(observationRules("MEAN", timebox).safeParse([{ observedOn: "2026-01-05", value: -Number("9".repeat(20)), strength: 2 }]).success).toBe(false);
  });

  it("the CSV import refuses it too, naming the line", () => {
    const parsed = parseObservationCsv(`observed_on,value,note,source,strength\r\n2026-01-05,1e300,,,2\r\n`, { kind: "MEAN", experimentId: "e", ...timebox });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[0]).toMatchObject({ line: 2, column: "value" });
  });
});
