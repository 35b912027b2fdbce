/**
 * The embedded database's data folder: who may open it, whether it can be written, and how much
 * room is left under it (ADR 014).
 *
 * Ownership is an OS lock on `<folder>/evident.lock`, taken before the database opens and held
 * for the life of the process. The kernel drops it when the process ends, however it ends, so a
 * crashed holder never blocks the next start and no stale file can be mistaken for a live one.
 */
import { accessSync, closeSync, constants, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, statfsSync, writeSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

// Open-file-description locks on Linux (flock on macOS, LockFileEx on Windows), from prebuilt
// binaries: nothing is compiled at install time.
const { tryLock } = createRequire(import.meta.url)("fs-native-extensions") as { tryLock: (fd: number) => boolean };

export type HolderRole = "app" | "cli";

/** What the lock file says about the process holding it. */
export type LockHolder = {
  pid: number;
  role: HolderRole;
  startedAt: string;
  /** The loopback port the holder serves the database on, once it does. */
  port?: number;
};

/** A refusal or a fault of the data folder, worded for the person starting Evident. */
export class DataFolderError extends Error {
  override name = "DataFolderError";
}

export type DataFolderLock = {
  holder: LockHolder;
  /** Records more about this process (the port) for other processes to read. */
  update: (patch: Partial<LockHolder>) => void;
  release: () => void;
};

export function lockFilePath(dataDir: string) {
  return path.join(dataDir, "evident.lock");
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EROFS") return "the file system is read-only";
  if (code === "ENOSPC") return "the disk is full";
  if (code === "ENOTDIR") return "a file stands where a folder should be";
  return (error as Error | null)?.message ?? String(error);
}

function cannotWrite(target: string, error: unknown): DataFolderError {
  const reason = describeFsError(error);
  const fix =
    reason === "the disk is full"
      ? "Free some space there and start again."
      : `Make it writable by ${os.userInfo().username}, or point EVIDENT_DATA_DIR at a folder that is.`;
  return new DataFolderError(`Evident cannot write to its data folder: ${target} (${reason}). ${fix}`);
}

/** Reads the lock file's description of its holder; null while a new holder has not written it yet. */
export function readLockHolder(dataDir: string): LockHolder | null {
  try {
    const parsed = JSON.parse(readFileSync(lockFilePath(dataDir), "utf8")) as Partial<LockHolder>;
    if (!Number.isInteger(parsed.pid) || (parsed.role !== "app" && parsed.role !== "cli")) return null;
    return {
      pid: parsed.pid!,
      role: parsed.role,
      startedAt: String(parsed.startedAt ?? ""),
      port: Number.isInteger(parsed.port) ? parsed.port : undefined,
    };
  } catch {
    return null;
  }
}

/** "Evident (pid 4242, started 10:41)" — how a refusal names the process in the way. */
export function describeHolder(holder: LockHolder | null): string {
  if (!holder) return "another process that is just starting";
  const since = holder.startedAt ? `, started ${new Date(holder.startedAt).toLocaleString()}` : "";
  const what = holder.role === "app" ? "a running Evident" : "an Evident CLI command";
  return `${what} (pid ${holder.pid}${since})`;
}

/**
 * Takes the data folder for this process, creating the folder if needed. Returns the lock, or
 * who holds it when another live process does. Never waits.
 */
export function lockDataFolder(dataDir: string, role: HolderRole): { lock: DataFolderLock } | { heldBy: LockHolder | null } {
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw cannotWrite(dataDir, error);
  }
  let fd: number;
  try {
    // Opened for writing even to look: a read-only folder is found here, before the database opens.
    fd = openSync(lockFilePath(dataDir), constants.O_RDWR | constants.O_CREAT, 0o644);
  } catch (error) {
    throw cannotWrite(dataDir, error);
  }
  if (!tryLock(fd)) {
    closeSync(fd);
    return { heldBy: readLockHolder(dataDir) };
  }
  const holder: LockHolder = { pid: process.pid, role, startedAt: new Date().toISOString() };
  const write = () => {
    const text = `${JSON.stringify(holder)}\n`;
    ftruncateSync(fd, 0);
    writeSync(fd, text, 0);
  };
  try {
    write();
  } catch (error) {
    closeSync(fd);
    throw cannotWrite(lockFilePath(dataDir), error);
  }
  let released = false;
  return {
    lock: {
      holder,
      update: (patch) => {
        Object.assign(holder, patch);
        if (!released) write();
      },
      release: () => {
        if (released) return;
        released = true;
        // The file stays (another process may be opening it this instant); closing drops the lock.
        closeSync(fd);
      },
    },
  };
}

/**
 * Checks that everything under the folder can be written, so a folder copied in as another user
 * or mounted read-only is reported by name instead of as a database that "failed to initialize".
 */
export function assertWritable(folder: string): void {
  const visit = (target: string, depth: number) => {
    try {
      accessSync(target, constants.R_OK | constants.W_OK);
    } catch (error) {
      throw cannotWrite(target, error);
    }
    if (depth > 6) return;
    let entries;
    try {
      entries = readdirSync(target, { withFileTypes: true });
    } catch {
      return; // a file, not a folder
    }
    for (const entry of entries) visit(path.join(target, entry.name), depth + 1);
  };
  visit(folder, 0);
}

/** Bytes free for this user on the file system holding `folder`, or null where it cannot be read. */
export function freeBytes(folder: string): number | null {
  try {
    const stats = statfsSync(folder);
    return stats.bavail * stats.bsize;
  } catch {
    return null;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)} MB`;
  return `${Math.round(bytes / 1024)} kB`;
}
