/**
 * How a command (the admin CLI, `npm run seed`, `npm run seed:large`) finds its database, the way
 * the app does: DATABASE_URL if set; else the embedded database of EVIDENT_DATA_DIR — served by
 * the running app when there is one (after checking that the port really is that folder's
 * database), otherwise opened in this process, under the folder's lock, for the command's life.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { disconnect } from "~/utils/db.server";
import { EnvError, parseEnv } from "~/utils/env.server";
import { DataFolderError, describeHolder, lockDataFolder, type DataFolderLock } from "./data-folder";
import { embeddedUrl, servesFolder, startEmbeddedDatabase, type EmbeddedDatabase } from "./embedded-database";
import { migrateDatabase } from "./migrate";

// The data dir is relative to the project, like server/main.ts, so a command finds the app's
// data whatever directory it is started from.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** How long a command waits for an app that is still starting on the folder. */
const WAIT_FOR_STARTING_APP_MS = 90_000;

export type CommandDatabase = {
  url: string;
  /** "own": this process opened the embedded database; "app": the running app serves it. */
  embedded: "own" | "app" | null;
  close: () => Promise<void>;
};

export type OpenOptions = {
  say: (text: string) => void;
  /**
   * Prepares a folder this command creates. By default it is migrated, as the app would; a
   * restore rebuilds the schema of its backup instead.
   */
  initialize?: (url: string) => Promise<void>;
  /** Bring a folder this command opened up to date (default true). */
  migrate?: boolean;
};

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function dataDirFromEnv(dataDir: string) {
  return path.resolve(root, dataDir);
}

export async function openCommandDatabase(options: OpenOptions): Promise<CommandDatabase> {
  let env;
  try {
    env = parseEnv();
  } catch (error) {
    if (error instanceof EnvError) throw new DataFolderError(error.message);
    throw error;
  }
  if (env.DATABASE_URL) {
    // Not migrated here: the app migrates on start, and an admin tool should not change the
    // schema of a production database as a side effect. A missing table is reported clearly.
    process.env.DATABASE_URL = env.DATABASE_URL;
    return { url: env.DATABASE_URL, embedded: null, close: disconnect };
  }

  const dataDir = dataDirFromEnv(env.EVIDENT_DATA_DIR);
  // Set before the first query: the embedded server takes one connection from each pool.
  process.env.EVIDENT_EMBEDDED = "1";
  const deadline = Date.now() + WAIT_FOR_STARTING_APP_MS;
  let waiting = false;
  for (;;) {
    const attempt = lockDataFolder(dataDir, "cli");
    if ("lock" in attempt) return openOwn(dataDir, attempt.lock, options);
    const holder = attempt.heldBy;
    if (holder?.role === "app" && holder.port) {
      const url = embeddedUrl(holder.port);
      if (!(await servesFolder(url, dataDir))) {
        throw new DataFolderError(
          `${describeHolder(holder)} holds the data folder ${dataDir}, but port ${holder.port} does not answer as its database. ` +
            "If that process is not Evident, stop it and try again; if it is, its database may be down (see its /readyz).",
        );
      }
      process.env.DATABASE_URL = url;
      return { url, embedded: "app", close: disconnect };
    }
    if (holder?.role === "cli" || Date.now() > deadline) {
      throw new DataFolderError(`The data folder ${dataDir} is in use by ${describeHolder(holder)}. Try again when it has finished.`);
    }
    if (!waiting) options.say(`database: waiting for ${describeHolder(holder)} to finish starting on ${dataDir}`);
    waiting = true;
    await sleep(500);
  }
}

async function openOwn(dataDir: string, lock: DataFolderLock, options: OpenOptions): Promise<CommandDatabase> {
  options.say(`database: opening the embedded database in ${dataDir} for this command`);
  let embedded: EmbeddedDatabase | null = null;
  const log = (line: string) => options.say(line);
  try {
    embedded = await startEmbeddedDatabase({
      dataDir,
      log,
      initialize: options.initialize ?? (async (url) => void (await migrateDatabase(url, { log }))),
    });
    lock.update({ port: Number(new URL(embedded.url).port) });
    // A folder from an older version needs the schema the app would give it.
    if (options.migrate !== false) await migrateDatabase(embedded.url, { log });
  } catch (error) {
    await embedded?.stop();
    lock.release();
    throw error;
  }
  process.env.DATABASE_URL = embedded.url;
  const opened = embedded;
  return {
    url: opened.url,
    embedded: "own",
    close: async () => {
      try {
        await disconnect();
      } finally {
        await opened.stop();
        lock.release();
      }
    },
  };
}
