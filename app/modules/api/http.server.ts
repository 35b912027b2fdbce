/**
 * The API's one way of handling a request: bearer token → rate limit → role → body (JSON,
 * ≤ 1 MB, Zod-validated) → Idempotency-Key → module → JSON. Every failure the client caused is
 * a JSON 4xx `{ error: { code, message, fields? } }`; nothing else leaks.
 */
import { createHash } from "node:crypto";
import type { Role } from "~/generated/prisma/enums";
import { hasRole } from "~/modules/teams/permissions";
import { databaseFailure, unavailableAnswer } from "~/utils/database-errors.server";
import { db } from "~/utils/db.server";
import { BodyTooLargeError, readBody } from "~/utils/body.server";
import { AppError } from "~/utils/errors";
import { idField, isStorableText } from "~/utils/fields";
import type { z } from "zod";
import { OPERATIONS, type Operation, type OperationId } from "./operations";
import { ERROR_CODES, type ErrorCode } from "./schemas";
import { authenticateToken, type TokenActor } from "./tokens.server";

export const MAX_BODY_BYTES = 1024 * 1024;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

/** The answer to any path under /api/ that names no endpoint: the catch-all routes' and the server's. */
export const NO_SUCH_ENDPOINT = { error: { code: "not_found", message: "No such API endpoint. See /api/v1/openapi.json." } } as const;

export function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

function errorResponse(error: ApiError) {
  return json(error.status, { error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } }, error.headers);
}

/**
 * Counts the request against its token's limit for the current minute (API_RATE_LIMIT_PER_MINUTE).
 * The count lives in PostgreSQL, so every app process behind a load balancer adds to the same
 * one: one statement per request, an atomic upsert on (team, token, minute) by the database's
 * clock, which also drops the token's earlier minutes. 429 with Retry-After past the limit.
 */
async function rateLimit(actor: TokenActor) {
  const limit = Number(process.env.API_RATE_LIMIT_PER_MINUTE ?? 600);
  const [window] = await db.$queryRaw<{ count: number; retryAfter: number }[]>`
    WITH minute AS (SELECT date_trunc('minute', now() AT TIME ZONE 'UTC') AS start, now() AT TIME ZONE 'UTC' AS at),
    earlier AS (
      DELETE FROM "ApiRateWindow"
      WHERE "teamId" = ${actor.team.id} AND "tokenId" = ${actor.tokenId} AND "windowStart" < (SELECT start FROM minute)
    )
    INSERT INTO "ApiRateWindow" ("teamId", "tokenId", "windowStart", "count")
    SELECT ${actor.team.id}, ${actor.tokenId}, start, 1 FROM minute
    ON CONFLICT ("teamId", "tokenId", "windowStart") DO UPDATE SET "count" = "ApiRateWindow"."count" + 1
    RETURNING "count", (SELECT ceil(extract(epoch FROM start + interval '1 minute' - at))::int FROM minute) AS "retryAfter"`;
  if (window.count > limit) {
    const retryAfter = Math.min(60, Math.max(1, window.retryAfter));
    throw new ApiError(429, "rate_limited", `Too many requests for this token: at most ${limit} a minute. Retry after ${retryAfter} s.`, undefined, { "Retry-After": String(retryAfter) });
  }
}

export function zodFields(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "body";
    fields[key] ??= issue.message;
  }
  return fields;
}

/** Validates input against a schema, or throws a 400 that names every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ApiError(400, "invalid_request", "The request has invalid fields.", zodFields(result.error));
  return result.data;
}

/**
 * The path of the first string (or key) in a parsed body that cannot be stored, or null: JSON can
 * spell a NUL and half a surrogate pair, as \u0000 and \ud800. Iterative: bodies can nest deeply.
 */
function unstorableTextAt(body: unknown): string | null {
  const stack: [unknown, string][] = [[body, ""]];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value === "string") {
      if (!isStorableText(value)) return path || "body";
    } else if (value && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) {
        if (!isStorableText(key)) return path || "body";
        stack.push([item, path ? `${path}.${key}` : key]);
      }
    }
  }
  return null;
}

function unstorableText(field: string) {
  return new ApiError(400, "invalid_request", "The request has invalid fields.", { [field]: "Text cannot contain NUL characters or unpaired surrogates." });
}

/** The query string under the same rule as a body: a filter holding a NUL could only fail in the database. */
function assertStorableQuery(url: URL, operation: Operation) {
  for (const [name, value] of url.searchParams) {
    if (operation.query?.[name]?.anyText && isStorableText(name)) continue;
    if (!isStorableText(name) || !isStorableText(value)) throw unstorableText(name);
  }
}

/** The body, at most 1 MB of it, counted as it arrives (chunked or not); the rest is never read. */
async function readJson(request: Request): Promise<unknown> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  let bytes: Uint8Array;
  try {
    bytes = await readBody(request, MAX_BODY_BYTES);
  } catch (error) {
    // The unread rest stays on the socket: the server closes the connection after this answer.
    if (error instanceof BodyTooLargeError) throw new ApiError(413, "payload_too_large", "The body is larger than 1 MB. Send at most 5,000 rows per request.", undefined, { Connection: "close" });
    throw error;
  }
  const text = new TextDecoder().decode(bytes);
  if (text.trim() === "") return {};
  if (type && type !== "application/json") throw new ApiError(415, "unsupported_media_type", "Send the body as application/json.");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", "The body is not valid JSON.");
  }
  const unstorable = unstorableTextAt(body);
  if (unstorable !== null) throw unstorableText(unstorable);
  return body;
}

export type ApiContext = {
  actor: TokenActor;
  request: Request;
  url: URL;
  params: Record<string, string | undefined>;
  /** The operation's query parameters, validated (defaults filled in). */
  query: Record<string, unknown>;
  body: unknown;
  idempotencyKey: string | null;
};
export type ApiResult = { status: number; body: unknown };

/** What an operation's handler returns: its success body, before the schema shapes it. */
type SuccessBody<K extends OperationId> = (typeof OPERATIONS)[K]["success"] extends { schema: { type: infer T extends z.ZodType } } ? z.input<T> : null;

/** A handler bound to its operation: what it answers is parsed through the operation's success schema. */
export type Endpoint = { operationId: OperationId; operation: Operation; run: (context: ApiContext) => Promise<ApiResult> };

export function endpoint<K extends OperationId>(operationId: K, handler: (context: ApiContext) => Promise<SuccessBody<K>>): Endpoint {
  const operation: Operation = OPERATIONS[operationId];
  return {
    operationId,
    operation,
    run: async (context) => {
      const data = await handler(context);
      const schema = operation.success.schema?.type;
      // Shaped by the documented schema: a field it does not name never leaves, and a wrong one is our bug (500), not the client's surprise.
      return { status: operation.success.status, body: schema ? schema.parse(data) : null };
    },
  };
}

const KNOWN_CODES = new Set<string>(ERROR_CODES);
const isErrorCode = (code: string): code is ErrorCode => KNOWN_CODES.has(code);

/** The API's answer to a command's refusal: its status, and a code from the documented list. */
function toApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error instanceof AppError) {
    if (error.code === "invalid") return new ApiError(400, "invalid_request", error.message, error.fields);
    const status = error.status === 400 ? 422 : error.status;
    const fallback: ErrorCode = status === 404 ? "not_found" : status === 403 ? "forbidden" : status === 409 ? "conflict" : "not_possible";
    return new ApiError(status, isErrorCode(error.code) ? error.code : fallback, error.message, error.fields);
  }
  return null;
}

/**
 * The operation's query parameters, each validated on its own so that an error names the
 * parameter (`fields.limit`); whole numbers arrive as text and are read as numbers first.
 */
function parseQuery(operation: Operation, url: URL): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  const fields: Record<string, string> = {};
  for (const [name, parameter] of Object.entries(operation.query ?? {})) {
    const raw = url.searchParams.get(name);
    const value = raw === null ? undefined : parameter.integer && /^-?\d{1,15}$/.test(raw.trim()) ? Number(raw) : raw;
    const result = parameter.schema.safeParse(value);
    if (result.success) query[name] = result.data;
    else fields[name] = result.error.issues[0]?.message ?? "Invalid value.";
  }
  if (Object.keys(fields).length > 0) throw new ApiError(400, "invalid_request", "The request has invalid query parameters.", fields);
  return query;
}

function requestHash(method: string, path: string, body: unknown) {
  return createHash("sha256").update(`${method} ${path}\n${JSON.stringify(body)}`).digest("hex");
}

/**
 * How long a first request may hold its Idempotency-Key before the key counts as abandoned. Far
 * beyond any request's life (the request deadline, statement and transaction timeouts): past it,
 * the server that claimed the key failed before it could record an answer — the database went
 * away mid-request — and a retry runs the request again instead of hearing "still processing"
 * forever. Observation writes stay exactly-once even then: their rows carry keys derived from
 * the request's (see rowKeys), so a re-run skips what the first attempt stored.
 */
export const IDEMPOTENCY_LEASE_MS = 2 * 60_000;

/** Claims the key for this request: true when it may run, or the stored record otherwise. */
async function claim(actor: TokenActor, key: string, hash: string, now = new Date()) {
  const where = { teamId_key: { teamId: actor.team.id, key } };
  try {
    await db.idempotencyRecord.create({ data: { teamId: actor.team.id, key, requestHash: hash, createdAt: now } });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code !== "P2002") throw error;
  }
  const existing = await db.idempotencyRecord.findUnique({ where });
  if (!existing) throw new ApiError(409, "idempotency_conflict", "A request with this Idempotency-Key is being processed. Retry shortly.");
  if (existing.requestHash !== hash) throw new ApiError(422, "idempotency_mismatch", "This Idempotency-Key was used with a different request.");
  if (existing.responseStatus !== null) return existing;
  const abandoned = now.getTime() - existing.createdAt.getTime() > IDEMPOTENCY_LEASE_MS;
  if (abandoned) {
    // Take it over only if nobody else did since we read it.
    const taken = await db.idempotencyRecord.updateMany({ where: { teamId: actor.team.id, key, responseStatus: null, createdAt: existing.createdAt }, data: { createdAt: now } });
    if (taken.count === 1) return true;
  }
  throw new ApiError(409, "idempotency_conflict", "A request with this Idempotency-Key is still being processed. Retry shortly.");
}

/** Runs a write once per Idempotency-Key: a replay returns the first response and writes nothing. */
async function withIdempotency(actor: TokenActor, key: string, hash: string, run: () => Promise<ApiResult>): Promise<ApiResult & { replayed?: true }> {
  if (key.length > 200) throw new ApiError(400, "invalid_idempotency_key", "The Idempotency-Key header must be at most 200 characters.");
  const claimed = await claim(actor, key, hash);
  if (claimed !== true) return { status: claimed.responseStatus!, body: claimed.responseBody, replayed: true };
  try {
    const result = await run();
    await db.idempotencyRecord.update({ where: { teamId_key: { teamId: actor.team.id, key } }, data: { responseStatus: result.status, responseBody: (result.body ?? null) as object } });
    return result;
  } catch (error) {
    const apiError = toApiError(error);
    if (apiError && apiError.status !== 409 && apiError.status !== 429) {
      const body = { error: { code: apiError.code, message: apiError.message, ...(apiError.fields ? { fields: apiError.fields } : {}) } };
      await db.idempotencyRecord.update({ where: { teamId_key: { teamId: actor.team.id, key } }, data: { responseStatus: apiError.status, responseBody: body } });
    } else {
      // Not a final answer: let the client retry with the same key. (Should the database be
      // away, this fails too, and the lease above frees the key later.)
      await db.idempotencyRecord.delete({ where: { teamId_key: { teamId: actor.team.id, key } } }).catch(() => undefined);
    }
    throw error;
  }
}

/** Keys for the rows one request writes, derived from its Idempotency-Key: a re-run of the request finds them. */
export function rowKeys(idempotencyKey: string | null, count: number): (string | null)[] {
  if (!idempotencyKey) return Array.from({ length: count }, () => null);
  const prefix = `api:${createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 32)}`;
  return Array.from({ length: count }, (_, index) => `${prefix}:${index}`);
}

/** The route-level handler of an endpoint: reads need any token of the team, writes a member's (or the operation's role). */
export function apiHandler(endpoint: Endpoint) {
  const { operation } = endpoint;
  const write = operation.method !== "get";
  const minimumRole: Role = operation.minimumRole ?? (write ? "MEMBER" : "VIEWER");
  return async ({ request, params }: { request: Request; params: Record<string, string | undefined> }) => {
    try {
      const header = request.headers.get("authorization") ?? "";
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const actor = match ? await authenticateToken(match[1]) : null;
      if (!actor) throw new ApiError(401, "unauthorized", "Send a valid API token: Authorization: Bearer <token>.", undefined, { "WWW-Authenticate": 'Bearer realm="evident"' });
      await rateLimit(actor);
      if (!hasRole(actor.role, minimumRole)) throw new ApiError(403, "forbidden", `This token acts as ${actor.role.toLowerCase()} and cannot do that.`);
      const url = new URL(request.url);
      assertStorableQuery(url, operation);
      const query = parseQuery(operation, url);
      const body = write ? await readJson(request) : undefined;
      const key = write ? request.headers.get("idempotency-key") : null;
      const run = () => endpoint.run({ actor, request, url, params, query, body, idempotencyKey: key });
      const result = key ? await withIdempotency(actor, key, requestHash(request.method, url.pathname, body), run) : await run();
      const headers: Record<string, string> = {};
      const created = result.body as { id?: unknown } | null;
      if (operation.success.location && result.status === operation.success.status && typeof created?.id === "string") headers.Location = `/api/v1${operation.path}/${created.id}`;
      if ("replayed" in result) headers["Idempotent-Replayed"] = "true";
      return json(result.status, result.body, headers);
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError) return errorResponse(apiError);
      if (error instanceof Response) throw error;
      // The database being away (or a statement running out of time) is not a bug: 503, retry later.
      const failure = databaseFailure(error);
      if (failure) {
        console.error(`database unavailable: ${failure}`);
        const answer = unavailableAnswer(error);
        return json(answer.status, { error: { code: answer.code, message: answer.message } }, { "Retry-After": String(answer.retryAfterSeconds) });
      }
      console.error(error);
      return json(500, { error: { code: "internal", message: "Something went wrong on our side." } });
    }
  };
}

export function notFoundApi(what = "resource"): never {
  throw new ApiError(404, "not_found", `No such ${what} in this team.`);
}

/** The page an operation's `limit` and `cursor` ask for (both validated by parseQuery). */
export function pageParams(query: Record<string, unknown>): { limit: number; cursor: string | null } {
  const limit = query.limit as number;
  const raw = query.cursor as string | undefined;
  if (raw === undefined || raw === "") return { limit, cursor: null };
  // Cursors are ids (or short numbers) in base64url: anything else was not handed out by us.
  const decoded = Buffer.from(raw, "base64url").toString("utf8");
  if (!idField.safeParse(decoded).success) invalidCursor();
  return { limit, cursor: decoded };
}

/** The answer to a cursor this API did not hand out. */
export function invalidCursor(): never {
  throw new ApiError(400, "invalid_request", "cursor is not valid; use the nextCursor of a previous page.", { cursor: "Unknown cursor." });
}

export function page<T extends { id: string }, R>(rows: T[], limit: number, serialize: (row: T) => R, cursorOf: (row: T) => string = (row) => row.id) {
  const hasMore = rows.length > limit;
  const items = rows.slice(0, limit);
  return { data: items.map(serialize), nextCursor: hasMore ? Buffer.from(cursorOf(items[items.length - 1])).toString("base64url") : null };
}

export function methodNotAllowed(allowed: string) {
  return json(405, { error: { code: "method_not_allowed", message: `Use ${allowed} on this endpoint.` } }, { Allow: allowed });
}

type WriteMethod = "POST" | "PATCH" | "DELETE";

/**
 * A route's `action`: the endpoint of each write method the path takes, and the API's JSON 405
 * (naming `allowed`, the path's methods) for any other, so no handler runs on the wrong verb.
 */
export function apiWrites(endpoints: Partial<Record<WriteMethod, Endpoint>>, allowed: string) {
  const byMethod = new Map(Object.entries(endpoints).map(([method, endpoint]) => [method, apiHandler(endpoint)]));
  return (args: { request: Request; params: Record<string, string | undefined> }) => byMethod.get(args.request.method)?.(args) ?? methodNotAllowed(allowed);
}
