import { describe, expect, it } from "vitest";
import { isNonNegativeMetric, metricValueTicks, parseDay, type MetricChartProps, type MetricPoint } from "./format";
import {
  DAY_MS,
  NARROW_PLOT_WIDTH,
  boxesOverlap,
  cycleTick,
  dayTicks,
  distinctThresholds,
  frameLabels,
  metricChartModel,
  signalChartModel,
  sparklineDomain,
  textWidth,
  thresholdMark,
  verdictsChartModel,
  type Frame,
} from "./layout";
import { stripDomain } from "./interval-strip";

const day = (iso: string) => parseDay(iso);

/** "Days until paid": a mean of durations whose early 95 % intervals reach far below zero. */
const daysUntilPaid: MetricChartProps & { height: number } = {
  kind: "MEAN",
  unit: "days",
  metricName: "Days until paid",
  target: 20,
  comparator: "lte",
  startsOn: "2026-10-26",
  endsOn: "2026-11-08",
  height: 280,
  points: [
    { date: "2026-10-31", estimate: 18, low: null, high: null },
    { date: "2026-11-03", estimate: 21.5, low: -50, high: 93 },
    { date: "2026-11-05", estimate: 19.7, low: 8, high: 31 },
    { date: "2026-11-07", estimate: 20, low: 14, high: 26 },
  ],
};

function expectNoOverlaps(frame: Frame) {
  const labels = frameLabels(frame);
  for (let i = 0; i < labels.length; i += 1) {
    for (let j = i + 1; j < labels.length; j += 1) {
      expect(boxesOverlap(labels[i].box, labels[j].box), `${labels[i].role} "${labels[i].text}" overlaps ${labels[j].role} "${labels[j].text}"`).toBe(false);
    }
  }
}

describe("non-negative metrics", () => {
  it("knows rates, counts and durations cannot be negative, and other means can", () => {
    expect(isNonNegativeMetric("RATE", "%")).toBe(true);
    expect(isNonNegativeMetric("COUNT", "signups")).toBe(true);
    for (const unit of ["days", "seconds", "ms", "minutes", "hours", "weeks", " Days "]) expect(isNonNegativeMetric("MEAN", unit)).toBe(true);
    expect(isNonNegativeMetric("MEAN", "points")).toBe(false);
    expect(isNonNegativeMetric("MEAN", "")).toBe(false);
  });

  it("never puts a non-negative metric's value axis below zero, even when an interval does", () => {
    const ticks = metricValueTicks("MEAN", [20, -50, 93, 18], true);
    expect(ticks[0]).toBe(0);
    expect(Math.min(...ticks)).toBeGreaterThanOrEqual(0);
    for (const kind of ["RATE", "COUNT"] as const) expect(Math.min(...metricValueTicks(kind, [-0.2, 0.1, 0.3]))).toBeGreaterThanOrEqual(0);
  });

  it("still gives a mean that can be negative its negative axis", () => {
    expect(metricValueTicks("MEAN", [-5, 3, 10], false)[0]).toBeLessThan(0);
  });

  it("clamps the days-until-paid band and axis at zero", () => {
    const model = metricChartModel(daysUntilPaid, null);
    expect(model.nonNegative).toBe(true);
    expect(model.frame.y.domain[0]).toBe(0);
    for (const row of model.rows) if (row.band) expect(row.band[0]).toBeGreaterThanOrEqual(0);
    expect(model.rows.find((r) => r.date === "2026-11-03")?.band).toEqual([0, 93]);
    expect(model.frame.y.domain[1]).toBeGreaterThanOrEqual(93);
  });

  it("starts a signal at zero when every reading is ≥ 0, and below zero otherwise", () => {
    const base = { name: "MRR", unit: "$", thresholds: [], height: 220 };
    const positive = signalChartModel(
      {
        ...base,
        points: [
          { date: "2026-11-01", value: 50 },
          { date: "2026-11-08", value: 60 },
        ],
      },
      null
    );
    expect(positive.nonNegative).toBe(true);
    expect(positive.frame.y.domain[0]).toBe(0);
    const negative = signalChartModel(
      {
        ...base,
        points: [
          { date: "2026-11-01", value: -10 },
          { date: "2026-11-08", value: 60 },
        ],
      },
      null
    );
    expect(negative.frame.y.domain[0]).toBeLessThan(0);
  });

  it("keeps the review's interval strip at zero or above for durations", () => {
    const [lo] = stripDomain({ kind: "MEAN", unit: "days", target: 20, estimate: 21, low: -50, high: 93, projection: null });
    expect(lo).toBe(0);
    expect(stripDomain({ kind: "MEAN", unit: "points", target: 2, estimate: 1, low: -4, high: 6, projection: null })[0]).toBeLessThan(0);
  });

  it("keeps a sparkline's range at zero or above for non-negative values", () => {
    expect(sparklineDomain([0, 0, 1, 2])[0]).toBe(0);
    expect(sparklineDomain([-3, 2])[0]).toBeLessThan(-3);
  });
});

describe("date ticks", () => {
  const spans: [string, string][] = [
    ["2026-10-26", "2026-11-08"],
    ["2026-08-10", "2026-12-03"],
    ["2026-11-13", "2026-12-03"],
    ["2025-01-01", "2026-12-31"],
    ["2026-03-01", "2026-03-02"],
  ];
  it.each(spans)("are evenly spaced in time from %s to %s, at any width", (start, end) => {
    for (const width of [NARROW_PLOT_WIDTH, 400, 900]) {
      const ticks = dayTicks(day(start), day(end), width);
      expect(ticks.length).toBeGreaterThanOrEqual(1);
      const steps = new Set(ticks.slice(1).map((t, i) => t - ticks[i]));
      expect(steps.size).toBeLessThanOrEqual(1);
      for (const t of ticks) {
        expect(t).toBeGreaterThanOrEqual(day(start));
        expect(t).toBeLessThanOrEqual(day(end));
        expect(t % DAY_MS).toBe(0);
      }
    }
  });

  it("put weekly and longer steps on Mondays", () => {
    const ticks = dayTicks(day("2026-08-10"), day("2026-12-03"), 300);
    const step = (ticks[1] - ticks[0]) / DAY_MS;
    expect(step % 7).toBe(0);
    for (const t of ticks) expect(new Date(t).getUTCDay()).toBe(1);
  });

  it("get denser on a wider chart, never so dense that labels touch", () => {
    const start = day("2026-08-10");
    const end = day("2026-12-03");
    expect(dayTicks(start, end, 900).length).toBeGreaterThan(dayTicks(start, end, NARROW_PLOT_WIDTH).length);
    for (const width of [NARROW_PLOT_WIDTH, 500, 900]) {
      const ticks = dayTicks(start, end, width);
      const spacing = ((ticks[1] - ticks[0]) / (end - start)) * width;
      expect(spacing).toBeGreaterThan(textWidth("Sep 30"));
    }
  });
});

describe("today and the end of the timebox", () => {
  it("marks an overdue experiment's timebox end with today past it, and stretches the axis to today", () => {
    const model = metricChartModel({ ...daysUntilPaid, today: "2026-11-15" }, null);
    const end = model.frame.markers.find((m) => m.kind === "end");
    const today = model.frame.markers.find((m) => m.kind === "today");
    expect(end?.label).toBe("timebox end");
    expect(today?.label).toBe("today");
    expect(today!.fraction).toBeCloseTo(1);
    expect(end!.fraction).toBeLessThan(today!.fraction);
    expect(model.frame.x.domain[1]).toBe(day("2026-11-15"));
  });

  it("marks today inside a running timebox, and only the end once it is over", () => {
    const running = metricChartModel({ ...daysUntilPaid, today: "2026-11-04" }, 700);
    expect(running.frame.markers.map((m) => m.kind).sort()).toEqual(["end", "today"]);
    expect(running.frame.x.domain[1]).toBe(day("2026-11-08"));
    const concluded = metricChartModel(daysUntilPaid, 700);
    expect(concluded.frame.markers.map((m) => m.kind)).toEqual(["end"]);
  });

  it("says so once when today is the last day", () => {
    const model = metricChartModel({ ...daysUntilPaid, today: "2026-11-08" }, 700);
    expect(model.frame.markers.map((m) => m.label)).toEqual(["today · timebox end"]);
  });

  it("marks today within its two-week cycle", () => {
    const cycles = ["Oct 19 – Nov 1", "Nov 2 – Nov 15", "Nov 16 – Nov 29", "Nov 30 – Dec 13"].map((cycle) => ({ cycle, met: 1, notMet: 0, tooEarly: 1 }));
    const model = verdictsChartModel({ cycles, height: 260, todayAt: { index: 3, day: 3 } }, null);
    expect(model.frame.markers).toHaveLength(1);
    expect(model.frame.markers[0].fraction).toBeCloseTo((3 + 3.5 / 14) / 4);
    expect(cycleTick("Nov 30 – Dec 13")).toBe("Nov 30");
  });
});

describe("labels never overlap", () => {
  const widths = [null, 260, 340, 700, 1100];
  const fixtures: [string, () => (width: number | null) => Frame][] = [
    ["an overdue mean", () => (w) => metricChartModel({ ...daysUntilPaid, today: "2026-11-09" }, w).frame],
    ["a running rate", () => (w) => metricChartModel({ ...daysUntilPaid, kind: "RATE", unit: "%", target: 0.05, comparator: "gte", points: ratePoints(), today: "2026-11-01" }, w).frame],
    ["a count with a projection", () => (w) => metricChartModel({ ...daysUntilPaid, kind: "COUNT", unit: "pre-orders", target: 3, comparator: "gte", points: countPoints(), projection: 5 }, w).frame],
    ["a target at the top of the axis", () => (w) => metricChartModel({ ...daysUntilPaid, target: 1000, today: "2026-10-27" }, w).frame],
    [
      "a signal with two close thresholds",
      () => (w) =>
        signalChartModel(
          {
            name: "Paying customers",
            unit: "customers",
            points: weekly(17, (i) => i),
            thresholds: [
              { label: "gate: ≥ 20 customers", value: 20 },
              { label: "gate: ≥ 21 customers", value: 21 },
            ],
            today: "2026-12-03",
            height: 220,
          },
          w
        ).frame,
    ],
    [
      "verdicts",
      () => (w) =>
        verdictsChartModel(
          {
            cycles: ["Sep 21 – Oct 4", "Oct 5 – Oct 18", "Oct 19 – Nov 1", "Nov 2 – Nov 15", "Nov 16 – Nov 29", "Nov 30 – Dec 13"].map((cycle, i) => ({ cycle, met: i, notMet: 1, tooEarly: 0 })),
            height: 260,
            todayAt: { index: 5, day: 0 },
          },
          w
        ).frame,
    ],
  ];
  it.each(fixtures)("in %s, at every width", (_name, make) => {
    const frameAt = make();
    for (const width of widths) expectNoOverlaps(frameAt(width));
  });

  it("marks a threshold with its first word, and tells close ones apart by value", () => {
    expect(thresholdMark("gate: ≥ 20 customers")).toBe("gate");
    expect(thresholdMark("target ≥ 50")).toBe("target");
    expect(
      distinctThresholds([
        { label: "a", value: 1 },
        { label: "b", value: 1 },
        { label: "c", value: 2 },
      ])
    ).toHaveLength(2);
    const model = signalChartModel(
      {
        name: "x",
        unit: "",
        points: weekly(3, (i) => i),
        thresholds: [
          { label: "gate: ≥ 5", value: 5 },
          { label: "gate: ≥ 8", value: 8 },
        ],
        height: 220,
      },
      null
    );
    expect(model.frame.lines.map((l) => l.label).sort()).toEqual(["gate 5", "gate 8"]);
  });

  it("puts the value axis title above the tick labels, not across them", () => {
    const frame = metricChartModel(daysUntilPaid, 700).frame;
    const title = frameLabels(frame).find((l) => l.role === "y-title")!;
    for (const tick of frameLabels(frame).filter((l) => l.role === "y-tick")) expect(title.box.y1).toBeLessThanOrEqual(tick.box.y0);
  });

  it("keeps the target label in the right margin, off the data", () => {
    const frame = metricChartModel(daysUntilPaid, 700).frame;
    const target = frameLabels(frame).find((l) => l.role === "target")!;
    expect(target.box.x0).toBeGreaterThan(frame.layoutWidth);
    expect(frame.margin.right).toBeGreaterThanOrEqual(target.box.x1 - frame.layoutWidth);
  });
});

function weekly(count: number, value: (i: number) => number) {
  return Array.from({ length: count }, (_, i) => ({ date: new Date(day("2026-08-13") + i * 7 * DAY_MS).toISOString().slice(0, 10), value: value(i) }));
}

function ratePoints(): MetricPoint[] {
  return ["2026-10-26", "2026-10-27", "2026-10-28", "2026-10-29", "2026-10-30", "2026-10-31"].map((date, i) => ({ date, estimate: 0.06 + i * 0.001, low: 0.03, high: 0.1 }));
}

function countPoints(): MetricPoint[] {
  return [
    { date: "2026-10-28", estimate: 1, low: null, high: null },
    { date: "2026-11-01", estimate: 2, low: null, high: null },
    { date: "2026-11-05", estimate: 4, low: null, high: null },
  ];
}
