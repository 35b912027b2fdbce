import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeMarkdown, safeMarkdownCell } from "./markdown";

/** Every link destination a CommonMark renderer could still see: after `](` or `]:`. */
const destinations = (markdown: string) => [...markdown.matchAll(/\]\(\s*([^\s)\]]*)|\]:\s*([^\s)\]]*)/g)].map((match) => match[1] ?? match[2]);

describe("safe markdown", () => {
  it("keeps ordinary writing as it was", () => {
    const text = "## Plan\n\n- 12 paying customers (up from 8)\n- **Asks**: intros to [accountants](https://example.com/a) and [us](mailto:hi@example.com), see [the deck](deck.pdf)\n\n> a quote";
    expect(safeMarkdown(text)).toBe(text);
  });

  it("lets no tag, comment or autolink start", () => {
    expect(safeMarkdown("<script>x</script><!-- c --><a href=x>")).toBe("&lt;script>x&lt;/script>&lt;!-- c -->&lt;a href=x>");
    expect(safeMarkdown("<javascript:alert(1)>")).toBe("&lt;javascript:alert(1)>");
  });

  it("turns links to other schemes, however spelled, into plain text", () => {
    expect(safeMarkdown("[a](javascript:alert(1))")).toBe("[a]\\(javascript:alert(1))");
    expect(safeMarkdown("[a](\n  JAVASCRIPT:alert(1))")).toBe("[a]\\(\n  JAVASCRIPT:alert(1))");
    expect(safeMarkdown("[a](&#x6A;avascript:x) [b](javascript&colon;x) [c](java\\script:x)")).toBe("[a]\\(&#x6A;avascript:x) [b]\\(javascript&colon;x) [c]\\(java\\script:x)");
    expect(safeMarkdown("[r]:  data:text/html,x")).toBe("[r]\\:  data:text/html,x");
    expect(safeMarkdown("[ok](/docs)[bad](vbscript:x)")).toBe("[ok](/docs)[bad]\\(vbscript:x)");
  });

  it("leaves, for any text, only http(s), mailto and relative destinations, and no '<'", () => {
    const pieces = fc.constantFrom("<", "](", "]:", "javascript:", "JavaScript:", "&#106;", "&colon;", "\\", ":", "(", ")", "]", "[", " ", "\n", "https://a.example", "mailto:a@b", "x", "/p");
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string({ maxLength: 3 })), { maxLength: 30 }), (parts) => {
        const output = safeMarkdown(parts.join(""));
        expect(output).not.toContain("<");
        for (const destination of destinations(output)) expect(destination).toMatch(/^(?:https?:\/\/|mailto:)|^[^:&\\]*$/i);
        expect(safeMarkdown(output)).toBe(output);
      }),
    );
  });

  it("keeps a table cell in its cell", () => {
    expect(safeMarkdownCell("MRR | churn\nnext")).toBe("MRR \\| churn next");
  });
});
