/**
 * Backup of the whole instance while the app runs and writes, then restore into a new data
 * folder: the restored instance holds exactly what the backup counted (accounts, memberships,
 * tokens and evidence included), every write acknowledged before the backup began, and people
 * sign in and tokens work as before. A restore refuses a folder that already holds data.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_LOGIN } from "../../prisma/seed";
import { request } from "../support/net";
import { runCli, signInOverHttp } from "../support/operator";
import { startServerProcess, type ServerProcess } from "../support/server-process";
import { demoTarget, folderSql, logObservations, scratchFolder, storedNotes, type Target } from "./support/embedded";

const scratch = scratchFolder("backup");
afterAll(() => scratch.remove());

const env = { API_RATE_LIMIT_PER_MINUTE: "1000000" };

async function tableCounts(dataDir: string): Promise<Record<string, number>> {
  const tables = await folderSql<{ name: string }>(
    dataDir,
    `SELECT relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' AND relname <> '_prisma_migrations'`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) counts[name] = (await folderSql<{ n: number }>(dataDir, `SELECT count(*)::int AS n FROM "${name}"`))[0].n;
  return counts;
}

describe("backup and restore of the embedded database", () => {
  it("a backup taken during writes restores with the same counts, sign-in and tokens", async () => {
    const original = path.join(scratch.dir, "original");
    const restored = path.join(scratch.dir, "restored");
    const file = path.join(scratch.dir, "evident.backup.gz");
    let server: ServerProcess | null = await startServerProcess({ dataDir: original, env });
    let target: Target;
    const acknowledged = new Set<string>();
    let beforeBackup: Set<string>;
    try {
      target = await demoTarget(server, original);
      for (let i = 0; i < 5; i++) expect((await logObservations(target, acknowledged, 20)).status).toBe(201);
      // Writers keep going while the backup runs.
      let writing = true;
      const writers = [1, 10].map(async (bulk) => {
        while (writing) await logObservations(target, acknowledged, bulk);
      });
      beforeBackup = new Set(acknowledged);
      const { stdout, stderr } = await runCli({ dataDir: original }, ["backup", "--out", file]);
      expect(stdout.trim()).toBe(file);
      expect(stderr).not.toMatch(/opening the embedded database/);
      writing = false;
      await Promise.all(writers);
      expect(acknowledged.size).toBeGreaterThan(beforeBackup.size);
    } finally {
      await server?.stop();
      server = null;
    }

    const lines = gunzipSync(readFileSync(file)).toString("utf8").trimEnd().split("\n");
    const counted = (JSON.parse(lines.at(-1)!) as { end: { rows: Record<string, number> } }).end.rows;
    expect(counted.User).toBeGreaterThan(0);
    expect(counted.Membership).toBeGreaterThan(0);
    expect(counted.ApiToken).toBeGreaterThan(0);

    const { stderr } = await runCli({ dataDir: restored }, ["restore", "--file", file]);
    expect(stderr).toMatch(/Restored .* rows/);
    // Into a folder with data: refused, nothing changed.
    await expect(runCli({ dataDir: restored }, ["restore", "--file", file])).rejects.toThrow(/already holds data/);

    server = await startServerProcess({ dataDir: restored, env });
    try {
      expect(await tableCounts(restored)).toEqual(counted);
      const stored = await storedNotes(restored, beforeBackup);
      expect([...beforeBackup].filter((note) => !stored.has(note)), "writes acknowledged before the backup began").toEqual([]);
      await signInOverHttp(server.url, DEMO_LOGIN);
      const read = await request(`${server.url}/api/v1/experiments/${target.experimentId}`, { headers: { Authorization: `Bearer ${target.token}` } });
      expect(read.status).toBe(200);
      // The restored folder is not re-seeded: the demo team exists once.
      expect((await folderSql<{ n: number }>(restored, `SELECT count(*)::int AS n FROM "Team"`))[0].n).toBe(counted.Team);
    } finally {
      await server.stop();
    }
  }, 300_000);
});
