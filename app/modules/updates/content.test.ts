import { describe, expect, it } from "vitest";
import { describeChange, updateToMarkdown, type UpdateContent } from "./content";

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
  signals: [{ name: "Paying customers", unit: "customers", start: 8, end: 12, change: 4, points: [] }],
  gates: [{ product: "Invoicing", stage: "MVP", headline: "Keep it simple: 1 of 2 criteria met.", decisions: [] }],
};

describe("investor update markdown", () => {
  it("renders the narrative, traction, learnings and gates, skipping empty sections", () => {
    const markdown = updateToMarkdown(content);
    expect(markdown).toContain("# Ledgerly update — March");
    expect(markdown).toContain("## Highlights\n\n- 12 paying customers");
    expect(markdown).not.toContain("## Lowlights");
    expect(markdown).toContain("| Paying customers | 8 customers → 12 customers (+50 %) |");
    expect(markdown).toContain("**H-1 validated:**");
    expect(markdown).toContain("**Invoicing** (MVP stage)");
    expect(markdown).not.toMatch(/\n\n\n/);
  });

  it("describes a signal with no data honestly", () => {
    expect(describeChange({ name: "MRR", unit: "$", start: null, end: null, change: null, points: [] })).toBe("no data in the period");
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
