import { describe, expect, it } from "vitest";
import { acceptInvite, createInvite, findInvite, revokeInvite } from "~/modules/teams/invites.server";
import { changeRole, createTeam, listTeamsForUser, removeMember, renameTeam } from "~/modules/teams/teams.server";
import { requireMembership } from "~/modules/teams/guard.server";
import { db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { actorFor, createTeamWith, createUser } from "../support/factories";

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
    const old = await createInvite(actor, { role: "MEMBER" }, created);
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

  it("answers 404 to non-members, 403 below the role, and sign-in to strangers", async () => {
    const { team, members } = await createTeamWith(["VIEWER"]);
    const outsider = await createUser();
    expect(await statusOf(requireMembership(request, await contextFor(outsider), team.slug))).toBe(404);
    expect(await statusOf(requireMembership(request, await contextFor(outsider), "no-such-team"))).toBe(404);
    expect(await statusOf(requireMembership(request, await contextFor(members[0]), team.slug, "MEMBER"))).toBe(403);
    expect(await statusOf(requireMembership(request, await contextFor(members[0]), team.slug, "VIEWER"))).toBe(200);
    expect(await statusOf(requireMembership(request, await contextFor(null), team.slug))).toBe(302);
  });
});
