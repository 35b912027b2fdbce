/**
 * Someone's words inside a sentence: “…”, or ‘…’ when the words carry double quotes of their own
 * (a title like “Client portal” fake door), so a sentence never shows doubled quotes.
 */
export function quoted(text: string): string {
  return /["“”]/.test(text) ? `‘${text}’` : `“${text}”`;
}
