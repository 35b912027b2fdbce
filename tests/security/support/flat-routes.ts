/**
 * The route files of app/routes, read from disk, and the URL pattern each one answers under
 * Remix's flat-routes convention. Used to prove that every route has an entry in the
 * authorization matrix.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

export const ROUTES_DIR = path.resolve(import.meta.dirname, "../../../app/routes");

const ROUTE_MODULE = /\.(tsx|ts|jsx|js)$/;
const IGNORED = /\.test\.(tsx|ts)$/;

/**
 * Route modules as Remix sees them: every file directly in app/routes, and every folder that holds
 * a `route` module (a folder route). Returned as the route's name: the file name without its
 * extension, or the folder's name.
 */
export function routeFiles(dir = ROUTES_DIR): string[] {
  const names: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      if (readdirSync(full).some((inner) => /^route\.(tsx|ts|jsx|js)$/.test(inner))) names.push(entry);
      continue;
    }
    if (ROUTE_MODULE.test(entry) && !IGNORED.test(entry)) names.push(entry.replace(ROUTE_MODULE, ""));
  }
  return names.sort();
}

/** Splits a route name on the dots that are not inside `[…]` escapes; escapes keep their text literally. */
function segments(name: string): { raw: string; text: string }[] {
  const result: { raw: string; text: string }[] = [];
  let raw = "";
  let text = "";
  let escaped = false;
  for (const char of name) {
    if (escaped) {
      raw += char;
      if (char === "]") escaped = false;
      else text += char;
      continue;
    }
    if (char === "[") {
      escaped = true;
      raw += char;
      continue;
    }
    if (char === ".") {
      result.push({ raw, text });
      raw = "";
      text = "";
      continue;
    }
    raw += char;
    text += char;
  }
  result.push({ raw, text });
  return result;
}

/**
 * The full URL pattern of a flat route: `.` → `/`; `$name` → `:name`; a lone `$` → `*`;
 * `(segment)` → an optional segment; `_index` and `_pathless` segments add nothing; a trailing
 * `_` (opting out of the parent layout) is dropped; `[…]` escapes are literal.
 */
export function urlPattern(routeName: string): string {
  const parts: string[] = [];
  for (const { raw, text } of segments(routeName)) {
    if (raw === "_index") continue;
    // Pathless layout: a leading underscore outside an escape.
    if (raw.startsWith("_")) continue;
    let part = raw.endsWith("_") ? text.slice(0, -1) : text;
    let optional = false;
    if (part.startsWith("(") && part.endsWith(")")) {
      optional = true;
      part = part.slice(1, -1);
    }
    if (part === "$") part = "*";
    else if (part.startsWith("$")) part = `:${part.slice(1)}`;
    parts.push(optional ? `${part}?` : part);
  }
  return `/${parts.join("/")}`;
}

/** Whether a concrete pathname (no query) is one the pattern matches. */
export function patternMatches(pattern: string, pathname: string): boolean {
  const source = pattern
    .split("/")
    .map((part) => {
      if (part === "*") return ".*";
      const optional = part.endsWith("?");
      const bare = optional ? part.slice(0, -1) : part;
      const body = bare.startsWith(":") ? "[^/]+" : bare.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      return optional ? `(?:${body})?` : body;
    })
    .join("/")
    .replace(/\/\(\?:/g, "(?:/");
  return new RegExp(`^${source}$`).test(pathname);
}
