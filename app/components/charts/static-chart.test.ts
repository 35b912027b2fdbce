/**
 * The static form of each chart, as the server renders it: plain SVG, never an empty box, with the
 * same axes, target line, band and markers as the interactive chart — and no Recharts.
 */
import { createElement } from "react";
import { renderToStaticMarkup, renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { MetricChart, SignalChart, Sparkline, VerdictsPerCycleChart } from "./index";
import { metricChartModel, signalChartModel, verdictsChartModel } from "./layout";
import { StaticMetricChart, StaticSignalChart, StaticVerdictsChart, pct } from "./static-chart";
import type { MetricChartProps } from "./format";

const metric: MetricChartProps & { height: number } = {
  kind: "MEAN",
  unit: "seconds",
  metricName: "Time to send an invoice",
  target: 60,
  comparator: "lte",
  startsOn: "2026-11-13",
  endsOn: "2026-11-26",
  today: "2026-12-03",
  height: 280,
  points: [
    { date: "2026-11-14", estimate: 48, low: null, high: null },
    { date: "2026-11-15", estimate: 50, low: -12, high: 75 },
    { date: "2026-11-16", estimate: 57, low: 27, high: 87 },
    { date: "2026-11-17", estimate: 54, low: 35, high: 73 },
  ],
};

const texts = (html: string) => [...html.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

describe("static metric chart", () => {
  const html = renderToStaticMarkup(createElement(StaticMetricChart, { model: metricChartModel(metric, null) }));

  it("draws the target as a dashed line labelled target", () => {
    expect(html).toMatch(/<line[^>]*stroke="var\(--chart-target\)"[^>]*stroke-dasharray="6 4"/);
    expect(texts(html)).toContain("target");
  });

  it("draws the interval band, the estimate line and its points", () => {
    expect(html).toMatch(/<path d="M [^"]+Z" fill="var\(--chart-band\)"/);
    expect(html).toMatch(/<polyline points="[^"]+"[^>]*stroke="var\(--chart-accent\)"/);
    expect(html.match(/<circle/g)?.length).toBe(4);
  });

  it("labels both axes with their units, and their ticks", () => {
    const labels = texts(html);
    expect(labels).toContain("Mean (seconds)");
    expect(labels).toContain("Date (cumulative to each day)");
    expect(labels).toContain("0");
    expect(labels.some((l) => /^Nov \d+$/.test(l))).toBe(true);
  });

  it("marks the end of the timebox and today, past it", () => {
    expect(texts(html)).toEqual(expect.arrayContaining(["timebox end", "today"]));
  });

  it("never draws below zero for a duration: no negative tick, the band stops at the axis", () => {
    expect(texts(html).filter((l) => l.startsWith("-") || l.startsWith("−"))).toEqual([]);
    const model = metricChartModel(metric, null);
    const bottom = model.frame.plotHeight;
    const ys = [...html.matchAll(/<path d="([^"]+)"/g)][0][1].match(/[\d.]+,([\d.]+)/g)!.map((pair) => Number(pair.split(",")[1]));
    expect(Math.max(...ys)).toBeLessThanOrEqual(bottom + 0.01);
  });

  it("contains no Recharts", () => {
    expect(html).not.toMatch(/recharts/i);
  });
});

describe("static signal and verdict charts", () => {
  it("draw a signal's line, its threshold marked once, and today", () => {
    const model = signalChartModel(
      {
        name: "Paying customers",
        unit: "customers",
        points: [
          { date: "2026-11-02", value: 10 },
          { date: "2026-11-09", value: 12 },
        ],
        thresholds: [{ label: "gate: ≥ 20 customers", value: 20 }],
        today: "2026-11-12",
        height: 220,
      },
      null
    );
    const html = renderToStaticMarkup(createElement(StaticSignalChart, { model }));
    expect(texts(html)).toEqual(expect.arrayContaining(["customers", "gate", "today", "0", "20"]));
    expect(texts(html)).not.toContain("gate: ≥ 20 customers");
    expect(html).toMatch(/<polyline/);
  });

  it("draw verdict bars stacked per cycle", () => {
    const model = verdictsChartModel(
      {
        cycles: [
          { cycle: "Nov 2 – Nov 15", met: 1, notMet: 1, tooEarly: 0 },
          { cycle: "Nov 16 – Nov 29", met: 0, notMet: 0, tooEarly: 2 },
        ],
        height: 260,
      },
      null
    );
    const html = renderToStaticMarkup(createElement(StaticVerdictsChart, { model }));
    expect(html.match(/<rect/g)?.length).toBe(3);
    expect(texts(html)).toEqual(expect.arrayContaining(["Experiments (count)", "Nov 2", "Nov 16"]));
  });

  it("write percentages with fixed digits, so server and client agree", () => {
    expect(pct(1 / 3)).toBe("33.333%");
    expect(pct(0)).toBe("0.000%");
  });
});

describe("chart components on the server", () => {
  it("render each chart's static SVG in place of an empty box", () => {
    const metricHtml = renderToString(createElement(MetricChart, metric));
    expect(metricHtml).toContain('class="chart-area');
    expect(metricHtml).toMatch(/<svg[^>]*class="chart-static/);
    expect(metricHtml).toContain("Show the numbers");
    expect(metricHtml).not.toMatch(/recharts/i);

    const signalHtml = renderToString(
      createElement(SignalChart, {
        name: "MRR",
        unit: "$",
        points: [
          { date: "2026-11-02", value: 19 },
          { date: "2026-11-09", value: 38 },
        ],
        thresholds: [],
        today: "2026-11-10",
      })
    );
    expect(signalHtml).toMatch(/<svg[^>]*class="chart-static/);

    const verdictsHtml = renderToString(createElement(VerdictsPerCycleChart, { cycles: [{ cycle: "Nov 30 – Dec 13", met: 1, notMet: 0, tooEarly: 0 }], today: "2026-12-03" }));
    expect(verdictsHtml).toMatch(/<svg[^>]*class="chart-static/);
    expect(verdictsHtml).toContain(">today<");

    const sparkHtml = renderToString(
      createElement(Sparkline, {
        points: [
          { date: "2026-11-02", value: 1 },
          { date: "2026-11-09", value: 3 },
        ],
        label: "MRR",
        threshold: 5,
      })
    );
    expect(sparkHtml).toMatch(/<svg[^>]*>.*<polyline/);
  });

  it("render the same markup every time (hydration-safe)", () => {
    expect(renderToString(createElement(MetricChart, metric))).toBe(renderToString(createElement(MetricChart, metric)));
  });
});
