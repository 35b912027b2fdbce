/**
 * Sends one request with a large body over a raw socket, the way a hostile client would: as fast
 * as the server takes it, with a declared Content-Length or chunked, and reads the answer while
 * still sending. Reports how much of the body went out before the server answered or closed the
 * connection, so a test can tell a server that stops reading from one that swallows everything.
 */
import net from "node:net";

export type StreamedReply = {
  /** The status line's code, or null when no answer came before the connection closed. */
  status: number | null;
  headers: Record<string, string>;
  body: string;
  /** Body bytes written to the socket before it stopped accepting them. */
  bytesSent: number;
  /** Whether every byte of the body was written. */
  sentAll: boolean;
  /** Whether the server closed the connection. */
  closed: boolean;
};

export type StreamedRequest = {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  /** The body's size; it is produced in pieces, never held whole. */
  totalBytes: number;
  /** The body's first bytes (e.g. `email=a%40b.c&password=`); the rest repeats `fill`. */
  prefix?: string;
  fill?: string;
  /** Send as Transfer-Encoding: chunked instead of declaring Content-Length. */
  chunked?: boolean;
  timeoutMs?: number;
};

const PIECE = 64 * 1024;

export function sendStreamed(base: string, request: StreamedRequest): Promise<StreamedReply> {
  const url = new URL(base);
  const prefix = Buffer.from(request.prefix ?? "");
  const fill = Buffer.alloc(PIECE, request.fill ?? "x");
  const head = [
    `${request.method ?? "POST"} ${request.path} HTTP/1.1`,
    `Host: ${url.host}`,
    ...Object.entries(request.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
    request.chunked ? "Transfer-Encoding: chunked" : `Content-Length: ${request.totalBytes}`,
    "",
    "",
  ].join("\r\n");

  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname);
    let received = Buffer.alloc(0);
    let bytesSent = 0;
    let closed = false;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...parse(received), bytesSent, sentAll: bytesSent >= request.totalBytes, closed });
    };
    const timer = setTimeout(finish, request.timeoutMs ?? 60_000);
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (complete(received)) finish();
    });
    socket.on("error", () => undefined);
    socket.on("close", () => {
      closed = true;
      finish();
    });

    const write = (data: Buffer | string) =>
      new Promise<boolean>((done) => {
        if (settled || socket.destroyed || !socket.writable) return done(false);
        const ok = socket.write(data, (error) => error && done(false));
        if (ok) done(true);
        else socket.once("drain", () => done(true));
      });

    void (async () => {
      if (!(await write(head))) return;
      while (bytesSent < request.totalBytes && !settled) {
        const first = bytesSent === 0 && prefix.length > 0;
        const piece = (first ? Buffer.concat([prefix, fill]) : fill).subarray(0, Math.min(PIECE, request.totalBytes - bytesSent));
        const framed = request.chunked ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n")]) : piece;
        if (!(await write(framed))) return;
        bytesSent += piece.length;
      }
      if (request.chunked && !settled) await write("0\r\n\r\n");
    })();
  });
}

function split(received: Buffer) {
  const end = received.indexOf("\r\n\r\n");
  if (end === -1) return null;
  const [statusLine, ...lines] = received.subarray(0, end).toString("latin1").split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(" ")[1]), headers, body: received.subarray(end + 4) };
}

/** A whole answer: headers and a body of the declared length (or a final chunk). */
function complete(received: Buffer): boolean {
  const reply = split(received);
  if (!reply) return false;
  if (reply.headers["content-length"] !== undefined) return reply.body.length >= Number(reply.headers["content-length"]);
  if (reply.headers["transfer-encoding"] === "chunked") return reply.body.includes("0\r\n\r\n");
  return false;
}

function parse(received: Buffer): Pick<StreamedReply, "status" | "headers" | "body"> {
  const reply = split(received);
  if (!reply) return { status: null, headers: {}, body: "" };
  let body = reply.body;
  if (reply.headers["transfer-encoding"] === "chunked") {
    const parts: Buffer[] = [];
    for (let at = 0; ; ) {
      const lineEnd = body.indexOf("\r\n", at);
      if (lineEnd === -1) break;
      const size = Number.parseInt(body.subarray(at, lineEnd).toString("latin1"), 16);
      if (!size) break;
      parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
    body = Buffer.concat(parts);
  }
  return { status: reply.status, headers: reply.headers, body: body.toString("utf8") };
}
