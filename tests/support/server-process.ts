/**
 * The real production server (server/main.ts) as a child process, the way it runs in production:
 * it migrates the database it is given, seeds the demo team, and serves the built app.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { freePort, request, sleep } from "./net";

const root = path.resolve(import.meta.dirname, "../..");

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
  /** Stops the process if it still runs (SIGKILL after a grace period). */
  stop: () => Promise<void>;
};

export async function startServerProcess(options: { databaseUrl: string; env?: Record<string, string> }): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_URL: options.databaseUrl,
      EVIDENT_DEMO: "true",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
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

  // Migrating and seeding a fresh database takes a few seconds.
  const deadline = performance.now() + 90_000;
  for (;;) {
    if (!alive()) throw new Error(`The server exited before it was ready:\n${output}`);
    const reply = await request(`${url}/readyz`, { timeoutMs: 2_000 });
    if (reply.status === 200) return server;
    if (performance.now() > deadline) {
      await server.stop();
      throw new Error(`The server was not ready within 90 s:\n${output}`);
    }
    await sleep(200);
  }
}
