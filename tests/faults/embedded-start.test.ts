/**
 * Stopping the embedded default while it starts: SIGKILL and SIGINT at several points of a first
 * start (creating the database, migrating, seeding the demo) and of a start that applies a pending
 * migration. Whatever the moment, the next start must succeed, with every migration recorded
 * exactly once, the demo team whole, and nothing half-made left in the folder. Also: two starts at
 * the same moment (exactly one runs), a lock left by a killed process whose port another program
 * now holds, and a port already in use (refused before any database work).
 */
import { existsSync, readdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_LOGIN } from "../../prisma/seed";
import { lockDataFolder, readLockHolder } from "../../server/data-folder";
import { startEmbeddedDatabase } from "../../server/embedded-database";
import { migrationFiles } from "../../server/migrate";
import { runCli, signInOverHttp } from "../support/operator";
import { spawnServerProcess, startServerProcess, type ServerProcess } from "../support/server-process";
import { folderSql, scratchFolder } from "./support/embedded";

const scratch = scratchFolder("start");
afterAll(() => scratch.remove());

let folders = 0;
const newFolder = () => path.join(scratch.dir, `data-${++folders}`);

const MIGRATIONS = migrationFiles().map((migration) => migration.name);

/** The next start on `dataDir` is ready, and the folder is whole: every migration once, the demo team signs in. */
async function expectHealthyRestart(dataDir: string) {
  const server = await startServerProcess({ dataDir });
  try {
    const recorded = await folderSql<{ name: string; n: number }>(
      dataDir,
      `SELECT migration_name AS name, count(*)::int AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL GROUP BY 1 ORDER BY 1`,
    );
    expect(recorded).toEqual(MIGRATIONS.map((name) => ({ name, n: 1 })));
    await signInOverHttp(server.url, DEMO_LOGIN);
    expect(readdirSync(dataDir).sort()).toEqual(["evident.lock", "pglite"]);
  } finally {
    await server.stop();
  }
}

async function interrupt(server: ServerProcess, signal: NodeJS.Signals) {
  server.kill(signal);
  const exit = await server.exited;
  if (signal === "SIGINT") {
    // A stop during start-up finishes the current step, then exits cleanly.
    expect(exit.code, server.output()).toBe(0);
    expect(server.output()).toMatch(/stopped during start-up|shutdown: done/);
  }
}

describe("a first start on the embedded database, interrupted", () => {
  const points: [string, RegExp, NodeJS.Signals][] = [
    ["as soon as it has the folder", /database: embedded PostgreSQL/, "SIGINT"],
    ["while creating the database", /creating the embedded database/, "SIGKILL"],
    ["while creating the database", /creating the embedded database/, "SIGINT"],
    ["while migrating", new RegExp(`applying migration ${MIGRATIONS[2]}`), "SIGKILL"],
    ["after seeding the demo", /demo: seeded the demo team/, "SIGKILL"],
    ["after seeding the demo", /demo: seeded the demo team/, "SIGINT"],
  ];
  for (const [moment, pattern, signal] of points) {
    it(`${signal} ${moment}: the next start succeeds`, async () => {
      const dataDir = newFolder();
      const server = await spawnServerProcess({ dataDir });
      try {
        await server.printed(pattern);
        await interrupt(server, signal);
      } finally {
        await server.stop();
      }
      await expectHealthyRestart(dataDir);
    }, 180_000);
  }
});

/**
 * SQL that undoes what a migration created, as if it had never run: its tables, the columns and
 * indexes it added to older tables, and its enum types (its data updates are written to run twice). Enough for the additive migrations Evident ships.
 */
function undoStatements(sql: string): string[] {
  const tables = [...sql.matchAll(/CREATE TABLE "([^"]+)"/g)].map((match) => match[1]);
  // One ALTER TABLE may add several columns ("ADD COLUMN … , ADD COLUMN …").
  const columns = [...sql.matchAll(/ALTER TABLE "([^"]+)"([^;]*);/g)]
    .filter((match) => !tables.includes(match[1]))
    .flatMap(([, table, body]) => [...body.matchAll(/ADD COLUMN\s+"([^"]+)"/g)].map((column) => [table, column[1]] as const));
  const types = [...sql.matchAll(/CREATE TYPE "([^"]+)"/g)].map((match) => match[1]);
  // Indexes on older tables (those on its own tables go with them).
  const indexes = [...sql.matchAll(/CREATE (?:UNIQUE )?INDEX "([^"]+)" ON "([^"]+)"/g)].filter((match) => !tables.includes(match[2])).map((match) => match[1]);
  const undo = [
    ...tables.map((table) => `DROP TABLE "${table}" CASCADE`),
    ...indexes.map((index) => `DROP INDEX "${index}"`),
    ...columns.map(([table, column]) => `ALTER TABLE "${table}" DROP COLUMN "${column}" CASCADE`),
    ...types.map((type) => `DROP TYPE "${type}" CASCADE`),
  ];
  expect(undo.length, "the last migration creates something to undo").toBeGreaterThan(0);
  return undo;
}

describe("a start that applies a pending migration, interrupted", () => {
  /** A folder as the previous version left it: complete, demo included, one migration behind. */
  async function folderOneMigrationBehind(): Promise<string> {
    const dataDir = newFolder();
    const server = await startServerProcess({ dataDir });
    await server.stop();
    const held = lockDataFolder(dataDir, "cli");
    if (!("lock" in held)) throw new Error("folder still locked");
    const embedded = await startEmbeddedDatabase({ dataDir, log: () => undefined });
    try {
      const last = migrationFiles().at(-1)!;
      const pg = (await import("pg")).default;
      const client = new pg.Client({ connectionString: embedded.url });
      await client.connect();
      await client.query(`${undoStatements(last.sql).join(";\n")};\nDELETE FROM "_prisma_migrations" WHERE migration_name = '${last.name}'`);
      await client.end();
    } finally {
      await embedded.stop();
      held.lock.release();
    }
    return dataDir;
  }

  for (const signal of ["SIGKILL", "SIGINT"] as const) {
    it(`${signal} while the migration runs: the next start applies it once`, async () => {
      const dataDir = await folderOneMigrationBehind();
      const server = await spawnServerProcess({ dataDir });
      try {
        await server.printed(new RegExp(`applying migration ${MIGRATIONS.at(-1)}`));
        await interrupt(server, signal);
      } finally {
        await server.stop();
      }
      await expectHealthyRestart(dataDir);
    }, 180_000);
  }

  it("a migration Prisma recorded as started but never finished is applied again, with a log line", async () => {
    const dataDir = await folderOneMigrationBehind();
    const held = lockDataFolder(dataDir, "cli");
    if (!("lock" in held)) throw new Error("folder still locked");
    const embedded = await startEmbeddedDatabase({ dataDir, log: () => undefined });
    const last = migrationFiles().at(-1)!;
    try {
      const pg = (await import("pg")).default;
      const client = new pg.Client({ connectionString: embedded.url });
      await client.connect();
      // What `prisma migrate deploy` leaves when stopped mid-script (P3009 on every later deploy).
      await client.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES (gen_random_uuid()::text, $1, $2, now())`, [
        last.checksum,
        last.name,
      ]);
      await client.end();
    } finally {
      await embedded.stop();
      held.lock.release();
    }
    const server = await startServerProcess({ dataDir });
    try {
      expect(server.output()).toContain(`migration ${last.name} had been interrupted without leaving changes; applied it again`);
    } finally {
      await server.stop();
    }
    await expectHealthyRestart(dataDir);
  }, 180_000);
});

describe("one process per data folder", () => {
  it("two starts at the same moment: exactly one runs, the other names it and leaves", async () => {
    const dataDir = newFolder();
    const [first, second] = await Promise.all([spawnServerProcess({ dataDir }), spawnServerProcess({ dataDir })]);
    try {
      const outcomes = await Promise.all(
        [first, second].map((server) =>
          Promise.race([server.ready().then(() => "ready" as const), server.exited.then(() => "exited" as const)]).catch(() => "exited" as const),
        ),
      );
      expect([...outcomes].sort()).toEqual(["exited", "ready"]);
      const [winner, loser] = outcomes[0] === "ready" ? [first, second] : [second, first];
      expect((await loser.exited).code).toBe(1);
      expect(loser.output()).toContain(`is already in use by a running Evident (pid ${winner.child.pid}`);
      expect(readLockHolder(dataDir)?.pid).toBe(winner.child.pid);
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
    await expectHealthyRestart(dataDir);
  }, 180_000);

  it("a lock left by a killed process, its port now held by another program: the next start and the CLI ignore that program", async () => {
    const dataDir = newFolder();
    const crashed = await startServerProcess({ dataDir });
    const stalePort = readLockHolder(dataDir)!.port!;
    crashed.kill("SIGKILL");
    await crashed.exited;
    const stranger = net.createServer((socket) => socket.end("not a database\n"));
    await new Promise<void>((resolve, reject) => stranger.once("error", reject).listen(stalePort, "127.0.0.1", resolve));
    try {
      const server = await startServerProcess({ dataDir });
      try {
        expect(readLockHolder(dataDir)?.port).not.toBe(stalePort);
        const { stdout } = await runCli({ dataDir }, ["team:create", "--name", "After the crash", "--owner", DEMO_LOGIN.email]);
        expect(stdout.trim()).toBe("after-the-crash");
      } finally {
        await server.stop();
      }
    } finally {
      stranger.close();
    }
  }, 180_000);

  it("a port already in use is refused at once, before the data folder is touched", async () => {
    const dataDir = newFolder();
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(0, "127.0.0.1", resolve));
    const port = (squatter.address() as net.AddressInfo).port;
    try {
      const server = await spawnServerProcess({ dataDir, env: { PORT: String(port) } });
      const exit = await server.exited;
      expect(exit.code).toBe(1);
      expect(server.output()).toContain(`Port ${port} is already in use by another program`);
      expect(server.output()).not.toMatch(/Error:|at .*\.ts:\d+/);
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      squatter.close();
    }
  }, 60_000);
});
