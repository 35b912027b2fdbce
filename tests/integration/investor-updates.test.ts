/**
 * Sending investor updates: a team's list in three groups, one email per person per update through
 * the outbox (read here from a real SMTP server), the personal link that logs each view, prospects'
 * version without the sections kept for current investors, and the ways out — unsubscribing, and
 * being taken off the list — over real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverDueMessages } from "~/modules/mail/delivery.server";
import { smtpTransport, type MailTransport } from "~/modules/mail/transport.server";
import { addInvestor, removeInvestor, sendUpdate } from "~/modules/updates/investors.server";
import { composeUpdate, publishUpdate, saveNarrative } from "~/modules/updates/updates.server";
import { db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { createTeamWith } from "../support/factories";
import { Client, startTestServer, type TestServer } from "../support/http";
import { runningRateExperiment } from "../support/loop-factories";
import { signedIn } from "../support/loop-http-helpers";
import { linkIn, startTestInbox, type TestInbox } from "../support/smtp";
import { addDays, todayDateOnly } from "~/modules/experiments/timebox";

let server: TestServer;
let inbox: TestInbox;
let transport: MailTransport;
beforeAll(async () => {
  server = await startTestServer();
  inbox = await startTestInbox();
  transport = smtpTransport(inbox.url);
});
afterAll(async () => {
  transport.close();
  await inbox.close();
  await server?.close();
});

const deliver = () => deliverDueMessages({ transport, from: "Evident <evident@example.com>", log: () => undefined });
const mailTo = (address: string) => inbox.received.filter((mail) => mail.to === address);
const unique = () => Math.random().toString(36).slice(2, 8);

/** A team with a published update whose lowlights are for current investors only, and its list. */
async function world() {
  const loop = await runningRateExperiment(["ADMIN", "MEMBER"]);
  const today = todayDateOnly();
  const update = await composeUpdate(loop.actor, { title: "March update", periodStart: addDays(today, -30), periodEnd: today });
  await saveNarrative(loop.actor, update.id, {
    title: "March update",
    highlights: "- Signed **three** pilots\n- <script>alert(1)</script> [click](javascript:alert(1)) <img src=x onerror=alert(1)>",
    lowlights: "- Runway is nine months (RUNWAY-SECRET)",
    asks: "- Intros to accountants",
    investorsOnly: ["lowlights"],
    version: 1,
  });
  await publishUpdate(loop.actor, update.id, { version: 2 });
  const tag = unique();
  const person = async (name: string, group: "CURRENT" | "PROSPECT" | "ADVISOR") => {
    const email = `${name.toLowerCase()}-${tag}@fund.example`;
    return { ...(await addInvestor(loop.actor, { name: `${name} Investor`, email, group })), email };
  };
  const people = { ana: await person("Ana", "CURRENT"), ben: await person("Ben", "CURRENT"), cy: await person("Cy", "CURRENT"), pia: await person("Pia", "PROSPECT"), dev: await person("Dev", "ADVISOR") };
  return { ...loop, update, people };
}

const origin = () => server.url;

describe("sending an investor update", () => {
  it("writes one outbox message per recipient, exactly once, with two sends at the same time and a third after", async () => {
    const w = await world();
    const [first, second] = await Promise.all([sendUpdate(w.actor, w.update.id, { groups: ["CURRENT", "PROSPECT"] }, origin()), sendUpdate(w.actor, w.update.id, { groups: ["CURRENT", "PROSPECT"] }, origin())]);
    expect(first.sent + second.sent).toBe(4);
    expect(first.alreadyHad + second.alreadyHad).toBe(4);
    expect(await sendUpdate(w.actor, w.update.id, { groups: ["CURRENT", "PROSPECT", "ADVISOR"] }, origin())).toEqual({ sent: 1, alreadyHad: 4, unsubscribed: 0 });
    const outbox = await db.outboxMessage.groupBy({ by: ["toAddress"], where: { teamId: w.team.id, kind: "investor_update" }, _count: { _all: true } });
    expect(outbox.map((row) => [row.toAddress, row._count._all]).sort()).toEqual(Object.values(w.people).map((p) => [p.email, 1]).sort());
    expect(await db.updateDelivery.count({ where: { updateId: w.update.id } })).toBe(5);
    // The activity log says what was sent, once per send that sent something.
    expect(await db.activityEvent.count({ where: { teamId: w.team.id, action: "update.sent" } })).toBe(2);
  });

  it("gives prospects the update without the marked sections, and never lets script, event handlers or javascript: links into an email", async () => {
    const w = await world();
    await sendUpdate(w.actor, w.update.id, { groups: ["CURRENT", "PROSPECT"] }, origin());
    await deliver();
    const [current] = mailTo(w.people.ana.email);
    const [prospect] = mailTo(w.people.pia.email);
    expect(current.subject).toBe(`${w.team.name}: March update`);
    expect(current.text).toContain("RUNWAY-SECRET");
    expect(current.html).toContain("RUNWAY-SECRET");
    expect(prospect.text).not.toContain("RUNWAY-SECRET");
    expect(prospect.html).not.toContain("RUNWAY-SECRET");
    expect(prospect.html).not.toContain("Lowlights");
    expect(prospect.text).toContain("Intros to accountants");
    for (const mail of [current, prospect]) {
      const html = String(mail.html);
      expect(html).toContain("<strong>three</strong>");
      // As text it may say anything; as markup, no script, no image, no handler, no javascript: link.
      expect(html).not.toMatch(/<script|<img|<[^>]*\son\w+=|href="javascript:/i);
      expect(html).toContain("&lt;script&gt;");
      // One-click unsubscribe leaves this team's list, not every kind of email.
      const unsubscribe = mail.headerLines.find((header) => header.key === "list-unsubscribe")?.line ?? "";
      expect(unsubscribe).toMatch(new RegExp(`<${server.url}/u/[a-z2-7]{32}/unsubscribe>`));
    }
  });

  it("refuses drafts, members and groups that do not exist, writing nothing", async () => {
    const w = await world();
    const draft = await composeUpdate(w.actor, { title: "Draft", periodStart: addDays(todayDateOnly(), -3), periodEnd: todayDateOnly() });
    await expect(sendUpdate(w.actor, draft.id, { groups: ["CURRENT"] }, origin())).rejects.toMatchObject({ status: 400, fields: { groups: "Publish the update before sending it." } });
    const member = { ...w.actor, user: w.members[1], role: "MEMBER" as const };
    await expect(sendUpdate(member, w.update.id, { groups: ["CURRENT"] }, origin())).rejects.toMatchObject({ status: 403 });
    await expect(sendUpdate(w.actor, w.update.id, { groups: ["EVERYONE"] }, origin())).rejects.toBeInstanceOf(AppError);
    await expect(sendUpdate(w.actor, w.update.id, { groups: [] }, origin())).rejects.toMatchObject({ status: 400 });
    expect(await db.outboxMessage.count({ where: { teamId: w.team.id, kind: "investor_update" } })).toBe(0);
    expect(await db.updateDelivery.count({ where: { teamId: w.team.id } })).toBe(0);
  });
});

describe("a recipient's personal link", () => {
  it("shows their version signed out, logs every view, and the founder sees who opened it and when", async () => {
    const w = await world();
    await sendUpdate(w.actor, w.update.id, { groups: ["CURRENT", "PROSPECT"] }, origin());
    await deliver();
    const anonymous = new Client(server.url);
    const anaLink = linkIn(mailTo(w.people.ana.email)[0], `${server.url}/u/`);
    const piaLink = linkIn(mailTo(w.people.pia.email)[0], `${server.url}/u/`);
    const delivery = (email: string) => db.updateDelivery.findFirstOrThrow({ where: { updateId: w.update.id, investor: { email } }, select: { views: true, firstViewedAt: true, lastViewedAt: true } });

    const founder = await signedIn(server.url, w.owner.email);
    expect(await (await founder.get(`/t/${w.team.slug}/updates/${w.update.id}`)).text()).toContain("Opened by 0");

    const page = await anonymous.get(anaLink.slice(server.url.length));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("RUNWAY-SECRET");
    expect(html).not.toContain("Current investors only");
    const seen = await delivery(w.people.ana.email);
    expect(seen.views).toBe(1);
    expect(seen.firstViewedAt).not.toBeNull();
    await anonymous.get(anaLink.slice(server.url.length));
    const again = await delivery(w.people.ana.email);
    expect(again.views).toBe(2);
    expect(again.firstViewedAt).toEqual(seen.firstViewedAt);
    expect((await delivery(w.people.ben.email)).views).toBe(0);

    const prospectPage = await (await anonymous.get(piaLink.slice(server.url.length))).text();
    expect(prospectPage).not.toContain("RUNWAY-SECRET");
    expect(prospectPage).toContain("Intros to accountants");

    const teamPage = await (await founder.get(`/t/${w.team.slug}/updates/${w.update.id}`)).text();
    expect(teamPage).toContain("Opened by 2");
    expect(teamPage).toMatch(/Ana Investor[\s\S]*?Opened/);
    expect(teamPage).toMatch(/Ben Investor[\s\S]*?Not opened yet/);
    // The list and the opens are for the people who send; a member sees the update only.
    const member = await signedIn(server.url, w.members[1].email);
    const memberPage = await (await member.get(`/t/${w.team.slug}/updates/${w.update.id}`)).text();
    expect(memberPage).toContain("March update");
    expect(memberPage).not.toContain(w.people.ana.email);
    expect(memberPage).not.toContain("Ana Investor");
    expect((await member.get(`/t/${w.team.slug}/updates/investors`)).status).toBe(403);
  });

  it("lists every update sent to the person, reads each through the same link, and nothing else of the team", async () => {
    const w = await world();
    await sendUpdate(w.actor, w.update.id, { groups: ["CURRENT"] }, origin());
    const second = await composeUpdate(w.actor, { title: "April update", periodStart: todayDateOnly(), periodEnd: todayDateOnly() });
    await publishUpdate(w.actor, second.id, { version: 1 });
    const notSent = await composeUpdate(w.actor, { title: "May update", periodStart: todayDateOnly(), periodEnd: todayDateOnly() });
    await publishUpdate(w.actor, notSent.id, { version: 1 });
    await sendUpdate(w.actor, second.id, { groups: ["CURRENT"] }, origin());
    await deliver();
    const anonymous = new Client(server.url);
    const link = linkIn(mailTo(w.people.ana.email)[0], `${server.url}/u/`).slice(server.url.length);
    const archive = await (await anonymous.get(`${link}/archive`)).text();
    expect(archive).toContain("March update");
    expect(archive).toContain("April update");
    expect(archive).not.toContain("May update");
    expect((await anonymous.get(`${link}/${second.id}`)).status).toBe(200);
    expect((await db.updateDelivery.findFirstOrThrow({ where: { updateId: second.id, investor: { email: w.people.ana.email } }, select: { views: true } })).views).toBe(1);
    expect((await anonymous.get(`${link}/${notSent.id}`)).status).toBe(404);
    // Another team's update, addressed through this person's link.
    const other = await createTeamWith();
    const stranger = await composeUpdate({ user: other.owner, team: other.team, role: "OWNER" }, { title: "Stranger update", periodStart: todayDateOnly(), periodEnd: todayDateOnly() });
    await publishUpdate({ user: other.owner, team: other.team, role: "OWNER" }, stranger.id, { version: 1 });
    expect((await anonymous.get(`${link}/${stranger.id}`)).status).toBe(404);
    for (const path of ["/u/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "/u/short", "/u/%0A/archive", `${link}x`]) expect((await anonymous.get(path)).status, path).toBe(404);
  });

  it("unsubscribed and removed people get nothing more; a removed person's links stop working", async () => {
    const w = await world();
    await sendUpdate(w.actor, w.update.id, { groups: ["CURRENT"] }, origin());
    await deliver();
    const anonymous = new Client(server.url);
    const benLink = linkIn(mailTo(w.people.ben.email)[0], `${server.url}/u/`).slice(server.url.length);
    const cyLink = linkIn(mailTo(w.people.cy.email)[0], `${server.url}/u/`).slice(server.url.length);

    // A mail client's one-click unsubscribe: signed out, from no page of ours, no Origin.
    const oneClick = await fetch(`${server.url}${benLink}/unsubscribe`, { method: "POST", body: new URLSearchParams({ "List-Unsubscribe": "One-Click" }), headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(oneClick.status).toBe(200);
    expect((await db.investor.findFirstOrThrow({ where: { email: w.people.ben.email }, select: { unsubscribedAt: true } })).unsubscribedAt).not.toBeNull();
    await removeInvestor(w.actor, { investorId: w.people.cy.id });
    expect((await anonymous.get(cyLink)).status).toBe(404);
    expect((await anonymous.get(`${cyLink}/archive`)).status).toBe(404);
    expect((await anonymous.post(`${cyLink}/unsubscribe`, { intent: "unsubscribe" })).status).toBe(404);
    // Added back later, Cy gets new mail, but the old link stays dead.
    await addInvestor(w.actor, { name: "Cy Investor", email: w.people.cy.email, group: "PROSPECT" });
    expect((await anonymous.get(cyLink)).status).toBe(404);
    await removeInvestor(w.actor, { investorId: w.people.cy.id });
    // Ben still reads what he was sent.
    expect((await anonymous.get(benLink)).status).toBe(200);

    const next = await composeUpdate(w.actor, { title: "April update", periodStart: todayDateOnly(), periodEnd: todayDateOnly() });
    await publishUpdate(w.actor, next.id, { version: 1 });
    expect(await sendUpdate(w.actor, next.id, { groups: ["CURRENT"] }, origin())).toEqual({ sent: 1, alreadyHad: 0, unsubscribed: 1 });
    const recipients = await db.outboxMessage.findMany({ where: { teamId: w.team.id, kind: "investor_update", dedupeKey: { startsWith: `investor_update:${next.id}:` } }, select: { toAddress: true } });
    expect(recipients.map((row) => row.toAddress)).toEqual([w.people.ana.email]);

    // Subscribing again from the same page.
    expect((await anonymous.post(`${benLink}/unsubscribe`, { intent: "resubscribe" })).status).toBe(200);
    expect(await sendUpdate(w.actor, next.id, { groups: ["CURRENT"] }, origin())).toEqual({ sent: 1, alreadyHad: 1, unsubscribed: 0 });
  });
});

describe("mail not yet sent", () => {
  it("is cancelled when its person unsubscribes or is taken off the list, and a sent body keeps no live link", async () => {
    const w = await world();
    await sendUpdate(w.actor, w.update.id, { groups: ["CURRENT"] }, origin());
    const queued = async (email: string) => db.outboxMessage.findFirstOrThrow({ where: { teamId: w.team.id, kind: "investor_update", toAddress: email }, select: { status: true, text: true } });
    const benToken = /\/u\/([a-z2-7]{32})/.exec((await queued(w.people.ben.email)).text)?.[1];
    const oneClick = await fetch(`${server.url}/u/${benToken}/unsubscribe`, { method: "POST", body: new URLSearchParams({ "List-Unsubscribe": "One-Click" }), headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(oneClick.status).toBe(200);
    await removeInvestor(w.actor, { investorId: w.people.cy.id });
    await deliver();
    expect(mailTo(w.people.ana.email)).toHaveLength(1);
    expect(mailTo(w.people.ben.email)).toHaveLength(0);
    expect(mailTo(w.people.cy.email)).toHaveLength(0);
    expect((await queued(w.people.ben.email)).status).toBe("FAILED");
    expect((await queued(w.people.cy.email)).status).toBe("FAILED");
    // The sent message's body held Ana's personal link: only its hash stays.
    expect(await queued(w.people.ana.email)).toEqual({ status: "SENT", text: "" });
  });

  it("skips an address that turned investor updates off in its account, and says so before sending", async () => {
    const w = await world();
    await db.mailOptOut.create({ data: { address: w.people.dev.email, kind: "investor_update" } });
    const founder = await signedIn(server.url, w.owner.email);
    const page = await (await founder.get(`/t/${w.team.slug}/updates/${w.update.id}`)).text();
    expect(page).toMatch(/Advisors[\s\S]*?0 to send · 1 unsubscribed/);
    expect(await sendUpdate(w.actor, w.update.id, { groups: ["ADVISOR"] }, origin())).toEqual({ sent: 0, alreadyHad: 0, unsubscribed: 1 });
    expect(await db.outboxMessage.count({ where: { teamId: w.team.id, kind: "investor_update" } })).toBe(0);
  });
});

describe("the investor list page", () => {
  it("adds, moves and removes people with field errors for bad input, never a 500, and only for admins", async () => {
    const w = await runningRateExperiment(["ADMIN", "MEMBER"]);
    const admin = await signedIn(server.url, w.members[0].email);
    const page = `/t/${w.team.slug}/updates/investors`;
    const add = (fields: Record<string, string>) => admin.post(page, { intent: "add", ...fields });

    expect((await add({ name: "Rae Backer", email: "Rae@Fund.example ", group: "CURRENT" })).status).toBe(302);
    const rae = await db.investor.findFirstOrThrow({ where: { teamId: w.team.id }, select: { id: true, email: true, group: true } });
    expect(rae).toMatchObject({ email: "rae@fund.example", group: "CURRENT" });

    const duplicate = await add({ name: "Rae Again", email: "rae@fund.example", group: "PROSPECT" });
    expect(duplicate.status).toBe(400);
    expect(await duplicate.text()).toContain("already on the list");
    for (const [fields, message] of [
      [{ name: "", email: "x@fund.example", group: "CURRENT" }, "Enter their name."],
      [{ name: "X", email: "not-an-address", group: "CURRENT" }, "Enter a valid email address"],
      [{ name: "X", email: "x@fund.example", group: "LP" }, "Choose current investor, prospect or advisor."],
      [{ name: "X".repeat(500), email: "x@fund.example", group: "CURRENT" }, "Use at most 120 characters."],
    ] as const) {
      const response = await add(fields);
      expect(response.status, JSON.stringify(fields)).toBe(400);
      expect(await response.text()).toContain(message);
    }
    expect((await admin.post(page, { intent: "regroup", investorId: rae.id, group: "ADVISOR" })).status).toBe(302);
    expect((await db.investor.findUniqueOrThrow({ where: { id: rae.id }, select: { group: true } })).group).toBe("ADVISOR");
    expect((await admin.post(page, { intent: "regroup", investorId: "nope", group: "ADVISOR" })).status).toBe(404);
    expect((await admin.post(page, { intent: "bogus" })).status).toBe(400);

    const member = await signedIn(server.url, w.members[1].email);
    expect((await member.post(page, { intent: "remove", investorId: rae.id })).status).toBe(403);
    expect((await admin.post(page, { intent: "remove", investorId: rae.id })).status).toBe(302);
    expect((await admin.get(page)).status).toBe(200);
    expect(await (await admin.get(page)).text()).not.toContain("rae@fund.example");
    // Putting someone back after removing them is allowed.
    expect((await add({ name: "Rae Backer", email: "rae@fund.example", group: "PROSPECT" })).status).toBe(302);
    expect(await db.investor.count({ where: { teamId: w.team.id } })).toBe(1);
  });

  it("sends from the update page to the groups ticked", async () => {
    const w = await world();
    const founder = await signedIn(server.url, w.owner.email);
    const response = await founder.post(`/t/${w.team.slug}/updates/${w.update.id}?index`, [
      ["intent", "send"],
      ["groups", "PROSPECT"],
      ["groups", "ADVISOR"],
    ]);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Sent to 2 people.");
    const sentTo = await db.updateDelivery.findMany({ where: { updateId: w.update.id }, select: { investor: { select: { email: true } } } });
    expect(sentTo.map((row) => row.investor.email).sort()).toEqual([w.people.dev.email, w.people.pia.email].sort());
    const none = await founder.post(`/t/${w.team.slug}/updates/${w.update.id}?index`, { intent: "send" });
    expect(none.status).toBe(400);
    expect(await none.text()).toContain("Choose who gets the update.");
  });
});
