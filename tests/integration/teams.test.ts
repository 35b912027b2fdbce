import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptInvite, createInvite, findInvite, revokeInvite } from "~/modules/teams/invites.server";
import { changeRole, createTeam, listTeamsForUser, removeMember, renameTeam } from "~/modules/teams/teams.server";
import { requireMembership } from "~/modules/teams/guard.server";
import { db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { actorFor, createTeamWith, createUser } from "../support/factories";
import { Client, startTestServer, type TestServer } from "../support/http";
import { signedIn } from "../support/loop-http-helpers";

async function activityFor(teamId: string) {
  return db.activityEvent.findMany({ where: { teamId }, orderBy: { createdAt: "asc" }, select: { action: true, before: true, after: true } });
}

describe("creating teams", () => {
  it("gives each team a unique slug and makes the creator its owner", async () => {
    const user = await createUser();
    const first = await createTeam({ userId: user.id, name: "Acme Invoicing" });
    const second = await createTeam({ userId: user.id, name: "Acme  invoicing!" });
    expect(first.slug).toMatch(/^acme-invoicing/);
    expect(second.slug).not.toBe(first.slug);
    const membership = await db.membership.findUnique({ where: { teamId_userId: { teamId: first.id, userId: user.id } } });
    expect(membership?.role).toBe("OWNER");
    expect((await activityFor(first.id)).map((e) => e.action)).toEqual(["team.created"]);
  });
});

describe("the last owner", () => {
  it("can neither be demoted nor leave", async () => {
    const { team, owner } = await createTeamWith(["MEMBER"]);
    const actor = actorFor(owner, team, "OWNER");
    await expect(changeRole(actor, { userId: owner.id, role: "ADMIN" })).rejects.toMatchObject({ code: "last_owner" });
    await expect(removeMember(actor, { userId: owner.id })).rejects.toMatchObject({ code: "last_owner" });
    const membership = await db.membership.findUnique({ where: { teamId_userId: { teamId: team.id, userId: owner.id } } });
    expect(membership?.role).toBe("OWNER");
  });

  it("can step down once there is a second owner, and the change is logged with before and after", async () => {
    const { team, owner, members } = await createTeamWith(["ADMIN"]);
    const actor = actorFor(owner, team, "OWNER");
    await changeRole(actor, { userId: members[0].id, role: "OWNER" });
    await changeRole(actor, { userId: owner.id, role: "MEMBER" });
    const roles = await db.membership.findMany({ where: { teamId: team.id }, select: { userId: true, role: true } });
    expect(roles).toEqual(expect.arrayContaining([{ userId: members[0].id, role: "OWNER" }, { userId: owner.id, role: "MEMBER" }]));
    const log = (await activityFor(team.id)).filter((e) => e.action === "member.role_changed");
    expect(log).toEqual([
      { action: "member.role_changed", before: { role: "ADMIN" }, after: { role: "OWNER" } },
      { action: "member.role_changed", before: { role: "OWNER" }, after: { role: "MEMBER" } },
    ]);
  });

  it("survives two owners demoting each other at the same time", async () => {
    const { team, owner, members } = await createTeamWith(["OWNER"]);
    const other = members[0];
    const results = await Promise.allSettled([
      changeRole(actorFor(owner, team, "OWNER"), { userId: other.id, role: "MEMBER" }),
      changeRole(actorFor(other, team, "OWNER"), { userId: owner.id, role: "MEMBER" }),
    ]);
    const owners = await db.membership.count({ where: { teamId: team.id, role: "OWNER" } });
    expect(owners).toBe(1);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });
});

describe("role rules", () => {
  it("stops admins from creating or touching owners", async () => {
    const { team, owner, members } = await createTeamWith(["ADMIN", "MEMBER"]);
    const admin = actorFor(members[0], team, "ADMIN");
    await expect(changeRole(admin, { userId: members[1].id, role: "OWNER" })).rejects.toMatchObject({ status: 403 });
    await expect(changeRole(admin, { userId: owner.id, role: "MEMBER" })).rejects.toMatchObject({ status: 403 });
    await expect(removeMember(admin, { userId: owner.id })).rejects.toMatchObject({ status: 403 });
    await expect(createInvite(admin, { role: "OWNER" })).rejects.toMatchObject({ status: 403 });
    await changeRole(admin, { userId: members[1].id, role: "VIEWER" });
  });

  it("stops members from managing anyone", async () => {
    const { team, members } = await createTeamWith(["MEMBER", "VIEWER"]);
    const member = actorFor(members[0], team, "MEMBER");
    await expect(changeRole(member, { userId: members[1].id, role: "MEMBER" })).rejects.toMatchObject({ status: 403 });
    await expect(createInvite(member, { role: "VIEWER" })).rejects.toMatchObject({ status: 403 });
    await expect(renameTeam(member, { name: "Nope", version: team.version })).rejects.toMatchObject({ status: 403 });
  });

  it("rejects a role change based on a stale version", async () => {
    const { team, owner, members } = await createTeamWith(["MEMBER"]);
    const actor = actorFor(owner, team, "OWNER");
    await changeRole(actor, { userId: members[0].id, role: "ADMIN", version: 1 });
    await expect(changeRole(actor, { userId: members[0].id, role: "VIEWER", version: 1 })).rejects.toMatchObject({ status: 409 });
    const membership = await db.membership.findUnique({ where: { teamId_userId: { teamId: team.id, userId: members[0].id } } });
    expect(membership?.role).toBe("ADMIN");
  });
});

describe("renaming", () => {
  it("never silently overwrites a concurrent rename, and logs nothing for the loser", async () => {
    const { team, owner } = await createTeamWith();
    const actor = actorFor(owner, team, "OWNER");
    await renameTeam(actor, { name: "First name", version: team.version });
    const stale = renameTeam(actor, { name: "Second name", version: team.version });
    await expect(stale).rejects.toMatchObject({ status: 409 });
    await expect(stale).rejects.toThrow(/First name/);
    const current = await db.team.findUniqueOrThrow({ where: { id: team.id } });
    expect(current.name).toBe("First name");
    expect((await activityFor(team.id)).filter((e) => e.action === "team.renamed")).toHaveLength(1);
  });
});

describe("invites", () => {
  it("work once, with the chosen role, and store only a hash of the token", async () => {
    const { team, owner } = await createTeamWith();
    const invite = await createInvite(actorFor(owner, team, "OWNER"), { role: "VIEWER" });
    const stored = await db.invite.findUniqueOrThrow({ where: { id: invite.id } });
    expect(stored.tokenHash).not.toContain(invite.token);
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBeCloseTo(7 * 24 * 3600 * 1000, -4);

    const joiner = await createUser();
    await acceptInvite({ token: invite.token, user: joiner });
    const membership = await db.membership.findUnique({ where: { teamId_userId: { teamId: team.id, userId: joiner.id } } });
    expect(membership?.role).toBe("VIEWER");

    const latecomer = await createUser();
    await expect(acceptInvite({ token: invite.token, user: latecomer })).rejects.toMatchObject({ code: "invite_used" });
    expect(await db.membership.count({ where: { teamId: team.id, userId: latecomer.id } })).toBe(0);
  });

  it("lets only one of two simultaneous acceptances through", async () => {
    const { team, owner } = await createTeamWith();
    const invite = await createInvite(actorFor(owner, team, "OWNER"), { role: "MEMBER" });
    const [a, b] = await Promise.all([createUser(), createUser()]);
    const results = await Promise.allSettled([acceptInvite({ token: invite.token, user: a }), acceptInvite({ token: invite.token, user: b })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.membership.count({ where: { teamId: team.id } })).toBe(2);
  });

  it("expire after 7 days and can be revoked", async () => {
    const { team, owner } = await createTeamWith();
    const actor = actorFor(owner, team, "OWNER");
    const created = new Date("2026-01-01T00:00:00Z");
    const old = await createInvite(actor, { role: "MEMBER" }, { now: created });
    expect((await findInvite(old.token, new Date("2026-01-07T23:00:00Z")))?.state).toBe("valid");
    expect((await findInvite(old.token, new Date("2026-01-08T00:00:01Z")))?.state).toBe("expired");
    const user = await createUser();
    await expect(acceptInvite({ token: old.token, user })).rejects.toMatchObject({ code: "invite_expired" });

    const revoked = await createInvite(actor, { role: "MEMBER" });
    await revokeInvite(actor, { inviteId: revoked.id });
    await expect(acceptInvite({ token: revoked.token, user })).rejects.toMatchObject({ code: "invite_revoked" });
    expect(await findInvite("not-a-real-token")).toBeNull();
  });

  it("cannot be revoked from another team", async () => {
    const first = await createTeamWith();
    const second = await createTeamWith();
    const invite = await createInvite(actorFor(first.owner, first.team, "OWNER"), { role: "MEMBER" });
    await expect(revokeInvite(actorFor(second.owner, second.team, "OWNER"), { inviteId: invite.id })).rejects.toBeInstanceOf(AppError);
    expect((await findInvite(invite.token))?.state).toBe("valid");
  });
});

describe("invites follow their creator", () => {
  /** A team whose admin has made an ADMIN invite and a VIEWER invite. */
  async function adminWithInvites() {
    const setup = await createTeamWith(["ADMIN"]);
    const owner = actorFor(setup.owner, setup.team, "OWNER");
    const admin = actorFor(setup.members[0], setup.team, "ADMIN");
    const invites = [await createInvite(admin, { role: "ADMIN" }), await createInvite(admin, { role: "VIEWER" })];
    const ownersInvite = await createInvite(owner, { role: "MEMBER" });
    return { ...setup, owner, admin, invites, ownersInvite };
  }

  async function expectUnusable(token: string) {
    expect((await findInvite(token))?.state).toBe("revoked");
    const stranger = await createUser();
    await expect(acceptInvite({ token, user: stranger })).rejects.toMatchObject({ status: 400, code: "invite_revoked" });
    expect(await db.membership.count({ where: { userId: stranger.id } })).toBe(0);
  }

  it("removing an admin revokes the invites they made, and only theirs", async () => {
    const w = await adminWithInvites();
    await removeMember(w.owner, { userId: w.admin.user.id });
    for (const invite of w.invites) await expectUnusable(invite.token);
    expect((await findInvite(w.ownersInvite.token))?.state).toBe("valid");
    const removal = (await activityFor(w.team.id)).find((event) => event.action === "member.removed");
    expect(removal?.after).toEqual({ invitesRevoked: 2 });
  });

  it("an admin who leaves takes their invites along", async () => {
    const w = await adminWithInvites();
    await removeMember(w.admin, { userId: w.admin.user.id });
    for (const invite of w.invites) await expectUnusable(invite.token);
  });

  it("demoting an admin revokes their invites; promoting someone keeps theirs", async () => {
    const w = await adminWithInvites();
    await changeRole(w.owner, { userId: w.admin.user.id, role: "MEMBER" });
    for (const invite of w.invites) await expectUnusable(invite.token);
    const demotion = (await activityFor(w.team.id)).find((event) => event.action === "member.role_changed");
    expect(demotion?.after).toEqual({ role: "MEMBER", invitesRevoked: 2 });

    const again = await adminWithInvites();
    await changeRole(again.owner, { userId: again.admin.user.id, role: "OWNER" });
    for (const invite of again.invites) expect((await findInvite(invite.token))?.state).toBe("valid");
  });

  it("an invite never grants a role above its creator's role at the moment it is used", async () => {
    const { team, owner, members } = await createTeamWith(["OWNER"]);
    const other = actorFor(members[0], team, "OWNER");
    const ownerInvite = await createInvite(other, { role: "OWNER" });
    const adminInvite = await createInvite(other, { role: "ADMIN" });
    // A role changed by any path — here the database directly — is what counts, not the role at creation.
    await db.membership.update({ where: { teamId_userId: { teamId: team.id, userId: members[0].id } }, data: { role: "ADMIN" } });
    await expectUnusable(ownerInvite.token);
    const joiner = await createUser();
    await acceptInvite({ token: adminInvite.token, user: joiner });
    expect((await db.membership.findUniqueOrThrow({ where: { teamId_userId: { teamId: team.id, userId: joiner.id } } })).role).toBe("ADMIN");

    const gone = await createInvite(actorFor(owner, team, "OWNER"), { role: "VIEWER" });
    await db.membership.update({ where: { teamId_userId: { teamId: team.id, userId: owner.id } }, data: { role: "VIEWER" } });
    await expectUnusable(gone.token);
  });
});

describe("over HTTP: a removed admin's invite", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("no longer lets anyone in: the link says it was revoked and sign-up through it creates no account", async () => {
    const { team, owner, members } = await createTeamWith(["ADMIN"]);
    const invite = await createInvite(actorFor(members[0], team, "ADMIN"), { role: "ADMIN" });
    const ownerClient = await signedIn(server.url, owner.email);
    expect((await ownerClient.post(`/t/${team.slug}/settings/members`, { intent: "remove", userId: members[0].id })).status).toBe(302);

    const visitor = new Client(server.url);
    const page = await visitor.get(`/invite/${invite.token}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain("This invite link was revoked");
    const email = `late-${invite.id}@example.com`;
    const signup = await visitor.post(`/invite/${invite.token}`, { intent: "signup", name: "Late Comer", email, password: "a long enough password" });
    expect(signup.status).toBe(400);
    expect(await signup.text()).toContain("This invite link was revoked");
    expect(await db.user.count({ where: { email } })).toBe(0);
    expect(await db.membership.count({ where: { teamId: team.id, role: "ADMIN" } })).toBe(0);
  });
});

describe("the membership guard", () => {
  /** As the server builds it: the session's person with their teams read at that moment. */
  async function contextFor(user: { id: string; email: string; name: string } | null) {
    return {
      cspNonce: "",
      clientAddress: "127.0.0.1",
      demo: null,
      auth: user ? { user, session: { id: "s", userId: user.id, expiresAt: new Date(), renewed: false }, teams: await listTeamsForUser(user.id) } : null,
    };
  }
  const request = new Request("http://localhost/t/x");

  async function statusOf(promise: Promise<unknown>) {
    try {
      await promise;
      return 200;
    } catch (thrown) {
      return (thrown as Response).status;
    }
  }

  it("answers 404 to non-members, 403 without the permission, and sign-in to strangers", async () => {
    const { team, members } = await createTeamWith(["VIEWER"]);
    const outsider = await createUser();
    expect(await statusOf(requireMembership(request, await contextFor(outsider), team.slug))).toBe(404);
    expect(await statusOf(requireMembership(request, await contextFor(outsider), "no-such-team"))).toBe(404);
    expect(await statusOf(requireMembership(request, await contextFor(members[0]), team.slug, "work.edit"))).toBe(403);
    expect(await statusOf(requireMembership(request, await contextFor(members[0]), team.slug, "team.view"))).toBe(200);
    expect(await statusOf(requireMembership(request, await contextFor(null), team.slug))).toBe(302);
  });
});
