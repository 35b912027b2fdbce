/**
 * Starts Evident: picks the database (PostgreSQL from DATABASE_URL, or the embedded one),
 * migrates it, seeds the demo team where asked, serves the built app, and drains on SIGTERM.
 *
 * The port is taken first, so a port in use is reported in a second rather than after the
 * database work; until the app is ready it answers 503 "starting". Signal handlers are installed
 * before anything else: a stop during start-up lets the current step finish (each migration is
 * one transaction), then exits; a second signal exits at once.
 */
import "./production-mode";
import { handleSignalsWith, stopRequested } from "./startup-signals";
import http from "node:http";
import path from "node:path";
import { existsSync, rmSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { reportDatabaseStopped } from "~/utils/database-errors.server";
import { startMailDelivery } from "~/modules/mail/delivery.server";
import { startWebhookDelivery } from "~/modules/webhooks/delivery.server";
import { startReminderSchedule } from "~/modules/reminders/reminders.server";
import { backgroundOrigin } from "~/utils/origin.server";
import { logTransport, smtpTransport } from "~/modules/mail/transport.server";
import { disconnect, replaceConnection } from "~/utils/db.server";
import { EnvError, parseEnv, type Env } from "~/utils/env.server";
import { DEMO_LOGIN, demoPresent, seedDemo } from "../prisma/seed";
import { createApp, type ServerState } from "./app";
import { DataFolderError, describeHolder, lockDataFolder, type DataFolderLock } from "./data-folder";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "./embedded-database";
import { migrateDatabase, MigrationError } from "./migrate";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Thrown between start-up steps once a stop was asked for. */
class StartupStopped extends Error {}

let cleanupOnStop: () => Promise<void> = async () => {};

function checkpoint() {
  if (stopRequested()) throw new StartupStopped();
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function loadEnv(): Env {
  try {
    return parseEnv();
  } catch (error) {
    if (error instanceof EnvError) fail(error.message);
    throw error;
  }
}

/** Binds the port before any database work, with a message that names the fix when it is taken. */
function listen(server: http.Server, env: Env): Promise<void> {
  return new Promise((resolve) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") fail(`Port ${env.PORT} is already in use by another program. Stop it, or start Evident on another port: PORT=${env.PORT + 1} npm start`);
      if (error.code === "EACCES") fail(`Evident may not listen on port ${env.PORT} as this user. Choose a port above 1023: PORT=3000 npm start`);
      if (error.code === "EADDRNOTAVAIL") fail(`HOST=${env.HOST} is not an address of this machine.`);
      fail(`Cannot listen on ${env.HOST}:${env.PORT}: ${error.message}`);
    });
    server.listen(env.PORT, env.HOST, () => resolve());
  });
}

/**
 * Takes the embedded database's folder for this process, or stops with who holds it. An admin
 * command holding it (a backup, say) is waited for a while: they are short.
 */
async function lockFolder(dataDir: string): Promise<DataFolderLock> {
  const patience = Date.now() + 60_000;
  let waiting = false;
  for (;;) {
    const attempt = lockDataFolder(dataDir, "app");
    if ("lock" in attempt) return attempt.lock;
    const holder = attempt.heldBy;
    if (holder?.role !== "cli" || Date.now() > patience) {
      fail(
        `The data folder ${dataDir} is already in use by ${describeHolder(holder)}. ` +
          "Only one process may use it at a time: stop that one first, or give this Evident its own folder with EVIDENT_DATA_DIR.",
      );
    }
    if (!waiting) console.log(`database: waiting for ${describeHolder(holder)} to finish with ${dataDir}`);
    waiting = true;
    await new Promise((resolve) => setTimeout(resolve, 500));
    checkpoint();
  }
}

async function main() {
  const env = loadEnv();
  const buildPath = path.join(root, "build/server/index.js");
  if (!existsSync(buildPath)) fail("No build found. Run `npm run build` (or `npm start`, which builds first).");

  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  let embedded: EmbeddedDatabase | null = null;
  const state: ServerState = { phase: "starting", demo: null, embeddedHealth: () => embedded?.health() ?? null };
  const server = http.createServer(
    {
      // A client gets this long to send its whole request (and at most 60 s for the headers);
      // after that Node answers 408 and closes the connection. Node checks every 30 s by
      // default, which would let a stalled client hold its connection that much longer.
      requestTimeout: env.REQUEST_TIMEOUT_MS,
      headersTimeout: Math.min(env.REQUEST_TIMEOUT_MS, 60_000),
      connectionsCheckingInterval: 1_000,
    },
    createApp({ build, env, state }),
  );
  server.keepAliveTimeout = 65_000;
  await listen(server, env);
  cleanupOnStop = async () => {
    server.close();
    server.closeAllConnections();
  };
  checkpoint();

  const log = (line: string) => console.log(line);
  let lock: DataFolderLock | null = null;
  // Demo mode is the default on the embedded database: a new user lands on a team to explore.
  const demoMode = env.EVIDENT_DEMO ?? !env.DATABASE_URL;
  if (env.DATABASE_URL) {
    process.env.DATABASE_URL = env.DATABASE_URL;
  } else {
    const dataDir = path.resolve(root, env.EVIDENT_DATA_DIR);
    lock = await lockFolder(dataDir);
    // Written by versions that recorded their port in a file of its own; the lock file says it now.
    rmSync(path.join(dataDir, "pglite.port"), { force: true });
    process.env.EVIDENT_EMBEDDED = "1";
    console.log(`database: embedded PostgreSQL (PGlite) in ${dataDir}`);
    embedded = await startEmbeddedDatabase({
      dataDir,
      log,
      onReopen: replaceConnection,
      // A new folder is prepared whole before it takes its name: migrated and, in demo mode,
      // seeded. Stopped part-way, it is simply made again on the next start.
      initialize: async (url) => {
        process.env.DATABASE_URL = url;
        const { stopped } = await migrateDatabase(url, { log, shouldStop: () => stopRequested() !== null });
        if (stopped) throw new StartupStopped();
        checkpoint();
        if (env.EVIDENT_DEMO ?? true) {
          await seedDemo();
          console.log("demo: seeded the demo team");
        }
        await disconnect();
      },
    });
    process.env.DATABASE_URL = embedded.url;
    const opened = embedded;
    reportDatabaseStopped(() => {
      const health = opened.health();
      return health.state === "failed" ? (health.reason ?? "") : null;
    });
    cleanupOnStop = async () => {
      server.close();
      server.closeAllConnections();
      await disconnect();
      await opened.stop();
    };
    checkpoint();
  }

  const { applied, stopped } = await migrateDatabase(process.env.DATABASE_URL!, { log, shouldStop: () => stopRequested() !== null });
  if (stopped) throw new StartupStopped();
  console.log(applied.length > 0 ? `database: applied ${applied.length} migration${applied.length === 1 ? "" : "s"}` : "database: up to date");
  checkpoint();

  // An existing embedded folder is seeded only when asked to be; a new one was seeded above.
  if (env.EVIDENT_DEMO === true && (await seedDemo())) console.log("demo: seeded the demo team");
  const showDemoLogin = demoMode && (await demoPresent());
  checkpoint();

  // Every app process delivers the outbox; claims keep two from sending one message (ADR 018).
  const transport = env.SMTP_URL ? smtpTransport(env.SMTP_URL) : logTransport();
  const delivery = startMailDelivery({ transport, from: env.MAIL_FROM });
  console.log(`mail: delivering to ${transport.describe}`);
  // Webhooks are an outbox too: every process delivers, claims keep each delivery to one (ADR 031).
  const webhooks = startWebhookDelivery({ log: (line) => console.error(line) });

  state.demo = showDemoLogin ? DEMO_LOGIN : null;
  state.phase = "ready";
  if (lock && embedded) lock.update({ port: Number(new URL(embedded.url).port) });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  // Links written inside a change (event payloads) are built from PORT when APP_URL is not set: the real one, when 0 asked for any.
  process.env.PORT = String(port);
  // Every process scans; the outbox's dedupe keys send each reminder once.
  const reminders = startReminderSchedule({ origin: backgroundOrigin(port) });
  console.log(`Evident is ready on http://localhost:${port}`);
  if (showDemoLogin) console.log(`demo login: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`);

  handleSignalsWith((signal) => {
    if (state.phase === "draining") return;
    state.phase = "draining";
    console.log(`${signal}: draining in-flight requests`);
    // However the drain and the database close go, the process is gone by SHUTDOWN_TIMEOUT_MS.
    setTimeout(() => {
      console.error("shutdown: timed out; exiting");
      process.exit(1);
    }, env.SHUTDOWN_TIMEOUT_MS).unref();
    // Requests still running at 80 % of the time are cut off, leaving time to close the database.
    const force = setTimeout(() => {
      console.error("shutdown: timed out waiting for requests; closing connections");
      server.closeAllConnections();
    }, env.SHUTDOWN_TIMEOUT_MS * 0.8);
    force.unref();
    // Stop accepting; close idle keep-alive sockets now, busy ones once their response is sent.
    void new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    })
      .then(async () => {
        clearTimeout(force);
        await reminders.stop();
        await delivery.stop();
        await webhooks.stop();
        await disconnect();
        await embedded?.stop();
        lock?.release();
        console.log("shutdown: done");
        process.exit(0);
      })
      .catch((error: unknown) => {
        console.error(`shutdown: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      });
  });
}

main().catch(async (error: unknown) => {
  if (error instanceof StartupStopped) {
    await cleanupOnStop().catch(() => undefined);
    console.log("stopped during start-up; nothing was left half-done");
    process.exit(0);
  }
  if (error instanceof DataFolderError || error instanceof MigrationError) fail(error.message);
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
