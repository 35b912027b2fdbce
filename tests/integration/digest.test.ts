/**
 * The review digest: on the morning of a team's review, every member who takes it gets the agenda
 * by email, read here from a real SMTP server; once per team and week. The schedule is set from
 * the team's settings page over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, todayDateOnly } from "~/modules/experiments/timebox";
import { deliverDueMessages } from "~/modules/mail/delivery.server";
import { savePreferences } from "~/modules/mail/preferences.server";
import { smtpTransport, type MailTransport } from "~/modules/mail/transport.server";
import { addActionItem } from "~/modules/review/action-items.server";
import { sendDigestNow, sendDueDigests, setReviewSchedule } from "~/modules/review/digest.server";
import { localClock } from "~/modules/review/schedule";
import { db } from "~/utils/db.server";
import { actorFor } from "../support/factories";
import { startTestServer, type TestServer } from "../support/http";
import { runningRateExperiment, startedRateExperiment } from "../support/loop-factories";
import { signedIn } from "../support/loop-http-helpers";
import { startTestInbox, type TestInbox } from "../support/smtp";

const origin = "https://evident.example";
const today = todayDateOnly();
const at = (time: string, day = today) => new Date(`${day}T${time}:00Z`);

let inbox: TestInbox;
let transport: MailTransport;
let server: TestServer;
beforeAll(async () => {
  inbox = await startTestInbox();
  transport = smtpTransport(inbox.url);
  server = await startTestServer();
});
afterAll(async () => {
  transport.close();
  await inbox.close();
  await server?.close();
});

const digestsTo = (address: string) => db.outboxMessage.count({ where: { kind: "review_digest", toAddress: address } });

/** A team reviewing today at 10:00 UTC, with an experiment ending in three days. */
async function reviewingToday() {
  const loop = await runningRateExperiment(["MEMBER", "VIEWER"]);
  await startedRateExperiment(loop.actor, loop.hypothesis.id, "Pricing page test", { endsIn: 3 });
  await setReviewSchedule(loop.actor, { weekday: localClock(at("12:00"), "UTC").weekday, time: "10:00", timeZone: "UTC" });
  return loop;
}

describe("the review digest", () => {
  it("reaches every member that morning with the agenda and its links, once; not before seven, not on another day", async () => {
    const loop = await reviewingToday();
    const [member, viewer] = loop.members;
    await savePreferences(viewer.email, new Set(["invitation"]));
    await addActionItem(loop.actor, { title: "Call two accountants", ownerId: loop.owner.id, dueOn: addDays(today, 2) });

    await sendDueDigests({ origin, now: at("06:59") });
    await sendDueDigests({ origin, now: at("08:00", addDays(today, 1)) });
    expect(await digestsTo(loop.owner.email)).toBe(0);

    await Promise.all([sendDueDigests({ origin, now: at("08:00") }), sendDueDigests({ origin, now: at("08:00") })]);
    await sendDueDigests({ origin, now: at("21:00") });
    expect([await digestsTo(loop.owner.email), await digestsTo(member.email), await digestsTo(viewer.email)]).toEqual([1, 1, 0]);

    inbox.received.length = 0;
    await deliverDueMessages({ transport, from: "Evident <evident@example.com>", log: () => undefined });
    const mail = inbox.received.find((received) => received.to === member.email.toLowerCase());
    expect(mail?.subject).toMatch(new RegExp(`^${loop.team.name} review today: \\d+ items? to decide$`));
    expect(mail?.text).toContain("Ending within 7 days (1)");
    expect(mail?.text).toContain("E-2 Pricing page test — 3 days left");
    expect(mail?.text).toContain(`${origin}/t/${loop.team.slug}/experiments/E-2`);
    expect(mail?.text).toContain("Nothing is past its timebox.");
    expect(mail?.text).toContain("Open action items (1)");
    expect(mail?.text).toContain(`Call two accountants — Olivia Owner, due ${addDays(today, 2)}`);
    expect(mail?.html).toContain(`href="${origin}/t/${loop.team.slug}/review"`);
    expect(mail?.headerLines.some((header) => header.key === "list-unsubscribe")).toBe(true);
  });

  it("is sent on demand once per week, and again only when forced", async () => {
    const loop = await reviewingToday();
    expect((await sendDigestNow(loop.team.slug, { origin, now: at("08:00") })).queued).toBe(3);
    expect((await sendDigestNow(loop.team.slug, { origin, now: at("09:00") })).queued).toBe(0);
    await sendDueDigests({ origin, now: at("09:30") });
    expect(await digestsTo(loop.owner.email)).toBe(1);
    expect((await sendDigestNow(loop.team.slug, { origin, now: at("09:45"), force: true })).queued).toBe(3);
    expect(await digestsTo(loop.owner.email)).toBe(2);
  });

  it("stops when the team clears its review day", async () => {
    const loop = await reviewingToday();
    await setReviewSchedule(loop.actor, null);
    await sendDueDigests({ origin, now: at("08:00") });
    expect(await digestsTo(loop.owner.email)).toBe(0);
  });
});

describe("the review day in team settings", () => {
  it("is set by admins, refused with field errors when wrong, and refused to members", async () => {
    const loop = await runningRateExperiment(["ADMIN", "MEMBER"]);
    const [admin, member] = loop.members;
    const settings = `/t/${loop.team.slug}/settings?index`;
    const asAdmin = await signedIn(server.url, admin.email);

    const wrong = await asAdmin.post(settings, { intent: "review-schedule", weekday: "8", time: "25:00", timeZone: "Mars/Olympus" });
    expect(wrong.status).toBe(400);
    const page = await wrong.text();
    expect(page).toContain("Choose the day of the review.");
    expect(page).toContain("Enter the time of the review as HH:MM");
    expect(page).toContain("Choose a time zone from the list.");

    const saved = await asAdmin.post(settings, { intent: "review-schedule", weekday: "1", time: "10:30", timeZone: "Europe/Berlin" });
    expect(saved.status).toBe(302);
    expect(await db.team.findUniqueOrThrow({ where: { id: loop.team.id }, select: { reviewWeekday: true, reviewTime: true, reviewTimeZone: true } })).toEqual({
      reviewWeekday: 1,
      reviewTime: "10:30",
      reviewTimeZone: "Europe/Berlin",
    });
    expect(await (await asAdmin.get(`/t/${loop.team.slug}/settings`)).text()).toContain("Mondays at 10:30 (Europe/Berlin)");

    const asMember = await signedIn(server.url, member.email);
    expect((await asMember.post(settings, { intent: "clear-review-schedule" })).status).toBe(403);
    expect((await db.team.findUniqueOrThrow({ where: { id: loop.team.id } })).reviewWeekday).toBe(1);
    await setReviewSchedule(actorFor(admin, loop.team, "ADMIN"), null);
  });
});
