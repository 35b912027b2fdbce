/**
 * One answer to "did this request fail because the database is away or too slow?", for the page
 * path (server/app.ts, entry.server's handleError) and the API path (modules/api/http.server).
 * Such a failure is the operator's, not a bug and not the client's: it becomes a 503 with
 * Retry-After, never a 500.
 *
 * Errors reach us in several shapes: Prisma's (P-codes, with the driver adapter's cause in
 * `meta`), the driver adapter's own inside interactive transactions (`cause.kind`/`cause.code`),
 * pg's (SQLSTATE in `code`, or a bare message) and Node's socket errors (errno codes).
 */

export type UnavailableAnswer = { status: 503; code: "unavailable"; title: string; message: string; retryAfterSeconds: number };

/** What a client is told when the database is unavailable: the same words on pages and in the API. */
export const UNAVAILABLE: UnavailableAnswer = {
  status: 503,
  code: "unavailable",
  title: "Evident is briefly unavailable",
  message: "The database is not answering right now. Please try again in a few seconds.",
  retryAfterSeconds: 5,
};

/** Out of disk space: retrying in a few seconds will not help until someone frees some. */
const DISK_FULL: UnavailableAnswer = {
  ...UNAVAILABLE,
  title: "Evident cannot save right now",
  message: "The database has run out of disk space, so nothing was saved. Please ask your administrator to free some space, then try again.",
  retryAfterSeconds: 60,
};

/** The embedded database stopped after a fatal error and is reopening by itself once the cause is fixed. */
const STOPPED: UnavailableAnswer = {
  ...UNAVAILABLE,
  title: "Evident is unavailable",
  message: "The database stopped after an error and reopens by itself once the cause is fixed. Nothing saved before is lost. Please try again later.",
  retryAfterSeconds: 30,
};

// SQLSTATE disk_full, and the words PostgreSQL and the OS use for it.
const DISK_FULL_PATTERN = /No space left on device|disk is full/i;

// The server entry and the Remix build each load this module; what the embedded database says
// about itself is shared through globalThis, like the connection in db.server.ts.
const holder = globalThis as unknown as { __evidentDatabaseStopped?: () => string | null };

/** Lets the embedded database say why it is down (null while it is up), for every 503 to tell. */
export function reportDatabaseStopped(reason: () => string | null) {
  holder.__evidentDatabaseStopped = reason;
}

/** The answer for a request that failed on the database: why, as far as it is known. */
export function unavailableAnswer(error?: unknown): UnavailableAnswer {
  const stopped = holder.__evidentDatabaseStopped?.();
  if (stopped !== null && stopped !== undefined) {
    return DISK_FULL_PATTERN.test(stopped) ? { ...STOPPED, message: `${STOPPED.message} It ran out of disk space.` } : STOPPED;
  }
  return isDiskFull(error) ? DISK_FULL : UNAVAILABLE;
}

// Prisma: can't reach / timed out reaching the server, operation timed out, server closed the
// connection, timed out waiting for a pool connection, interactive transaction expired or could
// not start in time.
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028"]);

// The driver adapter's kinds for the same situations.
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

// SQLSTATE: query_canceled (statement_timeout), lock_not_available (lock_timeout), disk full,
// too many connections, admin / crash shutdown, cannot connect now (starting up or shutting
// down), I/O error.
const SQLSTATES = new Set(["57014", "55P03", "53100", "53300", "57P01", "57P02", "57P03", "58030"]);

const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

// pg reports a dropped connection or a pool wait that timed out with a message and no code.
const PG_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Can't reach database server/i;

type Shape = { code?: unknown; kind?: unknown; originalCode?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: unknown } } };

function matches(value: Shape): boolean {
  const code = typeof value.code === "string" ? value.code : "";
  if (PRISMA_CODES.has(code) || SQLSTATES.has(code) || SOCKET_CODES.has(code) || code.startsWith("08")) return true;
  if (typeof value.originalCode === "string" && (SQLSTATES.has(value.originalCode) || value.originalCode.startsWith("08"))) return true;
  if (typeof value.kind === "string" && ADAPTER_KINDS.has(value.kind)) return true;
  return typeof value.message === "string" && !code && PG_MESSAGES.test(value.message);
}

/**
 * A short reason when `error` means the database is unavailable or a statement ran out of time,
 * otherwise null. Follows `cause` and Prisma's `meta.driverAdapterError` a few levels deep.
 */
export function databaseFailure(error: unknown): string | null {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.size < 8) {
    const value = queue.shift();
    if (!value || typeof value !== "object" || seen.has(value)) continue;
    seen.add(value);
    const shape = value as Shape;
    if (matches(shape)) return reason(error, shape);
    queue.push(shape.cause, shape.meta?.driverAdapterError, shape.meta?.driverAdapterError?.cause);
  }
  return null;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  return databaseFailure(error) !== null;
}

function isDiskFull(error: unknown): boolean {
  const reason = databaseFailure(error);
  return reason !== null && (/\b53100\b/.test(reason) || DISK_FULL_PATTERN.test(reason));
}

/** One line for the log: Prisma's messages carry a multi-line code frame we don't want per request. */
function reason(error: unknown, match: Shape): string {
  const code = [(error as Shape).code, match.code, match.kind].find((value) => typeof value === "string");
  const message = String(match.message ?? (error as Shape).message ?? "").trim().split("\n").filter(Boolean).pop() ?? "";
  return [code, message].filter(Boolean).join(" ").slice(0, 300);
}
