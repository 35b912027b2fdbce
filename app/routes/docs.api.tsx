import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { publicOrigin } from "~/utils/origin.server";

export const meta: MetaFunction = () => [{ title: "API · Evident" }];

export function loader({ request }: LoaderFunctionArgs) {
  const origin = publicOrigin(request);
  return { origin };
}

function Code({ children }: { children: string }) {
  // Focusable, so that a keyboard can scroll an example wider than the page.
  return (
    <pre tabIndex={0} className="overflow-x-auto rounded-md bg-zinc-900 p-3 text-xs leading-relaxed text-zinc-100">
      {children}
    </pre>
  );
}

const ENDPOINTS: [string, string, string][] = [
  ["GET / POST", "/products", "List or create products"],
  ["GET / PATCH", "/products/:id", "Read or update a product"],
  ["GET", "/products/:id/gate", "Gate status: HOLD, READY or OPEN, each criterion with its current value"],
  ["GET / POST", "/hypotheses", "List (filter by status, productId) or create hypotheses"],
  ["GET / PATCH / DELETE", "/hypotheses/:id", "Read, update, or move to the trash"],
  ["GET / POST", "/experiments", "List with live results, or create a draft"],
  ["GET / PATCH / DELETE", "/experiments/:id", "Read with result, update (criterion changes after start need a reason), trash"],
  ["POST", "/experiments/:id/start", "Start: locks the criterion"],
  ["POST", "/experiments/:id/conclude", "Conclude with a learning card"],
  ["GET / POST", "/experiments/:id/observations", "List evidence, or log one observation or up to 5,000 at once"],
  ["GET / POST", "/signals", "List or create product signals"],
  ["POST", "/signals/:id/points", "Record one value or up to 5,000"],
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
      <div className="relative mt-2 overflow-x-auto">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Method</th>
              <th scope="col">Path</th>
              <th scope="col">What it does</th>
            </tr>
          </thead>
          <tbody>
            {ENDPOINTS.map(([method, path, what]) => (
              <tr key={path}>
                <td className="whitespace-nowrap font-mono text-xs">{method}</td>
                <td className="whitespace-nowrap font-mono text-xs">{path}</td>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 className="mt-8 text-lg font-semibold">A whole loop with curl</h2>
      <Code>{`# A product and a hypothesis
PRODUCT=$(curl -s ${api}/products -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \\
  -d '{"name":"Invoicing"}' | jq -r .id)
HYPOTHESIS=$(curl -s ${api}/hypotheses -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \\
  -d '{"productId":"'$PRODUCT'","statement":"Freelancers will pay to get invoices paid faster.","category":"viability","importance":5}' | jq -r .id)

# An experiment: at least 10 % of visitors pre-order (RATE targets are proportions: 0.1)
EXPERIMENT=$(curl -s ${api}/experiments -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \\
  -d '{"hypothesisId":"'$HYPOTHESIS'","title":"Pre-order page","method":"landing_page",
       "metric":{"name":"Pre-order rate","kind":"RATE"},"criterion":{"comparator":"gte","target":0.1},
       "startsOn":"'$(date +%F)'"}' | jq -r .id)
curl -s -X POST ${api}/experiments/$EXPERIMENT/start -H "Authorization: Bearer $TOKEN"

# Evidence: one day, or up to 5,000 rows at once; retry safely with an Idempotency-Key
curl -s ${api}/experiments/$EXPERIMENT/observations -H "Authorization: Bearer $TOKEN" \\
  -H "Content-Type: application/json" -H "Idempotency-Key: visits-$(date +%F)" \\
  -d '{"observations":[{"observedOn":"'$(date +%F)'","successes":12,"trials":80}]}'

# The verdict
curl -s ${api}/experiments/$EXPERIMENT -H "Authorization: Bearer $TOKEN" | jq .result`}</Code>

      <h2 className="mt-8 text-lg font-semibold">Push a signal from monitoring</h2>
      <Code>{`SIGNAL=$(curl -s ${api}/signals -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \\
  -d '{"productId":"'$PRODUCT'","name":"p95 latency","unit":"ms","direction":"down"}' | jq -r .id)
curl -s ${api}/signals/$SIGNAL/points -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \\
  -d '{"date":"'$(date +%F)'","value":182}'
curl -s ${api}/products/$PRODUCT/gate -H "Authorization: Bearer $TOKEN"`}</Code>

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
          403 role, 404 not in your team, 409 conflict, 413 body over 1 MB, 422 not possible in the current state, 429 rate limit (with <code>Retry-After</code>).
        </li>
        <li>Resources are addressed by <code>id</code>; hypotheses and experiments also carry their <code>key</code> (H-12, E-7). Dates are YYYY-MM-DD.</li>
      </ul>
    </main>
  );
}
