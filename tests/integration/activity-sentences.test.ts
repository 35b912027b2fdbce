/**
 * The history reads as sentences after the person's name: "Maya Okafor moved H-1 to testing, …".
 * Read aloud, none may lack a verb, double its quotes, or leave out what it is about.
 */
import { describe, expect, it } from "vitest";
import { addComment } from "~/modules/comments/comments.server";
import { db } from "~/utils/db.server";
import { runningRateExperiment, startedRateExperiment } from "../support/loop-factories";

describe("activity sentences", () => {
  it("name what changed, with a verb, and never double quotes", async () => {
    const w = await runningRateExperiment();
    await startedRateExperiment(w.actor, w.hypothesis.id, "“Client portal” fake door");
    await addComment(w.actor, { hypothesisId: w.hypothesis.id }, "Two customers asked for this.");
    await addComment(w.actor, { experimentId: w.experiment.id }, "Traffic doubled on Tuesday.");
    const summaries = (await db.activityEvent.findMany({ where: { teamId: w.team.id }, orderBy: { createdAt: "asc" }, select: { summary: true } })).map((row) => row.summary);
    expect(summaries).toContain("moved H-1 to testing, following its experiments");
    expect(summaries).toContain("planned E-2 ‘“Client portal” fake door’ to test H-1");
    expect(summaries).toContain("commented on H-1");
    expect(summaries).toContain("commented on E-1");
    for (const summary of summaries) {
      expect(summary, summary).not.toMatch(/““|””|^H-\d+ is now/);
      expect(summary, summary).toMatch(/^[a-z]/);
    }
  });
});
