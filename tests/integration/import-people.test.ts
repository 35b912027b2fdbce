/**
 * Who an imported team's work is credited to. A team export names people by email; an import may
 * credit them only to accounts that already share a team with the person importing. Everyone else
 * becomes a named placeholder that cannot sign in, belongs to no team and owns nothing, and the
 * history that came with the file is marked as imported.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn } from "~/modules/auth/accounts.server";
import { addComment } from "~/modules/comments/comments.server";
import type { TeamExport } from "~/modules/export/document";
import { exportTeam } from "~/modules/export/export.server";
import { importTeam } from "~/modules/export/import.server";
import { db } from "~/utils/db.server";
import { actorFor, createTeamWith, createUser, PASSWORD } from "../support/factories";
import { startTestServer, type TestServer } from "../support/http";
import { runningRateExperiment } from "../support/loop-factories";
import { postMultipart, signedIn } from "../support/loop-http-helpers";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

/**
 * An importer with a teammate, a bystander account they share no team with, and an export of a
 * small team of the importer's, crafted to credit the bystander: a person with their email, named
 * anything, authoring a hypothesis, owning it, commenting, and "approving" a payment in the log.
 */
async function craftedImport() {
  const source = await runningRateExperiment(["MEMBER"]);
  const importer = { ...source.owner, actor: source.actor };
  const teammate = source.members[0];
  await addComment(source.actor, { hypothesisId: source.hypothesis.id }, "Looks right to me.");
  const bystander = await createUser({ name: "Victoria Realname" });
  // The bystander belongs to a team of their own that the importer is not in.
  await createTeamWith().then(({ team }) => db.membership.create({ data: { teamId: team.id, userId: bystander.id, role: "MEMBER" } }));

  const document = JSON.parse(JSON.stringify(await exportTeam(source.team.id))) as TeamExport;
  document.people.push({ id: "person:90", email: bystander.email.toUpperCase(), name: "Anyone At All" });
  document.hypotheses[0].createdBy = "person:90";
  document.hypotheses[0].owner = "person:90";
  document.comments[0].author = "person:90";
  // The teammate is in the file as a member who made nothing; credit them with the experiment.
  document.experiments[0].createdBy = document.people.find((person) => person.email === teammate.email)!.id;
  document.activity.push(
    { actor: "person:90", action: "payment.approved", entityType: "team", entityId: "team:1", summary: "approved wiring $250k", before: null, after: null, createdAt: new Date().toISOString() },
    // A member event naming the bystander's account by its database id: never resolved.
    { actor: null, action: "member.removed", entityType: "member", entityId: bystander.id, summary: "removed someone", before: null, after: null, createdAt: new Date().toISOString() },
  );
  return { source, importer, teammate, bystander, document };
}

describe("importing a team credits only people the importer already shares a team with", () => {
  it("never credits an unrelated account, and the export never reveals its name or email", async () => {
    const { importer, bystander, document } = await craftedImport();
    const imported = await importTeam(document, { ownerUserId: importer.id });
    const teamId = imported.teamId;

    const credited = await Promise.all([
      db.hypothesis.count({ where: { teamId, OR: [{ createdById: bystander.id }, { ownerId: bystander.id }] } }),
      db.comment.count({ where: { teamId, authorId: bystander.id } }),
      db.activityEvent.count({ where: { teamId, OR: [{ actorId: bystander.id }, { entityId: bystander.id }] } }),
      db.experiment.count({ where: { teamId, createdById: bystander.id } }),
    ]);
    expect(credited).toEqual([0, 0, 0, 0]);

    const again = JSON.stringify(await exportTeam(teamId));
    expect(again).not.toContain("Victoria Realname");
    expect(again.toLowerCase()).not.toContain(bystander.email.toLowerCase());
  });

  it("makes everyone else a named placeholder that cannot sign in, is in no team and owns nothing", async () => {
    const { importer, bystander, document } = await craftedImport();
    const { teamId } = await importTeam(document, { ownerUserId: importer.id });
    const hypothesis = await db.hypothesis.findFirstOrThrow({ where: { teamId, number: document.hypotheses[0].number }, select: { ownerId: true, createdBy: { select: { id: true, name: true, email: true, placeholderTeamId: true } } } });
    const placeholder = hypothesis.createdBy;
    expect(placeholder).toMatchObject({ name: "Anyone At All", placeholderTeamId: teamId });
    expect(placeholder.id).not.toBe(bystander.id);
    expect(placeholder.email).not.toBe(bystander.email);
    expect(hypothesis.ownerId).toBeNull();
    expect(await db.membership.count({ where: { userId: placeholder.id } })).toBe(0);
    const comment = await db.comment.findFirstOrThrow({ where: { teamId }, select: { authorId: true } });
    expect(comment.authorId).toBe(placeholder.id);
    await expect(signIn({ email: placeholder.email, password: PASSWORD, clientAddress: "192.0.2.1" })).rejects.toMatchObject({ code: "wrong_credentials" });
  });

  it("credits the importer's teammates, and the importer, as themselves", async () => {
    const { importer, teammate, document } = await craftedImport();
    const { teamId } = await importTeam(document, { ownerUserId: importer.id });
    const experiment = await db.experiment.findFirstOrThrow({ where: { teamId }, select: { createdById: true } });
    expect(experiment.createdById).toBe(teammate.id);
    const created = await db.activityEvent.findFirstOrThrow({ where: { teamId, action: "team.created" }, select: { actorId: true } });
    expect(created.actorId).toBe(importer.id);
    expect(await db.membership.findMany({ where: { teamId }, select: { userId: true, role: true } })).toEqual([{ userId: importer.id, role: "OWNER" }]);
  });

  it("marks every entry of the imported history as imported, and the team page says so", async () => {
    const { importer, document } = await craftedImport();
    const { teamId, slug } = await importTeam(document, { ownerUserId: importer.id });
    const events = await db.activityEvent.findMany({ where: { teamId }, select: { action: true, imported: true } });
    expect(events.filter((event) => event.action === "team.imported")).toEqual([{ action: "team.imported", imported: false }]);
    expect(events.filter((event) => event.action !== "team.imported").every((event) => event.imported)).toBe(true);
    const client = await signedIn(server.url, importer.email);
    const page = await (await client.get(`/t/${slug}/activity`)).text();
    expect(page).toContain("approved wiring $250k");
    expect(page).toMatch(/Anyone At All[\s\S]{0,400}imported/);
  });

  it("over HTTP, the settings import applies the same rule", async () => {
    const { importer, bystander, document } = await craftedImport();
    const client = await signedIn(server.url, importer.email);
    const form = new FormData();
    form.append("file", new Blob([JSON.stringify(document)], { type: "application/json" }), "team.json");
    form.append("name", "Crafted copy");
    const response = await postMultipart(client, `/t/${importer.actor.team.slug}/settings/data`, form);
    expect(response.status).toBe(302);
    const team = await db.team.findFirstOrThrow({ where: { name: "Crafted copy" }, select: { id: true } });
    expect(await db.activityEvent.count({ where: { teamId: team.id, actorId: bystander.id } })).toBe(0);
    expect(await db.hypothesis.count({ where: { teamId: team.id, createdById: bystander.id } })).toBe(0);
    const exported = await client.get(`${response.headers.get("location")}/export.json`);
    expect(await exported.text()).not.toContain("Victoria Realname");
  });

  it("a stranger's own export, imported by someone who shares no team with its people, credits only placeholders", async () => {
    const stranger = await runningRateExperiment(["ADMIN"]);
    await addComment(actorFor(stranger.members[0], stranger.team, "ADMIN"), { hypothesisId: stranger.hypothesis.id }, "Agreed.");
    const document = await exportTeam(stranger.team.id);
    const importer = await createUser();
    const { teamId } = await importTeam(JSON.parse(JSON.stringify(document)), { ownerUserId: importer.id });
    const actors = await db.activityEvent.findMany({ where: { teamId, imported: true }, select: { actor: { select: { id: true, placeholderTeamId: true } } } });
    expect(actors.length).toBeGreaterThan(0);
    for (const { actor } of actors) expect(actor?.placeholderTeamId).toBe(teamId);
  });
});
