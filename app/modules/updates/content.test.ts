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
