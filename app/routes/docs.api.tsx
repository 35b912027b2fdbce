import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { publicOrigin } from "~/utils/origin.server";

export const meta: MetaFunction = () => [{ title: "API · Evident" }];

export function loader({ request }: LoaderFunctionArgs) {
  const origin = publicOrigin(request);
  return { origin };
}

/** An example: shell (run in order, as one session, by the docs test) or TypeScript (type-checked against the generated client). */
function Code({ children, lang = "sh" }: { children: string; lang?: "sh" | "ts" }) {
  // Focusable, so that a keyboard can scroll an example wider than the page.
  return (
    <pre tabIndex={0} data-lang={lang} className="overflow-x-auto rounded-md bg-zinc-900 p-3 text-xs leading-relaxed text-zinc-100">
      {children}
    </pre>
  );
}

const ENDPOINTS: [string, string, string][] = [
  ["GET / POST", "/products", "List or create products"],
  ["GET / PATCH", "/products/:id", "Read or update a product"],
  ["GET", "/products/:id/gate", "Gate status: hold, ready or open, each criterion with its current value"],
  ["GET / POST", "/hypotheses", "List (filter by status, productId) or create hypotheses"],
  ["GET / PATCH / DELETE", "/hypotheses/:id", "Read, update, or move to the trash"],
  ["GET / POST", "/experiments", "List with live results, or create a draft"],
  ["GET / PATCH / DELETE", "/experiments/:id", "Read with result, update (criterion changes after start need a reason), trash"],
  ["POST", "/experiments/:id/start", "Start: locks the criterion"],
  ["POST", "/experiments/:id/conclude", "Conclude with a learning card"],
  ["GET / POST", "/experiments/:id/observations", "List evidence, or log one observation or up to 5,000 at once"],
  ["GET / POST", "/signals", "List or create product signals"],
  ["POST", "/signals/:id/points", "Record one value or up to 5,000"],
  ["GET", "/search", "Search the team's work (q, type), best match first"],
  ["GET", "/export", "The team's complete data as one JSON document"],
];

export default function ApiDocs() {
  const { origin } = useLoaderData<typeof loader>();
  const api = `${origin}/api/v1`;
  return (
    <main className="mx-auto max-w-4xl px-6 py-10">
      <p className="text-sm">
        <Link to="/">Evident</Link> · <a href="/api/v1/openapi.json">OpenAPI 3.1 document</a>
      </p>
      <h1 className="mt-3 text-2xl font-semibold tracking-tight">The Evident API</h1>
      <p className="muted mt-2">
        Push evidence from the tools you already use — Stripe, analytics, monitoring, a spreadsheet — and read verdicts and gate status. JSON over HTTPS,
        authenticated with a team token.
      </p>

      <h2 className="mt-8 text-lg font-semibold">Authenticate</h2>
      <p className="mt-2 text-sm">
        An admin creates a token in <strong>Settings → API tokens</strong> (or with <code>npm run cli -- token:create --team &lt;slug&gt; --name &lt;name&gt;</code>). Send it
        on every request. A <em>viewer</em> token can only read.
      </p>
      <Code>{`export TOKEN=evd_…\ncurl -s ${api}/products -H "Authorization: Bearer $TOKEN"`}</Code>

      <h2 className="mt-8 text-lg font-semibold">Endpoints</h2>
      {/* A list, not a table: on a phone each endpoint stacks (method and path, then what it does) instead of squeezing three columns. */}
      <ul className="mt-2 divide-y divide-zinc-200 border-y border-zinc-200 text-sm dark:divide-zinc-800 dark:border-zinc-800">
        {ENDPOINTS.map(([method, path, what]) => (
          <li key={path} className="grid gap-x-4 gap-y-0.5 py-2 sm:grid-cols-[11rem_17rem_1fr]">
            <span className="font-mono text-xs text-zinc-500 dark:text-zinc-400 sm:pt-0.5">{method}</span>
            <span className="break-all font-mono text-xs sm:pt-0.5">{path}</span>
            <span>{what}</span>
          </li>
        ))}
      </ul>

      <h2 className="mt-8 text-lg font-semibold">A whole loop with curl</h2>
      <Code>{`# A product and a hypothesis
PRODUCT=$(curl -s ${api}/products -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \\
  -d '{"name":"Invoicing"}' | jq -r .id)
HYPOTHESIS=$(curl -s ${api}/hypotheses -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \\
  -d '{"productId":"'$PRODUCT'","statement":"Freelancers will pay to get invoices paid faster.","category":"viability","importance":5}' | jq -r .id)

# An experiment: at least 10 % of visitors pre-order (rate targets are proportions: 0.1)
EXPERIMENT=$(curl -s ${api}/experiments -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \\
  -d '{"hypothesisId":"'$HYPOTHESIS'","title":"Pre-order page","method":"landing_page",
       "metric":{"name":"Pre-order rate","kind":"rate"},"criterion":{"comparator":"gte","target":0.1},
       "startsOn":"'$(date +%F)'"}' | jq -r .id)
curl -s -X POST ${api}/experiments/$EXPERIMENT/start -H "Authorization: Bearer $TOKEN"

# Evidence: one day, or up to 5,000 rows at once; retry safely with an Idempotency-Key
curl -s ${api}/experiments/$EXPERIMENT/observations -H "Authorization: Bearer $TOKEN" \\
  -H "Content-Type: application/json" -H "Idempotency-Key: visits-$(date +%F)" \\
  -d '{"observations":[{"observedOn":"'$(date +%F)'","successes":12,"trials":80}]}'

# The verdict: met, not_met or too_early, with the estimate and its interval
curl -s ${api}/experiments/$EXPERIMENT -H "Authorization: Bearer $TOKEN" | jq .result`}</Code>
      <p className="mt-2 text-sm">
        Both bulk writes (observations and signal points) answer what happened to each row they were sent:{" "}
        <code>{`{ "received": 1, "created": 1, "replaced": 0, "unchanged": 0 }`}</code>. Sent again with the same Idempotency-Key, the request records nothing twice.
      </p>

      <h2 className="mt-8 text-lg font-semibold">Push a signal from monitoring</h2>
      <Code>{`SIGNAL=$(curl -s ${api}/signals -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \\
  -d '{"productId":"'$PRODUCT'","name":"p95 latency","unit":"ms","direction":"down"}' | jq -r .id)
curl -s ${api}/signals/$SIGNAL/points -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \\
  -d '{"date":"'$(date +%F)'","value":182}'
curl -s ${api}/products/$PRODUCT/gate -H "Authorization: Bearer $TOKEN"`}</Code>

      <h2 className="mt-8 text-lg font-semibold">Generate a typed client</h2>
      <p className="mt-2 text-sm">
        Every operation has an <code>operationId</code>, and every response — success and error — a schema, so a generated client knows the type of each field.
        For TypeScript, for example, with <code>openapi-typescript</code> and <code>openapi-fetch</code>:
      </p>
      <Code>{`npx openapi-typescript ${origin}/api/v1/openapi.json -o evident-api.d.ts
export EXPERIMENT   # the experiment from the loop above, whose verdict the script below reads`}</Code>
      <Code lang="ts">{`import createClient from "openapi-fetch";
import type { paths } from "./evident-api";

const evident = createClient<paths>({ baseUrl: "${api}", headers: { Authorization: \`Bearer \${process.env.TOKEN}\` } });
const experimentId = process.env.EXPERIMENT;
if (!experimentId) throw new Error("Set EXPERIMENT to an experiment's id.");
const { data, error } = await evident.GET("/experiments/{id}", { params: { path: { id: experimentId } } });
if (data) console.log(data.key, data.result.verdict); // "E-7" "met"
else console.error(error.error.code, error.error.message);`}</Code>

      <h2 className="mt-8 text-lg font-semibold">Webhooks</h2>
      <p className="mt-2 text-sm">
        An admin adds endpoints under Settings → Webhooks and chooses the events each receives: experiments started, ending soon, overdue or concluded, verdicts reached,
        evidence imported, hypothesis status changes, gates ready, opened or held, scale proposals decided, reviews recorded, updates published, comments and mentions. Every
        body is <code>{`{ "type", "timestamp", "data" }`}</code>; <code>data</code> names the team, who caused it, the subject with its link, a one-sentence{" "}
        <code>summary</code>, the people involved and the event's own <code>details</code>. Each type's schema and an example are under <code>webhooks</code> in the{" "}
        <a className="underline" href="/api/v1/openapi.json">
          OpenAPI document
        </a>
        .
      </p>
      <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
        <li>
          Deliveries are signed by the Standard Webhooks scheme: headers <code>webhook-id</code>, <code>webhook-timestamp</code> and <code>webhook-signature</code>. Verify
          them with the endpoint's secret (<code>whsec_…</code>), for example <code>new Webhook(secret).verify(rawBody, headers)</code> from the{" "}
          <code>standardwebhooks</code> package, on the raw body, before parsing it.
        </li>
        <li>
          Answer any 2xx within 10 seconds. Anything else is retried after 5 s, 5 min, 30 min, 2 h, 5 h and 10 h with the same <code>webhook-id</code>, so drop an id you
          have already handled. After 15 failed attempts in a row the endpoint is turned off and the team's admins are emailed; the delivery log shows every attempt.
        </li>
        <li>
          An endpoint can be a Slack incoming webhook instead: it gets the same events as short Slack messages, with a link back and the people involved named (unsigned;
          Slack does not check signatures).
        </li>
        <li>Evident does not post to loopback, private or link-local addresses, nor follow redirects.</li>
      </ul>

      <h2 className="mt-8 text-lg font-semibold">Conventions</h2>
      <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
        <li>
          Lists are paginated: <code>?limit=50</code> (1–100) and <code>?cursor=</code> with the <code>nextCursor</code> of the previous page (<code>null</code> on the last page).
        </li>
        <li>
          Every write accepts <code>Idempotency-Key</code>: a replay returns the first response and writes nothing; the same key with a different body is a 422; a
          duplicate arriving while the first is still running is a 409.
        </li>
        <li>
          Errors are <code>{`{ "error": { "code", "message", "fields"? } }`}</code> with a 4xx status: 400 invalid input (unknown fields included), 401 bad token,
          403 role, 404 not in your team, 405 a method the endpoint does not take (with <code>Allow</code>), 409 conflict, 413 body over 1 MB, 415 a body that is not JSON, 422 not
          possible in the current state, 429 rate limit (with <code>Retry-After</code>). A 503 (with <code>Retry-After</code>) means the database is briefly away: retry. Each
          operation lists the statuses it can answer in the OpenAPI document, and <code>code</code> is one of a documented list.
        </li>
        <li>
          Enum values are lower case, in requests, responses and query parameters alike: <code>landing_page</code>, <code>rate</code>, <code>gte</code>,{" "}
          <code>running</code>, <code>hold</code>. What you read can be sent back as it is.
        </li>
        <li>
          Resources are addressed by <code>id</code>; hypotheses and experiments also carry their <code>key</code> (H-12, E-7). Dates are YYYY-MM-DD; times are ISO 8601 in UTC.
          A create answers 201 with the new resource and its address in <code>Location</code>.
        </li>
      </ul>

      <h2 className="mt-8 text-lg font-semibold">Changelog</h2>
      <h3 className="mt-4 font-semibold">1.2.0 — 3 Dec 2026</h3>
      <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
        <li>
          New: webhooks. The document's <code>webhooks</code> section describes every event body Evident posts, and the test event. Nothing changed in the operations.
        </li>
      </ul>
      <h3 className="mt-4 font-semibold">1.1.0 — 3 Dec 2026</h3>
      <p className="mt-1 text-sm">The document now describes every response exactly, and the server answers through the same schemas. Changes a client may notice:</p>
      <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
        <li>
          <strong>Enum values are lower case everywhere.</strong> Requests must send them as the document lists them (<code>landing_page</code>, not{" "}
          <code>LANDING_PAGE</code> or <code>landing page</code>); other spellings are a 400 naming the field. Responses that sent upper case (<code>method</code>,{" "}
          <code>metric.kind</code>, <code>result.kind</code>, a product's <code>stage</code>, the gate's <code>status</code> and criterion <code>kind</code>) now send lower case.
          The team export keeps its stored names: it is a file format of its own.
        </li>
        <li>
          <strong>One answer for bulk writes</strong>: observations answered <code>{`{ added }`}</code> and signal points <code>{`{ recorded, replaced, unchanged }`}</code>; both now answer{" "}
          <code>{`{ received, created, replaced, unchanged }`}</code>.
        </li>
        <li>
          New: <code>GET /search?q=</code> finds hypotheses, experiments, evidence, learnings, comments, reviews and updates by words, by a title with a typo, or by key.
        </li>
        <li>An experiment always carries <code>learningCard</code> (null until concluded).</li>
        <li>
          A bad query parameter is reported under its own name in <code>fields</code> (<code>fields.status</code>), not under <code>fields.body</code>.
        </li>
        <li>
          The start body is optional in the document, as it always was on the server. Creates answer with <code>Location</code>; a replayed write carries{" "}
          <code>Idempotent-Replayed: true</code>. Error codes are a documented list.
        </li>
      </ul>
    </main>
  );
}
