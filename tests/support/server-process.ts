/**
 * The real production server (server/main.ts) as a child process, the way it runs in production:
 * it migrates the database it is given (PostgreSQL, or the embedded database of a data folder),
 * seeds the demo team, and serves the built app.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { freePort, request, sleep } from "./net";

const root = path.resolve(import.meta.dirname, "../..");

/** Where the server keeps its data: a PostgreSQL database, or an embedded database's folder. */
export type Storage = { databaseUrl: string } | { dataDir: string };

export type ServerProcess = {
  url: string;
  child: ChildProcess;
  /** Everything the process printed so far, for failure messages. */
  output: () => string;
  /** Still running? */
  alive: () => boolean;
  /** Resolves with the exit code (null when killed by a signal) once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill: (signal: NodeJS.Signals) => void;
  /** Resolves once the process has printed a line matching `pattern` (rejects if it exits first). */
  printed: (pattern: RegExp, timeoutMs?: number) => Promise<void>;
  /** Resolves once /readyz answers 200 (rejects if the process exits first). */
  ready: (timeoutMs?: number) => Promise<void>;
  /** Stops the process if it still runs (SIGKILL after a grace period). */
  stop: () => Promise<void>;
};

/** The environment a server (or a CLI command) needs to use `storage`. */
export function storageEnv(storage: Storage): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if ("databaseUrl" in storage) {
    env.DATABASE_URL = storage.databaseUrl;
    env.EVIDENT_DEMO = "true";
  } else {
    delete env.DATABASE_URL;
    delete env.EVIDENT_DEMO;
    env.EVIDENT_DATA_DIR = storage.dataDir;
  }
  delete env.EVIDENT_EMBEDDED;
  return env;
}

/** Starts the server and returns at once, so a test can act on it while it starts. */
export async function spawnServerProcess(options: Storage & { env?: Record<string, string> }): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: root,
    env: { ...storageEnv(options), NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port), ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const listeners = new Set<() => void>();
  const heard = (chunk: Buffer) => {
    output += chunk;
    for (const listener of listeners) listener();
  };
  child.stdout!.on("data", heard);
  child.stderr!.on("data", heard);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  const alive = () => child.exitCode === null && child.signalCode === null;
  const url = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    url,
    child,
    output: () => output,
    alive,
    exited,
    kill: (signal) => void child.kill(signal),
    printed: (pattern, timeoutMs = 90_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(output)) finish(resolve);
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`The server did not print ${pattern} within ${timeoutMs} ms:\n${output}`))), timeoutMs);
        const finish = (then: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          then();
        };
        listeners.add(check);
        void exited.then(() => finish(() => (pattern.test(output) ? resolve() : reject(new Error(`The server exited before printing ${pattern}:\n${output}`)))));
        check();
      }),
    ready: async (timeoutMs = 90_000) => {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        if (!alive()) throw new Error(`The server exited before it was ready:\n${output}`);
        const reply = await request(`${url}/readyz`, { timeoutMs: 2_000 });
        if (reply.status === 200) return;
        if (performance.now() > deadline) throw new Error(`The server was not ready within ${timeoutMs / 1000} s:\n${output}`);
        await sleep(200);
      }
    },
    stop: async () => {
      if (!alive()) return;
      child.kill("SIGTERM");
      const stopped = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
      if (!stopped) {
        child.kill("SIGKILL");
        await exited;
      }
    },
  };
  return server;
}

/** Starts the server and resolves once it is ready (migrating and seeding take a few seconds). */
export async function startServerProcess(options: Storage & { env?: Record<string, string> }): Promise<ServerProcess> {
  const server = await spawnServerProcess(options);
  try {
    await server.ready();
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}
