import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  evaluateCriterion,
  evaluateGate,
  isoWeekStart,
  weeklyValues,
  type CriterionInput,
  type Direction,
  type SignalPoint,
} from "./evaluate";

// Wednesday; its ISO week starts Monday 2026-03-09.
const TODAY = "2026-03-11";
const MONDAYS = ["2026-02-09", "2026-02-16", "2026-02-23", "2026-03-02", "2026-03-09"] as const;

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** One point per listed week, on the Tuesday (Monday + 1). */
function perWeek(values: Array<[monday: string, value: number]>): SignalPoint[] {
  return values.map(([monday, value]) => ({ date: addDays(monday, 1), value }));
}

function customers(points: SignalPoint[], overrides: { weeks?: number; threshold?: number } = {}): CriterionInput {
  return {
    id: "c1",
    kind: "SIGNAL_SUSTAINED",
    label: "Paying customers",
    unit: "customers",
    threshold: overrides.threshold ?? 50,
    direction: "gte",
    weeks: overrides.weeks ?? 4,
    points,
  };
}

function hypothesis(status: Extract<CriterionInput, { kind: "HYPOTHESIS_VALIDATED" }>["hypothesisStatus"], hypothesisStatement?: string): CriterionInput {
  return { id: "h1", kind: "HYPOTHESIS_VALIDATED", label: "Teams pay for audit trails", hypothesisKey: "H-3", hypothesisStatus: status, hypothesisStatement };
}

describe("isoWeekStart", () => {
  it("returns the Monday of the ISO week", () => {
    expect(isoWeekStart("2026-03-09")).toBe("2026-03-09"); // Monday
    expect(isoWeekStart("2026-03-11")).toBe("2026-03-09"); // Wednesday
    expect(isoWeekStart("2026-03-15")).toBe("2026-03-09"); // Sunday
    expect(isoWeekStart("2026-03-16")).toBe("2026-03-16");
  });

  it("crosses month and year boundaries", () => {
    expect(isoWeekStart("2026-12-31")).toBe("2026-12-28");
    expect(isoWeekStart("2027-01-01")).toBe("2026-12-28");
    expect(isoWeekStart("2027-01-03")).toBe("2026-12-28");
    expect(isoWeekStart("2027-01-04")).toBe("2027-01-04");
    expect(isoWeekStart("2025-01-01")).toBe("2024-12-30");
    expect(isoWeekStart("2028-03-01")).toBe("2028-02-28"); // leap year
  });

  it("rejects malformed dates", () => {
    expect(() => isoWeekStart("2026-02-30")).toThrow(RangeError);
    expect(() => isoWeekStart("2026-3-1")).toThrow(RangeError);
    expect(() => isoWeekStart("2026-03-01T00:00:00Z")).toThrow(RangeError);
  });
});

describe("weeklyValues", () => {
  it("keeps the last point of each week, ascending, ignoring points after today", () => {
    const points: SignalPoint[] = [
      { date: "2026-03-10", value: 7 },
      { date: "2026-03-02", value: 1 },
      { date: "2026-03-08", value: 3 }, // Sunday of the week of 03-02: last in that week
      { date: "2026-03-05", value: 2 },
      { date: "2026-03-12", value: 99 }, // tomorrow
    ];
    expect(weeklyValues(points, TODAY)).toEqual([
      { week: "2026-03-02", value: 3 },
      { week: "2026-03-09", value: 7 },
    ]);
  });

  it("breaks ties on the same date by input order (later wins)", () => {
    expect(
      weeklyValues(
        [
          { date: "2026-03-10", value: 1 },
          { date: "2026-03-10", value: 2 },
        ],
        TODAY,
      ),
    ).toEqual([{ week: "2026-03-09", value: 2 }]);
  });

  it("returns nothing for no points", () => {
    expect(weeklyValues([], TODAY)).toEqual([]);
  });

  it("rejects malformed dates and non-finite values", () => {
    expect(() => weeklyValues([{ date: "yesterday", value: 1 }], TODAY)).toThrow(RangeError);
    expect(() => weeklyValues([{ date: "2026-03-10", value: Number.NaN }], TODAY)).toThrow(RangeError);
  });
});

describe("SIGNAL_SUSTAINED: sustained for N full weeks", () => {
  const COUNTS_ON_SUNDAY = " This week counts once it ends on 15 Mar 2026.";
  const NEEDS_A_READING = " This week needs a reading before it ends on 15 Mar 2026.";

  it("is met with exactly N ended weeks, each with readings that all meet the threshold", () => {
    const result = evaluateCriterion(customers(perWeek([[MONDAYS[0], 51], [MONDAYS[1], 52], [MONDAYS[2], 55], [MONDAYS[3], 54]])), TODAY);
    expect(result).toMatchObject({ met: true, weeksSustained: 4, weeksRequired: 4, current: 54, distance: 0 });
    expect(result.summary).toBe("Paying customers has been ≥ 50 customers for 4 full weeks, meeting the 4 required (now 54 customers).");
  });

  it("is not met with N − 1 ended weeks: the current week never counts before it ends", () => {
    const result = evaluateCriterion(customers(perWeek([[MONDAYS[1], 51], [MONDAYS[2], 52], [MONDAYS[3], 55], [MONDAYS[4], 57]])), TODAY);
    expect(result).toMatchObject({ met: false, weeksSustained: 3, weeksRequired: 4, current: 57, distance: 0 });
    expect(result.summary).toBe(`Paying customers has been ≥ 50 customers for 3 of 4 full weeks (now 57 customers).${COUNTS_ON_SUNDAY}`);
  });

  it("is not met by one value entered today, however good; the same value dated last week is", () => {
    const today = evaluateCriterion(customers([{ date: TODAY, value: 80 }], { weeks: 1 }), TODAY);
    expect(today).toMatchObject({ met: false, weeksSustained: 0, current: 80, distance: 0 });
    expect(today.summary).toBe(
      `No reading in the week of 2 Mar 2026: a week counts only with readings in it; Paying customers needs ≥ 50 customers for 1 full week in a row (now 80 customers).${COUNTS_ON_SUNDAY}`,
    );
    expect(evaluateCriterion(customers([{ date: "2026-03-04", value: 80 }], { weeks: 1 }), TODAY)).toMatchObject({ met: true, weeksSustained: 1 });
  });

  it("says a week still needs its reading when the current week has none", () => {
    const result = evaluateCriterion(customers(perWeek([[MONDAYS[1], 51], [MONDAYS[2], 52], [MONDAYS[3], 53]])), TODAY);
    expect(result).toMatchObject({ met: false, weeksSustained: 3 });
    expect(result.summary).toBe(`Paying customers has been ≥ 50 customers for 3 of 4 full weeks (now 53 customers).${NEEDS_A_READING}`);
  });

  it("counts only the run ending last week: an earlier failing week stops it, and the summary names it", () => {
    const result = evaluateCriterion(customers(perWeek([[MONDAYS[0], 60], [MONDAYS[1], 40], [MONDAYS[2], 52], [MONDAYS[3], 55], [MONDAYS[4], 57]])), TODAY);
    expect(result).toMatchObject({ met: false, weeksSustained: 2 });
    expect(result.summary).toBe(`Paying customers has been ≥ 50 customers for 2 of 4 full weeks; before that it was 40 customers on 17 Feb 2026 (now 57 customers).${COUNTS_ON_SUNDAY}`);
  });

  it("breaks the run at a week without a reading", () => {
    const result = evaluateCriterion(customers(perWeek([[MONDAYS[0], 60], [MONDAYS[1], 60], [MONDAYS[3], 60], [MONDAYS[4], 60]])), TODAY);
    expect(result).toMatchObject({ met: false, weeksSustained: 1 });
  });

  it("has no run when last week had no reading", () => {
    const result = evaluateCriterion(customers(perWeek([[MONDAYS[0], 51], [MONDAYS[1], 52], [MONDAYS[2], 53]])), TODAY);
    expect(result).toMatchObject({ met: false, weeksSustained: 0, current: 53, distance: 0 });
    expect(result.summary).toBe(
      `No reading in the week of 2 Mar 2026: a week counts only with readings in it; Paying customers needs ≥ 50 customers for 4 full weeks in a row (now 53 customers).${NEEDS_A_READING}`,
    );
  });

  it("needs every reading of a week to meet the threshold: a dip early in the week breaks it", () => {
    const points = [
      ...perWeek([[MONDAYS[1], 51], [MONDAYS[2], 52], [MONDAYS[4], 57]]),
      { date: "2026-03-02", value: 30 }, // Monday dip…
      { date: "2026-03-06", value: 55 }, // …recovered by Friday: the week was still not sustained
    ];
    const result = evaluateCriterion(customers(points), TODAY);
    expect(result).toMatchObject({ met: false, weeksSustained: 0 });
    expect(result.summary).toBe(`Paying customers was 30 customers on 2 Mar 2026, under the threshold: needs ≥ 50 customers for 4 full weeks in a row (now 57 customers).${COUNTS_ON_SUNDAY}`);
  });

  it("breaks the week at a dip on its last day", () => {
    const points = [...perWeek([[MONDAYS[1], 51], [MONDAYS[2], 52], [MONDAYS[4], 57]]), { date: "2026-03-02", value: 55 }, { date: "2026-03-08", value: 49 }];
    expect(evaluateCriterion(customers(points), TODAY)).toMatchObject({ met: false, weeksSustained: 0 });
  });

  it("ends the run at once when a reading this week misses, even if a later one recovers", () => {
    const ended = perWeek([[MONDAYS[0], 51], [MONDAYS[1], 52], [MONDAYS[2], 53], [MONDAYS[3], 54]]);
    const dipNow = evaluateCriterion(customers([...ended, { date: "2026-03-09", value: 60 }, { date: "2026-03-11", value: 45 }]), TODAY);
    expect(dipNow).toMatchObject({ met: false, weeksSustained: 0, current: 45, distance: 5 });
    expect(dipNow.summary).toBe("Short by 5 customers: now 45 customers, needs ≥ 50 customers for 4 full weeks in a row.");

    const recovered = evaluateCriterion(customers([...ended, { date: "2026-03-09", value: 40 }, { date: "2026-03-10", value: 55 }]), TODAY);
    expect(recovered).toMatchObject({ met: false, weeksSustained: 0, current: 55, distance: 0 });
    expect(recovered.summary).toBe("Paying customers was 40 customers on 9 Mar 2026, under the threshold: needs ≥ 50 customers for 4 full weeks in a row (now 55 customers).");
  });

  it("ignores points after today", () => {
    const points = [
      ...perWeek([[MONDAYS[1], 51], [MONDAYS[2], 52], [MONDAYS[3], 53]]),
      { date: "2026-03-12", value: 10 }, // tomorrow, same week
      { date: "2026-03-17", value: 90 }, // next week
    ];
    const result = evaluateCriterion(customers(points, { weeks: 3 }), TODAY);
    expect(result).toMatchObject({ met: true, weeksSustained: 3, current: 53 });
  });

  it("counts threshold equality as met", () => {
    const result = evaluateCriterion(customers(perWeek([[MONDAYS[2], 50], [MONDAYS[3], 50]]), { weeks: 2 }), TODAY);
    expect(result).toMatchObject({ met: true, weeksSustained: 2, distance: 0 });
  });

  it("supports direction lte (churn ≤ 3 %)", () => {
    const churn = (points: SignalPoint[]): CriterionInput => ({
      id: "churn",
      kind: "SIGNAL_SUSTAINED",
      label: "Monthly churn",
      unit: "%",
      threshold: 3,
      direction: "lte",
      weeks: 3,
      points,
    });
    const ended = perWeek([[MONDAYS[1], 2.5], [MONDAYS[2], 3], [MONDAYS[3], 1.25]]);
    const met = evaluateCriterion(churn(ended), TODAY);
    expect(met).toMatchObject({ met: true, weeksSustained: 3, current: 1.25, distance: 0 });
    expect(met.summary).toBe("Monthly churn has been ≤ 3 % for 3 full weeks, meeting the 3 required (now 1.25 %).");

    const over = evaluateCriterion(churn([...ended, ...perWeek([[MONDAYS[4], 4.5]])]), TODAY);
    expect(over).toMatchObject({ met: false, weeksSustained: 0, current: 4.5, distance: 1.5 });
    expect(over.summary).toBe("Over by 1.5 %: now 4.5 %, needs ≤ 3 % for 3 full weeks in a row.");

    const spiked = evaluateCriterion(churn([...ended, { date: "2026-03-02", value: 3.5 }]), TODAY);
    expect(spiked.summary).toBe("Monthly churn was 3.5 % on 2 Mar 2026, over the threshold: needs ≤ 3 % for 3 full weeks in a row (now 1.25 %). This week needs a reading before it ends on 15 Mar 2026.");
  });

  it("walks across the ISO year boundary", () => {
    // Weeks starting 2026-12-21, 2026-12-28 (holds 2026-12-31 and 2027-01-01) and 2027-01-04.
    const points: SignalPoint[] = [
      { date: "2026-12-22", value: 60 },
      { date: "2026-12-31", value: 58 },
      { date: "2027-01-01", value: 61 }, // last point of the week of 2026-12-28
      { date: "2027-01-05", value: 62 },
    ];
    const today = "2027-01-06";
    expect(weeklyValues(points, today)).toEqual([
      { week: "2026-12-21", value: 60 },
      { week: "2026-12-28", value: 61 },
      { week: "2027-01-04", value: 62 },
    ]);
    expect(evaluateCriterion(customers(points, { weeks: 2 }), today)).toMatchObject({ met: true, weeksSustained: 2, current: 62 });
    // On the Monday of the new year's first week, with no point yet, the run ends with the boundary week.
    expect(evaluateCriterion(customers(points.slice(0, 3), { weeks: 2 }), "2027-01-04")).toMatchObject({ met: true, weeksSustained: 2 });
    expect(evaluateCriterion(customers(points, { weeks: 3 }), today)).toMatchObject({ met: false, weeksSustained: 2 });
  });

  it("has no data for empty points", () => {
    const result = evaluateCriterion(customers([]), TODAY);
    expect(result).toEqual({
      id: "c1",
      kind: "SIGNAL_SUSTAINED",
      met: false,
      current: null,
      distance: null,
      weeksSustained: 0,
      weeksRequired: 4,
      summary: "No data yet.",
    });
  });

  it("has no data when every point is in the future", () => {
    expect(evaluateCriterion(customers([{ date: "2026-03-20", value: 80 }]), TODAY)).toMatchObject({ current: null, summary: "No data yet." });
  });

  it("measures distance in the needed direction", () => {
    const short = evaluateCriterion(customers(perWeek([[MONDAYS[4], 38]])), TODAY);
    expect(short).toMatchObject({ current: 38, distance: 12, met: false });
    expect(short.summary).toBe("Short by 12 customers: now 38 customers, needs ≥ 50 customers for 4 full weeks in a row.");
    expect(evaluateCriterion(customers(perWeek([[MONDAYS[4], 75]])), TODAY).distance).toBe(0);
  });

  it("formats numbers plainly with thousands separators and up to 2 decimals", () => {
    const mrr: CriterionInput = {
      id: "mrr",
      kind: "SIGNAL_SUSTAINED",
      label: "MRR",
      unit: "EUR",
      threshold: 10_000,
      direction: "gte",
      weeks: 2,
      points: [{ date: "2026-03-10", value: 8_765.4321 }],
    };
    expect(evaluateCriterion(mrr, TODAY).summary).toBe("Short by 1,234.57 EUR: now 8,765.43 EUR, needs ≥ 10,000 EUR for 2 full weeks in a row.");

    const actives: CriterionInput = { ...mrr, label: "Weekly actives", unit: "", threshold: 1_200, weeks: 1, points: [{ date: "2026-03-03", value: 1_250 }] };
    expect(evaluateCriterion(actives, TODAY).summary).toBe("Weekly actives has been ≥ 1,200 for 1 full week, meeting the 1 required (now 1,250).");
  });

  it("requires at least one whole week", () => {
    expect(evaluateCriterion(customers([], { weeks: 0 }), TODAY)).toMatchObject({ met: false, weeksRequired: 1 });
    expect(evaluateCriterion(customers([], { weeks: 2.5 }), TODAY).weeksRequired).toBe(3);
  });
});

describe("BOTTLENECK", () => {
  const latency = (points: SignalPoint[]): CriterionInput => ({
    id: "p95",
    kind: "BOTTLENECK",
    label: "p95 latency",
    unit: "ms",
    threshold: 800,
    direction: "gte",
    weeks: 2,
    points,
  });

  it("is met when p95 ≥ 800 ms for 2 full weeks", () => {
    const result = evaluateCriterion(latency(perWeek([[MONDAYS[2], 810], [MONDAYS[3], 820]])), TODAY);
    expect(result).toMatchObject({ kind: "BOTTLENECK", met: true, weeksSustained: 2, weeksRequired: 2, current: 820, distance: 0 });
    expect(result.summary).toBe("p95 latency has been ≥ 800 ms for 2 full weeks, meeting the 2 required (now 820 ms).");
  });

  it("is not met for a single slow week or while fast", () => {
    expect(evaluateCriterion(latency(perWeek([[MONDAYS[2], 640], [MONDAYS[3], 820]])), TODAY)).toMatchObject({ met: false, weeksSustained: 1 });
    const fast = evaluateCriterion(latency(perWeek([[MONDAYS[2], 700], [MONDAYS[3], 720]])), TODAY);
    expect(fast).toMatchObject({ met: false, weeksSustained: 0, distance: 80 });
    expect(fast.summary).toBe("Short by 80 ms: now 720 ms, needs ≥ 800 ms for 2 full weeks in a row.");
  });
});

describe("HYPOTHESIS_VALIDATED", () => {
  it("is met only for VALIDATED", () => {
    const validated = evaluateCriterion(hypothesis("VALIDATED"), TODAY);
    expect(validated).toEqual({
      id: "h1",
      kind: "HYPOTHESIS_VALIDATED",
      met: true,
      current: null,
      distance: null,
      weeksSustained: null,
      weeksRequired: null,
      summary: "H-3 is validated.",
    });
    for (const status of ["UNTESTED", "TESTING", "INVALIDATED", "INCONCLUSIVE"] as const) {
      expect(evaluateCriterion(hypothesis(status), TODAY).met).toBe(false);
    }
  });

  it("says where the hypothesis stands", () => {
    expect(evaluateCriterion(hypothesis("TESTING"), TODAY).summary).toBe("H-3 is still testing.");
    expect(evaluateCriterion(hypothesis("UNTESTED"), TODAY).summary).toBe("H-3 has not been tested yet.");
    expect(evaluateCriterion(hypothesis("INVALIDATED"), TODAY).summary).toBe("H-3 was invalidated.");
    expect(evaluateCriterion(hypothesis("INCONCLUSIVE"), TODAY).summary).toBe("H-3 was inconclusive.");
    // With what it says, when known: a key alone tells a reader nothing.
    expect(evaluateCriterion(hypothesis("TESTING", "Teams pay for audit trails."), TODAY).summary).toBe("H-3 “Teams pay for audit trails.” is still testing.");
  });

  it("is not met when the hypothesis was deleted", () => {
    const result = evaluateCriterion(hypothesis(null), TODAY);
    expect(result.met).toBe(false);
    expect(result.summary).toBe("H-3 no longer exists (the hypothesis was deleted), so this criterion cannot be met.");
  });
});

describe("evaluateGate", () => {
  const metSignal = customers(perWeek([[MONDAYS[2], 55], [MONDAYS[3], 57]]), { weeks: 2 });
  const unmetSignal = customers(perWeek([[MONDAYS[4], 38]]), { weeks: 2 });

  it("holds with no criteria", () => {
    expect(evaluateGate([], { opened: false, today: TODAY })).toEqual({
      status: "HOLD",
      results: [],
      metCount: 0,
      total: 0,
      headline: "Keep it simple: no criteria defined yet.",
    });
  });

  it("holds while some criteria are unmet", () => {
    const gate = evaluateGate([metSignal, hypothesis("VALIDATED"), unmetSignal], { opened: false, today: TODAY });
    expect(gate).toMatchObject({ status: "HOLD", metCount: 2, total: 3, headline: "Keep it simple: 2 of 3 criteria met." });
    expect(gate.results.map((result) => result.met)).toEqual([true, true, false]);
    expect(evaluateGate([unmetSignal], { opened: false, today: TODAY }).headline).toBe("Keep it simple: 0 of 1 criterion met.");
  });

  it("is ready when every criterion is met", () => {
    expect(evaluateGate([metSignal, hypothesis("VALIDATED")], { opened: false, today: TODAY })).toMatchObject({
      status: "READY",
      metCount: 2,
      total: 2,
      headline: "Evidence met — decide.",
    });
  });

  it("stays open once opened, even with unmet or no criteria", () => {
    expect(evaluateGate([unmetSignal, hypothesis(null)], { opened: true, today: TODAY })).toMatchObject({
      status: "OPEN",
      metCount: 0,
      total: 2,
      headline: "Scaling: the gate was opened.",
    });
    expect(evaluateGate([], { opened: true, today: TODAY }).status).toBe("OPEN");
    expect(evaluateGate([metSignal], { opened: true, today: TODAY }).status).toBe("OPEN");
  });

  it("rejects a malformed today", () => {
    expect(() => evaluateGate([], { opened: false, today: "11/03/2026" })).toThrow(RangeError);
  });
});

describe("properties", () => {
  const BASE = "2026-01-05"; // a Monday
  const pointArb = fc.record({ day: fc.integer({ min: 0, max: 120 }), value: fc.integer({ min: 0, max: 100 }) });
  const toPoint = ({ day, value }: { day: number; value: number }): SignalPoint => ({ date: addDays(BASE, day), value });

  it("adding a point that meets the threshold in a new most-recent week never decreases weeksSustained", () => {
    fc.assert(
      fc.property(
        fc.array(pointArb, { maxLength: 40 }),
        fc.integer({ min: 1, max: 6 }), // weeks after the latest existing week
        fc.integer({ min: 0, max: 6 }), // day within that week
        fc.integer({ min: 0, max: 20 }), // days from the new point to today
        fc.integer({ min: 0, max: 100 }),
        fc.constantFrom<Direction>("gte", "lte"),
        fc.integer({ min: 1, max: 6 }),
        (raw, weeksAhead, weekday, lag, threshold, direction, weeks) => {
          const points = raw.map(toPoint);
          const lastWeek = points.reduce((latest, point) => (isoWeekStart(point.date) > latest ? isoWeekStart(point.date) : latest), isoWeekStart(BASE));
          const newDate = addDays(lastWeek, weeksAhead * 7 + weekday);
          const today = addDays(newDate, lag);
          const criterion = (pts: SignalPoint[]): CriterionInput => ({
            id: "p",
            kind: "SIGNAL_SUSTAINED",
            label: "Signal",
            unit: "",
            threshold,
            direction,
            weeks,
            points: pts,
          });
          const before = evaluateCriterion(criterion(points), today).weeksSustained ?? 0;
          const after = evaluateCriterion(criterion([...points, { date: newDate, value: threshold }]), today).weeksSustained ?? 0;
          expect(after).toBeGreaterThanOrEqual(before);
        },
      ),
    );
  });

  it("a reading dated in the current week never adds to weeksSustained: only ended weeks count", () => {
    fc.assert(
      fc.property(fc.array(pointArb, { maxLength: 40 }), fc.integer({ min: 0, max: 140 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 6 }), (raw, todayOffset, value, weeks) => {
        const today = addDays(BASE, todayOffset);
        const points = raw.map(toPoint);
        const criterion = (pts: SignalPoint[]): CriterionInput => ({ id: "p", kind: "SIGNAL_SUSTAINED", label: "S", unit: "", threshold: 50, direction: "gte", weeks, points: pts });
        const before = evaluateCriterion(criterion(points), today).weeksSustained ?? 0;
        const after = evaluateCriterion(criterion([...points, { date: today, value }]), today).weeksSustained ?? 0;
        expect(after).toBeLessThanOrEqual(before);
      }),
    );
  });

  it("gte on values equals lte on negated values; met ⇔ weeksSustained ≥ weeksRequired; distance ≥ 0", () => {
    fc.assert(
      fc.property(
        fc.array(pointArb, { maxLength: 40 }),
        fc.integer({ min: 0, max: 140 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 1, max: 6 }),
        (raw, todayOffset, threshold, weeks) => {
          const points = raw.map(toPoint);
          const today = addDays(BASE, todayOffset);
          const gte = evaluateCriterion({ id: "g", kind: "BOTTLENECK", label: "S", unit: "", threshold, direction: "gte", weeks, points }, today);
          const lte = evaluateCriterion(
            {
              id: "l",
              kind: "BOTTLENECK",
              label: "S",
              unit: "",
              threshold: -threshold,
              direction: "lte",
              weeks,
              points: points.map((point) => ({ date: point.date, value: -point.value })),
            },
            today,
          );
          expect(lte.weeksSustained).toBe(gte.weeksSustained);
          expect(lte.met).toBe(gte.met);
          expect(lte.distance).toBe(gte.distance);
          expect(gte.met).toBe((gte.weeksSustained ?? 0) >= (gte.weeksRequired ?? 1));
          if (gte.distance !== null) expect(gte.distance).toBeGreaterThanOrEqual(0);
          expect(gte.current === null).toBe(points.every((point) => point.date > today));
        },
      ),
    );
  });

  it("weeklyValues yields ascending Mondays with no date after today", () => {
    fc.assert(
      fc.property(fc.array(pointArb, { maxLength: 40 }), fc.integer({ min: 0, max: 140 }), (raw, todayOffset) => {
        const today = addDays(BASE, todayOffset);
        const weekly = weeklyValues(raw.map(toPoint), today);
        for (let i = 0; i < weekly.length; i += 1) {
          expect(isoWeekStart(weekly[i].week)).toBe(weekly[i].week);
          expect(weekly[i].week <= today).toBe(true);
          if (i > 0) expect(weekly[i - 1].week < weekly[i].week).toBe(true);
        }
      }),
    );
  });
});
