/**
 * Every API example a reader can copy runs as written. The shell blocks of /docs/api run in order
 * in one shell session (they carry TOKEN, PRODUCT, EXPERIMENT… from one block to the next), and the
 * TypeScript blocks run in that session too, then type-check against the client its shell blocks
 * generated. The sh block of the README's API section runs, its CLI call included. Any HTTP error
 * fails an example.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "~/modules/api/tokens.server";
import { db } from "~/utils/db.server";
import { DEMO_TEAM_SLUG, seedDemo } from "../../prisma/seed";
import { actorFor, createTeamWith } from "../support/factories";
import { generateTypes, typeCheck, typeScriptFolder } from "../support/generated-client";
import { startTestServer, type TestServer } from "../support/http";
import { describeRun, requirePrograms, runProcess, STRICT_BASH_WITH_FAILING_CURL } from "../support/processes";

const root = path.resolve(import.meta.dirname, "../..");

let server: TestServer;
// Where the page's examples run: files they write (the generated client) land here, not in the repository.
let folder: string;
beforeAll(async () => {
  await requirePrograms(["bash", "curl", "jq"]);
  server = await startTestServer();
  folder = typeScriptFolder();
});
afterAll(async () => {
  await server?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** Runs the examples in one strict bash; TZ=UTC so `date +%F` is the server's today. `shown` adds to a failure message. */
async function runExamples(title: string, examples: string, options: { cwd: string; env?: Record<string, string | undefined>; shown?: string }) {
  const script = `${STRICT_BASH_WITH_FAILING_CURL}\n\n${examples}\n`;
  const env = { ...process.env, TZ: "UTC", NODE_NO_WARNINGS: "1", ...options.env };
  const result = await runProcess("bash", ["-c", script], { cwd: options.cwd, env, timeoutMs: 150_000 });
  if (result.code !== 0) throw new Error(describeRun(title, script, result) + (options.shown ?? ""));
  return result;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

type Example = { lang: string; code: string };

/** Every <pre> block's text, as a reader would copy it, and its data-lang (sh unless it says otherwise). */
function preBlocks(html: string): Example[] {
  return [...html.matchAll(/<pre\b([^>]*)>([\s\S]*?)<\/pre>/g)].map(([, attributes, inner]) => ({
    lang: /\bdata-lang="([^"]*)"/.exec(attributes)?.[1] ?? "sh",
    code: inner
      // Tags first (React's <!-- --> between text parts included), so an unescaped "<" survives.
      .replace(/<!--[\s\S]*?-->|<[^>]+>/g, "")
      .replace(/&(?:#x([0-9a-f]+)|#([0-9]+)|([a-z]+));/gi, (entity, hex: string, decimal: string, name: string) =>
        hex ? String.fromCodePoint(parseInt(hex, 16)) : decimal ? String.fromCodePoint(Number(decimal)) : ENTITIES[name.toLowerCase()] ?? entity
      ),
  }));
}

/** The ```sh blocks of the README section under `heading`. */
function readmeShellBlocks(heading: string): string[] {
  const readme = readFileSync(path.join(root, "README.md"), "utf8");
  const start = readme.indexOf(`\n${heading}\n`);
  expect(start, `README.md has no "${heading}" section`).toBeGreaterThanOrEqual(0);
  const rest = readme.slice(start + heading.length + 2);
  const next = rest.search(/^## /m);
  const section = next === -1 ? rest : rest.slice(0, next);
  return [...section.matchAll(/^```(?:sh|bash|shell)\n([\s\S]*?)^```/gm)].map(([, block]) => block);
}

describe("the API reference page's examples", () => {
  let typeScriptExamples: string[] = [];

  it("run in order in one shell session, with a member's token", { timeout: 180_000 }, async () => {
    const setup = await createTeamWith();
    const { token } = await createApiToken(actorFor(setup.owner, setup.team, "OWNER"), { name: "docs examples", role: "MEMBER" });

    const page = await fetch(`${server.url}/docs/api`);
    expect(page.status).toBe(200);
    const blocks = preBlocks(await page.text());
    const unknown = blocks.filter((block) => block.lang !== "sh" && block.lang !== "ts");
    expect(unknown, "examples in a language this test cannot run").toEqual([]);
    const shell = blocks.filter((block) => block.lang === "sh").map((block) => block.code);
    expect(shell.length).toBeGreaterThan(0);
    const examples = shell.join("\n\n");
    // The page writes its own origin into the examples, so they call this server.
    expect(examples).toContain(`${server.url}/api/v1`);
    // The first block exports a placeholder token; the reader pastes theirs there.
    const placeholder = "evd_…";
    expect(examples, `the examples no longer set TOKEN=${placeholder}; update this test`).toContain(`TOKEN=${placeholder}`);

    // A reader saves each TypeScript example to a file and runs it in the same session. It must
    // neither fail nor report an error.
    typeScriptExamples = blocks
      .filter((block) => block.lang === "ts")
      .map((block, index) => {
        const file = `example-${index + 1}.ts`;
        writeFileSync(path.join(folder, file), block.code);
        return file;
      });
    const runs = typeScriptExamples.map((file) =>
      [
        `# ${file}, a TypeScript example from the page`,
        `if ! npx tsx ${file} 2>${file}.stderr || [ -s ${file}.stderr ]; then`,
        `  cat ${file}.stderr >&2; echo "${file} failed or reported an error" >&2; exit 1`,
        "fi",
      ].join("\n")
    );
    const shown = typeScriptExamples.map((file) => `\n--- ${file} ---\n${readFileSync(path.join(folder, file), "utf8")}`).join("");

    await runExamples("The /docs/api examples", [examples.replaceAll(placeholder, token), ...runs].join("\n\n"), { cwd: folder, shown });
  });

  it("in TypeScript type-check strictly against the client the shell examples generate", { timeout: 120_000 }, async () => {
    if (typeScriptExamples.length === 0) return;
    // Generated by the shell examples (npx openapi-typescript … -o evident-api.d.ts); made here
    // too when they stopped early, so the types still get checked.
    const imported = new Set(typeScriptExamples.flatMap((file) => [...readFileSync(path.join(folder, file), "utf8").matchAll(/from "\.\/([^"]+)"/g)].map(([, name]) => name)));
    for (const name of imported) {
      const declarations = path.join(folder, `${name}.d.ts`);
      if (!existsSync(declarations)) writeFileSync(declarations, await generateTypes(await (await fetch(`${server.url}/api/v1/openapi.json`)).json()));
    }
    const problems = typeCheck(folder, typeScriptExamples);
    expect(problems.join("\n\n"), "the page's TypeScript examples do not type-check").toBe("");
  });
});

describe("the README's API example", () => {
  it("runs against the demo team, its token made with the CLI", { timeout: 180_000 }, async () => {
    // `npm start` on a fresh database seeds the demo team the README uses.
    await seedDemo();
    const product = await db.product.findFirstOrThrow({ where: { team: { slug: DEMO_TEAM_SLUG }, deletedAt: null }, orderBy: { id: "asc" }, select: { id: true } });

    const blocks = readmeShellBlocks("## API");
    expect(blocks.length).toBeGreaterThan(0);
    const examples = blocks.join("\n\n");
    expect(examples).toContain(`--team ${DEMO_TEAM_SLUG}`);
    const localhost = "http://localhost:3000";
    expect(examples).toContain(localhost);
    // The reader picks one of the products the first call lists: any of the demo team's will do.
    const placeholder = "<a product id from the first call>";
    expect(examples, `the README no longer says ${placeholder}; update this test`).toContain(placeholder);

    // The CLI inside the example (npm run -s cli -- token:create) uses this file's database.
    await runExamples("The README's API example", examples.replaceAll(localhost, server.url).replaceAll(placeholder, product.id), { cwd: root, env: { DATABASE_URL: process.env.DATABASE_URL } });
  });
});
