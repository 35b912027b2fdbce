/**
 * A private, throw-away PostgreSQL cluster for the fault tests: its own data directory, port and
 * socket directory, so stopping and restarting it never disturbs anyone else's database.
 */
import { execFile, execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "../../support/net";

const run = promisify(execFile);

/** The directory holding initdb and pg_ctl: pg_config's, else the newest installed major version. */
export function findPostgresBinaries(): string | null {
  try {
    const bindir = execFileSync("pg_config", ["--bindir"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    if (existsSync(path.join(bindir, "initdb")) && existsSync(path.join(bindir, "pg_ctl"))) return bindir;
  } catch {
    // No pg_config (or only the client package): look in Debian's layout below.
  }
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((name) => /^\d+$/.test(name) && existsSync(path.join(root, name, "bin/initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], "bin") : null;
}

/**
 * The binaries, or null after printing why the suite is skipped. In CI a missing server is an
 * error: a fault suite that silently skips there proves nothing.
 */
export function postgresBinariesOrSkip(): string | null {
  const bindir = findPostgresBinaries();
  if (bindir) return bindir;
  const reason = "no PostgreSQL server binaries (pg_config --bindir or /usr/lib/postgresql/*/bin); install the postgresql package";
  if (process.env.CI) throw new Error(`Fault tests cannot run: ${reason}.`);
  console.warn(`Skipping the fault tests: ${reason}.`);
  return null;
}

export type PostgresCluster = {
  port: number;
  /** Connection URL for a database of this cluster (default `postgres`). */
  url: (database?: string) => string;
  start: () => Promise<void>;
  stop: (mode?: "fast" | "immediate") => Promise<void>;
  destroy: () => Promise<void>;
  /** The server log, for failure messages. */
  log: () => string;
};

// PostgreSQL refuses to run as root, so as root every binary runs as the postgres user.
const asRoot = process.getuid?.() === 0;

function command(bindir: string, binary: string, args: string[]): [string, string[]] {
  const file = path.join(bindir, binary);
  return asRoot ? ["runuser", ["-u", "postgres", "--", file, ...args]] : [file, args];
}

function postgresOwner(): { uid: number; gid: number } {
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  return { uid, gid };
}

export async function createPostgresCluster(bindir: string): Promise<PostgresCluster> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "evident-faults-pg-"));
  if (asRoot) {
    const { uid, gid } = postgresOwner();
    chownSync(dir, uid, gid);
  }
  const dataDir = path.join(dir, "data");
  const logFile = path.join(dir, "server.log");
  const port = await freePort();
  // The binaries run with the temp dir as working directory: the postgres user may not be allowed into ours.
  const exec = (binary: string, args: string[]) => {
    const [file, argv] = command(bindir, binary, args);
    return run(file, argv, { cwd: dir, timeout: 60_000 });
  };

  await exec("initdb", ["-D", dataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);

  let running = false;
  const start = async () => {
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`;
    await exec("pg_ctl", ["-D", dataDir, "-l", logFile, "-w", "-t", "30", "-o", options, "start"]);
    running = true;
  };
  const stop = async (mode: "fast" | "immediate" = "fast") => {
    await exec("pg_ctl", ["-D", dataDir, "-w", "-t", "30", "-m", mode, "stop"]);
    running = false;
  };

  // Should the test process die without its afterAll, the cluster must not outlive it.
  const stopOnExit = () => {
    if (!running) return;
    const [file, argv] = command(bindir, "pg_ctl", ["-D", dataDir, "-m", "immediate", "stop"]);
    try {
      execFileSync(file, argv, { cwd: dir, stdio: "ignore" });
    } catch {
      // Already gone.
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", stopOnExit);

  await start();
  return {
    port,
    url: (database = "postgres") => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    start,
    stop,
    destroy: async () => {
      process.removeListener("exit", stopOnExit);
      if (running) await stop("immediate").catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
    log: () => (existsSync(logFile) ? readFileSync(logFile, "utf8") : ""),
  };
}
