/**
 * Fuzzing every API operation the app documents at /api/v1/openapi.json (so a new endpoint is
 * fuzzed as soon as it is documented, and an undocumented route file fails the suite): bodies
 * generated from each operation's own JSON Schema and mutated (wrong types, nulls, nested junk,
 * huge numbers, long strings, extra and missing keys), invalid JSON, wrong content types, random
 * ids, and random list queries (limit, cursor). Requests carry a MEMBER token of the fixture team.
 * Properties, for every request:
 *   - the status is never 5xx, and a 4xx is the documented JSON error;
 *   - a 4xx wrote nothing (an Idempotency-Key may record the refusal, by design);
 *   - a read wrote nothing; a successful write touched only its own tables and left every
 *     maintained aggregate equal to a recount.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/http";
import {
  brokenInvariants,
  changedTables,
  databaseFingerprint,
  EVENT_TABLES,
  EVIDENCE_TABLES,
  fixtureDatabase,
  fuzzParameters,
  hugeString,
  junkDate,
  junkId,
  junkJson,
  junkNumber,
  junkString,
  preview,
  resolveDeep,
  resolver,
  routeFilesExporting,
  routeSource,
  send,
  taint,
  trace,
  unexpectedTables,
  type Fixture,
} from "./fuzz-support";
import { urlPattern } from "./support/flat-routes";

const RUNS = 40;
const TEST_TIMEOUT = 600_000;
const METHODS = ["get", "post", "put", "patch", "delete"] as const;
type Method = (typeof METHODS)[number];

// The fuzz sends far more than a client's per-minute allowance; the limit is not what is tested here.
process.env.API_RATE_LIMIT_PER_MINUTE = "1000000000";

const server = await startTestServer();
const document = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as OpenApi;
afterAll(async () => {
  await server.close();
});

type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
};
type Parameter = { name: string; in: string; schema?: JsonSchema };
type Operation = { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: JsonSchema }> }; responses: Record<string, unknown> };
type PathItem = { parameters?: Parameter[] } & Partial<Record<Method, Operation>>;
type OpenApi = { paths: Record<string, PathItem>; components: { schemas: Record<string, JsonSchema> } };

// ------------------------------------------------------------------ what each operation is

/** Which fixture rows an `{id}` may name, by the collection it sits under. */
const IDS_BY_COLLECTION: Record<string, string[]> = {
  products: ["«product.id»"],
  hypotheses: ["«hypothesis.id»", "«trashedHypothesis.id»"],
  experiments: ["«running.id»", "«draft.id»", "«counting.id»", "«concluded.id»", "«trashedExperiment.id»"],
  signals: ["«signal.id»"],
};

/** Ids a body field may name, by field name. */
const IDS_BY_FIELD: Record<string, string[]> = {
  productId: ["«product.id»"],
  hypothesisId: ["«hypothesis.id»", "«trashedHypothesis.id»"],
  ownerId: ["«member.id»", "«viewer.id»", "«owner.id»"],
};

/**
 * For each documented write: the tables a success may change, and a body (markers allowed) and
 * an id that succeed on a fresh fixture. A documented operation missing here fails the suite.
 */
const WRITES: Record<string, { writes: string[]; id?: string; example?: unknown }> = {
  "post /products": { writes: ["Product", "ActivityEvent"], example: { name: "Payroll «fresh»", description: "Second bet." } },
  "patch /products/{id}": { writes: ["Product", "ActivityEvent"], id: "«product.id»", example: { name: "Invoicing Pro", description: "The paid plan." } },
  "post /hypotheses": {
    writes: ["Hypothesis", "Team", "ActivityEvent"],
    example: { productId: "«product.id»", statement: "Bookkeepers will pay for automatic reminders.", category: "viability", importance: 4, segment: "Bookkeepers" },
  },
  "patch /hypotheses/{id}": { writes: ["Hypothesis", "ActivityEvent"], id: "«hypothesis.id»", example: { statement: "Freelancers will pay to be paid faster.", importance: 3, ownerId: "«member.id»" } },
  "delete /hypotheses/{id}": { writes: ["Hypothesis", "Experiment", "ActivityEvent"], id: "«hypothesis.id»" },
  "post /experiments": {
    writes: ["Experiment", "Team", "ActivityEvent"],
    example: {
      hypothesisId: "«hypothesis.id»",
      title: "Landing page",
      method: "landing_page",
      plan: "Run ads to a landing page.",
      metric: { name: "Sign-ups", kind: "count", unit: "people" },
      criterion: { comparator: "gte", target: 20 },
      startsOn: "«today»",
    },
  },
  "patch /experiments/{id}": { writes: ["Experiment", "Hypothesis", "ActivityEvent"], id: "«draft.id»", example: { title: "Renamed draft", criterion: { target: 0.3 }, endsOn: "«today+20»" } },
  "delete /experiments/{id}": { writes: ["Experiment", "Hypothesis", "ActivityEvent"], id: "«running.id»" },
  "post /experiments/{id}/start": { writes: ["Experiment", "Hypothesis", "ActivityEvent", ...EVENT_TABLES], id: "«draft.id»", example: {} },
  "post /experiments/{id}/conclude": {
    writes: ["Experiment", "LearningCard", "Hypothesis", "ActivityEvent", ...EVENT_TABLES],
    id: "«running.id»",
    example: { observed: "9 of 54 clicked.", learned: "Some want it.", nextSteps: "Try a clearer button.", decision: "retest" },
  },
  "post /experiments/{id}/observations": { writes: EVIDENCE_TABLES, id: "«running.id»", example: { observedOn: "«today-1»", successes: 3, trials: 10, note: "From the dashboard", strength: 2 } },
  "post /signals": { writes: ["Signal", "ActivityEvent"], example: { productId: "«product.id»", name: "Weekly actives", unit: "people", direction: "up" } },
  "post /signals/{id}/points": { writes: ["SignalPoint", "ActivityEvent"], id: "«signal.id»", example: { points: [{ date: "«today-1»", value: 14 }, { date: "«today-2»", value: 13, note: null }] } },
};

// --------------------------------------------------------------------- schema → generators

function deref(schema: JsonSchema): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace("#/components/schemas/", "");
  const target = document.components.schemas[name];
  if (!target) throw new Error(`Unresolvable $ref ${schema.$ref}`);
  return deref(target);
}

function types(schema: JsonSchema): string[] {
  return schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
}

/** Strings around the schema's length limits, and anything else. */
function stringFor(schema: JsonSchema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 200;
  const sized = fc.constantFrom(min - 1, min, Math.min(max, min + 12), max, max + 1).filter((n) => n >= 0).map((n) => "é".repeat(n));
  return fc.oneof({ weight: 3, arbitrary: fc.string({ minLength: min, maxLength: Math.min(max, min + 40) }).map((text) => (text.trim().length >= min ? text : `${text}${"x".repeat(min)}`)) }, { weight: 2, arbitrary: sized }, { weight: 1, arbitrary: junkString });
}

function numberFor(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1e6);
  const max = Math.min(schema.maximum ?? 1e6, 1e6);
  const edges = [min - 1, min, max, max + 1, 0, -1, 0.5, 2 ** 31, 2 ** 53 + 2, 1e308, -1e308, Number.MIN_VALUE];
  return fc.oneof(
    { weight: 3, arbitrary: integer ? fc.integer({ min: Math.max(min, -1e6), max }) : fc.double({ min: Math.max(min, -1e6), max, noNaN: true }) },
    { weight: 2, arbitrary: fc.constantFrom(...edges) },
  );
}

/** Values that fit the schema most of the time, so the request often gets past validation. */
function schemaArbitrary(input: JsonSchema, name = "", depth = 0): fc.Arbitrary<unknown> {
  const schema = deref(input);
  if (name && IDS_BY_FIELD[name]) return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...IDS_BY_FIELD[name]) }, { weight: 1, arbitrary: junkId() });
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return fc.oneof(...variants.map((variant) => schemaArbitrary(variant, name, depth)));
  if (schema.enum) {
    const values = schema.enum.map(String);
    return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...schema.enum) }, { weight: 1, arbitrary: fc.constantFrom(...values.map((v) => v.toLowerCase().replace(/_/g, " ")), ...values.map((v) => ` ${v} `)) });
  }
  const options = types(schema).map((type): fc.Arbitrary<unknown> => {
    switch (type) {
      case "null":
        return fc.constant(null);
      case "boolean":
        return fc.boolean();
      case "integer":
        return numberFor(schema, true);
      case "number":
        return numberFor(schema, false);
      case "string":
        if (schema.format === "date") return fc.oneof({ weight: 3, arbitrary: fc.integer({ min: -3, max: 0 }).map((day) => `«today${day}»`) }, { weight: 1, arbitrary: junkDate });
        return stringFor(schema);
      case "array": {
        const items = schema.items ? schemaArbitrary(schema.items, "", depth + 1) : junkJson;
        return fc.array(items, { minLength: Math.max(0, (schema.minItems ?? 0) - 1), maxLength: Math.min(schema.maxItems ?? 6, 6) });
      }
      case "object":
        return objectArbitrary(schema, depth);
      default:
        return junkJson;
    }
  });
  return options.length ? fc.oneof(...options) : junkJson;
}

function objectArbitrary(schema: JsonSchema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  if (depth > 4 || properties.length === 0) return fc.dictionary(fc.string({ maxLength: 8 }), junkJson, { maxKeys: 3 });
  return fc
    .tuple(...properties.map(([key, property]) => (key === "version" ? fc.constant(undefined) : fc.option(schemaArbitrary(property, key, depth + 1), { nil: undefined, freq: required.has(key) ? 12 : 3 }))))
    .map((values) => Object.fromEntries(properties.flatMap(([key], i) => (values[i] === undefined ? [] : [[key, values[i]]]))));
}

/** A body: the example or a schema-shaped value, often with a few fields broken; or all junk. */
function bodyArbitrary(schema: JsonSchema, example: unknown): fc.Arbitrary<unknown> {
  const shaped = schemaArbitrary(schema);
  const base = example === undefined ? shaped : fc.oneof({ weight: 2, arbitrary: fc.constant(example) }, { weight: 1, arbitrary: shaped });
  const names = Object.keys(deref(schema).properties ?? {});
  // The example with one of its strings tainted: still valid-looking, so it reaches the database.
  const strings = example && typeof example === "object" && !Array.isArray(example) ? Object.entries(example as Record<string, unknown>).filter(([, value]) => typeof value === "string") : [];
  const tainted = strings.length
    ? fc.constantFrom(...strings).chain(([key, value]) => taint(value as string).map((text) => ({ ...(example as Record<string, unknown>), [key]: text })))
    : base;
  const mutation = fc.record({
    key: fc.oneof(fc.constantFrom(...(names.length ? names : ["x"])), fc.constantFrom("id", "teamId", "__proto__", "constructor", "observations", "points"), fc.string({ maxLength: 8 })),
    value: fc.oneof(junkJson, fc.constant(undefined), hugeString.map((text) => text.slice(0, 200_000))),
  });
  const mutated = fc.tuple(base, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([value, mutations]) => {
    if (!value || typeof value !== "object" || Array.isArray(value)) return value;
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const { key, value: replacement } of mutations) {
      if (replacement === undefined) delete copy[key];
      else copy[key] = replacement;
    }
    return copy;
  });
  return fc.oneof({ weight: 3, arbitrary: base }, { weight: 4, arbitrary: tainted }, { weight: 4, arbitrary: mutated }, { weight: 1, arbitrary: junkJson });
}

type Payload = { contentType: string | null; text: string } | { contentType: string | null; json: unknown };

/** What goes on the wire: JSON (mostly), broken JSON, the right JSON with the wrong content type, or nothing. */
function payloadArbitrary(body: fc.Arbitrary<unknown>): fc.Arbitrary<Payload> {
  const contentTypes = fc.constantFrom("application/json", "application/json", "application/json; charset=utf-8", "APPLICATION/JSON", null);
  return fc.oneof(
    { weight: 8, arbitrary: fc.tuple(contentTypes, body).map(([contentType, json]): Payload => ({ contentType, json })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom("application/json", null),
          fc.oneof(
            fc.constantFrom("{", "[1,", '{"a":}', "NaN", "Infinity", "undefined", "{'a': 1}", '{"a": 1}{"b": 2}', "\u0000", "\uFEFF{}", '"\\ud800"', "[".repeat(100_000), `{"observations":[${"{},".repeat(10)}]}`, "1e999", `{"name":"${"x".repeat(1_100_000)}"}`),
            fc.string({ unit: "binary", maxLength: 100 }),
          ),
        )
        .map(([contentType, text]): Payload => ({ contentType, text })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "application/json-patch+json", "application/jsonx"), body)
        .map(([contentType, json]): Payload => ({ contentType, json })),
    },
    { weight: 1, arbitrary: fc.constant<Payload>({ contentType: null, text: "" }) },
  );
}

function queryArbitrary(parameters: Parameter[]): fc.Arbitrary<[string, string][]> {
  const value = (parameter: Parameter): fc.Arbitrary<string> => {
    if (parameter.name === "limit") return fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 100 }).map(String) }, { weight: 3, arbitrary: junkNumber }, { weight: 1, arbitrary: junkString });
    if (parameter.name === "cursor")
      return fc.oneof(
        fc.constantFrom("«b64:running.id»", "«b64:product.id»", "«b64:1»", "«b64:0»", "«b64:-1»", "«b64:99999999999999999999»", "«b64:1.5»", "«b64:other.product.id»", "«b64:' OR 1=1»"),
        fc.base64String({ maxLength: 40 }),
        junkString,
      );
    if (parameter.name === "status") return fc.oneof(fc.constantFrom("untested", "TESTING", "validated", "nope"), junkString);
    if (parameter.name.endsWith("Id")) return junkId(Object.values(IDS_BY_FIELD).flat());
    return junkString;
  };
  const documented = parameters.filter((parameter) => parameter.in === "query");
  return fc
    .tuple(
      ...documented.map((parameter) => fc.option(value(parameter), { nil: undefined, freq: 2 })),
      fc.array(fc.tuple(fc.oneof(fc.constantFrom("limit", "cursor", "teamId", "include"), fc.string({ maxLength: 6 })), junkString), { maxLength: 2 }),
    )
    .map((values) => {
      const extra = values.pop() as [string, string][];
      const pairs = [...documented.flatMap((parameter, i): [string, string][] => (values[i] === undefined ? [] : [[parameter.name, values[i] as string]])), ...extra];
      // Long, but within what an HTTP server reads: past ~16 kB of headers Node refuses with 431 before the app.
      return pairs.map(([key, text]): [string, string] => [key.slice(0, 100), text.slice(0, 1_000)]);
    });
}

/** A path segment that may hold any bytes: percent-encoded so that the request can be sent at all. */
function encodeSegment(text: string) {
  return [...Buffer.from(text, "utf8")].map((byte) => (/[A-Za-z0-9_~.-]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).padStart(2, "0").toUpperCase()}`)).join("");
}

/** The fixture ids the `{id}` of a documented path may name, by the collection it sits under. */
function collectionIds(path: string): string[] | undefined {
  return IDS_BY_COLLECTION[/\/([^/]+)\/\{id\}/.exec(path)?.[1] ?? ""];
}

function idArbitrary(path: string, valid?: string): fc.Arbitrary<string> {
  const own = collectionIds(path) ?? [];
  const everything = Object.values(IDS_BY_COLLECTION).flat();
  return fc.oneof(
    { weight: valid ? 5 : 0, arbitrary: fc.constant(valid ?? "") },
    { weight: 3, arbitrary: fc.constantFrom(...(own.length ? own : everything)) },
    { weight: 1, arbitrary: fc.constantFrom(...everything) },
    { weight: 2, arbitrary: junkId() },
  ).filter((id) => id !== "");
}

// ------------------------------------------------------------------------------- harness

let database: Awaited<ReturnType<typeof fixtureDatabase>>;
let fixture: Fixture;
beforeAll(async () => {
  database = await fixtureDatabase();
  fixture = database.fixture;
});

type Call = { method: string; path: string; id?: string; query?: [string, string][]; payload?: Payload; idempotencyKey?: string | null; writes?: string[]; htmlAllowed?: boolean };

/** Sends one generated request and checks every property. Returns the status. */
async function call(input: Call): Promise<number> {
  await database.reset();
  const resolve = resolver(fixture.refs);
  let pathname = `/api/v1${input.path}`.replace("{id}", encodeSegment(resolve(input.id ?? "")));
  if (input.query?.length) pathname += `?${new URLSearchParams(input.query.map(([key, value]) => [resolve(key), resolve(value)])).toString()}`;
  const headers: Record<string, string> = { authorization: `Bearer ${fixture.apiToken}` };
  let body: Buffer | undefined;
  if (input.payload) {
    if (input.payload.contentType) headers["content-type"] = input.payload.contentType;
    body = Buffer.from("json" in input.payload ? (JSON.stringify(resolveDeep(input.payload.json, resolve)) ?? "") : resolve(input.payload.text), "utf8");
  }
  if (input.idempotencyKey) headers["idempotency-key"] = input.idempotencyKey;
  const before = await databaseFingerprint();
  const reply = await send(server.url, pathname, { method: input.method.toUpperCase(), headers, body });
  const changed = changedTables(before, await databaseFingerprint());
  database.touched(changed);
  trace(`${input.method.toUpperCase()} ${preview(pathname, 80)} → ${reply.status} [${changed.join(" ")}]`);
  const context = `${input.method.toUpperCase()} ${pathname} → ${reply.status}\nheaders: ${JSON.stringify({ ...headers, authorization: "Bearer …" })}\nbody: ${body ? preview(body.toString("utf8"), 400) : "(none)"}\nreply: ${preview(reply.text, 400)}`;
  expect(reply.status, `a server error\n${context}`).toBeLessThan(500);
  // The refusal of an Idempotency-Key request is recorded so that a replay gets the same answer.
  const bookkeeping = input.idempotencyKey ? ["IdempotencyRecord"] : [];
  if (reply.status >= 400) {
    // 431 and 414 come from Node's HTTP parser, before any of our code, without a body.
    if (![414, 431].includes(reply.status) && !input.htmlAllowed) {
      const parsed = (() => {
        try {
          return JSON.parse(reply.text) as { error?: { code?: unknown; message?: unknown; fields?: Record<string, unknown> } };
        } catch {
          return null;
        }
      })();
      expect(typeof parsed?.error?.code === "string" && typeof parsed?.error?.message === "string", `a refusal that is not the documented JSON error\n${context}`).toBe(true);
      for (const value of Object.values(parsed?.error?.fields ?? {})) expect(typeof value, `field errors are strings\n${context}`).toBe("string");
    }
    expect(unexpectedTables(changed, bookkeeping), `a refused request wrote to the database\n${context}`).toEqual([]);
    return reply.status;
  }
  expect(unexpectedTables(changed, [...(input.writes ?? []), ...bookkeeping]), `a success wrote to tables it should not touch\n${context}`).toEqual([]);
  if (changed.length) expect(await brokenInvariants(), `a success left the data inconsistent\n${context}`).toEqual([]);
  if (reply.status !== 204) expect(() => JSON.parse(reply.text), `a success that is not JSON\n${context}`).not.toThrow();
  return reply.status;
}

const idempotencyKey = fc.option(fc.oneof(fc.uuid(), fc.stringMatching(/^[\x21-\x7e]{1,40}$/), fc.constant("k".repeat(201))), { nil: null, freq: 4 });

function operations() {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({ path, method, operation: item[method] as Operation, parameters: [...(item.parameters ?? []), ...(item[method]?.parameters ?? [])] })),
  );
}

// ---------------------------------------------------------------------------------- tests

/** `api.v1.experiments.$id.start.tsx` → `/experiments/{id}/start`; null for the catch-all and the document itself. */
function documentedPathOf(file: string): string | null {
  const name = file.replace(/\.tsx?$/, "");
  if (name === "api.v1.$" || name.startsWith("api.v1.openapi")) return null;
  return urlPattern(name).replace(/^\/api\/v1/, "").replace(/:(\w+)/g, "{$1}");
}

describe("the API under generated requests", () => {
  it("documents every API route file, and every documented path has one", () => {
    // A loader or an action that only answers 405 serves nothing.
    const only405 = (file: string, name: string) => new RegExp(`export const ${name} = \\(\\) => methodNotAllowed\\(`).test(routeSource(file));
    const withAction = new Set(routeFilesExporting("action").filter((file) => !only405(file, "action")));
    const withLoader = new Set(routeFilesExporting("loader").filter((file) => !only405(file, "loader")));
    const files = [...new Set([...withAction, ...withLoader])].filter((file) => file.startsWith("api.v1."));
    const problems: string[] = [];
    const routed = new Set<string>();
    for (const file of files) {
      const path = documentedPathOf(file);
      if (path === null) continue;
      routed.add(path);
      const item = document.paths[path];
      if (!item) {
        problems.push(`${file} serves ${path}, which the OpenAPI document does not describe`);
        continue;
      }
      if (withLoader.has(file) && !item.get) problems.push(`${file} answers GET ${path}, which is not documented`);
      if (!withLoader.has(file) && item.get) problems.push(`GET ${path} is documented but ${file} has no loader`);
      const writes = METHODS.filter((method) => method !== "get" && item[method]);
      if (withAction.has(file) && writes.length === 0) problems.push(`${file} has an action but no write on ${path} is documented`);
      if (!withAction.has(file) && writes.length > 0) problems.push(`${writes.join(", ")} ${path} documented but ${file} has no action`);
    }
    for (const path of Object.keys(document.paths)) if (!routed.has(path)) problems.push(`${path} is documented but no route file serves it`);
    expect(files.length).toBeGreaterThan(10);
    expect(problems).toEqual([]);
  });

  it("knows the tables every documented write may touch", () => {
    const writes = operations().filter(({ method }) => method !== "get").map(({ method, path }) => `${method} ${path}`);
    expect(writes.filter((key) => !WRITES[key]), "documented writes without an entry in WRITES").toEqual([]);
    expect(Object.keys(WRITES).filter((key) => !writes.includes(key)), "WRITES entries for operations that are not documented").toEqual([]);
  });

  for (const { path, method, operation, parameters } of operations()) {
    const key = `${method} ${path}`;
    const spec = WRITES[key];
    it(`${method.toUpperCase()} ${path}: never a 5xx, never a partial write`, { timeout: TEST_TIMEOUT }, async () => {
      const hasId = path.includes("{id}");
      const schema = operation.requestBody?.content["application/json"]?.schema;
      // The example succeeds as is: requests reach the handler, past the token and the role.
      if (method === "get" || spec?.example !== undefined || method === "delete") {
        const status = await call({ method, path, id: spec?.id ?? (hasId ? idArbitrarySample(path) : undefined), payload: spec?.example === undefined ? undefined : { contentType: "application/json", json: spec.example }, writes: spec?.writes });
        expect(status, `the example request for ${key} was refused`).toBeLessThan(300);
      }
      const arbitrary = fc.record({
        id: hasId ? idArbitrary(path, spec?.id) : fc.constant(undefined),
        query: queryArbitrary(parameters),
        payload: schema ? payloadArbitrary(bodyArbitrary(schema, spec?.example)) : fc.option(payloadArbitrary(junkJson), { nil: undefined, freq: 2 }),
        idempotencyKey: method === "get" ? fc.constant(null) : idempotencyKey,
      });
      await fc.assert(
        fc.asyncProperty(arbitrary, async (input) => {
          await call({ method, path, ...input, writes: spec?.writes ?? [] });
        }),
        fuzzParameters(RUNS),
      );
    });
  }

  it("answers undocumented methods on documented paths with a JSON 4xx and writes nothing", { timeout: TEST_TIMEOUT }, async () => {
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of [...METHODS, "options"] as const) {
        if (method !== "options" && item[method]) continue;
        const status = await call({ method, path, id: path.includes("{id}") ? idArbitrarySample(path) : undefined, payload: { contentType: "application/json", json: { name: "Sneaky" } } });
        // OPTIONS is answered like a read (and `call` has checked that it wrote nothing).
        if (method !== "options") expect(status, `${method.toUpperCase()} ${path}`).toBeGreaterThanOrEqual(400);
      }
    }
  });

  it("answers unknown endpoints under /api/v1 with a JSON 404 and writes nothing", { timeout: TEST_TIMEOUT }, async () => {
    // Dot segments would leave /api/v1 (URLs normalise them), so they are not API requests.
    const segment = fc.oneof(fc.constantFrom("products", "hypotheses", "experiments", "signals", "observations", "points", "export", "openapi.json", "«product.id»", "admin", "v2", "%", "%00"), junkString).filter((part) => !/^(\.|%2e){1,2}$/i.test(part));
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 4 }), fc.constantFrom("get", "post", "patch", "delete"), junkJson, async (segments, method, json) => {
        const path = `/${segments.map((part) => encodeSegment(part)).join("/")}`;
        // The router reads a path with one trailing slash as the path without it ("/export/" is the export).
        const routed = path.replace(/(.)\/$/, "$1");
        const known = routed === "/openapi.json" || Object.keys(document.paths).some((documented) => new RegExp(`^${documented.replace("{id}", "[^/]+")}$`).test(routed));
        fc.pre(!known);
        const status = await call({ method, path, payload: method === "get" ? undefined : { contentType: "application/json", json } });
        expect(status).toBeGreaterThanOrEqual(400);
      }),
      fuzzParameters(RUNS),
    );
  });
});

function idArbitrarySample(path: string): string {
  return (collectionIds(path) ?? ["«product.id»"])[0];
}
