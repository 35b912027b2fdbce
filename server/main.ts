/**
 * Starts Evident: picks the database (PostgreSQL from DATABASE_URL, or the embedded one),
 * migrates it, seeds the demo team where asked, serves the built app, and drains on SIGTERM.
 */
import "./production-mode";
import http from "node:http";
import path from "node:path";
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { disconnect } from "~/utils/db.server";
import { EnvError, parseEnv } from "~/utils/env.server";
import { DEMO_LOGIN, seedDemo } from "../prisma/seed";
import { createApp, type ServerState } from "./app";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "./embedded-database";
import { migrateDatabase } from "./migrate";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

async function main() {
  let env;
  try {
    env = parseEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  const buildPath = path.join(root, "build/server/index.js");
  if (!existsSync(buildPath)) {
    console.error("No build found. Run `npm run build` (or `npm start`, which builds first).");
    process.exit(1);
  }

  let embedded: EmbeddedDatabase | null = null;
  if (env.DATABASE_URL) {
    process.env.DATABASE_URL = env.DATABASE_URL;
  } else {
    const dataDir = path.resolve(root, env.EVIDENT_DATA_DIR);
    embedded = await startEmbeddedDatabase(dataDir);
    process.env.DATABASE_URL = embedded.url;
    process.env.EVIDENT_EMBEDDED = "1";
    console.log(`database: embedded PostgreSQL (PGlite) in ${dataDir}`);
  }
  await migrateDatabase(process.env.DATABASE_URL!);

  // Demo mode is the default on the embedded database: a new user lands on a team to explore.
  const demoMode = env.EVIDENT_DEMO ?? embedded !== null;
  if (demoMode) {
    const created = await seedDemo();
    console.log(created ? "demo: seeded the demo team" : "demo: demo team present");
  }

  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  const state: ServerState = { draining: false, demo: demoMode ? DEMO_LOGIN : null };
  const app = createApp({ build, env, state });
  const server = http.createServer(
    {
      // A client gets this long to send its whole request (and at most 60 s for the headers);
      // after that Node answers 408 and closes the connection. Node checks every 30 s by
      // default, which would let a stalled client hold its connection that much longer.
      requestTimeout: env.REQUEST_TIMEOUT_MS,
      headersTimeout: Math.min(env.REQUEST_TIMEOUT_MS, 60_000),
      connectionsCheckingInterval: 1_000,
    },
    app,
  );
  server.listen(env.PORT, env.HOST, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : env.PORT;
    console.log(`Evident is ready on http://localhost:${port}`);
    if (demoMode) console.log(`demo login: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`);
  });
  server.keepAliveTimeout = 65_000;

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: draining in-flight requests`);
    state.draining = true;
    const force = setTimeout(() => {
      console.error("shutdown: timed out waiting for requests; closing connections");
      server.closeAllConnections();
    }, env.SHUTDOWN_TIMEOUT_MS);
    force.unref();
    // Stop accepting; close idle keep-alive sockets now, busy ones once their response is sent.
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    clearTimeout(force);
    await disconnect();
    await embedded?.stop();
    console.log("shutdown: done");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
