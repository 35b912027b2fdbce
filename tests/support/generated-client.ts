/**
 * A typed client the way an integrator makes one: types generated from the OpenAPI document with
 * openapi-typescript, a script using them through openapi-fetch, type-checked strictly with the
 * project's TypeScript in a folder of its own.
 */
import { copyFileSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import openapiTS, { astToString, type OpenAPI3 } from "openapi-typescript";
import ts from "typescript";

const root = path.resolve(import.meta.dirname, "../..");

/** The committed client script; it imports its types from `./api-types`. */
export const CLIENT_SCRIPT = path.join(root, "tests/contract/client-loop.ts");

/**
 * A fresh folder set up like a small TypeScript project: an ES module package with the project's
 * node_modules linked in, so `openapi-fetch`, `tsx`, `openapi-typescript` and `@types/node`
 * resolve (and `npx` finds them) without touching the network.
 */
export function typeScriptFolder(): string {
  const folder = mkdtempSync(path.join(tmpdir(), "evident-typescript-"));
  writeFileSync(path.join(folder, "package.json"), `${JSON.stringify({ name: "evident-api-client", private: true, type: "module" }, null, 2)}\n`);
  symlinkSync(path.join(root, "node_modules"), path.join(folder, "node_modules"), "dir");
  return folder;
}

/** The declarations openapi-typescript generates for `document`. */
export async function generateTypes(document: OpenAPI3): Promise<string> {
  return astToString(await openapiTS(document, { silent: true }));
}

/** A TypeScript folder holding `api-types.d.ts` generated from `document` and a copy of the client script. */
export async function clientFolder(document: OpenAPI3): Promise<string> {
  const folder = typeScriptFolder();
  writeFileSync(path.join(folder, "api-types.d.ts"), await generateTypes(document));
  copyFileSync(CLIENT_SCRIPT, path.join(folder, path.basename(CLIENT_SCRIPT)));
  return folder;
}

/** Strict settings an integrator might well use; skipLibCheck stays off so the generated .d.ts is checked too. */
const COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  noFallthroughCasesInSwitch: true,
  isolatedModules: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ["lib.es2023.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
  types: ["node"],
  skipLibCheck: false,
};

/** Type-checks `files` (paths inside `folder`); returns the diagnostics, formatted one per problem with the offending line. */
export function typeCheck(folder: string, files: string[]): string[] {
  const options = { ...COMPILER_OPTIONS, typeRoots: [path.join(folder, "node_modules/@types")] };
  const program = ts.createProgram({ rootNames: files.map((file) => path.join(folder, file)), options });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => describeDiagnostic(diagnostic, folder));
}

function describeDiagnostic(diagnostic: ts.Diagnostic, folder: string): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n    ");
  if (!diagnostic.file || diagnostic.start === undefined) return `TS${diagnostic.code}: ${message}`;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  const where = path.relative(folder, diagnostic.file.fileName);
  const source = diagnostic.file.text.split("\n")[line]?.trim() ?? "";
  return `${where}:${line + 1}:${character + 1} TS${diagnostic.code}: ${message}\n    > ${source}`;
}

/**
 * What in the client script would let it compile without precise types: type assertions (`x as T`,
 * `<T>x`), non-null assertions, `any`, and comments that silence the checker. Found in the syntax
 * tree, so words in comments and strings do not count.
 */
export function loopholes(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const at = (node: ts.Node) => `line ${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.getText()}`;
  const visit = (node: ts.Node) => {
    if (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) found.push(`type assertion, ${at(node)}`);
    else if (ts.isNonNullExpression(node)) found.push(`non-null assertion, ${at(node)}`);
    else if (node.kind === ts.SyntaxKind.AnyKeyword) found.push(`any, ${at(node.parent)}`);
    ts.forEachChild(node, visit);
  };
  visit(source);
  for (const [index, line] of text.split("\n").entries()) {
    if (/@ts-(ignore|expect-error|nocheck)|eslint-disable/.test(line)) found.push(`checker silenced, line ${index + 1}: ${line.trim()}`);
  }
  return found;
}
