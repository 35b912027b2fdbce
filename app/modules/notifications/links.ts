/**
 * Where opening an inbox entry may lead. An entry's link comes from its event's stored payload,
 * so the inbox never redirects anywhere but to one of Evident's team pages on this origin: a path
 * under /t/, printable ASCII, that stays under /t/ once resolved. Anything else goes to `fallback`.
 */
const ORIGIN = "http://evident.invalid";

export function inboxTarget(path: string | null | undefined, fallback: string): string {
  if (!path || !path.startsWith("/t/") || path.includes("\\")) return fallback;
  // A Location header carries printable ASCII only; our own links percent-encode everything else.
  if (!/^[\x21-\x7e]*$/.test(path)) return fallback;
  let url: URL;
  try {
    url = new URL(path, ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== ORIGIN || !url.pathname.startsWith("/t/")) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
