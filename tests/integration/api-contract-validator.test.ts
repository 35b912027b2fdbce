/**
 * The response check behind tests/support/api-contract.ts can fail: fabricated responses, no server.
 * First against the served document, then against a small fixed one that exercises every rule
 * whatever the served document happens to say.
 */
import { describe, expect, it } from "vitest";
import { checkApiResponse, createResponseChecker, type ApiResponseFacts } from "../support/api-contract";

const base = "http://127.0.0.1:4000/api/v1";
const json = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };
const notFound = JSON.stringify({ error: { code: "not_found", message: "No such product in this team." } });

function response(facts: Partial<ApiResponseFacts> & Pick<ApiResponseFacts, "method" | "url" | "status">): ApiResponseFacts {
  return { headers: json, bodyText: "", ...facts };
}

describe("against the served document", () => {
  it("reports a list whose data is not a list", () => {
    const problems = checkApiResponse(response({ method: "GET", url: `${base}/products`, status: 200, bodyText: JSON.stringify({ data: "Invoicing", nextCursor: 42 }) }));
    expect(problems.join("\n")).toMatch(/body\/data/);
  });

  it("reports a status the operation does not document", () => {
    const problems = checkApiResponse(response({ method: "GET", url: `${base}/products`, status: 418, bodyText: JSON.stringify({ error: { code: "teapot", message: "No." } }) }));
    expect(problems).toEqual([expect.stringMatching(/^status 418 is not documented for GET \/products \(documented: .*\)$/)]);
  });

  it("reports an error that is not the Error schema, and one that is not JSON", () => {
    const notError = checkApiResponse(response({ method: "GET", url: `${base}/products/p1`, status: 404, bodyText: JSON.stringify({ message: "gone" }) }));
    expect(notError.join("\n")).toMatch(/body must have required property 'error'/);
    const html = checkApiResponse(response({ method: "GET", url: `${base}/products/p1`, status: 404, headers: { "content-type": "text/html" }, bodyText: "<h1>Not found</h1>" }));
    expect(html.join("\n")).toMatch(/content-type is text\/html/);
  });

  it("reports a 204 with a body", () => {
    const problems = checkApiResponse(response({ method: "DELETE", url: `${base}/hypotheses/h1`, status: 204, bodyText: "{}" }));
    expect(problems).toEqual(["a 204 has no body, but this one has 2 characters"]);
  });

  it("reports an endpoint the document does not name unless it answers the API's 404 or 405", () => {
    expect(checkApiResponse(response({ method: "GET", url: `${base}/invoices`, status: 200, bodyText: "[]" }))).toEqual([
      "no operation in the document matches GET /api/v1/invoices, and 200 is not the 404 or 405 an undocumented request may get",
    ]);
    const wrongCode = JSON.stringify({ error: { code: "method_not_allowed", message: "No." } });
    expect(checkApiResponse(response({ method: "GET", url: `${base}/invoices`, status: 404, bodyText: wrongCode }))).toEqual([
      'an unknown endpoint\'s 404 has the code "not_found", not "method_not_allowed"',
    ]);
    const methodNotAllowed = JSON.stringify({ error: { code: "method_not_allowed", message: "Use GET on this endpoint." } });
    expect(checkApiResponse(response({ method: "PUT", url: `${base}/export`, status: 405, bodyText: methodNotAllowed }))).toEqual(["a 405 must name the allowed methods in an Allow header"]);
    expect(checkApiResponse(response({ method: "PUT", url: `${base}/export`, status: 405, headers: { ...json, allow: "GET" }, bodyText: methodNotAllowed }))).toEqual([]);
    expect(
      checkApiResponse(response({ method: "GET", url: `${base}/invoices?x=1`, status: 404, bodyText: JSON.stringify({ error: { code: "not_found", message: "No such API endpoint." } }) }))
    ).toEqual([]);
  });

  it("passes responses that conform, and leaves the document itself and other paths alone", () => {
    expect(checkApiResponse(response({ method: "GET", url: `${base}/products`, status: 200, bodyText: JSON.stringify({ data: [], nextCursor: null }) }))).toEqual([]);
    expect(checkApiResponse(response({ method: "GET", url: `${base}/products/p1`, status: 404, bodyText: notFound }))).toEqual([]);
    expect(checkApiResponse(response({ method: "DELETE", url: `${base}/hypotheses/h1`, status: 204, headers: { "cache-control": "no-store" } }))).toEqual([]);
    expect(checkApiResponse(response({ method: "GET", url: `${base}/openapi.json`, status: 500, bodyText: "oops" }))).toEqual([]);
    expect(checkApiResponse(response({ method: "GET", url: "http://127.0.0.1:4000/t/acme", status: 500, bodyText: "oops" }))).toEqual([]);
  });
});

describe("against a fixed document", async () => {
  const error = {
    type: "object",
    required: ["error"],
    properties: { error: { type: "object", required: ["code", "message"], properties: { code: { type: "string" }, message: { type: "string" } } } },
  };
  const errorResponse = { description: "Error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
  const check = await createResponseChecker({
    openapi: "3.1.0",
    info: { title: "Fixture", version: "1" },
    servers: [{ url: "https://api.example/api/v1" }],
    components: { schemas: { Error: error, Thing: { type: "object", required: ["id"], properties: { id: { type: "string" }, on: { type: "string", format: "date" } }, additionalProperties: false } } },
    paths: {
      "/things/{id}": {
        get: {
          responses: {
            "200": { description: "A thing", content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } } },
            "4XX": errorResponse,
            "429": { ...errorResponse, headers: { "Retry-After": { required: true, schema: { type: "integer", minimum: 1 } } } },
          },
        },
        // Two operations without ids: both still checked, each against its own responses.
        put: { responses: { "200": { description: "Saved, no body" } } },
        delete: { responses: { "202": { description: "Accepted", content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Error" } } } }, default: errorResponse } },
      },
    },
  });
  const url = "http://127.0.0.1:4000/api/v1/things/t1";

  it("validates bodies against the schema of the exact status, its range, or default", () => {
    expect(check(response({ method: "GET", url, status: 200, bodyText: JSON.stringify({ id: "t1", on: "2026-03-02" }) }))).toEqual([]);
    expect(check(response({ method: "GET", url, status: 200, bodyText: JSON.stringify({ id: 1, on: "yesterday", extra: true }) })).sort()).toEqual([
      'body must NOT have additional properties: "extra"',
      "body/id must be string",
      'body/on must match format "date"',
    ]);
    expect(check(response({ method: "GET", url, status: 409, bodyText: JSON.stringify({ error: { code: "conflict" } }) }))).toEqual(["body/error must have required property 'message'"]);
    expect(check(response({ method: "GET", url, status: 500, bodyText: "{}" }))).toEqual(["status 500 is not documented for GET /things/{id} (documented: 200, 429, 4XX)"]);
    expect(check(response({ method: "DELETE", url, status: 503, bodyText: JSON.stringify({ error: { code: "unavailable", message: "Later." } }) }))).toEqual([]);
  });

  it("holds responses to their documented media type", () => {
    expect(check(response({ method: "GET", url, status: 200, bodyText: "{id:" }))).toEqual(["body is not valid JSON"]);
    expect(check(response({ method: "GET", url, status: 200 }))).toEqual(["body is empty, but the document describes application/json for GET /things/{id} 200"]);
    expect(check(response({ method: "GET", url, status: 200, headers: { "content-type": "text/plain" }, bodyText: "t1" }))).toEqual([
      "content-type is text/plain, but the document describes application/json for GET /things/{id} 200",
    ]);
    const problem = { "content-type": "application/problem+json" };
    expect(check(response({ method: "DELETE", url, status: 202, headers: problem, bodyText: JSON.stringify({ error: { code: "queued", message: "Soon." } }) }))).toEqual([]);
    expect(check(response({ method: "DELETE", url, status: 202, headers: problem, bodyText: "{}" }))).toEqual(["body must have required property 'error'"]);
    expect(check(response({ method: "PUT", url, status: 200 }))).toEqual([]);
    expect(check(response({ method: "PUT", url, status: 200, bodyText: "{}" }))).toEqual([
      "the document describes no body for PUT /things/{id} 200, but the response has one (content-type application/json; charset=utf-8)",
    ]);
    expect(check(response({ method: "HEAD", url, status: 200 }))).toEqual([]);
  });

  it("holds responses to their documented headers", () => {
    const rateLimited = JSON.stringify({ error: { code: "rate_limited", message: "Slow down." } });
    expect(check(response({ method: "GET", url, status: 429, headers: { ...json, "Retry-After": "30" }, bodyText: rateLimited }))).toEqual([]);
    expect(check(response({ method: "GET", url, status: 429, bodyText: rateLimited }))).toEqual(["header Retry-After is documented as required but missing"]);
    expect(check(response({ method: "GET", url, status: 429, headers: new Headers({ ...json, "Retry-After": "soon" }), bodyText: rateLimited }))).toEqual(["header retry-after must be integer"]);
  });
});
