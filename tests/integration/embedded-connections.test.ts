/**
 * The embedded database serves several connections at once (the app's pool, a CLI command, a
 * backup) through one engine. Each connection's extended-protocol exchange (Parse, Bind, Execute,
 * Sync) must reach the engine whole: a Bind from one connection landing on another's freshly
 * parsed statement runs the wrong statement, or the right one with someone else's values. A large
 * message arrives in several network reads, so under load the gap between Parse and Bind is real;
 * here it is made deliberate.
 */
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../../server/embedded-database";

let embedded: EmbeddedDatabase;
const clients: pg.Client[] = [];
beforeAll(async () => {
  embedded = await startEmbeddedDatabase({ dataDir: null, log: () => undefined });
}, 60_000);
afterAll(async () => {
  await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
  await embedded?.stop();
});

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: embedded.url });
  client.on("error", () => undefined);
  await client.connect();
  clients.push(client);
  return client;
}

/** The wire-level half of node-postgres, to send an exchange's messages with a pause between them. */
type Wire = {
  parse(query: { text: string; types: number[] }): void;
  bind(config: { values: string[] }): void;
  execute(config: Record<string, never>): void;
  sync(): void;
  flush(): void;
  once(event: string, listener: (message: { fields?: string[]; message?: string }) => void): void;
  on(event: string, listener: (message: { fields?: string[]; message?: string }) => void): void;
};

it("keeps one connection's Parse and Bind together while another connection queries in between", async () => {
  const slow = await connect();
  const other = await connect();
  const wire = (slow as unknown as { connection: Wire }).connection;

  const parsed = new Promise<void>((resolve) => wire.once("parseComplete", () => resolve()));
  wire.parse({ text: "SELECT ($1::int + $2::int)::text AS total", types: [] });
  wire.flush();
  await parsed;

  // Another connection's whole query, sent while the first exchange is half done.
  const meanwhile = other.query<{ one: number }>("SELECT $1::int AS one", [1]);
  await new Promise((resolve) => setTimeout(resolve, 200));

  const outcome = new Promise<string>((resolve) => {
    let answer = "no row";
    wire.on("dataRow", (message) => (answer = `row ${message.fields?.[0]}`));
    wire.on("errorMessage", (message) => (answer = `error: ${message.message}`));
    wire.once("readyForQuery", () => resolve(answer));
  });
  wire.bind({ values: ["20", "22"] });
  wire.execute({});
  wire.sync();

  expect(await outcome).toBe("row 42");
  expect((await meanwhile).rows).toEqual([{ one: 1 }]);
}, 30_000);

it("lets the others go on when a connection leaves in the middle of an exchange", async () => {
  const leaving = await connect();
  const other = await connect();
  const wire = (leaving as unknown as { connection: Wire & { stream: { destroy(): void } } }).connection;
  const parsed = new Promise<void>((resolve) => wire.once("parseComplete", () => resolve()));
  wire.parse({ text: "SELECT $1::int AS never_bound", types: [] });
  wire.flush();
  await parsed;

  const meanwhile = other.query<{ two: number }>("SELECT $1::int + $2::int AS two", [1, 1]);
  wire.stream.destroy();
  expect((await meanwhile).rows).toEqual([{ two: 2 }]);
  expect((await other.query("SELECT 'still serving' AS state")).rows).toEqual([{ state: "still serving" }]);
}, 30_000);
