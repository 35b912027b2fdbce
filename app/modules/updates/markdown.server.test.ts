import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./markdown.server";

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
