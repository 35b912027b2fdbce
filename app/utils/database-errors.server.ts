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

/** What a client is told when the database is unavailable: the same words on pages and in the API. */
export const UNAVAILABLE = {
  status: 503,
  code: "unavailable",
  title: "Evident is briefly unavailable",
  message: "The database is not answering right now. Please try again in a few seconds.",
  retryAfterSeconds: 5,
} as const;

// Prisma: can't reach / timed out reaching the server, operation timed out, server closed the
// connection, timed out waiting for a pool connection, interactive transaction expired or could
// not start in time.
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028"]);

// The driver adapter's kinds for the same situations.
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

// SQLSTATE: query_canceled (statement_timeout), lock_not_available (lock_timeout), too many
// connections, admin / crash shutdown, cannot connect now (starting up or shutting down).
const SQLSTATES = new Set(["57014", "55P03", "53300", "57P01", "57P02", "57P03"]);

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

/** One line for the log: Prisma's messages carry a multi-line code frame we don't want per request. */
function reason(error: unknown, match: Shape): string {
  const code = [(error as Shape).code, match.code, match.kind].find((value) => typeof value === "string");
  const message = String(match.message ?? (error as Shape).message ?? "").trim().split("\n").filter(Boolean).pop() ?? "";
  return [code, message].filter(Boolean).join(" ").slice(0, 300);
}
