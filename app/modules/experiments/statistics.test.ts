import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  EMPTY_AGGREGATE,
  MIN_MEAN_VALUES,
  MIN_RATE_TRIALS,
  addToAggregate,
  betaProbabilityAtLeast,
  evaluate,
  meanInterval,
  rateDecisionPoints,
  regularizedIncompleteBeta,
  studentTQuantile,
  wilsonInterval,
  type Aggregate,
  type Comparator,
  type Evaluation,
  type EvaluationInput,
  type MetricKind,
} from "./statistics";

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** A 14-day timebox, 1–14 March inclusive; "now" is day 5 unless overridden. */
const TIMEBOX = { startsOn: day("2025-03-01"), endsOn: day("2025-03-14"), asOf: day("2025-03-05") };

function expectNear(actual: number, expected: number, tolerance: number) {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
}

function rateAggregate(successes: number, trials: number): Aggregate {
  return { ...EMPTY_AGGREGATE, successes, trials };
}

function valuesAggregate(values: number[]): Aggregate {
  return values.reduce((a, value) => addToAggregate(a, { value }), EMPTY_AGGREGATE);
}

function run(
  kind: MetricKind,
  comparator: Comparator,
  target: number,
  aggregate: Aggregate,
  dates: Partial<Pick<EvaluationInput, "startsOn" | "endsOn" | "asOf">> = {},
): Evaluation {
  return evaluate({ ...TIMEBOX, ...dates, kind, criterion: { comparator, target }, aggregate });
}

function binomialCoefficient(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

// ---------------------------------------------------------------------------
// 1. Reference values
// ---------------------------------------------------------------------------

describe("wilsonInterval: published reference values", () => {
  // Newcombe RG (1998), "Two-sided confidence intervals for the single proportion:
  // comparison of seven methods", Statistics in Medicine 17:857–872, Table I,
  // method 3 (score interval without continuity correction). Re-derived from
  // Wilson's formula with z = 1.959964 before asserting; all agree to < 5e-5.
  const cases: Array<[number, number, number, number]> = [
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ];
  it.each(cases)("%i/%i gives %f–%f", (s, n, low, high) => {
    const interval = wilsonInterval(s, n);
    expectNear(interval.low, low, 1e-4);
    expectNear(interval.high, high, 1e-4);
  });

  it("is exactly 0 at zero successes and exactly 1 when every trial succeeds", () => {
    expect(wilsonInterval(0, 20).low).toBe(0);
    expect(wilsonInterval(20, 20).high).toBe(1);
  });

  it("rejects a non-positive trial count", () => {
    expect(() => wilsonInterval(0, 0)).toThrow(RangeError);
  });
});

describe("studentTQuantile: standard tables", () => {
  // Two-sided 95 % critical values, e.g. Fisher & Yates, Statistical Tables, Table III;
  // NIST/SEMATECH e-Handbook of Statistical Methods, §1.3.6.7.2 (upper 2.5 % points).
  const table: Array<[number, number]> = [
    [1, 12.7062],
    [4, 2.7764],
    [10, 2.2281],
    [30, 2.0423],
    [1000, 1.9623],
  ];
  it.each(table)("t(0.975, %i) ≈ %f", (df, expected) => {
    expectNear(studentTQuantile(0.975, df), expected, 1e-4);
  });

  it("matches the six-figure value quoted in the spec", () => {
    expectNear(studentTQuantile(0.975, 4), 2.776445, 1e-6);
  });

  it("matches the closed forms for df = 1 (Cauchy) and df = 2", () => {
    for (const p of [0.001, 0.1, 0.3, 0.6, 0.9, 0.975, 0.9999]) {
      expectNear(studentTQuantile(p, 1), Math.tan(Math.PI * (p - 0.5)), 1e-9 * Math.max(1, Math.abs(Math.tan(Math.PI * (p - 0.5)))));
      expectNear(studentTQuantile(p, 2), (2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 1e-9);
    }
  });

  it("approaches the normal quantile 1.959964 for very large df", () => {
    expectNear(studentTQuantile(0.975, 1e6), 1.959966, 1e-6);
    expectNear(studentTQuantile(0.975, 1e12), 1.959963984540054, 1e-9);
    expectNear(studentTQuantile(0.975, Infinity), 1.959963984540054, 1e-9);
  });

  it("is 0 at the median and odd-symmetric", () => {
    expect(studentTQuantile(0.5, 7)).toBe(0);
    expectNear(studentTQuantile(0.025, 9), -studentTQuantile(0.975, 9), 1e-12);
  });

  it("rejects p outside [0, 1] and non-positive df", () => {
    expect(() => studentTQuantile(1.5, 3)).toThrow(RangeError);
    expect(() => studentTQuantile(0.9, 0)).toThrow(RangeError);
  });
});

describe("regularizedIncompleteBeta: known identities", () => {
  it("I_0.5(a, a) = 0.5 by symmetry", () => {
    for (const a of [0.5, 1, 2.5, 10, 123, 1e4, 1e6]) expectNear(regularizedIncompleteBeta(0.5, a, a), 0.5, 1e-10);
  });

  it("I_x(1, 1) = x, I_x(a, 1) = x^a and I_x(1, b) = 1 − (1 − x)^b", () => {
    for (const x of [0.001, 0.1, 0.37, 0.5, 0.9, 0.999]) {
      expectNear(regularizedIncompleteBeta(x, 1, 1), x, 1e-12);
      for (const a of [0.5, 2, 7.5, 40]) expectNear(regularizedIncompleteBeta(x, a, 1), x ** a, 1e-12);
      for (const b of [0.5, 3, 250]) expectNear(regularizedIncompleteBeta(x, 1, b), 1 - (1 - x) ** b, 1e-12);
    }
  });

  it("I_x(½, ½) = (2/π)·arcsin(√x), the arcsine distribution", () => {
    for (const x of [0.01, 0.3, 0.5, 0.8, 0.99]) {
      expectNear(regularizedIncompleteBeta(x, 0.5, 0.5), (2 / Math.PI) * Math.asin(Math.sqrt(x)), 1e-12);
    }
  });

  it("I_0.4(3, 5) = P(Binomial(7, 0.4) ≥ 3) = 0.580096 exactly", () => {
    expectNear(regularizedIncompleteBeta(0.4, 3, 5), 0.580096, 1e-12);
  });

  it("stays accurate for a million-trial posterior", () => {
    // I_x(1, b) = 1 − (1 − x)^b; here (1 − 1e-7)^1e7 ≈ e^{-1}.
    expectNear(regularizedIncompleteBeta(1e-7, 1, 1e7), 1 - Math.exp(1e7 * Math.log1p(-1e-7)), 1e-10);
  });

  it("clamps at the ends of [0, 1]", () => {
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
  });
});

describe("betaProbabilityAtLeast: reference values", () => {
  it("P(p ≥ 0.5) = 0.5 when exactly half the trials succeed", () => {
    for (const n of [2, 10, 100, 5000, 2_000_000]) expectNear(betaProbabilityAtLeast(n / 2, n, 0.5), 0.5, 1e-10);
  });

  it("with no data the posterior is uniform, so P(p ≥ t) = 1 − t", () => {
    for (const t of [0, 0.1, 0.5, 0.95, 1]) expectNear(betaProbabilityAtLeast(0, 0, t), 1 - t, 1e-12);
  });

  it("one success in one trial gives Beta(2, 1), so P(p ≥ t) = 1 − t²", () => {
    expectNear(betaProbabilityAtLeast(1, 1, 0.3), 1 - 0.09, 1e-12);
  });
});

describe("meanInterval", () => {
  it("returns null below two values", () => {
    expect(meanInterval(0, 0, 0)).toBeNull();
    expect(meanInterval(1, 5, 25)).toBeNull();
  });

  it("computes the textbook example 2, 4, 4, 4, 5, 5, 7, 9", () => {
    const values = [2, 4, 4, 4, 5, 5, 7, 9];
    const agg = valuesAggregate(values);
    const result = meanInterval(agg.valueCount, agg.valueSum, agg.valueSumSquares);
    expect(result).not.toBeNull();
    const { mean, sd, interval } = result!;
    expect(mean).toBe(5);
    expectNear(sd, Math.sqrt(32 / 7), 1e-12);
    // t(0.975, 7) = 2.3646 from the same tables.
    const half = (2.3646 * Math.sqrt(32 / 7)) / Math.sqrt(8);
    expectNear(interval.low, 5 - half, 1e-4);
    expectNear(interval.high, 5 + half, 1e-4);
  });

  it("gives zero spread for identical values despite rounding in the sums", () => {
    const agg = valuesAggregate([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]);
    const result = meanInterval(agg.valueCount, agg.valueSum, agg.valueSumSquares)!;
    expect(result.sd).toBe(0);
  });
});

describe("addToAggregate", () => {
  it("keeps running sums and ignores absent or non-finite fields", () => {
    let a = addToAggregate(EMPTY_AGGREGATE, { successes: 3, trials: 10 });
    a = addToAggregate(a, { successes: null, trials: undefined, value: 4 });
    a = addToAggregate(a, { value: Number.NaN, successes: Number.POSITIVE_INFINITY });
    a = addToAggregate(a, { value: -2 });
    expect(a).toEqual({ successes: 3, trials: 10, valueCount: 2, valueSum: 2, valueSumSquares: 20 });
    expect(EMPTY_AGGREGATE).toEqual({ successes: 0, trials: 0, valueCount: 0, valueSum: 0, valueSumSquares: 0 });
  });
});

// ---------------------------------------------------------------------------
// 2. Properties
// ---------------------------------------------------------------------------

const rateCounts = fc
  .integer({ min: 1, max: 1_000_000 })
  .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));

describe("properties", () => {
  it("Wilson interval lies in [0, 1], is ordered and contains p̂", () => {
    fc.assert(
      fc.property(rateCounts, ([s, n]) => {
        const { low, high } = wilsonInterval(s, n);
        const p = s / n;
        return low >= 0 && high <= 1 && low <= high && low <= p && p <= high;
      }),
    );
  });

  it("Wilson interval narrows when n quadruples at the same p̂", () => {
    fc.assert(
      fc.property(rateCounts, ([s, n]) => {
        const a = wilsonInterval(s, n);
        const b = wilsonInterval(4 * s, 4 * n);
        return b.high - b.low < a.high - a.low;
      }),
    );
  });

  it("I_x(a, b) agrees with the binomial tail for integer a, b", () => {
    // For integers, I_x(a, b) = P(Binomial(a + b − 1, x) ≥ a).
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        (a, b, x) => {
          const m = a + b - 1;
          let tail = 0;
          for (let k = a; k <= m; k++) tail += binomialCoefficient(m, k) * x ** k * (1 - x) ** (m - k);
          return Math.abs(regularizedIncompleteBeta(x, a, b) - tail) < 1e-10;
        },
      ),
    );
  });

  it("I_x(a, b) = 1 − I_{1−x}(b, a)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        (a, b, x) => Math.abs(regularizedIncompleteBeta(x, a, b) - (1 - regularizedIncompleteBeta(1 - x, b, a))) < 1e-10,
      ),
    );
  });

  it("betaProbabilityAtLeast is in [0, 1] and non-increasing in the target", () => {
    fc.assert(
      fc.property(
        rateCounts,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        ([s, n], t1, t2) => {
          const [lo, hi] = t1 <= t2 ? [t1, t2] : [t2, t1];
          const pLo = betaProbabilityAtLeast(s, n, lo);
          const pHi = betaProbabilityAtLeast(s, n, hi);
          return pLo >= 0 && pLo <= 1 && pHi >= 0 && pHi <= 1 && pHi <= pLo + 1e-12;
        },
      ),
    );
  });

  it("t quantile decreases with df and stays above 1.959964", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 2000 }), (df, step) => {
        const a = studentTQuantile(0.975, df);
        const b = studentTQuantile(0.975, df + step);
        return b < a && b > 1.959963984540054;
      }),
    );
  });

  it("meanInterval contains the mean and has a non-negative sd", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 60 }), (values) => {
        const agg = valuesAggregate(values);
        const r = meanInterval(agg.valueCount, agg.valueSum, agg.valueSumSquares)!;
        return r.sd >= 0 && r.interval.low <= r.mean && r.mean <= r.interval.high;
      }),
    );
  });

  const comparator = fc.constantFrom<Comparator>("gte", "lte");
  const dayOffset = fc.integer({ min: -30, max: 60 });

  /** Aggregates as the app would build them, including big synthetic MEAN/COUNT sums. */
  const scenario = fc.oneof(
    fc.record({
      kind: fc.constant<MetricKind>("RATE"),
      target: fc.double({ min: 0, max: 1, noNaN: true }),
      aggregate: fc.oneof(
        fc.constant(EMPTY_AGGREGATE),
        rateCounts.map(([s, n]) => rateAggregate(s, n)),
      ),
    }),
    fc.record({
      kind: fc.constantFrom<MetricKind>("COUNT", "MEAN"),
      target: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      aggregate: fc.oneof(
        fc.array(fc.double({ min: -1e5, max: 1e5, noNaN: true }), { maxLength: 40 }).map(valuesAggregate),
        fc
          .tuple(
            fc.integer({ min: 1, max: 1_000_000 }),
            fc.double({ min: -1e4, max: 1e4, noNaN: true }),
            fc.double({ min: 0, max: 1e3, noNaN: true }),
          )
          .map(([n, mean, sd]) => ({
            ...EMPTY_AGGREGATE,
            valueCount: n,
            valueSum: n * mean,
            valueSumSquares: (n - 1) * sd * sd + n * mean * mean,
          })),
      ),
    }),
  );

  it("evaluate never returns NaN or Infinity", () => {
    fc.assert(
      fc.property(scenario, comparator, dayOffset, dayOffset, fc.integer({ min: 0, max: 40 }), (sc, cmp, asOfOffset, startOffset, length) => {
        const startsOn = new Date(TIMEBOX.startsOn.getTime() + startOffset * 86_400_000);
        const endsOn = new Date(startsOn.getTime() + length * 86_400_000);
        const asOf = new Date(TIMEBOX.startsOn.getTime() + asOfOffset * 86_400_000 + 3_600_000);
        const e = evaluate({ kind: sc.kind, criterion: { comparator: cmp, target: sc.target }, aggregate: sc.aggregate, startsOn, endsOn, asOf });
        const numbers = [
          e.n,
          e.estimate,
          e.interval?.low,
          e.interval?.high,
          e.probabilityMeetsTarget,
          e.sd,
          e.projection,
          e.extraSampleNeeded,
        ].filter((v): v is number => typeof v === "number");
        return (
          numbers.every(Number.isFinite) &&
          !/NaN|Infinity|undefined/.test(e.explanation) &&
          e.explanation.length > 0 &&
          (e.verdict === "too_early" || e.extraSampleNeeded === null) &&
          (e.extraSampleNeeded === null || e.extraSampleNeeded > 0)
        );
      }),
    );
  });

  it("gte and lte are never both met (nor both not_met) with a non-degenerate interval", () => {
    fc.assert(
      fc.property(scenario, (sc) => {
        const gte = run(sc.kind, "gte", sc.target, sc.aggregate);
        const lte = run(sc.kind, "lte", sc.target, sc.aggregate);
        const interval = gte.interval;
        if (!interval || interval.high <= interval.low) return true;
        return !(gte.verdict === "met" && lte.verdict === "met") && !(gte.verdict === "not_met" && lte.verdict === "not_met");
      }),
    );
  });

  it("RATE extraSampleNeeded is the smallest extra sample that settles the verdict", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        comparator,
        ([s, n], target, cmp) => {
          const e = run("RATE", cmp, target, rateAggregate(s, n));
          if (e.verdict !== "too_early" || e.extraSampleNeeded === null) return true;
          const p = s / n;
          const settled = (N: number) => {
            const w = wilsonInterval(p * N, N);
            return cmp === "gte" ? w.low >= target || w.high < target : w.high <= target || w.low > target;
          };
          const N = n + e.extraSampleNeeded;
          const floor = Math.max(n + 1, MIN_RATE_TRIALS);
          return N >= MIN_RATE_TRIALS && settled(N) && (N === floor || !settled(N - 1));
        },
      ),
    );
  });
});

// ---------------------------------------------------------------------------
// 3. Verdicts
// ---------------------------------------------------------------------------

describe("evaluate: RATE", () => {
  it("stays too_early below the minimum trials, however lopsided the data", () => {
    expect(MIN_RATE_TRIALS).toBe(10);
    for (const s of [0, 9]) {
      for (const cmp of ["gte", "lte"] as const) {
        const e = run("RATE", cmp, 0.1, rateAggregate(s, 9));
        expect(e.verdict).toBe("too_early");
        expect(e.extraSampleNeeded).toBeGreaterThanOrEqual(1);
      }
    }
    // One observation can carry many trials: a single 30/100 entry is enough.
    const single = addToAggregate(EMPTY_AGGREGATE, { successes: 30, trials: 100 });
    expect(run("RATE", "gte", 0.1, single).verdict).toBe("met");
  });

  it("30/100 against ≥ 10 % is met", () => {
    const e = run("RATE", "gte", 0.1, rateAggregate(30, 100));
    expect(e.verdict).toBe("met");
    expect(e.n).toBe(100);
    expect(e.estimate).toBe(0.3);
    expect(e.interval!.low).toBeGreaterThanOrEqual(0.1);
    expect(e.probabilityMeetsTarget!).toBeGreaterThan(0.999);
    expect(e.extraSampleNeeded).toBeNull();
    expect(e.sd).toBeNull();
    expect(e.projection).toBeNull();
    expect(e.explanation).toBe("The whole 95 % interval (21.9 %–39.6 %) is above the 10 % target.");
  });

  it("2/100 against ≥ 10 % is not_met", () => {
    const e = run("RATE", "gte", 0.1, rateAggregate(2, 100));
    expect(e.verdict).toBe("not_met");
    expect(e.probabilityMeetsTarget!).toBeLessThan(0.01);
    expect(e.explanation).toBe("The whole 95 % interval (0.6 %–7.0 %) is below the 10 % target.");
  });

  it("mirrors for ≤ criteria", () => {
    const low = run("RATE", "lte", 0.1, rateAggregate(2, 100));
    expect(low.verdict).toBe("met");
    expect(low.probabilityMeetsTarget!).toBeGreaterThan(0.99);
    expect(low.explanation).toContain("below the 10 % target");
    const high = run("RATE", "lte", 0.1, rateAggregate(30, 100));
    expect(high.verdict).toBe("not_met");
    expect(high.explanation).toContain("above the 10 % target");
    // The two posterior directions are complementary.
    expectNear(
      low.probabilityMeetsTarget! + run("RATE", "gte", 0.1, rateAggregate(2, 100)).probabilityMeetsTarget!,
      1,
      1e-12,
    );
  });

  it("11/100 against ≥ 10 % is too_early with a positive extra sample", () => {
    const e = run("RATE", "gte", 0.1, rateAggregate(11, 100));
    expect(e.verdict).toBe("too_early");
    expect(e.extraSampleNeeded).toBeGreaterThan(0);
    const N = 100 + e.extraSampleNeeded!;
    // At the current 11 % the interval should just clear 10 % at N trials.
    expect(wilsonInterval(0.11 * N, N).low).toBeGreaterThanOrEqual(0.1);
    expect(wilsonInterval(0.11 * (N - 1), N - 1).low).toBeLessThan(0.1);
    // 100 trials in 5 of 14 days: the timebox adds about 180 more, far from the 3,358 a verdict needs.
    expect(e.extraSampleNeeded).toBe(3358);
    expect(e.explanation).toBe("Too early, and likely to stay so: the current rate of 11.0 % is too close to the 10 % target to decide with a feasible sample; at the pace so far the timebox adds about 180 more trials.");
  });

  it("names the extra sample, with thousands grouped, when the timebox can reach it", () => {
    // 1,000 trials on the first of 60 days: the pace reaches tens of thousands.
    const e = run("RATE", "gte", 0.1, rateAggregate(110, 1000), { startsOn: day("2025-03-01"), endsOn: day("2025-04-29"), asOf: day("2025-03-01") });
    expect(e.verdict).toBe("too_early");
    expect(e.extraSampleNeeded).toBe(2458);
    expect(e.explanation).toBe("Too early: about 2,458 more trials needed at the current rate of 11.0 %.");
  });

  it("says the same of a mean the timebox cannot settle", () => {
    const values = [9.8, 10.3, 10.1, 9.9, 10.2, 10.0, 10.1, 9.9];
    const aggregate = { successes: 0, trials: 0, valueCount: values.length, valueSum: values.reduce((a, b) => a + b, 0), valueSumSquares: values.reduce((a, b) => a + b * b, 0) };
    const e = run("MEAN", "gte", 10, aggregate);
    expect(e.verdict).toBe("too_early");
    expect(e.explanation).toMatch(/^Too early, and likely to stay so: the current mean of 10\.04 is too close to the target of 10 to decide with a feasible sample; at the pace so far the timebox adds about 14 more values\.$/);
  });

  it("cannot size the extra sample when the estimate sits exactly on the target", () => {
    const e = run("RATE", "gte", 0.1, rateAggregate(10, 100));
    expect(e.verdict).toBe("too_early");
    expect(e.extraSampleNeeded).toBeNull();
  });

  it("says so when nothing is logged", () => {
    const e = run("RATE", "gte", 0.1, EMPTY_AGGREGATE);
    expect(e).toMatchObject({ n: 0, estimate: null, interval: null, probabilityMeetsTarget: null, verdict: "too_early", extraSampleNeeded: null });
    expect(e.explanation).toBe("No evidence logged yet.");
  });
});

describe("evaluate: COUNT", () => {
  const fifty = valuesAggregate([10, 12, 8, 10, 10]);

  it("gte is met as soon as the total reaches the target, even mid-timebox", () => {
    const e = run("COUNT", "gte", 50, fifty);
    expect(e.verdict).toBe("met");
    expect(e.estimate).toBe(50);
    expect(e.interval).toBeNull();
  });

  it("gte is too_early during the timebox, with the units still needed", () => {
    const e = run("COUNT", "gte", 100, fifty);
    expect(e.verdict).toBe("too_early");
    expect(e.extraSampleNeeded).toBe(50);
  });

  it("gte is not_met only from the day after endsOn", () => {
    expect(run("COUNT", "gte", 100, fifty, { asOf: day("2025-03-14") }).verdict).toBe("too_early");
    expect(run("COUNT", "gte", 100, fifty, { asOf: new Date("2025-03-14T23:59:59Z") }).verdict).toBe("too_early");
    const e = run("COUNT", "gte", 100, fifty, { asOf: day("2025-03-15") });
    expect(e.verdict).toBe("not_met");
    expect(e.extraSampleNeeded).toBeNull();
  });

  it("lte is not_met as soon as the total exceeds the limit", () => {
    const e = run("COUNT", "lte", 5, valuesAggregate([2, 2, 2]));
    expect(e.verdict).toBe("not_met");
  });

  it("lte is too_early within the limit until the timebox ends, then met", () => {
    const within = valuesAggregate([1, 1, 1]);
    const during = run("COUNT", "lte", 5, within);
    expect(during.verdict).toBe("too_early");
    expect(during.extraSampleNeeded).toBeNull();
    expect(run("COUNT", "lte", 5, within, { asOf: day("2025-03-15") }).verdict).toBe("met");
  });

  it("projects the total to endsOn at the observed daily pace on a 14-day timebox", () => {
    // Day 5 of 14 with 50 so far: 50 / 5 × 14 = 140.
    expect(run("COUNT", "gte", 100, fifty).projection).toBe(140);
    // First day counts as one elapsed day, even mid-morning.
    expect(run("COUNT", "gte", 100, fifty, { asOf: new Date("2025-03-01T09:30:00Z") }).projection).toBe(700);
    // After the end the pace uses all 14 days, so the projection is the total.
    expect(run("COUNT", "gte", 100, fifty, { asOf: day("2025-04-01") }).projection).toBe(50);
    // Before the start there is no pace yet.
    expect(run("COUNT", "gte", 100, fifty, { asOf: day("2025-02-27") }).projection).toBeNull();
  });
});

describe("evaluate: MEAN", () => {
  it("needs five values before any verdict", () => {
    expect(MIN_MEAN_VALUES).toBe(5);
    const e = run("MEAN", "gte", 3, valuesAggregate([10, 11, 12, 13]));
    expect(e.verdict).toBe("too_early");
    expect(e.extraSampleNeeded).toBe(1);
  });

  it("is met when the whole t-interval clears the target", () => {
    const e = run("MEAN", "gte", 3, valuesAggregate([4, 5, 6, 5, 4.5, 5.5]));
    expect(e.verdict).toBe("met");
    expect(e.estimate).toBe(5);
    expectNear(e.sd!, Math.sqrt(0.5), 1e-12);
    expect(e.interval!.low).toBeGreaterThan(3);
    expect(e.probabilityMeetsTarget).toBeNull();
    expect(e.explanation).toBe("The whole 95 % interval (4.26–5.74) is above the target of 3.");
  });

  it("is not_met for an lte target the whole interval exceeds", () => {
    expect(run("MEAN", "lte", 3, valuesAggregate([4, 5, 6, 5, 4.5, 5.5])).verdict).toBe("not_met");
  });

  it("estimates the extra values needed when too close to call", () => {
    const values = [4, 5, 6, 5, 4.5, 5.5];
    const e = run("MEAN", "gte", 4.8, valuesAggregate(values));
    expect(e.verdict).toBe("too_early");
    const N = values.length + e.extraSampleNeeded!;
    // With the same mean and sd, N values give a t-interval whose half-width fits in |mean − target|.
    const half = (n: number) => (studentTQuantile(0.975, n - 1) * Math.sqrt(0.5)) / Math.sqrt(n);
    expect(half(N)).toBeLessThanOrEqual(0.2);
    expect(half(N - 1)).toBeGreaterThan(0.2);
  });

  it("handles one value without a spread", () => {
    const e = run("MEAN", "gte", 3, valuesAggregate([7]));
    expect(e).toMatchObject({ n: 1, estimate: 7, interval: null, sd: null, verdict: "too_early", extraSampleNeeded: 4 });
  });
});

describe("rateDecisionPoints (planning a rate)", () => {
  const verdictAt = (successes: number, trials: number, comparator: Comparator, target: number) =>
    evaluate({ kind: "RATE", criterion: { comparator, target }, aggregate: { ...EMPTY_AGGREGATE, successes, trials }, startsOn: new Date(0), endsOn: new Date(0), asOf: new Date(0) }).verdict;

  it("splits the success counts exactly where the verdict changes, in both directions", () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN_RATE_TRIALS, max: 150 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.constantFrom<Comparator>("gte", "lte"), (trials, target, comparator) => {
        const { met, notMet } = rateDecisionPoints(trials, { comparator, target });
        for (let s = 0; s <= trials; s++) {
          const meets = met !== null && (comparator === "gte" ? s >= met : s <= met);
          const misses = notMet !== null && (comparator === "gte" ? s <= notMet : s >= notMet);
          expect(verdictAt(s, trials, comparator, target)).toBe(meets ? "met" : misses ? "not_met" : "too_early");
        }
      }),
      { numRuns: 60 },
    );
  });

  it("decides nothing below the minimum number of trials", () => {
    expect(rateDecisionPoints(MIN_RATE_TRIALS - 1, { comparator: "gte", target: 0.1 })).toEqual({ met: null, notMet: null });
    expect(rateDecisionPoints(200, { comparator: "gte", target: 0.1 })).toEqual({ met: 29, notMet: 11 });
  });
});
