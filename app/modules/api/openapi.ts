/**
 * The OpenAPI 3.1 document, generated from the operations table and its Zod schemas — the same
 * ones that validate requests and shape responses — so the document and the server cannot disagree.
 */
import { z } from "zod";
import { Person as WebhookPerson, Subject as WebhookSubject } from "~/modules/events/payload";
import { OPERATIONS, WEBHOOKS, type Operation, type Tag } from "./operations";
import * as S from "./schemas";

type JsonSchema = Record<string, unknown>;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** Enums get a name of their own, so a generated client has one type for each. */
const NAMED_ENUMS: Record<string, z.ZodType> = {
  Category: S.Category,
  HypothesisStatus: S.HypothesisStatus,
  Method: S.Method,
  MetricKind: S.Kind,
  Comparator: S.Comparator,
  Decision: S.Decision,
  Stage: S.Stage,
  ExperimentStatus: S.ExperimentStatus,
  Verdict: S.Verdict,
  Direction: S.Direction,
  GateStatus: S.GateStatus,
  GateCriterionKind: S.GateCriterionKind,
};

/** Every named schema as JSON Schema, requests read as input and responses as output. */
function componentSchemas(): Record<string, JsonSchema> {
  const requests = z.registry<{ id: string }>();
  const responses = z.registry<{ id: string }>();
  for (const [name, type] of Object.entries(NAMED_ENUMS)) {
    requests.add(type, { id: name });
    responses.add(type, { id: name });
  }
  for (const operation of Object.values(OPERATIONS) as Operation[]) {
    for (const [name, type] of Object.entries(operation.body?.schemas ?? {})) if (!requests.has(type)) requests.add(type, { id: name });
    const schema = operation.success.schema;
    if (schema && !responses.has(schema.type)) responses.add(schema.type, { id: schema.name });
  }
  // The items of each page are components too, so a page refers to them.
  for (const [name, type] of Object.entries({ Product: S.Product, Hypothesis: S.Hypothesis, ExperimentSummary: S.ExperimentSummary, Observation: S.Observation, Signal: S.Signal })) {
    if (!responses.has(type)) responses.add(type, { id: name });
  }
  responses.add(S.ErrorBody, { id: "Error" });
  // What webhooks post is output too: Evident writes it, a receiver reads it.
  responses.add(WebhookPerson, { id: "WebhookPerson" });
  responses.add(WebhookSubject, { id: "WebhookSubject" });
  for (const webhook of Object.values(WEBHOOKS)) responses.add(webhook.schema.type, { id: webhook.schema.name });
  const generate = (registry: typeof requests, io: "input" | "output") =>
    z.toJSONSchema(registry, { target: "draft-2020-12", io, unrepresentable: "any", uri: (id) => `#/components/schemas/${id}` }).schemas as Record<string, JsonSchema>;
  const all: Record<string, JsonSchema> = { ...generate(requests, "input"), ...generate(responses, "output") };
  for (const schema of Object.values(all)) {
    delete schema.$schema;
    delete schema.$id;
  }
  // Zod puts schemas used by several components under "__shared"; each becomes a component of its
  // own, which a $ref can point at. The only one today is the export's JSON value (the agendas and
  // activity snapshots it carries), which is recursive: it is documented as what it is, any JSON
  // value, because generated clients cannot type a recursive alias.
  const shared = (all.__shared?.$defs ?? {}) as Record<string, JsonSchema>;
  delete all.__shared;
  const names = Object.keys(shared).map((key, index, keys) => [key, keys.length === 1 ? "JsonValue" : `Shared${index + 1}`] as const);
  const sharedComponents = names.map(([key, name]) => {
    const recursive = JSON.stringify(shared[key]).includes(`__shared#/$defs/${key}"`);
    return [name, recursive ? { description: "Any JSON value." } : shared[key]] as const;
  });
  let text = JSON.stringify({ ...all, ...Object.fromEntries(sharedComponents) });
  for (const [key, name] of names) text = text.replaceAll(`#/components/schemas/__shared#/$defs/${key}`, `#/components/schemas/${name}`);
  return JSON.parse(text) as Record<string, JsonSchema>;
}

/** A schema on its own (a query parameter's), as JSON Schema. */
function inline(type: z.ZodType, io: "input" | "output" = "input"): JsonSchema {
  const { $schema: _, ...schema } = z.toJSONSchema(type, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
  return schema;
}

const ERROR_RESPONSES: Record<string, { name: string; description: string; code: S.ErrorCode; message: string; headers?: string[] }> = {
  "400": { name: "BadRequest", description: "Invalid input: `fields` names each invalid body field or query parameter.", code: "invalid_request", message: "The request has invalid fields." },
  "401": { name: "Unauthorized", description: "No token, or not a valid one.", code: "unauthorized", message: "Send a valid API token: Authorization: Bearer <token>.", headers: ["WWW-Authenticate"] },
  "403": { name: "Forbidden", description: "The token's role cannot do this (a viewer token only reads).", code: "forbidden", message: "This token acts as viewer and cannot do that." },
  "404": { name: "NotFound", description: "No such resource in the token's team.", code: "not_found", message: "No such experiment in this team." },
  "409": {
    name: "Conflict",
    description: "`conflict`: it changed since the `version` you sent; `value_exists`: a different value is recorded for that day; `idempotency_conflict`: a request with this Idempotency-Key is still running.",
    code: "conflict",
    message: "Someone else changed this since you loaded it.",
  },
  "413": { name: "PayloadTooLarge", description: "The body is larger than 1 MB.", code: "payload_too_large", message: "The body is larger than 1 MB. Send at most 5,000 rows per request." },
  "415": { name: "UnsupportedMediaType", description: "The body is not sent as application/json.", code: "unsupported_media_type", message: "Send the body as application/json." },
  "422": {
    name: "Unprocessable",
    description: "Not possible in the current state (`not_running`, `wrong_status`, `closed`, `not_possible`), or an Idempotency-Key reused with a different request (`idempotency_mismatch`).",
    code: "not_running",
    message: "Start the experiment before logging evidence.",
  },
  "429": { name: "TooManyRequests", description: "Over the token's requests a minute.", code: "rate_limited", message: "Too many requests for this token: at most 600 a minute. Retry after 12 s.", headers: ["Retry-After"] },
  "500": { name: "InternalError", description: "A fault on our side; nothing half-written is kept.", code: "internal", message: "Something went wrong on our side." },
  "503": { name: "Unavailable", description: "The database is briefly unavailable; retry after the given seconds.", code: "unavailable", message: "The database is not answering right now. Please try again in a few seconds.", headers: ["Retry-After"] },
};

const HEADERS = {
  "Retry-After": { description: "Seconds to wait before retrying.", schema: { type: "integer", minimum: 1 } },
  "WWW-Authenticate": { description: "The authentication scheme: Bearer.", schema: { type: "string" } },
  Location: { description: "The address of the created resource.", schema: { type: "string", format: "uri-reference" } },
  "Idempotent-Replayed": { description: "`true` when this is the stored answer to an earlier request with the same Idempotency-Key: nothing was written again.", schema: { type: "string", enum: ["true"] } },
};

const isWrite = (operation: Operation) => operation.method !== "get";

/** The error statuses an operation can really answer with. */
export function errorStatuses(operation: Operation): string[] {
  const statuses = ["400", "401"];
  const role = operation.minimumRole ?? (isWrite(operation) ? "MEMBER" : "VIEWER");
  if (role !== "VIEWER") statuses.push("403");
  // A write can name a missing resource in its body too (a productId, a hypothesisId).
  if (operation.path.includes("{id}") || isWrite(operation)) statuses.push("404");
  if (isWrite(operation)) statuses.push("409", "413", "415", "422");
  statuses.push("429", "500", "503");
  return statuses;
}

function operationObject(operationId: string, operation: Operation) {
  const parameters: object[] = [];
  for (const [name, parameter] of Object.entries(operation.query ?? {})) {
    const required = !parameter.schema.safeParse(undefined).success;
    parameters.push({ name, in: "query", required, description: parameter.description, schema: inline(parameter.schema) });
  }
  if (isWrite(operation)) parameters.push({ $ref: "#/components/parameters/IdempotencyKey" });

  const bodies = Object.keys(operation.body?.schemas ?? {});
  const requestBody = operation.body && {
    required: operation.body.required,
    content: { "application/json": { schema: bodies.length === 1 ? ref(bodies[0]) : { oneOf: bodies.map(ref) }, example: operation.body.example } },
  };

  const { success } = operation;
  const successHeaders = {
    ...(success.location ? { Location: { $ref: "#/components/headers/Location" } } : {}),
    ...(isWrite(operation) ? { "Idempotent-Replayed": { $ref: "#/components/headers/Idempotent-Replayed" } } : {}),
  };
  const responses: Record<string, object> = {
    [String(success.status)]: {
      description: success.description,
      ...(Object.keys(successHeaders).length > 0 ? { headers: successHeaders } : {}),
      ...(success.schema ? { content: { "application/json": { schema: ref(success.schema.name), example: success.example } } } : {}),
    },
  };
  for (const status of errorStatuses(operation)) responses[status] = { $ref: `#/components/responses/${ERROR_RESPONSES[status].name}` };

  return {
    operationId,
    tags: [operation.tag],
    summary: operation.summary,
    description: operation.description,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
}

const TAGS: Record<Tag, string> = {
  Products: "What the team validates, and the scale gate of each.",
  Hypotheses: "The beliefs being tested.",
  Experiments: "Timeboxed tests of a hypothesis against a success criterion fixed in advance.",
  Evidence: "Observations logged against a running experiment.",
  Signals: "Product metrics over time, read by the scale gate.",
  Search: "Find what the team recorded and learned.",
  Export: "All of a team's data in one document.",
  Webhooks: "What Evident posts to a team's endpoints when something happens (Settings → Webhooks).",
};

const WEBHOOK_HEADERS = [
  { name: "webhook-id", description: "The delivery's id (msg_…): the same on every retry, so a receiver can ignore repeats.", example: "msg_9fKq2LmZt3RbXc8uPw1yHe" },
  { name: "webhook-timestamp", description: "When it was signed, in seconds since 1970; refuse old ones to stop replays.", example: "1772443800" },
  { name: "webhook-signature", description: "`v1,` and the base64 HMAC-SHA256 of `id.timestamp.body` under the endpoint's secret (Standard Webhooks).", example: "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=" },
];

/**
 * What Evident posts to a team's webhook endpoints, one entry per event type. Signed endpoints get
 * these bodies with Standard Webhooks headers; Slack endpoints get the same events as Slack messages.
 */
function webhooksSection() {
  return Object.fromEntries(
    Object.entries(WEBHOOKS).map(([type, webhook]) => [
      type,
      {
        post: {
          operationId: `webhook_${type.replace(/\W/g, "_")}`,
          tags: ["Webhooks"],
          summary: webhook.summary,
          description: `${webhook.description} Posted to every endpoint that chose \`${type}\`, signed with its secret; retried with backoff until a 2xx answer.`,
          security: [],
          parameters: WEBHOOK_HEADERS.map(({ name, description, example }) => ({ name, in: "header", required: true, description, schema: { type: "string" }, example })),
          requestBody: { required: true, content: { "application/json": { schema: ref(webhook.schema.name), example: webhook.example } } },
          responses: {
            "200": { description: "Any 2xx answer acknowledges the delivery." },
            "400": { description: "Any other answer, or none within 10 seconds, is a failure: the delivery is retried, and an endpoint that keeps failing is turned off." },
          },
        },
      },
    ]),
  );
}

export function openApiDocument(serverUrl: string) {
  const paths: Record<string, Record<string, object>> = {};
  for (const [operationId, operation] of Object.entries(OPERATIONS) as [string, Operation][]) {
    const item = (paths[operation.path] ??= {});
    if (operation.path.includes("{id}")) item.parameters = [{ $ref: "#/components/parameters/Id" }];
    item[operation.method] = operationObject(operationId, operation);
  }
  const responses = Object.fromEntries(
    Object.values(ERROR_RESPONSES).map(({ name, description, code, message, headers }) => [
      name,
      {
        description,
        ...(headers ? { headers: Object.fromEntries(headers.map((header) => [header, { $ref: `#/components/headers/${header}` }])) } : {}),
        content: { "application/json": { schema: ref("Error"), example: { error: { code, message, ...(code === "invalid_request" ? { fields: { "criterion.target": "Enter the target as a number." } } : {}) } } } },
      },
    ]),
  );
  return {
    openapi: "3.1.0",
    info: {
      title: "Evident API",
      version: "1.2.0",
      summary: "Push evidence from the tools you already use; read verdicts and gate status.",
      description:
        "Authenticate with a team API token: `Authorization: Bearer <token>`. Enum values are lower case (`landing_page`), dates YYYY-MM-DD, times ISO 8601 in UTC. Lists are cursor-paginated. Every write accepts an `Idempotency-Key`. Errors are `{ error: { code, message, fields? } }`; a method an endpoint does not take answers 405 `method_not_allowed` with `Allow`. See /docs/api for a walkthrough and the changelog.",
      license: { name: "Proprietary", identifier: "LicenseRef-Evident" },
    },
    servers: [{ url: `${serverUrl}/api/v1`, description: "This Evident" }],
    security: [{ bearer: [] }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths,
    webhooks: webhooksSection(),
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "A team API token (evd_…), from Settings → API tokens." } },
      parameters: {
        Id: { name: "id", in: "path", required: true, description: "The resource's id.", schema: { type: "string", pattern: "^[A-Za-z0-9_-]{1,64}$" } },
        IdempotencyKey: {
          name: "Idempotency-Key",
          in: "header",
          required: false,
          description: "Makes a write safe to retry: a replay returns the first response (with Idempotent-Replayed) and writes nothing.",
          schema: { type: "string", maxLength: 200 },
        },
      },
      headers: HEADERS,
      responses,
      schemas: componentSchemas(),
    },
  };
}
