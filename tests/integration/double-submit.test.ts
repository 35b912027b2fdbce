/**
 * A form sent twice creates once: the team's pages give every creating form a submission key,
 * and the second send of the same form waits for the first and gets its redirect. Over real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { startTestServer, type TestServer } from "../support/http";
import { runningRateExperiment } from "../support/loop-factories";
import { signedIn } from "../support/loop-http-helpers";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

/** The submission key the page rendered into its forms. */
const submissionOn = (html: string) => /name="submission" value="([A-Za-z0-9_-]+)"/.exec(html)?.[1];

describe("a creating form sent twice", () => {
  it("adds one comment, and both sends land on the same page", async () => {
    const loop = await runningRateExperiment();
    const owner = await signedIn(server.url, loop.owner.email);
    const page = `/t/${loop.team.slug}/experiments/E-${loop.experiment.number}`;
    const submission = submissionOn(await (await owner.get(page)).text());
    expect(submission).toBeTruthy();

    const form = { intent: "comment", body: "Ask the three pilots about pricing.", submission: submission! };
    const [first, second] = await Promise.all([owner.post(page, form), owner.post(page, form)]);
    expect([first.status, second.status]).toEqual([302, 302]);
    expect(second.headers.get("location")).toBe(first.headers.get("location"));
    expect(await db.comment.count({ where: { experimentId: loop.experiment.id } })).toBe(1);

    // A later send of the same key replays too; the next render's key is a new one and adds the next comment.
    expect((await owner.post(page, form)).status).toBe(302);
    expect(await db.comment.count({ where: { experimentId: loop.experiment.id } })).toBe(1);
    const next = submissionOn(await (await owner.get(page)).text());
    expect(next).not.toBe(submission);
    expect((await owner.post(page, { ...form, submission: next! })).status).toBe(302);
    expect(await db.comment.count({ where: { experimentId: loop.experiment.id } })).toBe(2);
  });

  it("runs again after a refusal: a send that failed frees its key", async () => {
    const loop = await runningRateExperiment();
    const owner = await signedIn(server.url, loop.owner.email);
    const page = `/t/${loop.team.slug}/experiments/E-${loop.experiment.number}`;
    const submission = submissionOn(await (await owner.get(page)).text())!;
    expect((await owner.post(page, { intent: "comment", body: "", submission })).status).toBe(400);
    expect((await owner.post(page, { intent: "comment", body: "Now with words.", submission })).status).toBe(302);
    expect(await db.comment.count({ where: { experimentId: loop.experiment.id } })).toBe(1);
  });
});
