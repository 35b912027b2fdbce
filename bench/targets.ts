/**
 * What the benchmark measures: the pages and API calls of one team, resolved to concrete URLs
 * (the busiest experiment, a product with a gate, …) so the same list serves the load test and
 * the query count on both the scale team and the small demo team.
 */
import pg from "pg";

export type Target = {
  name: string;
  /** The Remix route that renders it, for first-load JavaScript; absent for API calls. */
  routeId?: string;
  method: "GET" | "POST";
  path: string;
  auth: "session" | "token" | "none";
  body?: string;
};

export type TeamFixture = { slug: string; email: string; password: string; token?: string; targets: Target[]; ingestExperimentId: string; ingestDate: string };

async function one<T extends pg.QueryResultRow>(client: pg.Client, sql: string, params: unknown[]): Promise<T> {
  const result = await client.query<T>(sql, params);
  if (!result.rows[0]) throw new Error(`The benchmark data is incomplete: nothing for ${sql.replace(/\s+/g, " ").slice(0, 80)}…`);
  return result.rows[0];
}

function isoDate(value: Date): string {
  return `${value.getFullYear()}-${String(value.getMonth() + 1).padStart(2, "0")}-${String(value.getDate()).padStart(2, "0")}`;
}

export async function resolveTeam(databaseUrl: string, slug: string, login: { email: string; password: string }): Promise<TeamFixture> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const team = await one<{ id: string }>(client, `SELECT id FROM "Team" WHERE slug = $1`, [slug]);
    const busiest = await one<{ id: string; number: number }>(
      client,
      `SELECT id, number FROM "Experiment" WHERE "teamId" = $1 AND "deletedAt" IS NULL ORDER BY "observationCount" DESC, number LIMIT 1`,
      [team.id],
    );
    const hypothesis = await one<{ id: string; number: number }>(
      client,
      `SELECT h.id, h.number FROM "Hypothesis" h JOIN "Experiment" e ON e."hypothesisId" = h.id
       WHERE h."teamId" = $1 AND h."deletedAt" IS NULL GROUP BY h.id, h.number ORDER BY count(*) DESC, h.number LIMIT 1`,
      [team.id],
    );
    const gated = await one<{ productId: string }>(
      client,
      `SELECT "productId" FROM "GateCriterion" WHERE "teamId" = $1 AND "deletedAt" IS NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
      [team.id],
    );
    // Writes go to a running rate experiment, dated on its first day (always inside its timebox).
    const writable = await one<{ id: string; startsOn: Date }>(
      client,
      `SELECT id, "startsOn" FROM "Experiment" WHERE "teamId" = $1 AND status = 'RUNNING' AND "metricKind" = 'RATE' AND "deletedAt" IS NULL
       ORDER BY "observationCount", number LIMIT 1`,
      [team.id],
    );
    const observedOn = isoDate(writable.startsOn);
    const base = `/t/${slug}`;
    const targets: Target[] = [
      { name: "dashboard", routeId: "routes/t.$team._index", method: "GET", path: base, auth: "session" },
      { name: "hypotheses list", routeId: "routes/t.$team.hypotheses._index", method: "GET", path: `${base}/hypotheses`, auth: "session" },
      { name: "assumptions map", routeId: "routes/t.$team.hypotheses.map", method: "GET", path: `${base}/hypotheses/map`, auth: "session" },
      { name: "hypothesis page", routeId: "routes/t.$team.hypotheses.$key._index", method: "GET", path: `${base}/hypotheses/H-${hypothesis.number}`, auth: "session" },
      { name: "experiments list", routeId: "routes/t.$team.experiments._index", method: "GET", path: `${base}/experiments`, auth: "session" },
      { name: "experiment page", routeId: "routes/t.$team.experiments.$key._index", method: "GET", path: `${base}/experiments/E-${busiest.number}`, auth: "session" },
      { name: "gate overview", routeId: "routes/t.$team.gate._index", method: "GET", path: `${base}/gate`, auth: "session" },
      { name: "gate page", routeId: "routes/t.$team.gate.$product._index", method: "GET", path: `${base}/gate/${gated.productId}`, auth: "session" },
      { name: "review page", routeId: "routes/t.$team.review._index", method: "GET", path: `${base}/review`, auth: "session" },
      // A common word, so the search ranks many matches across every kind of item, and a typo.
      { name: "search page", routeId: "routes/t.$team.search", method: "GET", path: `${base}/search?q=customers`, auth: "session" },
      { name: "API: search", method: "GET", path: "/api/v1/search?q=onbord&limit=20", auth: "token" },
      { name: "API: list experiments", method: "GET", path: "/api/v1/experiments?limit=50", auth: "token" },
      { name: "API: read experiment", method: "GET", path: `/api/v1/experiments/${busiest.id}`, auth: "token" },
      {
        name: "API: add observation",
        method: "POST",
        path: `/api/v1/experiments/${writable.id}/observations`,
        auth: "token",
        body: JSON.stringify({ observedOn, successes: 3, trials: 10 }),
      },
    ];
    return { slug, ...login, targets, ingestExperimentId: writable.id, ingestDate: observedOn };
  } finally {
    await client.end();
  }
}

/** The framework's ceiling: the team layout rendered without any database work. */
export const BASELINE: Target = { name: "bare Remix route", routeId: "routes/bench", method: "GET", path: "/bench", auth: "none" };
