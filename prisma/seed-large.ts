/**
 * `npm run seed:large`: one team at benchmark scale — 2,000 hypotheses, 10,000 experiments and
 * 1,000,000 observations — generated inside PostgreSQL with generate_series, so it loads in
 * seconds to minutes rather than hours. Aggregates and per-day sums are computed from the
 * generated observations, exactly as the app maintains them.
 * Sign in as scale@evident.example / evidence-first, team /t/scale-test.
 */
import pg from "pg";
import { hashPassword } from "~/modules/auth/password.server";
import { openCommandDatabase } from "../server/command-database";
import { migrateDatabase } from "../server/migrate";

const HYPOTHESES = Number(process.env.SEED_HYPOTHESES ?? 2_000);
const EXPERIMENTS = Number(process.env.SEED_EXPERIMENTS ?? 10_000);
const OBSERVATIONS = Number(process.env.SEED_OBSERVATIONS ?? 1_000_000);
const TEAM = "large_team";
const USER = "large_user";

async function main() {
  const say = (text: string) => console.error(text);
  if (!process.env.DATABASE_URL) say("No DATABASE_URL: loading into the embedded database (slow at this size; PostgreSQL is recommended for benchmarks).");
  const database = await openCommandDatabase({ say });
  const url = database.url;
  if (!database.embedded) await migrateDatabase(url, { log: say });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = Date.now();
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const at = Date.now();
    await client.query(sql, params);
    console.log(`${label.padEnd(28)} ${((Date.now() - at) / 1000).toFixed(1)} s`);
  };

  await client.query("BEGIN");
  await step("remove previous scale team", `DELETE FROM "Team" WHERE id = $1`, [TEAM]);
  await step("remove previous scale user", `DELETE FROM "User" WHERE id = $1`, [USER]);
  await step(
    "team, owner, product",
    `WITH u AS (INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt") VALUES ($1, 'scale@evident.example', 'Scale Tester', $3, now()) RETURNING id),
          t AS (INSERT INTO "Team" (id, name, slug, "hypothesisSeq", "experimentSeq", "updatedAt") VALUES ($2, 'Scale test', 'scale-test', $4, $5, now()) RETURNING id),
          m AS (INSERT INTO "Membership" ("teamId", "userId", role, "updatedAt") SELECT t.id, u.id, 'OWNER', now() FROM t, u RETURNING 1)
     INSERT INTO "Product" (id, "teamId", name, "updatedAt") SELECT 'large_product_' || g, $2, 'Product ' || g, now() FROM generate_series(1, 4) g`,
    [USER, TEAM, await hashPassword("evidence-first"), HYPOTHESES, EXPERIMENTS],
  );
  await step(
    `${HYPOTHESES} hypotheses`,
    `INSERT INTO "Hypothesis" (id, "teamId", number, "productId", statement, category, importance, status, "createdById", "ownerId", "updatedAt")
     SELECT 'lh' || g, $1, g, 'large_product_' || (1 + g % 4),
            'Customers in segment ' || g || ' will pay for faster invoicing.',
            (ARRAY['DESIRABILITY','VIABILITY','FEASIBILITY','USABILITY'])[1 + g % 4]::"HypothesisCategory",
            1 + g % 5,
            (ARRAY['UNTESTED','TESTING','VALIDATED','INVALIDATED','INCONCLUSIVE'])[1 + g % 5]::"HypothesisStatus",
            $2, $2, now()
     FROM generate_series(1, $3::int) g`,
    [TEAM, USER, HYPOTHESES],
  );
  // The first 80 % of experiments have started (running or concluded); the rest are drafts or abandoned.
  await step(
    `${EXPERIMENTS} experiments`,
    `INSERT INTO "Experiment" (id, "teamId", number, "hypothesisId", title, method, plan, "metricName", "metricKind", comparator, target,
                               "startsOn", "endsOn", status, "startedAt", "concludedAt", "finalVerdict", "createdById", "updatedAt")
     SELECT 'le' || g, $1, g, 'lh' || (1 + (g - 1) % $3::int), 'Experiment ' || g,
            (ARRAY['INTERVIEW','SURVEY','LANDING_PAGE','FAKE_DOOR','CONCIERGE','PROTOTYPE','PRE_SALE','AB_TEST'])[1 + g % 8]::"ExperimentMethod",
            'run the test described in experiment ' || g, 'Metric ' || g,
            (ARRAY['RATE','COUNT','MEAN'])[1 + g % 3]::"MetricKind",
            CASE WHEN g % 7 = 0 THEN 'LTE' ELSE 'GTE' END::"Comparator",
            CASE g % 3 WHEN 0 THEN 0.1 WHEN 1 THEN 400 ELSE 12 END,
            current_date - (14 + g % 150), current_date - (1 + g % 150),
            (CASE WHEN g > $4::int * 0.9 THEN 'ABANDONED' WHEN g > $4::int * 0.8 THEN 'DRAFT' WHEN g % 4 = 0 THEN 'RUNNING' ELSE 'CONCLUDED' END)::"ExperimentStatus",
            CASE WHEN g <= $4::int * 0.8 THEN now() - make_interval(days => 14 + g % 150) END,
            CASE WHEN g <= $4::int * 0.8 AND g % 4 <> 0 THEN now() - make_interval(days => g % 150) END,
            CASE WHEN g <= $4::int * 0.8 AND g % 4 <> 0 THEN (ARRAY['MET','NOT_MET','TOO_EARLY'])[1 + g % 3]::"Verdict" END,
            $2, now()
     FROM generate_series(1, $4::int) g`,
    [TEAM, USER, HYPOTHESES, EXPERIMENTS],
  );
  const startedExperiments = Math.floor(EXPERIMENTS * 0.8);
  await step(
    `${OBSERVATIONS} observations`,
    `INSERT INTO "Observation" (id, "teamId", "experimentId", "observedOn", successes, trials, value, strength, "loggedById")
     SELECT 'lo' || g, $1, 'le' || e, current_date - (14 + e % 150) + (g % 14),
            CASE WHEN e % 3 = 0 THEN ((g::bigint * 7919) % 6)::int END,
            CASE WHEN e % 3 = 0 THEN 5 + ((g::bigint * 104729) % 16)::int END,
            CASE WHEN e % 3 = 1 THEN 1 + g % 9 WHEN e % 3 = 2 THEN 5 + ((g::bigint * 7919) % 15)::int END,
            1 + g % 4, $2
     FROM (SELECT g, 1 + (g - 1) % $3::int AS e FROM generate_series(1, $4::int) g) s`,
    [TEAM, USER, startedExperiments, OBSERVATIONS],
  );
  await step(
    "per-day sums",
    `INSERT INTO "ExperimentDay" ("teamId", "experimentId", day, successes, trials, "valueCount", "valueSum", "valueSumSquares")
     SELECT "teamId", "experimentId", "observedOn", coalesce(sum(successes), 0), coalesce(sum(trials), 0), count(value), coalesce(sum(value), 0), coalesce(sum(value * value), 0)
     FROM "Observation" WHERE "teamId" = $1 GROUP BY 1, 2, 3`,
    [TEAM],
  );
  await step(
    "experiment aggregates",
    `UPDATE "Experiment" e SET "observationCount" = a.n, successes = a.s, trials = a.t, "valueCount" = a.vc, "valueSum" = a.vs, "valueSumSquares" = a.vq,
                               "maxStrength" = a.ms, "lastObservedOn" = a.last
     FROM (SELECT "experimentId", count(*) n, coalesce(sum(successes), 0) s, coalesce(sum(trials), 0) t, count(value) vc, coalesce(sum(value), 0) vs,
                  coalesce(sum(value * value), 0) vq, max(strength) ms, max("observedOn") last
           FROM "Observation" WHERE "teamId" = $1 GROUP BY 1) a
     WHERE e.id = a."experimentId"`,
    [TEAM],
  );
  await step(
    "hypothesis evidence strength",
    `UPDATE "Hypothesis" h SET "evidenceStrength" = s.strength
     FROM (SELECT "hypothesisId", max("maxStrength") AS strength FROM "Experiment" WHERE "teamId" = $1 GROUP BY 1) s
     WHERE h.id = s."hypothesisId"`,
    [TEAM],
  );
  // Every product gets a gate: two years of daily points on three signals, and one criterion of each kind.
  await step(
    "signals and daily points",
    `WITH s AS (
       INSERT INTO "Signal" (id, "teamId", "productId", name, unit, direction, "updatedAt")
       SELECT 'ls' || p || '_' || k, $1, 'large_product_' || p, (ARRAY['Paying customers','Weekly invoices sent','p95 latency'])[k],
              (ARRAY['customers','invoices','ms'])[k], 'UP', now()
       FROM generate_series(1, 4) p, generate_series(1, 3) k
       RETURNING id)
     INSERT INTO "SignalPoint" (id, "teamId", "signalId", date, value)
     SELECT s.id || '_' || d, $1, s.id, current_date - d, 100 + (d * 37) % 90
     FROM s, generate_series(0, 729) d`,
    [TEAM],
  );
  await step(
    "gate criteria",
    `INSERT INTO "GateCriterion" (id, "teamId", "productId", kind, "signalId", "hypothesisId", threshold, comparator, weeks)
     SELECT 'lg' || p || '_' || k, $1, 'large_product_' || p, (ARRAY['SIGNAL_SUSTAINED','SIGNAL_SUSTAINED','HYPOTHESIS_VALIDATED','BOTTLENECK'])[k]::"GateCriterionKind",
            CASE k WHEN 1 THEN 'ls' || p || '_1' WHEN 2 THEN 'ls' || p || '_2' WHEN 4 THEN 'ls' || p || '_3' END,
            CASE WHEN k = 3 THEN 'lh' || (5 * p - 2) END,
            CASE k WHEN 1 THEN 120 WHEN 2 THEN 150 WHEN 4 THEN 800 END,
            CASE WHEN k <> 3 THEN 'GTE' END::"Comparator",
            CASE k WHEN 1 THEN 4 WHEN 2 THEN 8 WHEN 4 THEN 2 ELSE 1 END
     FROM generate_series(1, 4) p, generate_series(1, 4) k`,
    [TEAM],
  );
  await client.query("COMMIT");
  await step("analyze", "ANALYZE");
  await client.end();
  await database.close();
  console.log(`Loaded the scale-test team in ${((Date.now() - started) / 1000).toFixed(1)} s. Sign in as scale@evident.example / evidence-first.`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
