/**
 * The zero-setup database: PostgreSQL compiled to WebAssembly (PGlite), served on a loopback port
 * so the app, Prisma Migrate and scripts all speak the ordinary Postgres protocol to it (ADR 003).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export type EmbeddedDatabase = { url: string; stop: () => Promise<void> };

function portFile(dataDir: string) {
  return path.join(dataDir, "pglite.port");
}

function urlFor(port: number) {
  return `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
    socket.setTimeout(1_000, () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** The URL of an embedded database already served by a running Evident on this data dir, if any. */
export async function runningEmbeddedDatabase(dataDir: string): Promise<string | null> {
  const file = portFile(dataDir);
  if (!existsSync(file)) return null;
  const port = Number(readFileSync(file, "utf8").trim());
  return Number.isInteger(port) && port > 0 && (await isListening(port)) ? urlFor(port) : null;
}

/**
 * Opens the data dir (or an in-memory database when `dataDir` is null) and serves it on a free
 * loopback port. A data dir can be open in one process only, so a second start fails clearly.
 */
export async function startEmbeddedDatabase(dataDir: string | null): Promise<EmbeddedDatabase> {
  if (dataDir) {
    if (await runningEmbeddedDatabase(dataDir)) {
      throw new Error(
        `The embedded database in ${dataDir} is already in use by another Evident process. ` +
          "Stop it first, or set DATABASE_URL to use PostgreSQL.",
      );
    }
    mkdirSync(dataDir, { recursive: true });
  }
  const pglite = dataDir ? await PGlite.create(path.join(dataDir, "pglite")) : await PGlite.create();
  // Several connections may attach (the app's pool, Migrate, a script); PGlite runs their
  // statements one at a time and keeps a transaction's statements together.
  const server = new PGLiteSocketServer({ db: pglite, host: "127.0.0.1", port: 0, maxConnections: 16 });
  await server.start();
  const port = Number(server.getServerConn().split(":").pop());
  if (dataDir) writeFileSync(portFile(dataDir), String(port));

  let stopped = false;
  return {
    url: urlFor(port),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await pglite.close();
      if (dataDir) rmSync(portFile(dataDir), { force: true });
    },
  };
}
