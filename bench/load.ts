/**
 * Throughput and latency of one target under a fixed concurrent load (autocannon), against the
 * production server running as its own process.
 */
import autocannon from "autocannon";
import { headersFor, type Credentials } from "./http";
import type { Target } from "./targets";

export type LoadResult = {
  requestsPerSecond: number;
  p50: number;
  p975: number;
  p99: number;
  requests: number;
  /** Connection errors, timeouts and non-2xx answers: each one fails the run. */
  errors: number;
  statusCodes: Record<string, number>;
  /**
   * Latency with one connection, the server otherwise idle: what one person's request costs.
   * At 20 connections on two shared cores most of the latency above is queueing (latency ≈
   * connections ÷ throughput), so this separates the page's own cost from the wait.
   */
  alone: { p50: number; p975: number; requests: number; errors: number };
};

export const LOAD = {
  connections: Number(process.env.BENCH_CONNECTIONS ?? 20),
  seconds: Number(process.env.BENCH_SECONDS ?? 10),
  warmupSeconds: Number(process.env.BENCH_WARMUP_SECONDS ?? 2),
  aloneSeconds: Number(process.env.BENCH_ALONE_SECONDS ?? 3),
};

function fire(baseUrl: string, target: Target, credentials: Credentials, seconds: number, connections = LOAD.connections) {
  return autocannon({
    url: baseUrl + target.path,
    method: target.method,
    headers: headersFor(target, credentials),
    body: target.body,
    connections,
    duration: seconds,
    timeout: 10,
  });
}

export async function measure(baseUrl: string, target: Target, credentials: Credentials): Promise<LoadResult> {
  // A short warm-up first: the JIT, the connection pool and PostgreSQL's buffers settle.
  if (LOAD.warmupSeconds > 0) await fire(baseUrl, target, credentials, LOAD.warmupSeconds);
  const result = await fire(baseUrl, target, credentials, LOAD.seconds);
  const alone = await fire(baseUrl, target, credentials, LOAD.aloneSeconds, 1);
  const statusCodes: Record<string, number> = {};
  for (const [code, count] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = (count as { count: number }).count;
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p975: result.latency.p97_5,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts + result.non2xx,
    statusCodes,
    alone: { p50: alone.latency.p50, p975: alone.latency.p97_5, requests: alone.requests.total, errors: alone.errors + alone.timeouts + alone.non2xx },
  };
}
