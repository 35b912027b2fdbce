/**
 * The investor update cadence: once a month (or quarter) a team chose has ended, its draft is
 * composed from the evidence and the admins and owners hear that it is due — once, however many
 * processes scan at the same time; read here from a real SMTP server.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverDueMessages } from "~/modules/mail/delivery.server";
import { smtpTransport, type MailTransport } from "~/modules/mail/transport.server";
import { composeDueUpdates, setUpdateCadence } from "~/modules/updates/cadence.server";
import { composeUpdate, publishUpdate } from "~/modules/updates/updates.server";
import { db } from "~/utils/db.server";
import { toDateOnly } from "~/utils/date-only";
import { actorFor } from "../support/factories";
import { runningRateExperiment } from "../support/loop-factories";
import { startTestInbox, type TestInbox } from "../support/smtp";

const origin = "https://evident.example";

let inbox: TestInbox;
let transport: MailTransport;
beforeAll(async () => {
  inbox = await startTestInbox();
  transport = smtpTransport(inbox.url);
});
afterAll(async () => {
  transport.close();
  await inbox.close();
});

const updatesOf = async (teamId: string) =>
  (await db.investorUpdate.findMany({ where: { teamId }, orderBy: { createdAt: "asc" }, select: { title: true, status: true, periodStart: true, periodEnd: true } })).map((update) => ({
    ...update,
    periodStart: toDateOnly(update.periodStart),
    periodEnd: toDateOnly(update.periodEnd),
  }));
const dueMailsTo = (address: string) => db.outboxMessage.count({ where: { kind: "update_due", toAddress: address } });

describe("investor update reminders", () => {
  it("compose the due month's draft once and tell each admin and owner once, with two scans at the same time", async () => {
    const loop = await runningRateExperiment(["ADMIN", "MEMBER"]);
    const [admin, member] = loop.members;

    // No cadence, nothing due.
    expect(await composeDueUpdates({ origin, today: "2027-02-10" })).toBe(0);
    expect(await updatesOf(loop.team.id)).toEqual([]);

    await setUpdateCadence(loop.actor, { months: 1 });
    const runs = await Promise.all([composeDueUpdates({ origin, today: "2027-02-10" }), composeDueUpdates({ origin, today: "2027-02-11" })]);
    expect(runs[0] + runs[1]).toBe(1);
    expect(await composeDueUpdates({ origin, today: "2027-02-20" })).toBe(0);
    expect(await updatesOf(loop.team.id)).toEqual([{ title: `${loop.team.name} — January 2027 update`, status: "DRAFT", periodStart: "2027-01-01", periodEnd: "2027-01-31" }]);
    expect([await dueMailsTo(loop.owner.email), await dueMailsTo(admin.email), await dueMailsTo(member.email)]).toEqual([1, 1, 0]);

    inbox.received.length = 0;
    await deliverDueMessages({ transport, from: "Evident <evident@example.com>", log: () => undefined });
    const mail = inbox.received.find((received) => received.to === admin.email.toLowerCase());
    expect(mail?.subject).toBe(`${loop.team.name}: the January 2027 investor update is due`);
    const draft = await db.investorUpdate.findFirstOrThrow({ where: { teamId: loop.team.id }, select: { id: true } });
    expect(mail?.text).toContain(`${origin}/t/${loop.team.slug}/updates/${draft.id}`);
    expect(mail?.headerLines.some((header) => header.key === "list-unsubscribe")).toBe(true);
  });

  it("ask for nothing when an update already covers the period, and stop when the cadence is cleared", async () => {
    const loop = await runningRateExperiment(["ADMIN"]);
    await setUpdateCadence(loop.actor, { months: 3 });
    const written = await composeUpdate(loop.actor, { title: "Our winter", periodStart: "2026-12-01", periodEnd: "2027-03-31" });
    await publishUpdate(loop.actor, written.id, { version: 1 });

    // Q1 2027 is covered by the published update; the reminder stays silent. (The scan covers
    // every team in the database, so this team's own updates and mail are what is checked.)
    await composeDueUpdates({ origin, today: "2027-04-02" });
    expect(await dueMailsTo(loop.owner.email)).toBe(0);
    expect((await updatesOf(loop.team.id)).map((update) => update.title)).toEqual(["Our winter"]);

    // Q2 is not, but the team no longer wants reminders.
    await setUpdateCadence(loop.actor, { months: 0 });
    await composeDueUpdates({ origin, today: "2027-07-02" });
    expect(await dueMailsTo(loop.owner.email)).toBe(0);
    expect((await updatesOf(loop.team.id)).map((update) => update.title)).toEqual(["Our winter"]);
  });

  it("is set only by admins and owners, to a cadence it knows", async () => {
    const loop = await runningRateExperiment(["MEMBER"]);
    const member = actorFor(loop.members[0], loop.team, "MEMBER");
    await expect(setUpdateCadence(member, { months: 1 })).rejects.toMatchObject({ status: 403 });
    await expect(setUpdateCadence(loop.actor, { months: 2 })).rejects.toMatchObject({ status: 400, fields: { months: "Choose monthly, quarterly or no reminder." } });
    expect((await db.team.findUniqueOrThrow({ where: { id: loop.team.id } })).updateCadenceMonths).toBeNull();
  });
});
