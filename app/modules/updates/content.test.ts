import { describe, expect, it } from "vitest";
import { describePeriodChange, describeSincePrevious, describeTarget, editionFor, suggestedNarrative, updateToMarkdown, type SignalKpi, type UpdateContent } from "./content";

const content: UpdateContent = {
  teamName: "Ledgerly",
  title: "Ledgerly update — March",
  periodStart: "2026-03-01",
  periodEnd: "2026-03-31",
  highlights: "- 12 paying customers",
  lowlights: "",
  asks: "Intros to accountants",
  learnings: [{ key: "H-1", statement: "Freelancers lose hours chasing invoices.", status: "VALIDATED", learned: "It is a felt pain.", decision: "PERSEVERE" }],
  experiments: [{ key: "E-1", title: "Interviews", status: "CONCLUDED", verdict: "met" }],
  signals: [
    {
      name: "Paying customers", unit: "customers", start: 8, end: 12, change: 4, points: [], readings: 3, startsBefore: true,
      previous: { value: 9, periodEnd: "2026-02-28" }, target: { value: 20, direction: "gte" },
    },
  ],
  gates: [{ product: "Invoicing", stage: "MVP", headline: "Keep it simple: 1 of 2 criteria met.", decisions: [] }],
};

describe("investor update markdown", () => {
  it("renders the narrative, traction, learnings and gates, skipping empty sections", () => {
    const markdown = updateToMarkdown(content);
    expect(markdown).toContain("# Ledgerly update — March");
    expect(markdown).toContain("## Highlights\n\n- 12 paying customers");
    expect(markdown).not.toContain("## Lowlights");
    expect(markdown).toContain("| Signal | End of period | Over the period | Since the last update | Target |");
    expect(markdown).toContain("| Paying customers | 12 customers | +4 customers (+50 %) | +3 customers (+33 %) | ≥ 20 customers |");
    expect(markdown).toContain("**H-1 validated:**");
    expect(markdown).toContain("**Invoicing** (MVP stage)");
    expect(markdown).not.toMatch(/\n\n\n/);
  });

  it("describes a signal with no data honestly", () => {
    expect(describePeriodChange({ name: "MRR", unit: "$", start: null, end: null, change: null, points: [] })).toBe("no reading in the period");
  });
});

describe("the KPI table", () => {
  const kpi = (overrides: Partial<SignalKpi>): SignalKpi => ({ name: "MRR", unit: "$", start: 100, end: 150, change: 50, points: [], readings: 4, startsBefore: true, previous: null, target: null, ...overrides });

  it("gives the change over the period and since the last update, with the target", () => {
    const row = kpi({ previous: { value: 120, periodEnd: "2026-02-28" }, target: { value: 200, direction: "gte" } });
    expect(describePeriodChange(row)).toBe("+$50 (+50 %)");
    expect(describeSincePrevious(row)).toBe("+$30 (+25 %)");
    expect(describeTarget(row)).toBe("≥ $200");
    expect(describePeriodChange(kpi({ start: 180, end: 171, unit: "ms" }))).toBe("−9 ms (−5 %)");
    expect(describePeriodChange(kpi({ start: 24, end: 24 }))).toBe("no change");
    expect(describePeriodChange(kpi({ start: 0, end: 5 }))).toBe("+$5");
  });

  it("says a single reading is too few to show a change, instead of +0 %", () => {
    expect(describePeriodChange(kpi({ start: 24, end: 24, readings: 1, startsBefore: false }))).toBe("one reading: too few to show a change");
    // One reading in the period against one before it is a change.
    expect(describePeriodChange(kpi({ start: 20, end: 24, readings: 1, startsBefore: true }))).toBe("+$4 (+20 %)");
    // An update published before readings were counted: its points are the period's readings.
    expect(describePeriodChange({ name: "MRR", unit: "$", start: 24, end: 24, change: 0, points: [{ date: "2026-03-02", value: 24 }] })).toBe("one reading: too few to show a change");
    expect(describeSincePrevious(kpi({}))).toBe("not in the last update");
    expect(describeTarget(kpi({}))).toBe("—");
  });
});

describe("investor update markdown is safe to paste anywhere", () => {
  const hostile: UpdateContent = {
    ...content,
    title: "March <img src=x onerror=alert(1)>",
    highlights: "<script>alert(1)</script>\n\n[Our deck](javascript:alert(document.cookie)) and [docs](https://evident.example/docs)",
    lowlights: "[x](JaVaScRiPt:alert(1)) [y]( javascript:alert(2)) [z](<javascript:alert(3)>) ![p](data:text/html;base64,PHNjcmlwdD4=)",
    asks: "[ref]: javascript:alert(4)\n[entity](&#106;avascript:alert(5)) [escaped](javascript\\:alert(6)) <javascript:alert(7)> [mail](mailto:ir@evident.example)",
    signals: [{ name: "MRR <b onmouseover=alert(8)>", unit: "$", start: 1, end: 2, change: 1, points: [] }],
    gates: [{ product: "Invoicing", stage: "MVP", headline: "Held", decisions: [{ on: "2026-03-01", action: "HOLD", rationale: "[why](vbscript:msgbox(9))" }] }],
  };

  it("passes no raw HTML through", () => {
    const markdown = updateToMarkdown(hostile);
    expect(markdown).not.toMatch(/<[a-z!/?]/i);
    expect(markdown).toContain("&lt;script>alert(1)&lt;/script>");
    expect(markdown).toContain("March &lt;img src=x onerror=alert(1)>");
  });

  it("leaves no link to anything but http, https and mailto", () => {
    const markdown = updateToMarkdown(hostile);
    // Every inline link or reference definition that remains points at an allowed scheme.
    const destinations = [...markdown.matchAll(/\]\(\s*([^\s)]*)|\]:\s*(\S*)/g)].map((match) => match[1] ?? match[2]);
    expect(destinations).toEqual(["https://evident.example/docs", "mailto:ir@evident.example"]);
    expect(markdown).toContain("[Our deck]\\(javascript:alert(document.cookie))");
    expect(markdown).toContain("[ref]\\: javascript:alert(4)");
    expect(markdown).toContain("[docs](https://evident.example/docs)");
  });
});

describe("editions by group", () => {
  const marked: UpdateContent = { ...content, lowlights: "- Churned two pilots", investorsOnly: ["lowlights", "traction", "gates"] };

  it("leaves the sections marked for current investors out of the prospects' version, and names them", () => {
    const prospect = editionFor(marked, "PROSPECT");
    expect(prospect.lowlights).toBe("");
    expect(prospect.signals).toEqual([]);
    expect(prospect.gates).toEqual([]);
    expect(prospect.omitted).toEqual(["lowlights", "traction", "gates"]);
    // What was not marked stays.
    expect(prospect.highlights).toBe(marked.highlights);
    expect(prospect.learnings).toEqual(marked.learnings);
    expect(updateToMarkdown(prospect)).not.toContain("Churned two pilots");
    expect(updateToMarkdown(prospect)).not.toContain("## Traction");
  });

  it("gives current investors and advisors everything", () => {
    for (const group of ["CURRENT", "ADVISOR"] as const) {
      const edition = editionFor(marked, group);
      expect(edition.lowlights).toBe("- Churned two pilots");
      expect(edition.signals).toHaveLength(1);
      expect(edition.omitted).toBeUndefined();
    }
  });

  it("ignores section names it does not know (a stored snapshot of any shape)", () => {
    const odd = { ...content, investorsOnly: ["asks", "salaries"] } as unknown as UpdateContent;
    const prospect = editionFor(odd, "PROSPECT");
    expect(prospect.asks).toBe("");
    expect(prospect.omitted).toEqual(["asks"]);
  });
});

describe("the narrative a draft starts from", () => {
  it("puts validated beliefs, signals that moved the right way and gate decisions in the highlights, the rest in the lowlights", () => {
    const signal = (name: string, start: number, end: number, direction: "UP" | "DOWN"): SignalKpi => ({ name, unit: "", start, end, change: end - start, points: [], readings: 3, startsBefore: true, direction });
    const { highlights, lowlights } = suggestedNarrative({
      learnings: [
        { key: "H-1", statement: "Freelancers lose hours chasing invoices.", status: "VALIDATED", learned: "", decision: "Persevere" },
        { key: "H-2", statement: "Users finish setup alone.", status: "INVALIDATED", learned: "", decision: "Pivot" },
      ],
      signals: [signal("Customers", 6, 13, "UP"), signal("Latency", 160, 185, "DOWN"), signal("Churn", 5, 3, "DOWN"), signal("Flat", 4, 4, "UP"), { ...signal("New", 0, 2, "UP"), readings: 1, startsBefore: false }],
      gates: [{ product: "Invoicing", stage: "MVP", headline: "", decisions: [{ on: "2026-03-20", action: "HOLD", rationale: "Revisit at 20 customers." }] }],
    });
    expect(highlights.split("\n")).toEqual([
      "- Validated H-1: Freelancers lose hours chasing invoices.",
      "- Customers: 13, +7 (+117 %) over the period",
      "- Churn: 3, −2 (−40 %) over the period",
      "- Invoicing: scale gate held on 2026-03-20 — Revisit at 20 customers.",
    ]);
    expect(lowlights.split("\n")).toEqual(["- Invalidated H-2: Users finish setup alone.", "- Latency: 185, +25 (+16 %) over the period"]);
  });
});
