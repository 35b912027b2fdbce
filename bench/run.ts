/**
 * `npm run bench`: Evident's speed, measured on this machine against the framework's own ceiling.
 *
 * 1. PostgreSQL (started if installed and stopped), the production build, the scale seed
 *    (2,000 hypotheses, 10,000 experiments, 1,000,000 observations) and the small demo team.
 * 2. Database queries per page on both teams: equal counts mean no query grows with the data.
 * 3. The production server as its own process; every page and API call under autocannon at a
 *    fixed concurrency, beside a bare Remix route (the same layout, no database) as the ceiling.
 * 4. Bulk ingest through the API, and first-load JavaScript per page from the client manifest.
 * It prints a table and writes bench/results.json. A run with failed requests or a query count
 * that grows with the data exits non-zero; missed targets are reported, not thrown.
 */
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEMO_LOGIN, DEMO_TEAM_SLUG } from "../prisma/seed";
import { firstLoadJs, type BundleSize } from "./bundle";
import { createTokenWithCli } from "../tests/support/operator";
import { credentialsFor } from "./http";
import { ingest, type IngestResult } from "./ingest";
import { LOAD, measure, type LoadResult } from "./load";
import { countQueries } from "./queries";
import { build, prepareDatabase, root, seed, startServer } from "./setup";
import { BASELINE, resolveTeam, type TeamFixture } from "./targets";

const SCALE = { slug: "scale-test", email: "scale@evident.example", password: "evidence-first" };

export const TARGETS = { p975Ms: 150, ratioToBare: 0.4, firstLoadKb: 150, ingestPerSecond: 5_000 } as const;

type Row = {
  name: string;
  load: LoadResult;
  ratio: number;
  queries?: { scale: number; demo: number };
  firstLoad?: BundleSize;
};

const fixed = (value: number, digits = 0) => value.toFixed(digits);
const pad = (value: string, width: number, right = false) => (right ? value.padStart(width) : value.padEnd(width));

function printTable(rows: Row[], baseline: Row) {
  const header = ["target", "req/s", "× bare", "p50 ms", "p97.5 ms", "p99 ms", "errors", "alone p50/p97.5", "queries (scale/demo)", "first-load JS gz"];
  const widths = [24, 8, 7, 7, 9, 7, 7, 16, 21, 17];
  const line = (cells: string[]) => cells.map((cell, i) => pad(cell, widths[i], i > 0)).join("  ");
  console.log("");
  console.log(line(header));
  console.log(widths.map((width) => "─".repeat(width)).join("  "));
  for (const row of [baseline, ...rows]) {
    console.log(
      line([
        row.name,
        fixed(row.load.requestsPerSecond),
        row === baseline ? "1.00" : fixed(row.ratio, 2),
        fixed(row.load.p50),
        fixed(row.load.p975),
        fixed(row.load.p99),
        String(row.load.errors + row.load.alone.errors),
        `${fixed(row.load.alone.p50)} / ${fixed(row.load.alone.p975)}`,
        row.queries ? `${row.queries.scale} / ${row.queries.demo}` : "–",
        row.firstLoad ? `${fixed(row.firstLoad.gzipKb, 1)} kB${row.firstLoad.chartsIncluded ? " (charts!)" : ""}` : "–",
      ]),
    );
  }
}

type Check = { what: string; ok: boolean; detail: string };

function checks(rows: Row[], ingestResult: IngestResult): Check[] {
  const pages = rows.filter((row) => row.firstLoad);
  return [
    ...rows.map((row) => ({ what: `${row.name}: no failed requests`, ok: row.load.errors + row.load.alone.errors === 0, detail: `${row.load.errors + row.load.alone.errors} of ${row.load.requests + row.load.alone.requests}` })),
    ...rows
      .filter((row) => row.queries)
      .map((row) => ({ what: `${row.name}: queries constant in data size`, ok: row.queries!.scale <= row.queries!.demo, detail: `${row.queries!.scale} at scale, ${row.queries!.demo} on the demo team` })),
    ...pages.map((row) => ({ what: `${row.name}: p97.5 ≤ ${TARGETS.p975Ms} ms`, ok: row.load.p975 <= TARGETS.p975Ms, detail: `${fixed(row.load.p975)} ms at ${LOAD.connections} connections (${fixed(row.load.alone.p975)} ms alone)` })),
    ...pages.map((row) => ({ what: `${row.name}: ≥ ${TARGETS.ratioToBare * 100} % of bare throughput`, ok: row.ratio >= TARGETS.ratioToBare, detail: `${fixed(row.ratio * 100)} %` })),
    ...pages.map((row) => ({
      what: `${row.name}: first-load JS ≤ ${TARGETS.firstLoadKb} kB gzipped, charts lazy`,
      ok: row.firstLoad!.gzipKb <= TARGETS.firstLoadKb && !row.firstLoad!.chartsIncluded,
      detail: `${fixed(row.firstLoad!.gzipKb, 1)} kB`,
    })),
    { what: `bulk ingest ≥ ${TARGETS.ingestPerSecond} observations/s`, ok: ingestResult.perSecond >= TARGETS.ingestPerSecond, detail: `${fixed(ingestResult.perSecond)} /s` },
  ];
}

async function main() {
  const databaseUrl = await prepareDatabase();
  build();
  seed(databaseUrl);

  console.log("bench: resolving targets and creating API tokens");
  const scale: TeamFixture = { ...(await resolveTeam(databaseUrl, SCALE.slug, SCALE)), token: await createTokenWithCli({ databaseUrl }, SCALE.slug, "Benchmark") };
  // BENCH_ONLY=dashboard,review measures a few targets while working on them; the record is a full run.
  const only = process.env.BENCH_ONLY?.split(",").map((name) => name.trim().toLowerCase());
  if (only) scale.targets = scale.targets.filter((target) => only.some((name) => target.name.toLowerCase().includes(name)));
  const demo: TeamFixture = { ...(await resolveTeam(databaseUrl, DEMO_TEAM_SLUG, DEMO_LOGIN)), token: await createTokenWithCli({ databaseUrl }, DEMO_TEAM_SLUG, "Benchmark") };

  console.log("bench: counting database queries per page (scale team and demo team)");
  const queryCounts = await countQueries(databaseUrl, [scale, demo]);

  const routeIds = [BASELINE, ...scale.targets].flatMap((target) => (target.routeId ? [target.routeId] : []));
  const bundles = firstLoadJs(routeIds);

  const server = await startServer(databaseUrl);
  const rows: Row[] = [];
  let baseline: Row;
  let ingestResult: IngestResult;
  try {
    const credentials = await credentialsFor(server.url, scale);
    console.log(`bench: ${LOAD.connections} connections, ${LOAD.seconds} s per target (after ${LOAD.warmupSeconds} s of warm-up), then ${LOAD.aloneSeconds} s with one connection`);
    const baselineLoad = await measure(server.url, BASELINE, credentials);
    baseline = { name: BASELINE.name, load: baselineLoad, ratio: 1, firstLoad: bundles.get(BASELINE.routeId!) };
    console.log(`  ${BASELINE.name}: ${fixed(baselineLoad.requestsPerSecond)} req/s`);
    for (const target of scale.targets) {
      const load = await measure(server.url, target, credentials);
      rows.push({
        name: target.name,
        load,
        ratio: load.requestsPerSecond / baselineLoad.requestsPerSecond,
        queries: { scale: queryCounts.get(scale.slug)!.get(target.name)!, demo: queryCounts.get(demo.slug)!.get(target.name) ?? Number.NaN },
        firstLoad: target.routeId ? bundles.get(target.routeId) : undefined,
      });
      console.log(`  ${target.name}: ${fixed(load.requestsPerSecond)} req/s, p97.5 ${fixed(load.p975)} ms`);
    }
    console.log("bench: bulk ingest through the API");
    ingestResult = only && !only.includes("ingest") ? { observations: 0, seconds: 0, perSecond: 0, batches: 0, batchSize: 0 } : await ingest(server.url, databaseUrl, scale.slug, scale.token!);
  } finally {
    await server.stop();
  }

  printTable(rows, baseline);
  console.log(
    `\nbulk ingest: ${ingestResult.observations.toLocaleString("en")} observations in ${fixed(ingestResult.seconds, 1)} s = ${fixed(ingestResult.perSecond)} observations/s (${ingestResult.batches} requests of ${ingestResult.batchSize})`,
  );

  const results = checks(rows, ingestResult);
  console.log("\ntargets:");
  for (const check of results) console.log(`  ${check.ok ? "ok    " : "MISSED"}  ${check.what} — ${check.detail}`);

  const file = path.join(root, "bench/results.json");
  writeFileSync(
    file,
    JSON.stringify(
      {
        ranAt: new Date().toISOString(),
        machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
        load: LOAD,
        targets: TARGETS,
        baseline,
        pages: rows,
        ingest: ingestResult,
        checks: results,
      },
      null,
      2,
    ) + "\n",
  );
  console.log(`\nwrote ${path.relative(root, file)}`);

  const broken = results.filter((check) => !check.ok && (check.what.includes("failed requests") || check.what.includes("queries constant")));
  if (broken.length > 0) {
    console.error(`\nbench: ${broken.length} hard failure(s): failed requests or queries growing with the data.`);
    process.exit(1);
  }
  process.exit(0);
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
