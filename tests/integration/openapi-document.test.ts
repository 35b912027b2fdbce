/**
 * The bar for the OpenAPI document /api/v1/openapi.json serves: Redocly's recommended rules with
 * not one error or warning, the OpenAPI 3.1 schema, schemas that are sound draft 2020-12, examples
 * that fit their schemas, and operations that name themselves and fail in the Error shape.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv2020, { type ErrorObject } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { afterAll, describe, expect, it } from "vitest";
import { openApiDocument } from "~/modules/api/openapi";

type Json = Record<string, unknown>;

const root = path.resolve(import.meta.dirname, "../..");
const document = openApiDocument("https://evident.example") as unknown as Json;
const ERROR_REF = "#/components/schemas/Error";
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const entries = (value: unknown): [string, Json][] => (isObject(value) ? Object.entries(value).filter((entry): entry is [string, Json] => isObject(entry[1])) : []);
const pointer = (...segments: string[]) => segments.map((segment) => `/${segment.replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");

/** The object an internal reference ("#/components/...") points at. */
function resolve(ref: string): unknown {
  if (!ref.startsWith("#")) throw new Error(`external reference ${ref}: the document must be self-contained`);
  return ref
    .slice(1)
    .split("/")
    .slice(1)
    .map((segment) => decodeURIComponent(segment).replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce<unknown>((node, segment) => (isObject(node) || Array.isArray(node) ? (node as Json)[segment] : undefined), document);
}

/** Follows a Reference Object to what it names; anything else is returned as it is. */
const deref = (value: Json): Json => (typeof value.$ref === "string" ? deref(resolve(value.$ref) as Json) : value);

function lines(problems: string[]) {
  return problems.length === 0 ? "" : `${problems.length} problem(s):\n${problems.map((problem) => `  - ${problem}`).join("\n")}`;
}

function describeErrors(errors: ErrorObject[] | null | undefined) {
  return (errors ?? [])
    .map((error) => `${error.instancePath || "(root)"} ${error.message ?? error.keyword}${error.keyword === "additionalProperties" ? `: "${(error.params as Json).additionalProperty}"` : ""}`)
    .join("; ");
}

type Operation = { method: string; path: string; at: string; operation: Json };

/** The API's operations and the webhooks Evident posts (their bodies and examples are checked alike). */
function operations(): Operation[] {
  return (["paths", "webhooks"] as const).flatMap((section) =>
    entries(document[section]).flatMap(([route, item]) =>
      METHODS.filter((method) => isObject(item[method])).map((method) => ({ method, path: route, at: pointer(section, route, method), operation: item[method] as Json }))
    )
  );
}

// Every place the document holds a schema, an example of one, or both: walked once, for the checks below.
type SchemaSite = { at: string; schema: Json };
type ExampleSite = { at: string; schemaAt: string; value: unknown };
const schemaSites: SchemaSite[] = [];
const exampleSites: ExampleSite[] = [];

// The Schema Object keywords that hold subschemas: a schema's own example(s) are checked against the subschema they sit in.
const SUBSCHEMA_MAPS = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];
const SUBSCHEMA_LISTS = ["prefixItems", "allOf", "anyOf", "oneOf"];
const SUBSCHEMAS = ["items", "additionalItems", "additionalProperties", "unevaluatedItems", "unevaluatedProperties", "contains", "propertyNames", "not", "if", "then", "else"];

function collectSchemaExamples(schema: unknown, at: string) {
  if (!isObject(schema)) return;
  if ("example" in schema) exampleSites.push({ at: `${at}/example`, schemaAt: at, value: schema.example });
  if (Array.isArray(schema.examples)) schema.examples.forEach((value, index) => exampleSites.push({ at: `${at}/examples/${index}`, schemaAt: at, value }));
  for (const keyword of SUBSCHEMA_MAPS) for (const [name, sub] of entries(schema[keyword])) collectSchemaExamples(sub, `${at}${pointer(keyword, name)}`);
  for (const keyword of SUBSCHEMA_LISTS)
    if (Array.isArray(schema[keyword])) schema[keyword].forEach((sub: unknown, index: number) => collectSchemaExamples(sub, `${at}${pointer(keyword, String(index))}`));
  for (const keyword of SUBSCHEMAS) collectSchemaExamples(schema[keyword], `${at}${pointer(keyword)}`);
}

function addSchema(holder: Json, at: string) {
  if (!isObject(holder.schema)) return;
  schemaSites.push({ at: `${at}/schema`, schema: holder.schema });
  collectSchemaExamples(holder.schema, `${at}/schema`);
}

/** A Media Type, Parameter or Header Object: its schema, and its example or named examples. */
function addExamplesOf(holder: Json, at: string) {
  addSchema(holder, at);
  for (const [name, media] of entries(holder.content)) addExamplesOf(media, `${at}${pointer("content", name)}`);
  if (!isObject(holder.schema)) return;
  if ("example" in holder) exampleSites.push({ at: `${at}/example`, schemaAt: `${at}/schema`, value: holder.example });
  for (const [name, example] of entries(holder.examples)) {
    const resolved = deref(example);
    if ("value" in resolved) exampleSites.push({ at: `${at}${pointer("examples", name)}`, schemaAt: `${at}/schema`, value: resolved.value });
  }
}

function addResponse(response: Json, at: string) {
  if (typeof response.$ref === "string") return; // checked where it is defined, under components
  addExamplesOf(response, at);
  for (const [name, header] of entries(response.headers)) if (typeof header.$ref !== "string") addExamplesOf(header, `${at}${pointer("headers", name)}`);
}

const components = isObject(document.components) ? document.components : {};
for (const [name, schema] of entries(components.schemas)) {
  schemaSites.push({ at: pointer("components", "schemas", name), schema });
  collectSchemaExamples(schema, pointer("components", "schemas", name));
}
for (const [name, parameter] of entries(components.parameters)) addExamplesOf(parameter, pointer("components", "parameters", name));
for (const [name, header] of entries(components.headers)) addExamplesOf(header, pointer("components", "headers", name));
for (const [name, body] of entries(components.requestBodies)) addExamplesOf(body, pointer("components", "requestBodies", name));
for (const [name, response] of entries(components.responses)) addResponse(response, pointer("components", "responses", name));
for (const [route, item] of entries(document.paths)) {
  (Array.isArray(item.parameters) ? item.parameters : []).forEach((parameter: Json, index: number) => {
    if (typeof parameter.$ref !== "string") addExamplesOf(parameter, pointer("paths", route, "parameters", String(index)));
  });
}
for (const { at, operation } of operations()) {
  (Array.isArray(operation.parameters) ? operation.parameters : []).forEach((parameter: Json, index: number) => {
    if (typeof parameter.$ref !== "string") addExamplesOf(parameter, `${at}/parameters/${index}`);
  });
  if (isObject(operation.requestBody) && typeof operation.requestBody.$ref !== "string") addExamplesOf(operation.requestBody, `${at}/requestBody`);
  for (const [status, response] of entries(operation.responses)) addResponse(response, `${at}${pointer("responses", status)}`);
}

const COMPONENTS_ID = "urn:evident:openapi:components";

/**
 * A copy of a schema whose references to "#/components/schemas/..." point into one schema
 * resource of its own: references resolve as they do for a client, and strict mode looks only at schemas.
 */
function standalone(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(standalone);
  if (!isObject(schema)) return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, key === "$ref" && typeof value === "string" ? value.replace(/^#\/components\/schemas\//, `${COMPONENTS_ID}#/$defs/`) : standalone(value)])
  );
}

/** Draft 2020-12 in strict mode: unknown keywords (a typo, a 3.0 leftover such as nullable) do not compile. */
function documentAjv() {
  const ajv = new Ajv2020({ strict: true, strictTypes: false, strictTuples: false, strictRequired: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  // OpenAPI's own Schema Object keywords, and its extensions.
  for (const keyword of ["example", "discriminator", "xml", "externalDocs"]) ajv.addKeyword(keyword);
  const json = JSON.stringify(document);
  for (const [, keyword] of json.matchAll(/"(x-[^"]+)":/g)) if (!ajv.getKeyword(keyword)) ajv.addKeyword(keyword);
  // OpenAPI leaves format open: one no validator knows only annotates.
  for (const [, format] of json.matchAll(/"format":"([^"]+)"/g)) if (!ajv.formats[format]) ajv.addFormat(format, true);
  ajv.addSchema({ $id: COMPONENTS_ID, $defs: standalone(components.schemas ?? {}) });
  return ajv;
}
const ajv = documentAjv();
const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
function compileAt(at: string) {
  let validate = compiled.get(at);
  if (!validate) compiled.set(at, (validate = ajv.compile(standalone(resolve(`#${at}`)) as Json)));
  return validate;
}

describe("the OpenAPI document", () => {
  const directory = mkdtempSync(path.join(os.tmpdir(), "evident-openapi-"));
  // Kept when Redocly finds problems: its line numbers point into the file.
  let keepLintedFile = false;
  afterAll(() => {
    if (!keepLintedFile) rmSync(directory, { recursive: true, force: true });
  });

  it("passes Redocly's recommended rules without an error or a warning", () => {
    const file = path.join(directory, "openapi.json");
    writeFileSync(file, JSON.stringify(document, null, 2));
    const lint = spawnSync(path.join(root, "node_modules/.bin/redocly"), ["lint", file, "--format=json", "--config", path.join(root, "redocly.yaml")], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
      timeout: 60_000,
    });
    let result: {
      totals: { errors: number; warnings: number; ignored: number };
      problems: { ruleId: string; severity: string; message: string; location: { pointer?: string; start?: { line: number } }[] }[];
    };
    try {
      result = JSON.parse(lint.stdout);
    } catch {
      throw new Error(`redocly lint printed no JSON report (exit ${lint.status}):\n${lint.stdout}\n${lint.stderr}`);
    }
    const problems = result.problems.map(({ severity, ruleId, message, location }) => {
      const where = location[0] ? `${location[0].pointer ?? "?"}${location[0].start ? ` (line ${location[0].start.line})` : ""}` : "";
      return `${severity} ${ruleId} at ${where}: ${message}`;
    });
    keepLintedFile = problems.length > 0;
    const report = problems.length === 0 ? "" : `${lines(problems)}\n(line numbers are those of ${file})`;
    expect(report).toBe("");
    // Nothing may be waved through by an ignore file either.
    expect(result.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
  });

  it("is valid against the OpenAPI 3.1 schema", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    const errors =
      typeof result.errors === "string"
        ? [result.errors]
        : (result.errors ?? []).map((error) => `${error.instancePath || "(root)"} ${error.message}${isObject(error.params) ? ` ${JSON.stringify(error.params)}` : ""}`);
    expect(lines(errors)).toBe("");
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("holds schemas that are valid draft 2020-12 and use no keyword OpenAPI 3.1 does not know", () => {
    const problems: string[] = [];
    for (const { at, schema } of schemaSites) {
      if (!ajv.validateSchema(schema)) problems.push(`${at}: ${describeErrors(ajv.errors)}`);
      try {
        compileAt(at);
      } catch (error) {
        problems.push(`${at}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    expect(schemaSites.length).toBeGreaterThan(0);
    expect(lines(problems)).toBe("");
  });

  it("has examples that fit their schemas", () => {
    const problems: string[] = [];
    for (const { at, schemaAt, value } of exampleSites) {
      try {
        const validate = compileAt(schemaAt);
        if (!validate(value)) problems.push(`${at}: ${describeErrors(validate.errors)} (example: ${JSON.stringify(value).slice(0, 200)})`);
      } catch (error) {
        problems.push(`${at}: its schema does not compile: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    expect(lines(problems)).toBe("");
  });

  it("names, tags, summarises and describes every operation", () => {
    const declaredTags = new Set((Array.isArray(document.tags) ? document.tags : []).map((tag: Json) => tag.name));
    const problems: string[] = [];
    for (const { method, path: route, operation } of operations()) {
      const name = `${method.toUpperCase()} ${route}`;
      for (const field of ["operationId", "summary", "description"]) {
        if (typeof operation[field] !== "string" || (operation[field] as string).trim() === "") problems.push(`${name} has no ${field}`);
      }
      const tags = Array.isArray(operation.tags) ? operation.tags : [];
      if (tags.length !== 1) problems.push(`${name} has ${tags.length} tags; it needs exactly one`);
      for (const tag of tags) if (!declaredTags.has(tag)) problems.push(`${name} is tagged "${tag}", which the document's tags list does not declare`);
    }
    expect(lines(problems)).toBe("");
  });

  it("documents a body schema for every answer but 204, and every failure as the Error schema", () => {
    const problems: string[] = [];
    // A webhook's answers are its receiver's, not Evident's: only the API's are checked here.
    for (const { method, path: route, operation } of operations().filter(({ at }) => at.startsWith("/paths/"))) {
      const responses = entries(operation.responses);
      const name = `${method.toUpperCase()} ${route}`;
      if (!responses.some(([status]) => /^2(\d\d|XX)$/.test(status))) problems.push(`${name} documents no success response`);
      for (const [status, reference] of responses) {
        const response = deref(reference);
        const content = entries(response.content);
        const failure = /^[45]/.test(status) || status === "default";
        if (status === "204") {
          if (content.length > 0) problems.push(`${name} ${status} documents a body, but a 204 has none`);
        } else if (!content.some(([type, media]) => /json$/.test(type) && isObject(media.schema))) {
          problems.push(`${name} ${status} documents no JSON body schema`);
        } else if (failure) {
          for (const [type, media] of content) if ((media.schema as Json | undefined)?.$ref !== ERROR_REF) problems.push(`${name} ${status} (${type}) does not refer to ${ERROR_REF}`);
        }
      }
    }
    if (!isObject(resolve(ERROR_REF))) problems.unshift(`the document has no ${ERROR_REF}`);
    expect(lines(problems)).toBe("");
  });
});
