/** The OpenAPI 3.1 document, generated from the same Zod schemas that validate requests. */
import { z } from "zod";
import * as S from "./schemas";

function schema(type: z.ZodType) {
  return z.toJSONSchema(type, { target: "draft-2020-12", io: "input", unrepresentable: "any" });
}

const error = { description: "Error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
const errors = { "400": error, "401": error, "403": error, "404": error, "409": error, "413": error, "422": error, "429": error };
const ok = (description: string, ref?: string) => ({ description, ...(ref ? { content: { "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } } } : {}) });
const body = (ref: string) => ({ required: true, content: { "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } } });
const idParam = { name: "id", in: "path", required: true, schema: { type: "string" } };
const idempotency = { name: "Idempotency-Key", in: "header", required: false, schema: { type: "string", maxLength: 200 }, description: "Replays return the first response and write nothing." };
const paging = [
  { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 100, default: 50 } },
  { name: "cursor", in: "query", schema: { type: "string" }, description: "nextCursor from the previous page" },
];
const list = (description: string) => ({ description, content: { "application/json": { schema: { type: "object", properties: { data: { type: "array", items: {} }, nextCursor: { type: ["string", "null"] } } } } } });

export function openApiDocument(serverUrl: string) {
  const read = (summary: string, extra: object = {}) => ({ summary, responses: { "200": ok(summary), ...errors }, ...extra });
  const write = (summary: string, ref: string | null, status = "200", extra: object = {}) => ({
    summary,
    parameters: [idempotency],
    ...(ref ? { requestBody: body(ref) } : {}),
    responses: { [status]: ok(summary), ...errors },
    ...extra,
  });
  return {
    openapi: "3.1.0",
    info: {
      title: "Evident API",
      version: "1.0.0",
      description: "Push evidence from the tools you already use and read verdicts and gate status. Authenticate with a team API token: `Authorization: Bearer <token>`.",
    },
    servers: [{ url: `${serverUrl}/api/v1` }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: {
        Error: schema(S.ErrorBody),
        ProductCreate: schema(S.ProductCreate),
        ProductPatch: schema(S.ProductPatch),
        HypothesisCreate: schema(S.HypothesisCreate),
        HypothesisPatch: schema(S.HypothesisPatch),
        ExperimentCreate: schema(S.ExperimentCreate),
        ExperimentPatch: schema(S.ExperimentPatch),
        ExperimentConclude: schema(S.ExperimentConclude),
        VersionOnly: schema(S.VersionOnly),
        Observation: schema(S.ObservationInput),
        ObservationBulk: schema(S.ObservationBulk),
        SignalCreate: schema(S.SignalCreate),
        Point: schema(S.PointSingle),
        PointBulk: schema(S.PointBulk),
      },
    },
    paths: {
      "/products": { get: { summary: "List products", parameters: paging, responses: { "200": list("Products"), ...errors } }, post: write("Create a product", "ProductCreate", "201") },
      "/products/{id}": { parameters: [idParam], get: read("Get a product"), patch: write("Update a product", "ProductPatch") },
      "/products/{id}/gate": { parameters: [idParam], get: read("Gate status with every criterion's current value") },
      "/hypotheses": {
        get: { summary: "List hypotheses", parameters: [...paging, { name: "status", in: "query", schema: { type: "string" } }, { name: "productId", in: "query", schema: { type: "string" } }], responses: { "200": list("Hypotheses"), ...errors } },
        post: write("Create a hypothesis", "HypothesisCreate", "201"),
      },
      "/hypotheses/{id}": { parameters: [idParam], get: read("Get a hypothesis"), patch: write("Update a hypothesis", "HypothesisPatch"), delete: write("Move a hypothesis to the trash", null, "204") },
      "/experiments": {
        get: { summary: "List experiments with live results", parameters: [...paging, { name: "hypothesisId", in: "query", schema: { type: "string" } }], responses: { "200": list("Experiments"), ...errors } },
        post: write("Create an experiment (draft)", "ExperimentCreate", "201"),
      },
      "/experiments/{id}": { parameters: [idParam], get: read("Get an experiment with its result"), patch: write("Update an experiment", "ExperimentPatch"), delete: write("Move an experiment to the trash", null, "204") },
      "/experiments/{id}/start": { parameters: [idParam], post: write("Start: locks the criterion", "VersionOnly") },
      "/experiments/{id}/conclude": { parameters: [idParam], post: write("Conclude with a learning card", "ExperimentConclude") },
      "/experiments/{id}/observations": {
        parameters: [idParam],
        get: { summary: "List observations", parameters: paging, responses: { "200": list("Observations"), ...errors } },
        post: {
          summary: "Log one observation, or up to 5,000 in bulk (all or nothing)",
          parameters: [idempotency],
          requestBody: { required: true, content: { "application/json": { schema: { oneOf: [{ $ref: "#/components/schemas/Observation" }, { $ref: "#/components/schemas/ObservationBulk" }] } } } },
          responses: { "201": ok("Recorded"), ...errors },
        },
      },
      "/signals": { get: { summary: "List signals", parameters: paging, responses: { "200": list("Signals"), ...errors } }, post: write("Create a signal", "SignalCreate", "201") },
      "/signals/{id}/points": {
        parameters: [idParam],
        post: {
          summary: "Record one value or up to 5,000 (one per day; changing a recorded day needs replace: true)",
          parameters: [idempotency],
          requestBody: { required: true, content: { "application/json": { schema: { oneOf: [{ $ref: "#/components/schemas/Point" }, { $ref: "#/components/schemas/PointBulk" }] } } } },
          responses: { "201": ok("Recorded"), ...errors },
        },
      },
      "/export": { get: read("The team's complete data as one versioned JSON document") },
    },
  };
}
