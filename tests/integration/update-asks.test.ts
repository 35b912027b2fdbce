/**
 * Asks that are followed up: each item of a published update's asks is followed up in the next
 * update (done, still open, dropped; who helped), frozen with that update when it is published.
 */
import { describe, expect, it } from "vitest";
import { addDays, todayDateOnly } from "~/modules/experiments/timebox";
import { editionFor, updateToMarkdown } from "~/modules/updates/content";
import { composeUpdate, followUpAsk, getUpdate, publishUpdate, saveNarrative } from "~/modules/updates/updates.server";
import { db } from "~/utils/db.server";
import { runningRateExperiment } from "../support/loop-factories";

async function world() {
  const loop = await runningRateExperiment(["MEMBER", "VIEWER"]);
  const today = todayDateOnly();
  const march = await composeUpdate(loop.actor, { title: "March update", periodStart: addDays(today, -60), periodEnd: addDays(today, -31) });
  await saveNarrative(loop.actor, march.id, { title: "March update", highlights: "", lowlights: "", asks: "We need:\n\n- Intros to **accountants**\n- A design partner in Berlin\n- Two freelancer communities", version: 1 });
  await publishUpdate(loop.actor, march.id, { version: 2 });
  const april = await composeUpdate(loop.actor, { title: "April update", periodStart: addDays(today, -30), periodEnd: today });
  return { ...loop, march, april };
}

const previousAsksOf = async (teamId: string, id: string) => (await getUpdate(teamId, id))!.content.previousAsks;

describe("asks followed up in the next update", () => {
  it("lists the last update's asks as open, records what became of each, and freezes it with the next update", async () => {
    const w = await world();
    const before = await previousAsksOf(w.team.id, w.april.id);
    expect(before?.title).toBe("March update");
    expect(before?.items.map(({ text, status }) => [text, status])).toEqual([
      ["Intros to **accountants**", "OPEN"],
      ["A design partner in Berlin", "OPEN"],
      ["Two freelancer communities", "OPEN"],
    ]);

    const member = { ...w.actor, user: w.members[0], role: "MEMBER" as const };
    await followUpAsk(member, { updateId: w.march.id, position: 0, status: "DONE", helpedBy: "Olivia Hart", version: 1 });
    await followUpAsk(w.actor, { updateId: w.march.id, position: 2, status: "DROPPED", helpedBy: "", version: 1 });
    // The same page saved twice: the second save was made against what it no longer shows.
    await expect(followUpAsk(w.actor, { updateId: w.march.id, position: 0, status: "OPEN", helpedBy: "", version: 1 })).rejects.toMatchObject({ status: 409 });
    await followUpAsk(w.actor, { updateId: w.march.id, position: 0, status: "DONE", helpedBy: "Olivia Hart and Tomás Reyes", version: 2 });

    const after = await previousAsksOf(w.team.id, w.april.id);
    expect(after?.items.map(({ status, helpedBy }) => [status, helpedBy])).toEqual([
      ["DONE", "Olivia Hart and Tomás Reyes"],
      ["OPEN", ""],
      ["DROPPED", ""],
    ]);
    expect(updateToMarkdown((await getUpdate(w.team.id, w.april.id))!.content)).toContain(
      "## Our last asks\n\n- Done: Intros to **accountants** — thanks to Olivia Hart and Tomás Reyes\n- Still open: A design partner in Berlin\n- Dropped: Two freelancer communities",
    );

    const version = (await db.investorUpdate.findUniqueOrThrow({ where: { id: w.april.id }, select: { version: true } })).version;
    await publishUpdate(w.actor, w.april.id, { version });
    await followUpAsk(w.actor, { updateId: w.march.id, position: 1, status: "DONE", helpedBy: "Late help", version: 1 });
    // April says what it said when it was published.
    expect((await previousAsksOf(w.team.id, w.april.id))?.items[1]).toMatchObject({ status: "OPEN", helpedBy: "" });
  });

  it("refuses viewers, asks that do not exist, drafts and other teams' updates", async () => {
    const w = await world();
    const viewer = { ...w.actor, user: w.members[1], role: "VIEWER" as const };
    await expect(followUpAsk(viewer, { updateId: w.march.id, position: 0, status: "DONE", helpedBy: "", version: 1 })).rejects.toMatchObject({ status: 403 });
    await expect(followUpAsk(w.actor, { updateId: w.march.id, position: 3, status: "DONE", helpedBy: "", version: 1 })).rejects.toMatchObject({ status: 404 });
    await expect(followUpAsk(w.actor, { updateId: w.april.id, position: 0, status: "DONE", helpedBy: "", version: 1 })).rejects.toMatchObject({ status: 404 });
    await expect(followUpAsk(w.actor, { updateId: w.march.id, position: 0, status: "FORGOTTEN" as never, helpedBy: "", version: 1 })).rejects.toMatchObject({ status: 400 });
    const other = await world();
    await expect(followUpAsk(w.actor, { updateId: other.march.id, position: 0, status: "DONE", helpedBy: "", version: 1 })).rejects.toMatchObject({ status: 404 });
    expect(await db.updateAsk.count({ where: { teamId: { in: [w.team.id, other.team.id] } } })).toBe(0);
  });

  it("can be kept from prospects like any section", async () => {
    const w = await world();
    const content = (await getUpdate(w.team.id, w.april.id))!.content;
    expect(editionFor({ ...content, investorsOnly: ["followUp"] }, "PROSPECT").previousAsks).toBeNull();
    expect(editionFor({ ...content, investorsOnly: ["followUp"] }, "CURRENT").previousAsks?.items).toHaveLength(3);
  });
});
