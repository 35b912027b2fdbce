/**
 * Bodies are hostile until counted: every limit is enforced while the body streams in, whatever
 * the client declares (or does not, when it sends chunks). Form posts — the unauthenticated sign-in
 * among them — take at most 64 kB, an upload at most its stated size and a few parts, an API body
 * 1 MB. Past a limit the server answers 413 (JSON under /api/, a page elsewhere), stops reading and
 * closes the connection, so a client cannot make the process hold what it sends.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "~/modules/api/tokens.server";
import { db } from "~/utils/db.server";
import { actorFor } from "../support/factories";
import { startTestServer, type TestServer } from "../support/http";
import { runningRateExperiment } from "../support/loop-factories";
import { csvUpload, postMultipart, postMultipartAlone, signedIn } from "../support/loop-http-helpers";
import { startServerProcess, type ServerProcess } from "../support/server-process";
import { sendStreamed } from "../support/streaming-body";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const MB = 1024 * 1024;
const form = (base: string) => ({ "Content-Type": "application/x-www-form-urlencoded", Origin: base });
const signInPrefix = "email=someone%40example.com&redirectTo=&password=";

describe("form posts", () => {
  for (const chunked of [false, true]) {
    it(`a 60 MB sign-in post ${chunked ? "sent in chunks" : "with its Content-Length"} gets 413 long before it is all sent, and the connection closes`, async () => {
      const reply = await sendStreamed(server.url, { path: "/signin", headers: form(server.url), prefix: signInPrefix, totalBytes: 60 * MB, chunked });
      expect(reply.status).toBe(413);
      expect(reply.body).toMatch(/too large|64 kB/i);
      expect(reply.sentAll).toBe(false);
      expect(reply.bytesSent).toBeLessThan(16 * MB);
      expect(reply.headers.connection).toBe("close");
    });
  }

  it("a form just under 64 kB is read; just over it is a 413", async () => {
    const loop = await runningRateExperiment();
    const client = await signedIn(server.url, loop.owner.email);
    const post = (bytes: number) =>
      client.post(`/t/${loop.team.slug}/hypotheses/new`, { productId: loop.product.id, statement: "x".repeat(bytes), segment: "", category: "DESIRABILITY", importance: "3" });
    const under = await post(60 * 1024);
    expect(under.status).toBe(400); // read, and refused for its length: a field error, not a 413
    expect(await under.text()).toContain("statement");
    const over = await post(70 * 1024);
    expect(over.status).toBe(413);
    expect(await db.hypothesis.count({ where: { teamId: loop.team.id } })).toBe(1);
  });
});

describe("the API", () => {
  async function token() {
    const loop = await runningRateExperiment();
    return (await createApiToken(actorFor(loop.owner, loop.team, "OWNER"), { name: "bodies", role: "MEMBER" })).token;
  }

  it("a chunked JSON body over 1 MB gets a JSON 413 before it is all sent", async () => {
    const reply = await sendStreamed(server.url, {
      path: "/api/v1/products",
      headers: { Authorization: `Bearer ${await token()}`, "Content-Type": "application/json" },
      prefix: '{"name":"',
      totalBytes: 30 * MB,
      chunked: true,
    });
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body)).toMatchObject({ error: { code: "payload_too_large" } });
    expect(reply.sentAll).toBe(false);
    expect(reply.headers.connection).toBe("close");
  });

  it("a declared Content-Length over 1 MB is refused before any of the body is read", async () => {
    const reply = await sendStreamed(server.url, {
      path: "/api/v1/products",
      headers: { Authorization: `Bearer ${await token()}`, "Content-Type": "application/json" },
      totalBytes: 30 * MB,
    });
    expect(reply.status).toBe(413);
    expect(reply.bytesSent).toBeLessThan(16 * MB);
  });
});

describe("uploads", () => {
  it("are capped in total, not only per part: two 4 MB parts to the 5 MB evidence import get 413", async () => {
    const loop = await runningRateExperiment();
    const client = await signedIn(server.url, loop.owner.email);
    const upload = csvUpload(`observed_on,successes,trials\n${`${loop.startsOn},1,10\n`.repeat((4 * MB) / 16)}`);
    upload.append("csv", "y".repeat(4 * MB));
    const response = await postMultipartAlone(client, `/t/${loop.team.slug}/experiments/E-1/import`, upload);
    expect(response.status).toBe(413);
    expect(await db.observation.count({ where: { experimentId: loop.experiment.id } })).toBe(0);
  });

  it("take a handful of parts, not thousands", async () => {
    const loop = await runningRateExperiment();
    const client = await signedIn(server.url, loop.owner.email);
    const upload = csvUpload(`observed_on,successes,trials\n${loop.startsOn},1,10\n`);
    for (let i = 0; i < 5_000; i++) upload.append(`field${i}`, "");
    const response = await postMultipartAlone(client, `/t/${loop.team.slug}/experiments/E-1/import`, upload);
    expect(response.status).toBe(413);
    expect(response.text).toMatch(/too many parts/i);
  });

  it("an ordinary upload still works", async () => {
    const loop = await runningRateExperiment();
    const client = await signedIn(server.url, loop.owner.email);
    const preview = await postMultipart(client, `/t/${loop.team.slug}/experiments/E-1/import`, csvUpload(`observed_on,successes,trials\n${loop.startsOn},3,40\n`));
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain("Preview: 1 row");
  });
});

describe("memory", () => {
  let process: ServerProcess;
  beforeAll(async () => {
    process = await startServerProcess({ databaseUrl: globalThis.process.env.DATABASE_URL!, env: { EVIDENT_DEMO: "false" } });
  }, 120_000);
  afterAll(async () => {
    await process?.stop();
  });

  /** The most memory the server process has held so far (VmHWM), in bytes. */
  const peak = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${process.child.pid}/status`, "utf8"))![1]) * 1024;

  it("a 60 MB post to the sign-in form does not grow the server process", async () => {
    // Warm up: the first sign-in loads the route and the password hasher.
    await sendStreamed(process.url, { path: "/signin", headers: form(process.url), prefix: signInPrefix, totalBytes: 1024 });
    const before = peak();
    for (const chunked of [false, true]) {
      const reply = await sendStreamed(process.url, { path: "/signin", headers: form(process.url), prefix: signInPrefix, totalBytes: 60 * MB, chunked });
      expect(reply.status).toBe(413);
    }
    expect(peak() - before).toBeLessThan(24 * MB);
  });
});
