import { describe, expect, it } from "vitest";
import { askItems, narrativeHtml, renderMarkdown } from "./markdown.server";

describe("an update's Markdown", () => {
  it("renders lists, emphasis, links and headings", () => {
    const html = renderMarkdown("### Sales\n\n- 14 paying customers, **up from 6**\n- MRR *$266*\n\n[Deck](https://evident.example/deck) or [write](mailto:ir@evident.example)");
    expect(html).toContain("<h5>Sales</h5>");
    expect(html).toContain("<ul>\n<li>14 paying customers, <strong>up from 6</strong></li>\n<li>MRR <em>$266</em></li>\n</ul>");
    expect(html).toContain('<a href="https://evident.example/deck" rel="noopener noreferrer nofollow" target="_blank">Deck</a>');
    expect(html).toContain('<a href="mailto:ir@evident.example" rel="noopener noreferrer nofollow" target="_blank">write</a>');
  });

  it("never lets raw HTML, script, event handlers or other schemes through", () => {
    const hostile = [
      "<script>alert(1)</script>",
      '<img src=x onerror="alert(2)">',
      "<a href=\"javascript:alert(3)\">click</a>",
      "[a](javascript:alert(4)) [b](JaVaScRiPt:alert(5)) [c](&#106;avascript:alert(6)) [d](<javascript:alert(7)>)",
      "[e](data:text/html;base64,PHNjcmlwdD4=) [f](vbscript:msgbox(8)) [g](/relative) [h](file:///etc/passwd)",
      "![pixel](https://tracker.example/p.gif)",
      "[ref]: javascript:alert(9)\n\n[ref]",
      "<javascript:alert(10)> <https://evident.example/ok>",
      "<!-- comment --><style>body{display:none}</style><iframe src=https://evil.example></iframe>",
    ].join("\n\n");
    const html = renderMarkdown(hostile);
    expect(html).not.toMatch(/<(script|img|iframe|style|!--)/i);
    expect(html).not.toMatch(/<[^>]*\son[a-z]+=/i);
    expect(html).not.toMatch(/href="(?:javascript|vbscript|data|file):/i);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    // The picture stays a link someone may click, never a request made when the update is opened;
    // the iframe is text, in which the address it named is an ordinary https link.
    expect([...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1])).toEqual(["https://tracker.example/p.gif", "https://evident.example/ok", "https://evil.example"]);
  });
});

describe("asks as items", () => {
  it("takes each top-level list item as one ask, in its own Markdown", () => {
    expect(askItems("Two things this month:\n\n- Intros to **accountants**\n  who serve small firms\n* A [freelancer community](https://example.com)\n1. A design partner")).toEqual([
      "Intros to **accountants** who serve small firms",
      "A [freelancer community](https://example.com)",
      "A design partner",
    ]);
  });

  it("takes prose as one ask, and nothing as none", () => {
    expect(askItems("Intros to accountants,\nplease.")).toEqual(["Intros to accountants, please."]);
    expect(askItems("  \n ")).toEqual([]);
  });

  it("renders a followed-up ask inline and safely", () => {
    const html = narrativeHtml({ highlights: "", lowlights: "", asks: "", previousAsks: { updateId: "u", title: "March", periodEnd: "2026-03-31", items: [{ position: 0, text: "Intros <script>x</script> [a](javascript:alert(1))", status: "DONE", helpedBy: "", version: 1 }] } });
    expect(html.previousAsks[0]).toContain("&lt;script&gt;");
    expect(html.previousAsks[0]).not.toContain('href="javascript');
  });
});
