/**
 * Database queries per page, counted through Prisma's query events. The app runs in this process
 * for this step (so the events are visible here) and requests go one at a time, so every query
 * counted between a request's start and its response belongs to that request.
 */
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { db, disconnect } from "~/utils/db.server";
import { parseEnv } from "~/utils/env.server";
import { createApp } from "../server/app";
import { credentialsFor, headersFor } from "./http";
import { root } from "./setup";
import type { TeamFixture } from "./targets";

export async function countQueries(databaseUrl: string, teams: TeamFixture[]): Promise<Map<string, Map<string, number>>> {
  process.env.DATABASE_URL = databaseUrl;
  process.env.DATABASE_QUERY_EVENTS = "1";
  process.env.API_RATE_LIMIT_PER_MINUTE = "100000000";
  let queries = 0;
  (db as unknown as { $on: (event: "query", listener: () => void) => void }).$on("query", () => {
    queries++;
  });

  const build = (await import(pathToFileURL(path.join(root, "build/server/index.js")).href)) as ServerBuild;
  const env = parseEnv({ ...process.env, NODE_ENV: "production", PORT: "0" });
  const app = createApp({ build, env, state: { phase: "ready", demo: null } });
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const counts = new Map<string, Map<string, number>>();
  try {
    for (const team of teams) {
      const credentials = await credentialsFor(base, team);
      const perTarget = new Map<string, number>();
      for (const target of team.targets) {
        const request = () => fetch(base + target.path, { method: target.method, headers: headersFor(target, credentials), body: target.body });
        // The first request warms caches (prepared statements, the module graph); count the second.
        await (await request()).arrayBuffer();
        const before = queries;
        const response = await request();
        await response.arrayBuffer();
        if (response.status >= 400) throw new Error(`${target.name} answered ${response.status} while counting queries.`);
        perTarget.set(target.name, queries - before);
      }
      counts.set(team.slug, perTarget);
    }
  } finally {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await disconnect();
  }
  return counts;
}
