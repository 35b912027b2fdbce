/**
 * Small network helpers for the fault tests: a free port, and an HTTP client that opens a new
 * connection per request and reports refusals and hangs as values instead of throwing.
 */
import http from "node:http";
import net from "node:net";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export type Reply = {
  /** The HTTP status, or the reason there is none: the connection was refused, reset, or timed out. */
  status: number | "refused" | "reset" | "timeout";
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Milliseconds from sending to the whole answer (or the failure). */
  ms: number;
};

export type RequestOptions = {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Give up after this long: a hang is reported as status "timeout". */
  timeoutMs?: number;
};

/** One request on a fresh connection (no keep-alive pool: a closed server must look closed). */
export function request(url: string, options: RequestOptions = {}): Promise<Reply> {
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const settle = (reply: Omit<Reply, "ms">) => {
      if (settled) return;
      settled = true;
      resolve({ ...reply, ms: performance.now() - started });
    };
    const req = http.request(url, { method: options.method ?? "GET", headers: options.headers, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => settle({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on("error", () => settle({ status: "reset", headers: res.headers, body }));
    });
    req.setTimeout(options.timeoutMs ?? 10_000, () => {
      settle({ status: "timeout", headers: {}, body: "" });
      req.destroy();
    });
    req.on("error", (error: NodeJS.ErrnoException) => {
      settle({ status: error.code === "ECONNREFUSED" ? "refused" : "reset", headers: {}, body: String(error.message) });
    });
    req.end(options.body);
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` returns a value, or throws with the last thing seen after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs: number, intervalMs = 100): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}
