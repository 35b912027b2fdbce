/** A URL-safe slug from a team name: "Acme Invoicing!" → "acme-invoicing". */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
  return slug || "team";
}

// Slugs that would collide with the app's own paths or read as official.
const RESERVED = new Set(["new", "api", "admin", "settings", "teams", "t", "invite", "signin", "signup"]);

/** The first free slug among `base`, `base-2`, `base-3`, … given the slugs already taken. */
export function uniqueSlug(base: string, taken: Set<string>): string {
  if (!taken.has(base) && !RESERVED.has(base)) return base;
  for (let suffix = 2; ; suffix++) {
    const candidate = `${base}-${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}
