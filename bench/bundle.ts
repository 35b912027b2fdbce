/**
 * First-load JavaScript per page, gzipped: what the browser must fetch before a page is
 * interactive. Remix's client manifest names each route's module and the chunks it preloads;
 * the files' static imports are followed too, while dynamic `import()`s (the lazily loaded
 * charts) are not, because they load only once the page asks for them.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { root } from "./setup";

type ManifestRoute = { id: string; parentId?: string; module: string; imports?: string[] };
type RemixManifest = { entry: { module: string; imports: string[] }; routes: Record<string, ManifestRoute> };

const clientDir = path.join(root, "build/client");

function readManifest(): RemixManifest {
  const assets = path.join(clientDir, "assets");
  const file = readdirSync(assets).find((name) => /^manifest-[\w-]+\.js$/.test(name));
  if (!file) throw new Error("No Remix client manifest in build/client/assets: build the app first.");
  const source = readFileSync(path.join(assets, file), "utf8");
  return JSON.parse(source.slice(source.indexOf("{"), source.lastIndexOf("}") + 1)) as RemixManifest;
}

// `import{a as b}from"./x.js"` and `import"./x.js"`, but not `import("./x.js")`.
const STATIC_IMPORT = /(?:\bfrom|\bimport)\s*["']([^"']+\.js)["']/g;

function staticImports(url: string): string[] {
  const source = readFileSync(path.join(clientDir, url), "utf8");
  const dir = path.posix.dirname(url);
  return [...source.matchAll(STATIC_IMPORT)].map((match) => path.posix.resolve(dir, match[1]));
}

export type BundleSize = { files: number; gzipKb: number; chartsIncluded: boolean };

/** Every route id's first-load JavaScript: the entry, and each route from the root down to it. */
export function firstLoadJs(routeIds: string[]): Map<string, BundleSize> {
  const manifest = readManifest();
  const gzipped = new Map<string, number>();
  const sizeOf = (url: string) => {
    if (!gzipped.has(url)) gzipped.set(url, gzipSync(readFileSync(path.join(clientDir, url))).length);
    return gzipped.get(url)!;
  };
  const sizes = new Map<string, BundleSize>();
  for (const routeId of routeIds) {
    const chain: ManifestRoute[] = [];
    for (let route = manifest.routes[routeId]; route; route = route.parentId ? manifest.routes[route.parentId] : undefined!) chain.push(route);
    if (chain.length === 0) throw new Error(`The client manifest has no route ${routeId}.`);
    const pending = [manifest.entry.module, ...manifest.entry.imports, ...chain.flatMap((route) => [route.module, ...(route.imports ?? [])])];
    const seen = new Set<string>();
    while (pending.length > 0) {
      const url = pending.pop()!;
      if (seen.has(url)) continue;
      seen.add(url);
      pending.push(...staticImports(url));
    }
    const bytes = [...seen].reduce((sum, url) => sum + sizeOf(url), 0);
    // The chart modules (app/components/charts/*.client.tsx) and Recharts' core must only ever
    // arrive through a dynamic import.
    const chartsIncluded = [...seen].some((url) => /\/(CartesianChart-[\w-]+|(?!entry\.)[\w-]+\.client-[\w-]+)\.js$/.test(url));
    sizes.set(routeId, { files: seen.size, gzipKb: bytes / 1024, chartsIncluded });
  }
  return sizes;
}
