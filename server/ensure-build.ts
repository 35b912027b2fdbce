/**
 * `npm start` runs this first: it builds the app only when the build is missing or older than the
 * sources, so a restart is ready in seconds instead of rebuilding for half a minute. "Older" is
 * judged by content, not timestamps (a checkout or a copy changes those): a hash of every input
 * of the build is kept beside it and compared.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const stampFile = path.join(root, "build", ".sources-hash");

/** Files and folders whose content decides the build (the generated client is derived from the schema). */
const INPUTS = ["app", "public", "prisma/schema.prisma", "vite.config.ts", "tsconfig.json", "package-lock.json"];
const SKIP = new Set(["generated", "node_modules", ".DS_Store"]);

function collect(target: string, files: string[]) {
  if (!existsSync(target)) return;
  if (!statSync(target).isDirectory()) return void files.push(target);
  for (const entry of readdirSync(target, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!SKIP.has(entry.name)) collect(path.join(target, entry.name), files);
  }
}

export function sourcesHash(): string {
  const hash = createHash("sha256");
  const files: string[] = [];
  for (const input of INPUTS) collect(path.join(root, input), files);
  for (const file of files) {
    hash.update(path.relative(root, file));
    hash.update("\0");
    hash.update(readFileSync(file));
    hash.update("\0");
  }
  return hash.digest("hex");
}

function buildIsCurrent(hash: string): boolean {
  return (
    existsSync(path.join(root, "build/server/index.js")) &&
    existsSync(path.join(root, "app/generated/prisma/client.ts")) &&
    existsSync(stampFile) &&
    readFileSync(stampFile, "utf8").trim() === hash
  );
}

function main() {
  const hash = sourcesHash();
  // `npm run build` ends with --record: whichever way the app was built, the next start knows.
  if (process.argv.includes("--record")) return void writeFileSync(stampFile, `${hash}\n`);
  if (buildIsCurrent(hash)) {
    console.log("build: up to date with the sources; not rebuilding (npm run build forces it)");
    return;
  }
  console.log("build: building the app (the first start, or the sources changed)…");
  const result = spawnSync("npm", ["run", "-s", "build"], { cwd: root, stdio: "inherit", shell: process.platform === "win32" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

main();
