/**
 * The whole evidence loop through a client generated from Evident's OpenAPI document: a product,
 * a hypothesis, an experiment with evidence and its verdict, a signal with values, the gate and
 * the export. It is written the way an integrator would write it — every request body and every
 * response field comes from the generated types, with no casts — so it compiles only while the
 * document describes each operation precisely.
 *
 * tests/integration/generated-client.test.ts generates `api-types.d.ts` from the served document
 * beside a copy of this file, type-checks both and runs it. By hand:
 *   npx openapi-typescript http://localhost:3000/api/v1/openapi.json -o api-types.d.ts
 *   EVIDENT_API_URL=http://localhost:3000/api/v1 EVIDENT_TOKEN=evd_… npx tsx client-loop.ts
 */
import createClient from "openapi-fetch";
import type { paths } from "./api-types";

const baseUrl = process.env.EVIDENT_API_URL;
const token = process.env.EVIDENT_TOKEN;
if (!baseUrl || !token) throw new Error("Set EVIDENT_API_URL (the API's base, e.g. http://localhost:3000/api/v1) and EVIDENT_TOKEN (a member's API token).");

const api = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });

/**
 * The body of the expected answer; anything else stops the loop, saying which step and why.
 * openapi-fetch resolves to `{ data }` on success and `{ error }` otherwise, both typed from the document.
 */
async function expectStatus<Body>(step: string, status: number, pending: Promise<{ data?: Body; error?: unknown; response: Response }>): Promise<Body> {
  const { data, error, response } = await pending;
  if (error !== undefined) throw new Error(`${step}: HTTP ${response.status} ${JSON.stringify(error)}`);
  if (response.status !== status) throw new Error(`${step}: expected HTTP ${status}, got ${response.status}`);
  if (data === undefined) throw new Error(`${step}: HTTP ${response.status} without a body`);
  console.log(`${step}: ${response.status}`);
  return data;
}

function check(condition: boolean, failure: string) {
  if (!condition) throw new Error(failure);
}

/** A day `offset` days from today, YYYY-MM-DD in UTC like the server's own "today". */
function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

// Wording for each gate status. Indexing by the response's status only compiles while the document
// lists the statuses: a plain string could be anything.
const GATE_WORDING = { hold: "on hold", ready: "ready to open", open: "open" };

async function main() {
  const product = await expectStatus("create product", 201, api.POST("/products", { body: { name: "Invoicing" } }));

  const hypothesis = await expectStatus(
    "create hypothesis",
    201,
    api.POST("/hypotheses", { body: { productId: product.id, statement: "Freelancers will pay to get invoices paid faster.", category: "viability", importance: 5 } })
  );

  const experiment = await expectStatus(
    "create experiment",
    201,
    api.POST("/experiments", {
      body: {
        hypothesisId: hypothesis.id,
        title: "Pre-order page",
        method: "landing_page",
        metric: { name: "Pre-order rate", kind: "rate" },
        criterion: { comparator: "gte", target: 0.1 },
        startsOn: day(-3),
      },
    })
  );
  check(experiment.status === "draft", `a new experiment should be a draft, not ${experiment.status}`);

  // No body: the experiment's current version is the one started.
  const started = await expectStatus("start experiment", 200, api.POST("/experiments/{id}/start", { params: { path: { id: experiment.id } } }));
  check(started.status === "running", `a started experiment should be running, not ${started.status}`);

  const observations = await expectStatus(
    "add observations",
    201,
    api.POST("/experiments/{id}/observations", {
      params: { path: { id: experiment.id }, header: { "Idempotency-Key": `pre-orders-${experiment.id}` } },
      body: {
        observations: [
          { observedOn: day(-2), successes: 30, trials: 100 },
          { observedOn: day(-1), successes: 28, trials: 100 },
          { observedOn: day(0), successes: 32, trials: 100 },
        ],
      },
    })
  );
  check(observations.received === 3 && observations.created === 3, `3 observations should be created, got ${JSON.stringify(observations)}`);

  // 90 pre-orders in 300 visits is clearly above 10 %.
  const measured = await expectStatus("read result", 200, api.GET("/experiments/{id}", { params: { path: { id: experiment.id } } }));
  check(measured.result.n === 300, `the result should count 300 visits, not ${measured.result.n}`);
  check(measured.result.verdict === "met", `the verdict should be met, not ${measured.result.verdict}`);
  console.log(`${measured.key}: ${measured.result.verdict}`);

  const signal = await expectStatus("create signal", 201, api.POST("/signals", { body: { productId: product.id, name: "p95 latency", unit: "ms", direction: "down" } }));

  const points = await expectStatus(
    "add signal points",
    201,
    api.POST("/signals/{id}/points", {
      params: { path: { id: signal.id } },
      body: {
        points: [
          { date: day(-2), value: 190 },
          { date: day(-1), value: 182 },
          { date: day(0), value: 176 },
        ],
      },
    })
  );
  check(points.received === 3 && points.created === 3 && points.replaced === 0 && points.unchanged === 0, `3 points should be created, got ${JSON.stringify(points)}`);

  const gate = await expectStatus("read gate", 200, api.GET("/products/{id}/gate", { params: { path: { id: product.id } } }));
  console.log(`gate: ${GATE_WORDING[gate.status]}`);

  const exported = await expectStatus("export team", 200, api.GET("/export"));
  check(Object.keys(exported).length > 0, "the export should not be empty");

  console.log("loop complete");
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
