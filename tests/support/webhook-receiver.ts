/**
 * A real HTTP receiver on 127.0.0.1 for webhook tests: it records every request (headers and the
 * exact body) and answers what the test tells it to, per request.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type ReceivedHook = { path: string; headers: http.IncomingHttpHeaders; body: string };

export type WebhookReceiver = {
  url: (path?: string) => string;
  received: ReceivedHook[];
  /** Answers for the next requests, in order; after them, `fallback`. */
  answer: (statuses: number[], fallback?: number) => void;
  /** Lets the next `count` requests (to `path`, when given) be answered at once and holds the answers to later ones until the returned release is called. */
  holdAfter: (count: number, path?: string) => () => void;
  close: () => Promise<void>;
};

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedHook[] = [];
  let queue: number[] = [];
  let fallback = 200;
  let unheld = Infinity;
  let heldPath: string | undefined;
  let released: Promise<void> = Promise.resolve();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", async () => {
      received.push({ path: request.url ?? "/", headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      const status = queue.shift() ?? fallback;
      if ((heldPath === undefined || request.url === heldPath) && unheld-- <= 0) await released;
      response.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok" : `receiver says ${status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path = "/hook") => `http://127.0.0.1:${port}${path}`,
    received,
    answer: (statuses, otherwise = 200) => {
      queue = [...statuses];
      fallback = otherwise;
    },
    holdAfter: (count, path) => {
      unheld = count;
      heldPath = path;
      let release = () => {};
      released = new Promise((resolve) => (release = resolve));
      return () => {
        unheld = Infinity;
        release();
      };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
