/**
 * Holds every /api/v1 response the integration tests receive to the OpenAPI document. As a setup
 * file it wraps fetch: each API response is checked once it has arrived (an operation that matches
 * the method and path, a documented status, a body that fits the status's schema and media type,
 * the documented headers), and the test that received an answer the document does not describe
 * fails with what was wrong. The document is the one /api/v1/openapi.json serves.
 */
import Ajv2020, { type ErrorObject, type Options as AjvOptions, type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { OpenAPIBackend, SetMatchType, type Document, type Operation } from "openapi-backend";
import { afterAll, afterEach, expect } from "vitest";
import { openApiDocument } from "~/modules/api/openapi";

/** What a check needs to know about one response. */
export type ApiResponseFacts = { method: string; url: string; status: number; headers: Headers | Record<string, string>; bodyText: string };

type Schema = Record<string, unknown>;
type DocumentedHeader = { required?: boolean; schema?: Schema };
type DocumentedResponse = { content?: Record<string, { schema?: Schema }>; headers?: Record<string, DocumentedHeader> };

const API_PREFIX = "/api/v1/";
// The document itself is not an operation of the API it describes.
const UNCHECKED_PATHS = new Set(["/api/v1/openapi.json"]);
const ERROR_SCHEMA = "#/components/schemas/Error";
const BODY_EXCERPT_CHARS = 500;

export function isCheckedApiUrl(url: string) {
  const { pathname } = new URL(url, "http://localhost");
  return pathname.startsWith(API_PREFIX) && !UNCHECKED_PATHS.has(pathname);
}

const isJson = (mediaType: string) => /^application\/(?:[\w.-]+\+)?json$/.test(mediaType);

/** "application/json" matches "application/json", "application/*" and "*\/*", as OpenAPI's media type ranges do. */
function mediaTypeMatches(documented: string, actual: string) {
  const [type, subtype] = documented.toLowerCase().split(";")[0].trim().split("/");
  const [actualType, actualSubtype] = actual.split("/");
  return (type === "*" || type === actualType) && (subtype === "*" || subtype === actualSubtype);
}

/** The key of `responses` that documents `status`: the exact code, then its range (4XX), then default. */
function documentedStatusKey(responses: Record<string, unknown>, status: number) {
  return [String(status), `${Math.floor(status / 100)}XX`, "default"].find((key) => key in responses) ?? null;
}

function describeErrors(where: string, errors: ErrorObject[] | null | undefined, stripPrefix = "") {
  return (errors ?? []).map((error) => {
    const path = error.instancePath.startsWith(stripPrefix) ? error.instancePath.slice(stripPrefix.length) : error.instancePath;
    const params = error.params as Record<string, unknown>;
    const detail =
      error.keyword === "additionalProperties"
        ? `: "${params.additionalProperty}"`
        : error.keyword === "enum"
        ? `: ${JSON.stringify(params.allowedValues)}`
        : error.keyword === "const"
        ? `: ${JSON.stringify(params.allowedValue)}`
        : "";
    return `${where}${path} ${error.message ?? error.keyword}${detail}`;
  });
}

/** Draft 2020-12, the dialect of OpenAPI 3.1 schemas: openapi-backend's own Ajv speaks draft-07. */
function ajv2020(options: AjvOptions = {}) {
  const ajv = new Ajv2020({ ...options, strict: false, allErrors: true });
  addFormats(ajv);
  return ajv;
}

/**
 * openapi-backend finds an operation's validators by operationId, so one without an id (or with
 * a duplicate) could not be checked at all. The document test is what holds the ids to account.
 */
function withUniqueOperationIds(document: Record<string, unknown>) {
  const seen = new Set<string>();
  for (const [path, item] of Object.entries((document.paths ?? {}) as Record<string, Record<string, { operationId?: string }>>)) {
    for (const method of ["get", "put", "post", "delete", "options", "head", "patch", "trace"]) {
      const operation = item[method];
      if (!operation) continue;
      let id = operation.operationId || `${method.toUpperCase()} ${path}`;
      if (seen.has(id)) id = `${id} (${method.toUpperCase()} ${path})`;
      seen.add(id);
      operation.operationId = id;
    }
  }
  return document;
}

/** A checker for the responses of the API `document` describes: each problem found, in words. */
export async function createResponseChecker(document: object) {
  const definition = withUniqueOperationIds(structuredClone(document) as Record<string, unknown>);
  const server = (definition.servers as { url: string }[] | undefined)?.[0]?.url;
  const api = new OpenAPIBackend({
    definition: definition as unknown as Document,
    apiRoot: server ? new URL(server, "http://localhost").pathname : "/",
    // Quick mode skips openapi-backend's own check of the document, which knows OpenAPI 3.0 only
    // (the document test holds it to 3.1), and compiles each validator when first needed.
    quick: true,
    customizeAjv: (_draft07, options) => ajv2020(options),
  });
  await api.init();

  const errorSchema = (api.definition.components?.schemas as Record<string, Schema> | undefined)?.Error;
  const validateError = errorSchema ? ajv2020().compile(errorSchema) : null;
  // Bodies of JSON media types other than application/json, which openapi-backend does not validate.
  const otherJsonValidators = new WeakMap<object, ValidateFunction>();
  const validateOtherJson = (schema: Schema, body: unknown) => {
    let validate = otherJsonValidators.get(schema);
    if (!validate) otherJsonValidators.set(schema, (validate = ajv2020().compile(schema)));
    validate(body);
    return validate.errors;
  };

  const match = (method: string, path: string) => api.router.matchOperation({ method, path, headers: {} }) as Operation | undefined;

  /** The answer to a method or path the document does not name: only the API's JSON 404 or 405 will do. */
  function checkUndocumented(method: string, path: string, status: number, headers: Record<string, string>, bodyText: string) {
    const problems: string[] = [];
    if (status !== 404 && status !== 405) return [`no operation in the document matches ${method} ${path}, and ${status} is not the 404 or 405 an undocumented request may get`];
    const mediaType = (headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
    if (!isJson(mediaType)) problems.push(`content-type is ${headers["content-type"] ?? "missing"}, but an error is JSON (${ERROR_SCHEMA})`);
    if (status === 405 && !headers.allow) problems.push("a 405 must name the allowed methods in an Allow header");
    if (!validateError) return [...problems, `the document has no ${ERROR_SCHEMA} to check this error against`];
    let body: unknown;
    try {
      body = JSON.parse(bodyText);
    } catch {
      return [...problems, "body is not valid JSON"];
    }
    if (!validateError(body)) problems.push(...describeErrors("body", validateError.errors));
    else if (status === 404 && (body as { error: { code?: unknown } }).error.code !== "not_found")
      problems.push(`an unknown endpoint's 404 has the code "not_found", not ${JSON.stringify((body as { error: { code?: unknown } }).error.code)}`);
    return problems;
  }

  return function check({ method, url, status, headers, bodyText }: ApiResponseFacts): string[] {
    const { pathname } = new URL(url, "http://localhost");
    if (!isCheckedApiUrl(url)) return [];
    const headerMap: Record<string, string> = {};
    for (const [name, value] of headers instanceof Headers ? headers.entries() : Object.entries(headers)) headerMap[name.toLowerCase()] = value;
    const verb = method.toUpperCase();
    // HEAD is GET without the body.
    const operation = match(verb === "HEAD" ? "GET" : verb, pathname);
    if (!operation) return checkUndocumented(verb, pathname, status, headerMap, bodyText);

    const responses = (operation.responses ?? {}) as Record<string, DocumentedResponse>;
    const key = documentedStatusKey(responses, status);
    const where = `${operation.method.toUpperCase()} ${operation.path}`;
    if (key === null) return [`status ${status} is not documented for ${where} (documented: ${Object.keys(responses).join(", ") || "none"})`];
    const documented = responses[key];
    const problems: string[] = [];

    const headerCheck = api.validator.validateResponseHeaders(headerMap, operation, { statusCode: status, setMatchType: SetMatchType.Any });
    problems.push(...describeErrors("header ", headerCheck.errors, "/headers/"));
    for (const [name, header] of Object.entries(documented.headers ?? {})) {
      // OpenAPI ignores a Content-Type entry under headers: the media type says it.
      if (header.required && name.toLowerCase() !== "content-type" && !(name.toLowerCase() in headerMap)) problems.push(`header ${name} is documented as required but missing`);
    }

    if (status === 204 || verb === "HEAD") {
      if (bodyText !== "") problems.push(`a ${verb === "HEAD" ? "HEAD response" : "204"} has no body, but this one has ${bodyText.length} characters`);
      return problems;
    }
    const content = documented.content ?? {};
    const documentedTypes = Object.keys(content);
    if (documentedTypes.length === 0) {
      if (bodyText !== "") problems.push(`the document describes no body for ${where} ${key}, but the response has one (content-type ${headerMap["content-type"] ?? "missing"})`);
      return problems;
    }
    const mediaType = (headerMap["content-type"] ?? "").split(";")[0].trim().toLowerCase();
    const documentedType = documentedTypes.find((type) => mediaTypeMatches(type, mediaType));
    if (!documentedType) return [...problems, `content-type is ${headerMap["content-type"] ?? "missing"}, but the document describes ${documentedTypes.join(", ")} for ${where} ${key}`];
    if (!isJson(mediaType)) return problems;
    if (bodyText === "") return [...problems, `body is empty, but the document describes ${documentedType} for ${where} ${key}`];
    let body: unknown;
    try {
      body = JSON.parse(bodyText);
    } catch {
      return [...problems, "body is not valid JSON"];
    }
    const schema = content[documentedType].schema;
    if (!schema) return problems;
    const errors = documentedType === "application/json" ? api.validator.validateResponse(body, operation, status).errors : validateOtherJson(schema, body);
    problems.push(...describeErrors("body", errors));
    return problems;
  };
}

type Checker = Awaited<ReturnType<typeof createResponseChecker>>;

// Built once per worker: files in one worker share it while the document is unchanged.
const CACHE = Symbol.for("evident.tests.api-contract");
const ORIGINAL_FETCH = Symbol.for("evident.tests.fetch-before-api-contract");
const shared = globalThis as typeof globalThis & { [CACHE]?: { source: string; check: Checker }; [ORIGINAL_FETCH]?: typeof fetch };

/** The checker for the served document, or why there is none: only the tests that call the API pay for a broken document. */
async function documentChecker(): Promise<Checker | Error> {
  try {
    const document = openApiDocument("http://127.0.0.1");
    const source = JSON.stringify(document);
    if (shared[CACHE]?.source !== source) shared[CACHE] = { source, check: await createResponseChecker(document) };
    return shared[CACHE].check;
  } catch (error) {
    return new Error(`the OpenAPI document could not be built: ${error instanceof Error ? error.stack : String(error)}`);
  }
}
const checkAgainstDocument = await documentChecker();

/** Every way `facts` (an /api/v1 response) departs from the OpenAPI document; empty when it conforms. */
export function checkApiResponse(facts: ApiResponseFacts): string[] {
  if (checkAgainstDocument instanceof Error) throw checkAgainstDocument;
  return checkAgainstDocument(facts);
}

function report(facts: ApiResponseFacts, problems: string[]) {
  const { pathname, search } = new URL(facts.url, "http://localhost");
  const excerpt = facts.bodyText.length > BODY_EXCERPT_CHARS ? `${facts.bodyText.slice(0, BODY_EXCERPT_CHARS)}…` : facts.bodyText;
  return [`${facts.method.toUpperCase()} ${pathname}${search} → ${facts.status}`, ...problems.map((problem) => `  - ${problem}`), `  body: ${excerpt || "(empty)"}`].join("\n");
}

type Failure = { test: string | undefined; report: string };
const failures: Failure[] = [];
const inFlight = new Set<Promise<void>>();
let exemption: string | null = null;

function record(facts: ApiResponseFacts, test: string | undefined) {
  let problems: string[];
  try {
    problems = checkApiResponse(facts);
  } catch (error) {
    problems = [`the check itself failed: ${error instanceof Error ? error.stack : String(error)}`];
  }
  if (problems.length > 0) failures.push({ test, report: report(facts, problems) });
}

/** Checks a response received other than through fetch (a raw socket, node:http) like the fetched ones. */
export function recordApiResponse(facts: ApiResponseFacts) {
  if (isCheckedApiUrl(facts.url)) record(facts, expect.getState().currentTestName);
}

/**
 * For a test that provokes answers outside the document on purpose: its responses are still
 * checked, but what they break is not held against it. Call it inside the test; say why.
 */
export function exemptFromApiContract(reason: string) {
  exemption = reason;
}

const unwrappedFetch = (shared[ORIGINAL_FETCH] ??= globalThis.fetch);

globalThis.fetch = async function fetchCheckedAgainstDocument(input: RequestInfo | URL, init?: RequestInit) {
  const response = await unwrappedFetch(input, init);
  const requested = input instanceof Request ? input : null;
  const url = response.url || (requested ? requested.url : String(input));
  if (!isCheckedApiUrl(url)) return response;
  const method = init?.method ?? requested?.method ?? "GET";
  const test = expect.getState().currentTestName;
  // The test reads the response itself; the check reads a copy, and the test waits for it in afterEach.
  const { status, headers } = response;
  const checked = response
    .clone()
    .text()
    .then(
      (bodyText) => record({ method, url, status, headers, bodyText }, test),
      // The body never arrived whole (a test that cut the connection): nothing to hold to the document.
      () => undefined
    );
  inFlight.add(checked);
  void checked.finally(() => inFlight.delete(checked));
  return response;
};

async function takeFailures(inTest: boolean) {
  await Promise.all(inFlight);
  const taken = failures.filter((failure) => (failure.test !== undefined) === inTest);
  failures.splice(0, failures.length, ...failures.filter((failure) => !taken.includes(failure)));
  return taken;
}

function failWith(found: Failure[], when: string) {
  const count = found.length === 1 ? "1 API response" : `${found.length} API responses`;
  throw new Error(`${count} ${when} did not match the OpenAPI document (/api/v1/openapi.json):\n\n${found.map((failure) => failure.report).join("\n\n")}`);
}

afterEach(async () => {
  const found = await takeFailures(true);
  const reason = exemption;
  exemption = null;
  if (found.length > 0 && reason === null) failWith(found, "in this test");
});

// Responses fetched in beforeAll/afterAll hooks belong to no test: the file answers for them.
afterAll(async () => {
  const found = await takeFailures(false);
  if (found.length > 0) failWith(found, "outside any test (in a beforeAll or afterAll hook)");
});
