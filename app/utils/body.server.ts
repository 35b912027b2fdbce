/**
 * Request bodies, read with a limit that holds while they stream in. A declared Content-Length
 * over the limit is refused before anything is read; a body without one (chunked) is counted as it
 * arrives and refused the moment it passes the limit. The rest is never read: the server closes
 * the connection after answering (server/remix-handler.ts), so a client cannot make the process
 * hold more than the limit, whatever it sends.
 *
 * The limits, one per kind of body:
 * - forms: 64 kB (FORM_BODY_LIMIT) — every form post, signed in or not;
 * - uploads: the file size each import states, plus FORM_BODY_LIMIT for its other fields;
 * - API JSON: 1 MB (MAX_BODY_BYTES in ~/modules/api/http.server).
 */

export const FORM_BODY_LIMIT = 64 * 1024;

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The request body is larger than ${limit} bytes.`);
    this.name = "BodyTooLargeError";
  }
}

/** "64 kB", "5 MB": a limit as people read it. */
export function formatLimit(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB` : `${Math.round(bytes / 1024)} kB`;
}

function declaredTooLarge(request: Request, maxBytes: number): boolean {
  const declared = request.headers.get("content-length");
  return declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes;
}

/**
 * The body as a stream that fails with BodyTooLargeError once more than `maxBytes` have arrived
 * (or at once, when the declared length is already larger), and stops reading its source.
 */
export function limitedBody(request: Request, maxBytes: number): ReadableStream<Uint8Array> {
  const source = request.body;
  if (declaredTooLarge(request, maxBytes)) {
    void source?.cancel().catch(() => undefined);
    return new ReadableStream({ start: (controller) => controller.error(new BodyTooLargeError(maxBytes)) });
  }
  if (!source) return new ReadableStream({ start: (controller) => controller.close() });
  const reader = source.getReader();
  let received = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) return controller.close();
      received += value.byteLength;
      if (received > maxBytes) {
        controller.error(new BodyTooLargeError(maxBytes));
        await reader.cancel().catch(() => undefined);
        return;
      }
      controller.enqueue(value);
    },
    async cancel(reason) {
      await reader.cancel(reason).catch(() => undefined);
    },
  });
}

/** A copy of the request whose body is limitedBody(request, maxBytes), for parsers that stream. */
export function withLimitedBody(request: Request, maxBytes: number): Request {
  return new Request(request.url, { method: request.method, headers: request.headers, body: limitedBody(request, maxBytes), duplex: "half", signal: request.signal } as RequestInit);
}

/** The whole body, at most `maxBytes` of it; BodyTooLargeError beyond. */
export async function readBody(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const reader = limitedBody(request, maxBytes).getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.byteLength;
  }
  const body = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
