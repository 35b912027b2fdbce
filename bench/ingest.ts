/**
 * Bulk ingest through the public API, the way a script pushing evidence from another tool would:
 * batches of observations posted to running experiments, a few requests in flight at once.
 */
import pg from "pg";

export type IngestResult = { observations: number; seconds: number; perSecond: number; batches: number; batchSize: number };

const BATCH_SIZE = Number(process.env.BENCH_INGEST_BATCH ?? 5_000);
const BATCHES = Number(process.env.BENCH_INGEST_BATCHES ?? 24);
const IN_FLIGHT = Number(process.env.BENCH_INGEST_IN_FLIGHT ?? 4);

/** Running RATE experiments of the team, with a day inside each one's timebox. */
async function writableExperiments(databaseUrl: string, slug: string, count: number) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; day: string }>(
      `SELECT e.id, to_char(e."startsOn", 'YYYY-MM-DD') AS day FROM "Experiment" e JOIN "Team" t ON t.id = e."teamId"
       WHERE t.slug = $1 AND e.status = 'RUNNING' AND e."metricKind" = 'RATE' AND e."deletedAt" IS NULL
       ORDER BY e.number DESC LIMIT $2`,
      [slug, count],
    );
    if (rows.length === 0) throw new Error(`Team ${slug} has no running rate experiment to ingest into.`);
    return rows;
  } finally {
    await client.end();
  }
}

export async function ingest(baseUrl: string, databaseUrl: string, slug: string, token: string): Promise<IngestResult> {
  const experiments = await writableExperiments(databaseUrl, slug, IN_FLIGHT);
  const batch = (day: string) => JSON.stringify({ observations: Array.from({ length: BATCH_SIZE }, (_, i) => ({ observedOn: day, successes: i % 3, trials: 3, strength: 2 })) });
  const bodies = new Map(experiments.map((experiment) => [experiment.id, batch(experiment.day)]));

  let next = 0;
  const started = performance.now();
  // Each worker keeps to one experiment: writers to one experiment queue on its row lock by design.
  const worker = async (experiment: { id: string }) => {
    while (next < BATCHES) {
      next++;
      const response = await fetch(`${baseUrl}/api/v1/experiments/${experiment.id}/observations`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: bodies.get(experiment.id),
      });
      const answer = (await response.json()) as { created?: number };
      if (response.status !== 201 || answer.created !== BATCH_SIZE) throw new Error(`Bulk ingest answered ${response.status}: ${JSON.stringify(answer).slice(0, 200)}`);
    }
  };
  await Promise.all(experiments.map(worker));
  const seconds = (performance.now() - started) / 1000;
  const observations = BATCHES * BATCH_SIZE;
  return { observations, seconds, perSecond: observations / seconds, batches: BATCHES, batchSize: BATCH_SIZE };
}
