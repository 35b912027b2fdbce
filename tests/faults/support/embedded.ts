/**
 * What the embedded-database fault tests share: throwaway data folders, SQL against the database a
 * running server hosts (found through the folder's lock file, as the CLI finds it), a demo-team
 * writer that remembers which writes were acknowledged, and a small tmpfs to fill up.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { DEMO_TEAM_SLUG } from "../../../prisma/seed";
import { readLockHolder } from "../../../server/data-folder";
import { embeddedUrl } from "../../../server/embedded-database";
import { request, type Reply } from "../../support/net";
import { createTokenWithCli } from "../../support/operator";
import type { ServerProcess } from "../../support/server-process";

export function scratchFolder(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), `evident-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** One query against the database of the server running on `dataDir`. */
export async function folderSql<Row extends pg.QueryResultRow = pg.QueryResultRow>(dataDir: string, text: string, values: unknown[] = []): Promise<Row[]> {
  const holder = readLockHolder(dataDir);
  if (!holder?.port) throw new Error(`No running server holds ${dataDir}`);
  const client = new pg.Client({ connectionString: embeddedUrl(holder.port) });
  client.on("error", () => undefined);
  await client.connect();
  try {
    return (await client.query<Row>(text, values)).rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export type Target = { server: ServerProcess; token: string; experimentId: string; observedOn: string };

/** An API token (made with the CLI, which joins the running server) and a running RATE experiment of the demo team. */
export async function demoTarget(server: ServerProcess, dataDir: string): Promise<Target> {
  const token = await createTokenWithCli({ dataDir }, DEMO_TEAM_SLUG, "Fault tests");
  const [experiment] = await folderSql<{ id: string; startsOn: string }>(
    dataDir,
    `SELECT e.id, to_char(e."startsOn", 'YYYY-MM-DD') AS "startsOn" FROM "Experiment" e JOIN "Team" t ON t.id = e."teamId"
      WHERE t.slug = $1 AND e.status = 'RUNNING' AND e."metricKind" = 'RATE' AND e."deletedAt" IS NULL ORDER BY e.number LIMIT 1`,
    [DEMO_TEAM_SLUG],
  );
  if (!experiment) throw new Error("The demo team has no running RATE experiment");
  return { server, token, experimentId: experiment.id, observedOn: experiment.startsOn };
}

let sequence = 0;

/**
 * Logs observations through the API (`count` in one request, each with its own note), and adds
 * their notes to `acknowledged` only when the server answered 201.
 */
export async function logObservations(target: Target, acknowledged: Set<string>, count: number, noteLength = 40): Promise<Reply> {
  const notes = Array.from({ length: count }, () => `fault-${process.pid}-${++sequence}-`.padEnd(noteLength, "x"));
  const body =
    count === 1
      ? { observedOn: target.observedOn, successes: 1, trials: 3, note: notes[0] }
      : { observations: notes.map((note) => ({ observedOn: target.observedOn, successes: 1, trials: 3, note })) };
  const reply = await request(`${target.server.url}/api/v1/experiments/${target.experimentId}/observations`, {
    method: "POST",
    headers: { Authorization: `Bearer ${target.token}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
    timeoutMs: 30_000,
  });
  if (reply.status === 201) for (const note of notes) acknowledged.add(note);
  return reply;
}

/** Which of `notes` are stored, read from the database of the server now running on `dataDir`. */
export async function storedNotes(dataDir: string, notes: Iterable<string>): Promise<Set<string>> {
  const rows = await folderSql<{ note: string }>(dataDir, `SELECT note FROM "Observation" WHERE note = ANY($1::text[])`, [[...notes]]);
  return new Set(rows.map((row) => row.note));
}

/** The experiment's maintained observation count against its rows: equal unless a write was half-applied. */
export async function aggregateAgrees(dataDir: string, experimentId: string): Promise<boolean> {
  const [row] = await folderSql<{ counted: number; actual: number }>(
    dataDir,
    `SELECT e."observationCount" AS counted, (SELECT count(*)::int FROM "Observation" o WHERE o."experimentId" = e.id AND o."deletedAt" IS NULL) AS actual
       FROM "Experiment" e WHERE e.id = $1`,
    [experimentId],
  );
  return row.counted === row.actual;
}

/**
 * A small tmpfs of its own, to fill up or make read-only. Needs root (mount); skipped elsewhere,
 * except in CI, where a missing capability is a failure rather than a skip.
 */
export function smallDiskOrSkip(megabytes: number): { dir: string; fill: (leaveBytes: number) => void; unfill: () => void; readOnly: (on: boolean) => void; remove: () => void } | null {
  const mountPoint = mkdtempSync(path.join(tmpdir(), "evident-small-disk-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${megabytes}m`, "tmpfs", mountPoint], { stdio: "pipe" });
  } catch (error) {
    rmSync(mountPoint, { recursive: true, force: true });
    if (process.env.CI) throw new Error(`The disk-full tests need to mount a tmpfs (run as root): ${(error as Error).message}`);
    return null;
  }
  const filler = path.join(mountPoint, "filler");
  const free = () => Number(execFileSync("df", ["-B1", "--output=avail", mountPoint]).toString().trim().split("\n").pop());
  return {
    dir: path.join(mountPoint, "data"),
    fill: (leaveBytes) => {
      rmSync(filler, { force: true });
      execFileSync("fallocate", ["-l", String(Math.max(free() - leaveBytes, 4096)), filler]);
    },
    unfill: () => rmSync(filler, { force: true }),
    readOnly: (on) => void execFileSync("mount", ["-o", `remount,${on ? "ro" : "rw"}`, mountPoint]),
    remove: () => {
      execFileSync("umount", ["-l", mountPoint]);
      rmSync(mountPoint, { recursive: true, force: true });
    },
  };
}

export function ensureFolder(dir: string) {
  mkdirSync(dir, { recursive: true });
}
