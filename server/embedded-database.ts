/**
 * The zero-setup database: PostgreSQL compiled to WebAssembly (PGlite), served on a loopback port
 * so the app, migrations and scripts all speak the ordinary Postgres protocol to it (ADR 003).
 *
 * What keeps a data folder safe (ADR 014):
 * - one process per folder, by an OS lock taken before the database opens (server/data-folder.ts);
 * - a new folder is created and prepared (migrated, seeded) under a scratch name and renamed into
 *   place only when complete, so an interrupted first start leaves nothing half-made behind;
 * - a fatal database error (a PANIC: disk full, an unwritable file) takes the database down, not
 *   the process: the app answers 503 with the reason, and reopens the folder, replaying its
 *   write-ahead log, once the cause is gone.
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import pg from "pg";
import { assertWritable, DataFolderError, formatBytes, freeBytes } from "./data-folder";

/** Below this much free space under the folder, the log and /readyz warn. */
export const LOW_DISK_SPACE_BYTES = 256 * 1024 ** 2;
/** A folder is reopened after a failure only with this much room: replaying the log writes. */
const REOPEN_MIN_FREE_BYTES = 64 * 1024 ** 2;

export type EmbeddedHealth = {
  state: "open" | "failed" | "stopped";
  /** Why the database is down, while it is. */
  reason?: string;
  since?: string;
  freeBytes: number | null;
  lowDiskSpace: boolean;
};

export type EmbeddedDatabase = {
  url: string;
  health: () => EmbeddedHealth;
  stop: () => Promise<void>;
};

type Options = {
  /** The data folder, or null for a throwaway in-memory database (tests). */
  dataDir: string | null;
  /** Prepares a new folder before first use (migrations, demo team), on its scratch copy. */
  initialize?: (url: string) => Promise<void>;
  log?: (line: string) => void;
  /** Called after the database reopened following a failure: connections to the old run are stale. */
  onReopen?: () => void;
};

export function embeddedUrl(port: number) {
  return `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), ms);
      timer.unref();
    }),
  ]);
}

/** The PANIC line PostgreSQL logs when it cannot go on, without its timestamp prefix. */
function fatalReason(text: string): string | null {
  const panic = /\bPANIC:\s+(.*)$/m.exec(text);
  if (panic) return panic[1].trim();
  if (/^Aborted\(/m.test(text)) return "the database engine aborted";
  return null;
}

/** The frontend's Sync message: ends an extended-protocol exchange. */
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

/** Whether a frontend message leaves an extended-protocol exchange open (everything but Sync, Query, Terminate). */
function opensExchange(message: Uint8Array): boolean {
  const type = String.fromCharCode(message[0] ?? 0);
  return "PBDECH".includes(type);
}

/** One PGlite instance and the socket server in front of it. */
type Instance = { pglite: PGlite; server: PGLiteSocketServer; port: number; isDead: () => boolean };

async function openInstance(dataPath: string | undefined, port: number, onFatal: (reason: string) => void): Promise<Instance> {
  let dead = false;
  const pglite = await PGlite.create(dataPath, {
    // Search uses trigram similarity for typos and prefixes (the search migration creates it).
    extensions: { pg_trgm },
    onStderr: (text: string) => {
      const reason = fatalReason(text);
      if (reason && !dead) {
        dead = true;
        onFatal(reason);
      }
      return false;
    },
  });
  // After a PANIC the engine must not be asked anything again: a further statement (even the
  // ROLLBACK the socket server sends for a client's open transaction) spins forever and takes the
  // event loop with it. Every call is refused at the door instead.
  //
  // The socket server queues each connection's protocol messages one by one and only keeps a
  // connection's messages together inside BEGIN … COMMIT. An extended-protocol exchange (Parse,
  // Bind, Describe, Execute … Sync) must stay together too, or another connection's Parse lands
  // between this one's Parse and Bind and runs with the wrong statement or the wrong values.
  // Reporting "in a transaction" while an exchange is open makes the queue wait for its Sync.
  let exchangeOpen = false;
  const guarded = new Proxy(pglite, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== "function") return value;
      const method = (value as (...args: unknown[]) => unknown).bind(target);
      if (property === "isInTransaction") return () => !dead && (exchangeOpen || (method() as boolean));
      return (...args: unknown[]) => {
        if (dead) return Promise.reject(new Error("The embedded database has stopped."));
        if (property === "execProtocolRawStream") exchangeOpen = opensExchange(args[0] as Uint8Array);
        // The socket server's clean-up for a connection that left mid-exchange: end the exchange
        // first, so the engine is not left skipping the next connection's messages until a Sync.
        if (property === "exec" && exchangeOpen) {
          exchangeOpen = false;
          return pglite.execProtocolRaw(SYNC).then(() => method(...args));
        }
        return method(...args);
      };
    },
  });
  // Several connections may attach (the app's pool, a CLI command); PGlite runs their statements
  // one at a time and keeps a transaction's (and an exchange's) messages together.
  const server = new PGLiteSocketServer({ db: guarded, host: "127.0.0.1", port, maxConnections: 16 });
  try {
    await server.start();
  } catch (error) {
    await pglite.close().catch(() => undefined);
    throw error;
  }
  const actualPort = Number(server.getServerConn().split(":").pop());
  return { pglite, server, port: actualPort, isDead: () => dead };
}

async function closeInstance(instance: Instance) {
  await withTimeout(instance.server.stop(), 2_000);
  // A dead engine is left alone: asking it to close is asking it something.
  if (!instance.isDead()) await withTimeout(instance.pglite.close(), 5_000);
}

/**
 * Creates the folder's database under a scratch name, prepares it, and renames it into place.
 * A folder left without PG_VERSION by an interrupted start of an older version is moved aside
 * (never deleted) and logged.
 */
async function createFolderDatabase(dataDir: string, live: string, options: Options, log: (line: string) => void) {
  if (existsSync(live) && readdirSync(live).length > 0) {
    const aside = `${live}.incomplete-${new Date().toISOString().replaceAll(":", "-")}`;
    renameSync(live, aside);
    log(`database: ${live} was never completely created; moved it to ${aside}`);
  }
  const scratch = path.join(dataDir, "pglite.new");
  rmSync(scratch, { recursive: true, force: true });
  log(`database: creating the embedded database in ${live}`);
  const instance = await openInstance(scratch, 0, (reason) => log(`database: stopped while being created: ${reason}`));
  try {
    await options.initialize?.(embeddedUrl(instance.port));
  } catch (error) {
    await closeInstance(instance);
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
  await closeInstance(instance);
  if (instance.isDead()) throw new DataFolderError(`Creating the embedded database in ${dataDir} failed; see the messages above.`);
  rmSync(live, { recursive: true, force: true }); // an empty folder at most, by now
  renameSync(scratch, live);
}

/**
 * Opens the folder's database (creating it when new) and serves it on a free loopback port.
 * The caller holds the folder's lock.
 */
export async function startEmbeddedDatabase(options: Options): Promise<EmbeddedDatabase> {
  const log = options.log ?? ((line: string) => console.log(line));
  const { dataDir } = options;
  const live = dataDir ? path.join(dataDir, "pglite") : undefined;

  if (dataDir && live) {
    if (!existsSync(path.join(live, "PG_VERSION"))) await createFolderDatabase(dataDir, live, options, log);
    assertWritable(live);
  }

  let stopped = false;
  let failure: { reason: string; since: Date } | null = null;
  let retryTimer: NodeJS.Timeout | undefined;
  let lowSpaceWarned = false;

  const checkSpace = (): number | null => {
    const free = dataDir ? freeBytes(dataDir) : null;
    if (free === null) return null;
    const low = free < LOW_DISK_SPACE_BYTES;
    if (low && !lowSpaceWarned) log(`database: warning: only ${formatBytes(free)} free under ${dataDir}; when it runs out, Evident cannot save anything`);
    if (!low && lowSpaceWarned) log(`database: ${formatBytes(free)} free under ${dataDir} again`);
    lowSpaceWarned = low;
    return free;
  };

  let instance: Instance | undefined;
  const onFatal = (reason: string) => {
    if (stopped || failure) return;
    failure = { reason, since: new Date() };
    log(`database: the embedded database stopped: ${reason}. Evident answers 503 until it reopens; it retries by itself once the cause is fixed.`);
    // Drop every client (they get 503s, not hangs), then leave the dead engine behind.
    setImmediate(() => {
      const dead = instance;
      if (dead) void withTimeout(dead.server.stop(), 2_000).then(() => scheduleReopen(1_000));
    });
  };

  const scheduleReopen = (delay: number) => {
    if (stopped) return;
    retryTimer = setTimeout(() => void reopen(delay), delay);
    retryTimer.unref();
  };

  const reopen = async (delay: number) => {
    const down = failure;
    if (stopped || !down || !instance) return;
    const free = checkSpace();
    if (free !== null && free < REOPEN_MIN_FREE_BYTES) {
      down.reason = `the disk is full: ${formatBytes(free)} free under ${dataDir}, ${formatBytes(REOPEN_MIN_FREE_BYTES)} needed to reopen`;
      return scheduleReopen(2_000);
    }
    try {
      if (live) assertWritable(live);
      const reopened = await openInstance(live, instance.port, onFatal);
      if (stopped) return void (await closeInstance(reopened));
      instance = reopened;
      failure = null;
      options.onReopen?.();
      log(`database: reopened the embedded database (it had stopped: ${down.reason})`);
    } catch (error) {
      down.reason = error instanceof Error ? error.message : String(error);
      log(`database: could not reopen the embedded database yet: ${down.reason}`);
      scheduleReopen(Math.min(delay * 2, 30_000));
    }
  };

  let opened: Instance;
  try {
    opened = await openInstance(live, 0, onFatal);
  } catch (error) {
    throw new DataFolderError(`The embedded database in ${dataDir ?? "memory"} could not be opened: ${error instanceof Error ? error.message : String(error)}`);
  }
  instance = opened;
  checkSpace();
  const spaceWatch = setInterval(checkSpace, 30_000);
  spaceWatch.unref();

  return {
    url: embeddedUrl(opened.port),
    health: () => {
      const free = checkSpace();
      return {
        state: stopped ? "stopped" : failure ? "failed" : "open",
        reason: failure?.reason,
        since: failure?.since.toISOString(),
        freeBytes: free,
        lowDiskSpace: free !== null && free < LOW_DISK_SPACE_BYTES,
      };
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      clearTimeout(retryTimer);
      clearInterval(spaceWatch);
      const current = instance ?? opened;
      if (failure) await withTimeout(current.server.stop(), 2_000);
      else await closeInstance(current);
    },
  };
}

/** The cluster's system identifier as recorded in the folder's control file. */
function folderSystemIdentifier(dataDir: string): string | null {
  try {
    return readFileSync(path.join(dataDir, "pglite", "global", "pg_control")).readBigUInt64LE(0).toString();
  } catch {
    return null;
  }
}

/**
 * Whether the server at `url` is this folder's database (and not whatever program now happens to
 * listen on a port once recorded): its system identifier must match the folder's control file.
 */
export async function servesFolder(url: string, dataDir: string): Promise<boolean> {
  const expected = folderSystemIdentifier(dataDir);
  if (!expected) return false;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query<{ id: string }>("SELECT system_identifier::text AS id FROM pg_control_system()");
    return rows[0]?.id === expected;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
