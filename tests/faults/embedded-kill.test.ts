/**
 * The embedded default under SIGKILL while it is busy writing: three times over one data folder,
 * several clients log evidence (single and bulk) until the process is killed without warning.
 * Every write the server acknowledged must be there after the next start, and no write may be
 * half-applied (the experiment's maintained count agrees with its rows).
 */
import { afterAll, describe, expect, it } from "vitest";
import { sleep } from "../support/net";
import { spawnServerProcess, startServerProcess, type ServerProcess } from "../support/server-process";
import { aggregateAgrees, demoTarget, logObservations, scratchFolder, storedNotes, type Target } from "./support/embedded";

const folder = scratchFolder("kill");
afterAll(() => folder.remove());

const env = { API_RATE_LIMIT_PER_MINUTE: "1000000" };

/** Writes until the process dies; returns how many requests were answered 201. */
async function writeUntilDead(target: Target, acknowledged: Set<string>, bulk: number): Promise<number> {
  let answered = 0;
  while (target.server.alive()) {
    const reply = await logObservations(target, acknowledged, bulk);
    if (reply.status === 201) answered++;
  }
  return answered;
}

describe("SIGKILL during bulk writes on the embedded database", () => {
  it("keeps every acknowledged write, three times over", async () => {
    const acknowledged = new Set<string>();
    let server: ServerProcess | null = null;
    let target: Target | null = null;
    try {
      for (let round = 1; round <= 3; round++) {
        server = await startServerProcess({ dataDir: folder.dir, env });
        const running: Target = target ? { ...target, server } : await demoTarget(server, folder.dir);
        target = running;
        const writers = [1, 1, 1, 25, 100].map((bulk) => writeUntilDead(running, acknowledged, bulk));
        // Kill at a different moment each round, once writes are flowing.
        const before = acknowledged.size;
        await sleep(1_500 + round * 700);
        expect(acknowledged.size, "writes were acknowledged before the kill").toBeGreaterThan(before);
        server.kill("SIGKILL");
        await server.exited;
        const answered = await Promise.all(writers);
        expect(answered.reduce((sum, n) => sum + n, 0)).toBeGreaterThan(0);

        const restarted = await spawnServerProcess({ dataDir: folder.dir, env });
        server = restarted;
        await restarted.ready();
        const stored = await storedNotes(folder.dir, acknowledged);
        const lost = [...acknowledged].filter((note) => !stored.has(note));
        expect(lost, `round ${round}: acknowledged writes missing after SIGKILL`).toEqual([]);
        expect(await aggregateAgrees(folder.dir, running.experimentId), `round ${round}: maintained count agrees with rows`).toBe(true);
        await restarted.stop();
      }
    } finally {
      await server?.stop();
    }
  }, 300_000);
});
