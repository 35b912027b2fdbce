/**
 * The embedded default on a disk that fills up, on a small tmpfs of its own. Writes that cannot be
 * stored get a clear 503 (never a 500, never a hang); when PostgreSQL gives up (a PANIC writing its
 * log), readiness says why, the server stays up, and it reopens the database by itself once space
 * is freed — with every acknowledged write still there. SIGTERM while the database is down exits
 * within SHUTDOWN_TIMEOUT_MS. A read-only folder is refused at start with a message naming it.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { request, sleep, waitFor } from "../support/net";
import { spawnServerProcess, startServerProcess, type ServerProcess } from "../support/server-process";
import { aggregateAgrees, demoTarget, folderSql, logObservations, smallDiskOrSkip, storedNotes, type Target } from "./support/embedded";

// The database takes about 45 MB; the rest is room to fill.
const disk = smallDiskOrSkip(192);
afterAll(() => disk?.remove());

const SHUTDOWN_TIMEOUT_MS = 5_000;
const env = { API_RATE_LIMIT_PER_MINUTE: "1000000", SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) };

type Readiness = { status: string; embedded?: { state: string; reason?: string; freeBytes: number | null; warning?: string } };

const MB = 1024 ** 2;

async function readiness(server: ServerProcess): Promise<Readiness> {
  const reply = await request(`${server.url}/readyz`, { timeoutMs: 5_000 });
  if (typeof reply.status !== "number") throw new Error(`/readyz: ${reply.status} ${reply.body}\n${server.output().slice(-3000)}`);
  return JSON.parse(reply.body) as Readiness;
}

/**
 * Bytes the write-ahead log can still take before it must create a new segment file: what is left
 * of the current segment plus the segments already made ahead of it (recycled after a checkpoint).
 */
async function walRoom(dataDir: string): Promise<number> {
  const [row] = await folderSql<{ room: string; size: string; current: string }>(
    dataDir,
    `SELECT (s.size - ((pg_current_wal_insert_lsn() - '0/0'::pg_lsn) % s.size))::bigint::text AS room, s.size::text AS size,
            pg_walfile_name(pg_current_wal_insert_lsn()) AS current
       FROM (SELECT setting::bigint AS size FROM pg_settings WHERE name = 'wal_segment_size') s`,
  );
  const ahead = readdirSync(path.join(dataDir, "pglite", "pg_wal")).filter((name) => /^[0-9A-F]{24}$/.test(name) && name > row.current).length;
  return Number(row.room) + ahead * Number(row.size);
}

/** Writes a batch of large observations; notes are added to `acknowledged` only on 201. */
const bigBatch = (target: Target, acknowledged: Set<string>) => logObservations(target, acknowledged, 200, 1_500);

/** Writes until a request is refused; every answer must be 201 or 503 (never a 500, never a hang). */
async function writeUntilRefused(target: Target, acknowledged: Set<string>, attempts = 80) {
  for (let i = 0; i < attempts; i++) {
    const reply = await bigBatch(target, acknowledged);
    if (reply.status !== 201) {
      expect(reply.status, reply.body).toBe(503);
      return reply;
    }
  }
  throw new Error(`No write was refused in ${attempts} attempts`);
}

describe.skipIf(!disk)("the embedded database on a full disk", () => {
  it("refuses writes clearly, reopens by itself once space is freed, stops on SIGTERM, and keeps every acknowledged write", async () => {
    const acknowledged = new Set<string>();
    let server = await startServerProcess({ dataDir: disk!.dir, env });
    try {
      const target = await demoTarget(server, disk!.dir);
      expect((await bigBatch(target, acknowledged)).status).toBe(201);
      while ((await walRoom(disk!.dir)) < 8 * MB) expect((await bigBatch(target, acknowledged)).status).toBe(201);

      // 1. The tables cannot grow, the log still has room: each write is refused and says why.
      disk!.fill(2 * MB);
      const refused = await writeUntilRefused(target, acknowledged);
      expect(refused.body).toMatch(/run out of disk space, so nothing was saved/);
      expect(refused.headers["retry-after"]).toBeDefined();
      expect((await readiness(server)).embedded?.state).toBe("open");
      disk!.unfill();
      expect((await bigBatch(target, acknowledged)).status).toBe(201);

      // 2. The log needs a new segment and cannot have one: PostgreSQL stops (a PANIC). The
      //    server stays up, says why, and reopens the database once space is freed.
      disk!.fill((await walRoom(disk!.dir)) + 4 * MB);
      await writeUntilRefused(target, acknowledged);
      await waitFor("the database to be reported down", async () => (await readiness(server)).embedded?.state === "failed", 10_000);
      const down = await readiness(server);
      expect(down.status).toBe("unavailable");
      expect(down.embedded?.reason).toMatch(/No space left on device|disk is full/);
      expect(down.embedded?.warning).toMatch(/Little free space/);
      expect(server.output()).toMatch(/the embedded database stopped: .*No space left on device/);
      // Reads say so too, and nothing hangs.
      const read = await request(`${server.url}/api/v1/experiments`, { headers: { Authorization: `Bearer ${target.token}` }, timeoutMs: 10_000 });
      expect(read.status).toBe(503);
      expect(read.body).toMatch(/stopped after an error.*disk space/);

      disk!.unfill();
      await waitFor("the database to reopen after space was freed", async () => (await readiness(server)).status === "ready", 30_000, 500).catch((error: Error) => {
        throw new Error(`${error.message}\n${server.output().slice(-2_000)}`);
      });
      expect(server.output()).toMatch(/reopened the embedded database/);
      const stored = await storedNotes(disk!.dir, acknowledged);
      expect([...acknowledged].filter((note) => !stored.has(note)), "acknowledged writes missing after the failure").toEqual([]);
      expect(await aggregateAgrees(disk!.dir, target.experimentId)).toBe(true);
      expect((await bigBatch(target, acknowledged)).status).toBe(201);

      // 3. Down again, then stopped: SIGTERM must not wait on a database that cannot answer.
      while ((await walRoom(disk!.dir)) < 8 * MB) expect((await bigBatch(target, acknowledged)).status).toBe(201);
      disk!.fill((await walRoom(disk!.dir)) + 4 * MB);
      await writeUntilRefused(target, acknowledged);
      await waitFor("the database to be reported down", async () => (await readiness(server)).embedded?.state === "failed", 10_000);
      const stopping = performance.now();
      server.kill("SIGTERM");
      await server.exited;
      expect(performance.now() - stopping).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 1_000);
      disk!.unfill();

      server = await startServerProcess({ dataDir: disk!.dir, env });
      const after = await storedNotes(disk!.dir, acknowledged);
      expect([...acknowledged].filter((note) => !after.has(note)), "acknowledged writes missing after the restart").toEqual([]);
      expect(await aggregateAgrees(disk!.dir, target.experimentId)).toBe(true);
    } finally {
      disk!.unfill();
      await server.stop();
    }
  }, 300_000);
  it("a read-only data folder is refused at start with its name and the fix", async () => {
    const server = await startServerProcess({ dataDir: disk!.dir, env });
    await server.stop();
    disk!.readOnly(true);
    try {
      const refused = await spawnServerProcess({ dataDir: disk!.dir, env });
      const exit = await Promise.race([refused.exited, sleep(60_000).then(() => null)]);
      expect(exit?.code, refused.output()).toBe(1);
      expect(refused.output()).toContain(`Evident cannot write to its data folder: ${disk!.dir}`);
      expect(refused.output()).toContain("read-only");
      expect(refused.output()).not.toMatch(/failed to initialize/i);
    } finally {
      disk!.readOnly(false);
    }
  }, 120_000);
});
