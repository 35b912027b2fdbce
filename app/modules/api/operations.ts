/**
 * Every operation of /api/v1, once: its method and path, what it takes (query, body) and what it
 * answers. The handlers (v1.server.ts) are bound to these by operationId and answer through the
 * success schema; the OpenAPI document (openapi.ts) is generated from the same table, so the
 * document cannot say something the server does not do.
 */
import type { z } from "zod";
import * as X from "./examples";
import * as S from "./schemas";
import { EVENT_TYPE_NAMES, EVENT_TYPES } from "~/modules/events/catalog";
import { TEST_EVENT_TYPE, TEST_PAYLOAD, WEBHOOK_PAYLOADS } from "~/modules/events/payload";

export type Tag = "Products" | "Hypotheses" | "Experiments" | "Evidence" | "Signals" | "Search" | "Export" | "Webhooks";

export type Operation = {
  method: "get" | "post" | "patch" | "delete";
  /** The path under /api/v1, OpenAPI style. */
  path: string;
  tag: Tag;
  summary: string;
  description: string;
  /** Who may call it: reads any token, writes a member's, unless said otherwise. */
  minimumRole?: "VIEWER" | "MEMBER" | "ADMIN";
  query?: Record<string, S.QueryParameter>;
  /** The request body: one schema, or any of several (one row or a bulk of them). */
  body?: { schemas: Record<string, z.ZodType>; required: boolean; example: unknown };
  success: {
    status: 200 | 201 | 204;
    description: string;
    /** The body's schema and its name among the document's components. */
    schema?: { name: string; type: z.ZodType };
    example?: unknown;
    /** A 201 that created one resource answers with its address in Location. */
    location?: boolean;
  };
};

function page<T extends z.ZodType>(name: string, item: T, example: unknown) {
  return { name, type: S.PageOf(item), example: { data: [example], nextCursor: null } };
}

function list<T extends z.ZodType>(path: string, tag: Tag, summary: string, description: string, items: { name: string; type: T; example: unknown }, query = S.ListQuery) {
  return {
    method: "get" as const, path, tag, summary, description, query,
    success: { status: 200 as const, description: summary, schema: { name: items.name, type: items.type }, example: items.example },
  };
}

export const OPERATIONS = {
  // ------------------------------------------------------------------------------- products
  listProducts: list("/products", "Products", "List products", "The team's products, oldest first.", page("ProductPage", S.Product, X.product)),
  createProduct: {
    method: "post", path: "/products", tag: "Products", summary: "Create a product",
    description: "A product (or bet) the team validates. It starts at the mvp stage, with its gate on hold.",
    body: { schemas: { ProductCreate: S.ProductCreate }, required: true, example: { name: "Invoicing", description: "Get freelancers paid faster." } },
    success: { status: 201, description: "The product", schema: { name: "Product", type: S.Product }, example: X.product, location: true },
  },
  getProduct: {
    method: "get", path: "/products/{id}", tag: "Products", summary: "Get a product", description: "One product of the team.",
    success: { status: 200, description: "The product", schema: { name: "Product", type: S.Product }, example: X.product },
  },
  updateProduct: {
    method: "patch", path: "/products/{id}", tag: "Products", summary: "Update a product",
    description: "Changes the fields sent and keeps the others. Send `version` to refuse the change (409 conflict) if someone changed the product since you read it.",
    body: { schemas: { ProductPatch: S.ProductPatch }, required: true, example: { description: "Get freelancers paid in days, not weeks.", version: 1 } },
    success: { status: 200, description: "The product as changed", schema: { name: "Product", type: S.Product }, example: { ...X.product, version: 2 } },
  },
  getProductGate: {
    method: "get", path: "/products/{id}/gate", tag: "Products", summary: "Get the scale gate",
    description: "Whether the evidence demands scaling this product: hold, ready (every criterion met) or open (scaling decided), with each criterion's current value and why it is met or not.",
    success: { status: 200, description: "The gate", schema: { name: "Gate", type: S.Gate }, example: X.gate },
  },

  // ----------------------------------------------------------------------------- hypotheses
  listHypotheses: list("/hypotheses", "Hypotheses", "List hypotheses", "Hypotheses in key order (H-1, H-2, …), optionally of one product or status.", page("HypothesisPage", S.Hypothesis, X.hypothesis), S.HypothesisListQuery),
  createHypothesis: {
    method: "post", path: "/hypotheses", tag: "Hypotheses", summary: "Create a hypothesis",
    description: "A belief to test, untested until an experiment's evidence says otherwise.",
    body: { schemas: { HypothesisCreate: S.HypothesisCreate }, required: true, example: { productId: X.product.id, statement: "Freelancers will pay to get invoices paid faster.", category: "viability", importance: 5 } },
    success: { status: 201, description: "The hypothesis", schema: { name: "Hypothesis", type: S.Hypothesis }, example: X.hypothesis, location: true },
  },
  getHypothesis: {
    method: "get", path: "/hypotheses/{id}", tag: "Hypotheses", summary: "Get a hypothesis", description: "One hypothesis with its status and the strength of its evidence.",
    success: { status: 200, description: "The hypothesis", schema: { name: "Hypothesis", type: S.Hypothesis }, example: X.hypothesis },
  },
  updateHypothesis: {
    method: "patch", path: "/hypotheses/{id}", tag: "Hypotheses", summary: "Update a hypothesis",
    description: "Changes the fields sent and keeps the others. Send `version` to refuse the change (409 conflict) if it changed since you read it.",
    body: { schemas: { HypothesisPatch: S.HypothesisPatch }, required: true, example: { importance: 4, version: 1 } },
    success: { status: 200, description: "The hypothesis as changed", schema: { name: "Hypothesis", type: S.Hypothesis }, example: { ...X.hypothesis, importance: 4, version: 2 } },
  },
  deleteHypothesis: {
    method: "delete", path: "/hypotheses/{id}", tag: "Hypotheses", summary: "Move a hypothesis to the trash",
    description: "It leaves every list; an admin can restore it from the trash for 30 days.",
    success: { status: 204, description: "Moved to the trash" },
  },

  // ---------------------------------------------------------------------------- experiments
  listExperiments: list("/experiments", "Experiments", "List experiments", "Experiments in key order (E-1, E-2, …) with their live results, optionally of one hypothesis.", page("ExperimentPage", S.ExperimentSummary, X.experimentSummary), S.ExperimentListQuery),
  createExperiment: {
    method: "post", path: "/experiments", tag: "Experiments", summary: "Create an experiment",
    description: "A draft: its metric and success criterion can still change until it starts. Two weeks long unless `endsOn` says otherwise.",
    body: {
      schemas: { ExperimentCreate: S.ExperimentCreate }, required: true,
      example: { hypothesisId: X.hypothesis.id, title: "Pre-order page", method: "landing_page", metric: { name: "Pre-order rate", kind: "rate" }, criterion: { comparator: "gte", target: 0.1 }, startsOn: "2026-03-02" },
    },
    success: { status: 201, description: "The experiment", schema: { name: "Experiment", type: S.Experiment }, example: X.draftExperiment, location: true },
  },
  getExperiment: {
    method: "get", path: "/experiments/{id}", tag: "Experiments", summary: "Get an experiment", description: "One experiment with the whole of its result, and its learning card once concluded.",
    success: { status: 200, description: "The experiment", schema: { name: "Experiment", type: S.Experiment }, example: X.experiment },
  },
  updateExperiment: {
    method: "patch", path: "/experiments/{id}", tag: "Experiments", summary: "Update an experiment",
    description: "Changes the fields sent and keeps the others. Changing the criterion of a started experiment needs a `reason`, and the experiment is marked as changed after start.",
    body: { schemas: { ExperimentPatch: S.ExperimentPatch }, required: true, example: { endsOn: "2026-03-20", version: 2 } },
    success: { status: 200, description: "The experiment as changed", schema: { name: "Experiment", type: S.Experiment }, example: { ...X.experiment, endsOn: "2026-03-20", version: 3 } },
  },
  deleteExperiment: {
    method: "delete", path: "/experiments/{id}", tag: "Experiments", summary: "Move an experiment to the trash",
    description: "It leaves every list with its evidence; an admin can restore it from the trash for 30 days.",
    success: { status: 204, description: "Moved to the trash" },
  },
  startExperiment: {
    method: "post", path: "/experiments/{id}/start", tag: "Experiments", summary: "Start an experiment",
    description: "Locks the success criterion: from now on, changing it needs a reason and is shown. The body is optional.",
    body: { schemas: { ExperimentStart: S.ExperimentStart }, required: false, example: { version: 1 } },
    success: { status: 200, description: "The running experiment", schema: { name: "Experiment", type: S.Experiment }, example: X.runningExperiment },
  },
  concludeExperiment: {
    method: "post", path: "/experiments/{id}/conclude", tag: "Experiments", summary: "Conclude an experiment",
    description: "Closes it with a learning card: what was observed, what was learned, the next steps and the decision. The verdict at this moment becomes final.",
    body: { schemas: { ExperimentConclude: S.ExperimentConclude }, required: true, example: { observed: "55 of 200 visitors pre-ordered.", learned: "Freelancers want it.", nextSteps: "Build the reminder emails.", decision: "persevere" } },
    success: { status: 200, description: "The concluded experiment", schema: { name: "Experiment", type: S.Experiment }, example: X.concludedExperiment },
  },

  // ------------------------------------------------------------------------------- evidence
  listObservations: {
    method: "get", path: "/experiments/{id}/observations", tag: "Evidence", summary: "List observations", description: "An experiment's evidence, in the order it was recorded.", query: S.ListQuery,
    success: { status: 200, description: "Observations", schema: { name: "ObservationPage", type: S.PageOf(S.Observation) }, example: { data: [X.observation], nextCursor: null } },
  },
  addObservations: {
    method: "post", path: "/experiments/{id}/observations", tag: "Evidence", summary: "Log observations",
    description: "One observation, or `{ observations: [...] }` with up to 5,000, all or nothing, on a running experiment. With an Idempotency-Key, a retried request records nothing twice.",
    body: { schemas: { ObservationCreate: S.ObservationInput, ObservationBulkCreate: S.ObservationBulk }, required: true, example: { observations: [{ observedOn: "2026-03-02", successes: 12, trials: 80 }, { observedOn: "2026-03-03", note: "“I'd pay for this.”", source: "Interview", strength: 1 }] } },
    success: { status: 201, description: "What happened to each row", schema: { name: "BulkResult", type: S.BulkResult }, example: { received: 2, created: 2, replaced: 0, unchanged: 0 } },
  },

  // -------------------------------------------------------------------------------- signals
  listSignals: list("/signals", "Signals", "List signals", "The product metrics the team tracks over time, oldest first.", page("SignalPage", S.Signal, X.signal)),
  createSignal: {
    method: "post", path: "/signals", tag: "Signals", summary: "Create a signal",
    description: "A product metric tracked over time (customers, p95 latency); gate criteria are set on signals.",
    body: { schemas: { SignalCreate: S.SignalCreate }, required: true, example: { productId: X.product.id, name: "p95 latency", unit: "ms", direction: "down" } },
    success: { status: 201, description: "The signal", schema: { name: "Signal", type: S.Signal }, example: X.signal, location: true },
  },
  addSignalPoints: {
    method: "post", path: "/signals/{id}/points", tag: "Signals", summary: "Record signal values",
    description: "One value a day: `{ date, value }`, or `{ points: [...] }` with up to 5,000. Sending a day's recorded value again changes nothing; a different value for a recorded day needs `replace: true`.",
    body: { schemas: { PointCreate: S.PointSingle, PointBulkCreate: S.PointBulk }, required: true, example: { points: [{ date: "2026-03-02", value: 182 }, { date: "2026-03-03", value: 176 }] } },
    success: { status: 201, description: "What happened to each value", schema: { name: "BulkResult", type: S.BulkResult }, example: { received: 2, created: 2, replaced: 0, unchanged: 0 } },
  },

  // --------------------------------------------------------------------------------- search
  searchTeam: {
    method: "get", path: "/search", tag: "Search", summary: "Search the team's work",
    description:
      "Hypotheses, experiments (plans and metrics), evidence notes and quotes, learning cards, comments, reviews and investor updates, best match first: words (stemmed, so “invoices” finds “invoice”), titles with a typo or cut short (“onbord”), and keys (H-12). Trashed items are never found. Any text is a valid query: one that matches nothing answers an empty list.",
    query: S.SearchQuery,
    success: {
      status: 200, description: "Hits", schema: { name: "SearchPage", type: S.PageOf(S.SearchHit) },
      example: { data: [{ type: "hypothesis", key: "H-12", title: "Freelancers will pay to get invoices paid faster.", snippet: "Freelancers will pay to get invoices paid faster · Freelance designers", url: "https://evident.example/t/ledgerly/hypotheses/H-12" }], nextCursor: null },
    },
  },

  // --------------------------------------------------------------------------------- export
  exportTeam: {
    method: "get", path: "/export", tag: "Export", summary: "Export the team",
    description: "Everything the team recorded as one versioned document (format evident.team-export, version 1) — the same file as Settings → Data, which an operator can import as a new team. Being a file format, it keeps the stored names of enum values (RUNNING, LANDING_PAGE).",
    success: { status: 200, description: "The team export", schema: { name: "TeamExport", type: S.TeamExport }, example: X.teamExport },
  },
} satisfies Record<string, Operation>;

export type OperationId = keyof typeof OPERATIONS;

/** A webhook Evident posts: its event type, the body's schema and an example (OpenAPI `webhooks`). */
export type WebhookDoc = { summary: string; description: string; schema: { name: string; type: z.ZodType }; example: unknown };

/** "experiment.started" is documented as ExperimentStartedEvent. */
function eventSchemaName(type: string): string {
  return `${type
    .split(/[._]/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("")}Event`;
}

/** Every webhook, from the event catalogue: the same schemas build the bodies that are sent. */
export const WEBHOOKS: Record<string, WebhookDoc> = {
  ...Object.fromEntries(
    EVENT_TYPE_NAMES.map((type) => [
      type,
      { summary: EVENT_TYPES[type].label, description: EVENT_TYPES[type].description, schema: { name: eventSchemaName(type), type: WEBHOOK_PAYLOADS[type] }, example: X.webhookEvents[type] },
    ]),
  ),
  [TEST_EVENT_TYPE]: { summary: "Test event", description: "Sent when an admin presses “Send test event” in the endpoint's settings.", schema: { name: eventSchemaName(TEST_EVENT_TYPE), type: TEST_PAYLOAD }, example: X.webhookTest },
};
