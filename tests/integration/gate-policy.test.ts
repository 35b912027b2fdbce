/**
 * Who decides the scale gate (SPEC §6, ADR 017): admins and owners open or hold the gate and
 * decide scale proposals; members propose; no one approves their own proposal. Over real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProposal } from "~/modules/gate/gate.server";
import { addDays, todayDateOnly } from "~/modules/experiments/timebox";
import { createSignal, recordSignalPoints } from "~/modules/signals/signals.server";
import { db } from "~/utils/db.server";
import { actorFor } from "../support/factories";
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

const today = todayDateOnly();

/** A team with an admin, a member and a viewer, a product whose latency signal is far beyond 500 ms. */
async function world() {
  const loop = await runningRateExperiment(["ADMIN", "MEMBER", "VIEWER"]);
  const [admin, member, viewer] = loop.members;
  const signal = await createSignal(loop.actor, { productId: loop.product.id, name: "p95 latency", unit: "ms", direction: "DOWN", description: "" });
  await recordSignalPoints(loop.actor, { signalId: signal.id, points: [{ date: addDays(today, -14), value: 900 }, { date: addDays(today, -7), value: 950 }] });
  const gate = `/t/${loop.team.slug}/gate/${loop.product.id}`;
  const propose = (by: { id: string; name: string }, role: "OWNER" | "ADMIN" | "MEMBER") =>
    createProposal(actorFor(by, loop.team, role), loop.product.id, { title: `Read replica by ${by.name}`, description: "", signalId: signal.id, comparator: "GTE", threshold: 500, weeks: 2 });
  return { ...loop, admin, member, viewer, signal, gate, propose };
}

const decision = (proposalId: string, verdict: "APPROVED" | "REJECTED") => ({ intent: "decide-proposal", proposalId, verdict, note: "", version: "1" });
const status = async (proposalId: string) => (await db.scaleProposal.findUniqueOrThrow({ where: { id: proposalId }, select: { status: true, decidedById: true } }));

describe("the gate decision", () => {
  it("is refused to members (403) and recorded for admins", async () => {
    const w = await world();
    const member = await signedIn(server.url, w.member.email);
    const held = await member.post(w.gate, { intent: "decide", action: "HOLD", rationale: "Members should not be able to hold this." });
    expect(held.status).toBe(403);
    expect(await db.gateDecision.count({ where: { productId: w.product.id } })).toBe(0);

    const admin = await signedIn(server.url, w.admin.email);
    const byAdmin = await admin.post(w.gate, { intent: "decide", action: "HOLD", rationale: "Latency is high but customers are few." });
    expect(byAdmin.status).toBe(302);
    expect(await db.gateDecision.findMany({ where: { productId: w.product.id }, select: { decidedById: true, action: true } })).toEqual([{ decidedById: w.admin.id, action: "HOLD" }]);
  });

  it("is offered on the page to admins and owners only", async () => {
    const w = await world();
    const pageFor = async (email: string) => (await (await signedIn(server.url, email)).get(w.gate)).text();
    expect(await pageFor(w.member.email)).not.toContain("Hold the gate");
    expect(await pageFor(w.admin.email)).toContain("Hold the gate");
    expect(await pageFor(w.owner.email)).toContain("Hold the gate");
  });
});

describe("scale proposals", () => {
  it("members propose, but cannot approve or reject", async () => {
    const w = await world();
    const member = await signedIn(server.url, w.member.email);
    const proposed = await member.post(w.gate, { intent: "propose", title: "Move reports to a worker", description: "", signalId: w.signal.id, comparator: "GTE", threshold: "500", weeks: "2" });
    expect(proposed.status).toBe(302);
    const theirs = await db.scaleProposal.findFirstOrThrow({ where: { productId: w.product.id, createdById: w.member.id } });
    const others = await w.propose(w.owner, "OWNER");
    for (const verdict of ["APPROVED", "REJECTED"] as const) {
      expect((await member.post(w.gate, decision(others.id, verdict))).status, verdict).toBe(403);
      expect((await member.post(w.gate, decision(theirs.id, verdict))).status, verdict).toBe(403);
    }
    expect(await status(others.id)).toEqual({ status: "PROPOSED", decidedById: null });
    expect(await status(theirs.id)).toEqual({ status: "PROPOSED", decidedById: null });
    expect(await (await member.get(w.gate)).text()).not.toMatch(/>Approve</);
  });

  it("admins approve someone else's proposal once the evidence demands it", async () => {
    const w = await world();
    const proposal = await w.propose(w.member, "MEMBER");
    const admin = await signedIn(server.url, w.admin.email);
    expect((await admin.post(w.gate, decision(proposal.id, "APPROVED"))).status).toBe(302);
    expect(await status(proposal.id)).toEqual({ status: "APPROVED", decidedById: w.admin.id });
  });

  it("no one approves their own proposal, not even an owner; someone else can", async () => {
    const w = await world();
    for (const [person, role] of [[w.admin, "ADMIN"], [w.owner, "OWNER"]] as const) {
      const own = await w.propose(person, role);
      const client = await signedIn(server.url, person.email);
      const page = await (await client.get(w.gate)).text();
      expect(page).toContain("another admin or owner approves it");
      const approved = await client.post(w.gate, decision(own.id, "APPROVED"));
      expect(approved.status, role).toBe(403);
      expect(await status(own.id)).toEqual({ status: "PROPOSED", decidedById: null });
    }
    const adminsOwn = await db.scaleProposal.findFirstOrThrow({ where: { productId: w.product.id, createdById: w.admin.id } });
    const owner = await signedIn(server.url, w.owner.email);
    expect((await owner.post(w.gate, decision(adminsOwn.id, "APPROVED"))).status).toBe(302);
    expect(await status(adminsOwn.id)).toEqual({ status: "APPROVED", decidedById: w.owner.id });
  });

  it("a proposer may still withdraw (reject) their own proposal", async () => {
    const w = await world();
    const own = await w.propose(w.admin, "ADMIN");
    const admin = await signedIn(server.url, w.admin.email);
    expect((await admin.post(w.gate, decision(own.id, "REJECTED"))).status).toBe(302);
    expect(await status(own.id)).toEqual({ status: "REJECTED", decidedById: w.admin.id });
  });
});

describe("the roles help", () => {
  it("says who decides the gate and who proposes", async () => {
    const w = await world();
    const viewer = await signedIn(server.url, w.viewer.email);
    const page = await (await viewer.get(`/t/${w.team.slug}/settings/members`)).text();
    expect(page).toContain("decides the scale gate and scale proposals");
    expect(page).toContain("proposes scale changes");
  });
});
