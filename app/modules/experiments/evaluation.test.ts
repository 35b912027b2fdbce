import { describe, expect, it } from "vitest";
import { evaluateExperiment, evaluateWithRows, type AggregateColumns } from "./evaluation";
import { unitFor } from "./schemas";

const rate: AggregateColumns = {
  metricKind: "RATE",
  comparator: "GTE",
  target: 0.1,
  startsOn: "2026-03-01",
  endsOn: "2026-03-14",
  successes: 30,
  trials: 292,
  valueCount: 0,
  valueSum: 0,
  valueSumSquares: 0,
};

describe("evaluateWithRows (an import's preview)", () => {
  it("gives the verdict the experiment would have once the rows are added, by the experiment page's own rule", () => {
    const today = "2026-03-08";
    expect(evaluateExperiment(rate, today).verdict).toBe("too_early");
    const after = evaluateWithRows(
      rate,
      [
        { successes: 300, trials: 1000 },
        { successes: 2, trials: 4 },
      ],
      today
    );
    expect(after).toEqual(evaluateExperiment({ ...rate, successes: 332, trials: 1296 }, today));
    expect(after.verdict).toBe("met");
    expect(after.n).toBe(1296);
  });

  it("adds values for counts and means, and leaves the verdict as it is with nothing to add", () => {
    const mean: AggregateColumns = { ...rate, metricKind: "MEAN", comparator: "LTE", target: 60, successes: 0, trials: 0, valueCount: 2, valueSum: 100, valueSumSquares: 5_000 };
    const after = evaluateWithRows(mean, [{ value: 40 }, { value: 44 }, { value: null }], "2026-03-08");
    expect(after).toEqual(evaluateExperiment({ ...mean, valueCount: 4, valueSum: 184, valueSumSquares: 5_000 + 1_600 + 1_936 }, "2026-03-08"));
    expect(evaluateWithRows(rate, [], "2026-03-08")).toEqual(evaluateExperiment(rate, "2026-03-08"));
  });
});

describe("unitFor", () => {
  it("drops a rate's unit and keeps a count's or a mean's", () => {
    expect(unitFor("RATE", "visitors")).toBe("");
    expect(unitFor("COUNT", "pre-orders")).toBe("pre-orders");
    expect(unitFor("MEAN", "minutes")).toBe("minutes");
  });
});
