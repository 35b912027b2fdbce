/**
 * The HTML part of every email: one React layout rendered to static markup on the server. Tables
 * and inline styles, because that is what mail clients render alike; a small style block adds the
 * dark colours for clients that follow the reader's setting, and the reset that keeps phones from
 * zooming. Everything shown comes from an EmailContent, escaped by React.
 */
import { renderToStaticMarkup } from "react-dom/server";
import { renderMarkdown } from "~/modules/updates/markdown.server";
import type { EmailBlock, EmailContent } from "./content";

const COLORS = {
  page: "#f4f4f5",
  card: "#ffffff",
  border: "#e4e4e7",
  text: "#18181b",
  muted: "#52525b",
  accent: "#4f46e5",
  accentText: "#ffffff",
};

const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

// Clients that support <style> (Apple Mail, iOS, Outlook on the web, most Android) get dark colours
// when the reader asks for them; the rest keep the light ones, which are readable everywhere.
const STYLE = `
  body { margin: 0; padding: 0; -webkit-text-size-adjust: 100%; }
  a { color: ${COLORS.accent}; }
  @media (prefers-color-scheme: dark) {
    .page { background: #09090b !important; }
    .card { background: #18181b !important; border-color: #3f3f46 !important; }
    .text, .heading, .fact-value { color: #f4f4f5 !important; }
    .muted, .fact-label { color: #a1a1aa !important; }
    .rule { border-color: #3f3f46 !important; }
    a { color: #a5b4fc !important; }
    .button-cell { background: #6366f1 !important; }
    .button-cell a { color: #ffffff !important; }
  }
  @media (max-width: 600px) {
    .card { padding: 24px 20px !important; }
  }
`;

function Block({ block }: { block: EmailBlock }) {
  switch (block.type) {
    case "paragraph":
      return (
        <p className="text" style={{ margin: "0 0 16px", fontSize: 16, lineHeight: "24px", color: COLORS.text }}>
          {block.text}
        </p>
      );
    case "note":
      return (
        <p className="muted" style={{ margin: "0 0 16px", fontSize: 14, lineHeight: "20px", color: COLORS.muted }}>
          {block.text}
        </p>
      );
    case "button":
      return (
        <table role="presentation" cellPadding={0} cellSpacing={0} style={{ margin: "8px 0 24px" }}>
          <tbody>
            <tr>
              <td className="button-cell" style={{ background: COLORS.accent, borderRadius: 6 }}>
                <a
                  href={block.url}
                  style={{ display: "inline-block", padding: "12px 20px", fontSize: 16, fontWeight: 600, color: COLORS.accentText, textDecoration: "none", fontFamily: FONT }}
                >
                  {block.label}
                </a>
              </td>
            </tr>
          </tbody>
        </table>
      );
    case "list":
      return (
        <div style={{ margin: "0 0 20px" }}>
          <p className="heading" style={{ margin: "0 0 6px", fontSize: 15, fontWeight: 600, color: COLORS.text }}>
            {block.title}
            <span className="muted" style={{ fontWeight: 400, color: COLORS.muted }}>
              {` (${block.total.toLocaleString("en-US")})`}
            </span>
          </p>
          {block.total === 0 ? (
            <p className="muted" style={{ margin: 0, fontSize: 14, lineHeight: "20px", color: COLORS.muted }}>
              {block.empty}
            </p>
          ) : (
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {block.items.map((item, index) => (
                <li key={index} className="text" style={{ margin: "0 0 4px", fontSize: 14, lineHeight: "20px", color: COLORS.text }}>
                  {item.url ? <a href={item.url}>{item.text}</a> : item.text}
                </li>
              ))}
            </ul>
          )}
          {block.total > block.items.length ? (
            <p className="muted" style={{ margin: "4px 0 0", fontSize: 13, color: COLORS.muted }}>
              … and {(block.total - block.items.length).toLocaleString("en-US")} more
            </p>
          ) : null}
        </div>
      );
    case "quote":
      return (
        <blockquote className="text" style={{ margin: "0 0 20px", padding: "4px 0 4px 14px", borderLeft: `3px solid ${COLORS.muted}`, fontSize: 15, lineHeight: "23px", color: COLORS.text, whiteSpace: "pre-wrap" }}>
          {block.text.trim()}
        </blockquote>
      );
    case "markdown":
      return (
        <div style={{ margin: "0 0 20px" }}>
          <h2 className="heading" style={{ margin: "0 0 6px", fontSize: 17, lineHeight: "24px", fontWeight: 600, color: COLORS.text }}>
            {block.title}
          </h2>
          {/* renderMarkdown shows raw HTML as text and keeps only web and mail links (updates/markdown.server.ts). */}
          <div className="text" style={{ fontSize: 15, lineHeight: "23px", color: COLORS.text }} dangerouslySetInnerHTML={{ __html: renderMarkdown(block.text) }} />
        </div>
      );
    case "facts":
      return (
        <table role="presentation" cellPadding={0} cellSpacing={0} style={{ margin: "0 0 16px", borderCollapse: "collapse" }}>
          <tbody>
            {block.rows.map(([label, value]) => (
              <tr key={label}>
                <td className="fact-label" style={{ padding: "2px 16px 2px 0", fontSize: 14, color: COLORS.muted, verticalAlign: "top" }}>
                  {label}
                </td>
                <td className="fact-value" style={{ padding: "2px 0", fontSize: 14, color: COLORS.text, fontWeight: 600 }}>
                  {value}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      );
  }
}

/** The address a button points to, written out under it for readers whose client hides buttons. */
function LinkFallback({ url }: { url: string }) {
  return (
    <p className="muted" style={{ margin: "0 0 16px", fontSize: 13, lineHeight: "18px", color: COLORS.muted, wordBreak: "break-all" }}>
      If the button does not work, open this address: <a href={url}>{url}</a>
    </p>
  );
}

function EmailDocument({ content }: { content: EmailContent }) {
  const { footer } = content;
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <meta name="supported-color-schemes" content="light dark" />
        <title>{content.subject}</title>
        <style dangerouslySetInnerHTML={{ __html: STYLE }} />
      </head>
      <body className="page" style={{ margin: 0, padding: 0, background: COLORS.page, fontFamily: FONT }}>
        {/* The inbox preview line, hidden in the message itself. */}
        <div style={{ display: "none", maxHeight: 0, overflow: "hidden", opacity: 0 }}>{content.preview}</div>
        <table role="presentation" width="100%" cellPadding={0} cellSpacing={0} className="page" style={{ background: COLORS.page }}>
          <tbody>
            <tr>
              <td align="center" style={{ padding: "32px 12px" }}>
                <table role="presentation" width="100%" cellPadding={0} cellSpacing={0} style={{ maxWidth: 560 }}>
                  <tbody>
                    <tr>
                      <td style={{ padding: "0 4px 16px" }}>
                        <table role="presentation" cellPadding={0} cellSpacing={0}>
                          <tbody>
                            <tr>
                              <td style={{ width: 24, height: 24, background: COLORS.accent, borderRadius: 6, color: "#ffffff", fontSize: 14, fontWeight: 700, textAlign: "center", lineHeight: "24px" }}>
                                E
                              </td>
                              <td className="text" style={{ paddingLeft: 8, fontSize: 16, fontWeight: 700, color: COLORS.text }}>
                                Evident
                              </td>
                              {footer.team ? (
                                <td className="muted" style={{ paddingLeft: 8, fontSize: 14, color: COLORS.muted }}>
                                  · {footer.team}
                                </td>
                              ) : null}
                            </tr>
                          </tbody>
                        </table>
                      </td>
                    </tr>
                    <tr>
                      <td className="card" style={{ background: COLORS.card, border: `1px solid ${COLORS.border}`, borderRadius: 8, padding: "32px 32px 16px" }}>
                        <h1 className="heading" style={{ margin: "0 0 16px", fontSize: 22, lineHeight: "28px", fontWeight: 700, color: COLORS.text }}>
                          {content.heading}
                        </h1>
                        {content.blocks.map((block, index) => (
                          <div key={index}>
                            <Block block={block} />
                            {block.type === "button" ? <LinkFallback url={block.url} /> : null}
                          </div>
                        ))}
                      </td>
                    </tr>
                    <tr>
                      <td style={{ padding: "16px 4px 0" }}>
                        <p className="muted" style={{ margin: "0 0 8px", fontSize: 12, lineHeight: "18px", color: COLORS.muted }}>
                          {footer.reason}
                        </p>
                        {footer.preferencesUrl || footer.unsubscribeUrl ? (
                          <p className="muted" style={{ margin: "0 0 8px", fontSize: 12, lineHeight: "18px", color: COLORS.muted }}>
                            {footer.preferencesUrl ? <a href={footer.preferencesUrl}>Choose which emails you get</a> : null}
                            {footer.preferencesUrl && footer.unsubscribeUrl ? " · " : null}
                            {footer.unsubscribeUrl ? <a href={footer.unsubscribeUrl}>Unsubscribe</a> : null}
                          </p>
                        ) : null}
                        <p className="muted" style={{ margin: 0, fontSize: 12, lineHeight: "18px", color: COLORS.muted }}>
                          Evident — scale when the evidence demands it.
                        </p>
                      </td>
                    </tr>
                  </tbody>
                </table>
              </td>
            </tr>
          </tbody>
        </table>
      </body>
    </html>
  );
}

export function renderHtml(content: EmailContent): string {
  return `<!doctype html>${renderToStaticMarkup(<EmailDocument content={content} />)}`;
}
