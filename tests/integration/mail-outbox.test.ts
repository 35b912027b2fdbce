/**
 * The outbox and its delivery, against this file's PostgreSQL database and a real SMTP server in
 * the test process: what is queued is what arrives (HTML and text, one-click unsubscribe headers),
 * refusals are retried or given up with their reason, header injection is impossible, concurrent
 * deliverers send each message once, and security links do not outlive their delivery.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { emailLinks } from "~/modules/mail/content";
import { deliverDueMessages, MAX_ATTEMPTS, retryDelaySeconds } from "~/modules/mail/delivery.server";
import { invitationEmail, passwordResetEmail } from "~/modules/mail/messages";
import { enqueueEmail, type EnqueueInput } from "~/modules/mail/outbox.server";
import { logTransport, smtpTransport, type MailTransport } from "~/modules/mail/transport.server";
import { db } from "~/utils/db.server";
import { startTestInbox, type ReceivedMail, type TestInbox } from "../support/smtp";

const ORIGIN = "https://evident.example.com";
const FROM = "Evident <evident@example.com>";

let inbox: TestInbox;
let transport: MailTransport;
let sequence = 0;

beforeAll(async () => {
  inbox = await startTestInbox();
  transport = smtpTransport(inbox.url);
});
afterAll(async () => {
  transport.close();
  await inbox.close();
});
beforeEach(async () => {
  await db.outboxMessage.deleteMany();
  await db.mailOptOut.deleteMany();
  inbox.received.length = 0;
});

function invitation(overrides: Partial<EnqueueInput> & { team?: string; inviter?: string } = {}): EnqueueInput {
  const { team = "Ledgerly", inviter = "Maya Okafor", ...rest } = overrides;
  return {
    kind: "invitation",
    to: { address: `invitee-${++sequence}@example.com` },
    dedupeKey: `test:${sequence}:${Math.random()}`,
    origin: ORIGIN,
    content: ({ unsubscribeUrl }) =>
      invitationEmail({ team, inviter, role: "Member", inviteUrl: `${ORIGIN}/invite/abc`, expiresOn: "9 December 2026", unsubscribeUrl }),
    ...rest,
  };
}

/** A header as it was on the wire (mailparser turns List-* headers into objects). */
const headerLine = (mail: ReceivedMail, key: string) => mail.headerLines.find((header) => header.key === key)?.line.replace(/\r?\n\s+/g, " ");

const deliver = () => deliverDueMessages({ transport, from: FROM, log: () => undefined });

describe("the outbox", () => {
  it("delivers what was queued: HTML and text parts, a stable Message-ID, one-click unsubscribe", async () => {
    const input = invitation();
    expect(await db.$transaction((tx) => enqueueEmail(tx, input))).toBe(true);
    expect(await deliver()).toBe(1);
    const mail = await inbox.waitFor((received) => received.to === input.to.address);
    expect(mail.subject).toBe("Maya Okafor invited you to Ledgerly on Evident");
    expect(mail.from?.value[0]).toMatchObject({ name: "Evident", address: "evident@example.com" });
    expect(mail.html).toContain("Join Ledgerly");
    expect(mail.text).toContain(`${ORIGIN}/invite/abc`);
    const row = await db.outboxMessage.findFirstOrThrow({ where: { toAddress: input.to.address } });
    expect(mail.messageId).toBe(`<${row.id}@example.com>`);
    expect(row.status).toBe("SENT");
    expect(headerLine(mail, "list-unsubscribe")).toBe(`List-Unsubscribe: <${row.unsubscribeUrl}>`);
    expect(headerLine(mail, "list-unsubscribe-post")).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    expect(row.unsubscribeUrl).toMatch(new RegExp(`^${ORIGIN}/unsubscribe/[a-z2-7]{32}$`));
  });

  it("queues one message per dedupe key, and none for an address that opted out of the kind", async () => {
    const input = invitation();
    expect(await db.$transaction((tx) => enqueueEmail(tx, input))).toBe(true);
    expect(await db.$transaction((tx) => enqueueEmail(tx, input))).toBe(false);
    await db.mailOptOut.create({ data: { address: "quiet@example.com", kind: "invitation" } });
    expect(await db.$transaction((tx) => enqueueEmail(tx, invitation({ to: { address: "Quiet@Example.com" } })))).toBe(false);
    expect(await db.outboxMessage.count()).toBe(1);
  });

  it("rolls back with the change that caused it", async () => {
    const input = invitation();
    await expect(
      db.$transaction(async (tx) => {
        await enqueueEmail(tx, input);
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await db.outboxMessage.count()).toBe(0);
  });

  it("retries a temporary refusal later, then delivers; records the reason meanwhile", async () => {
    const input = invitation();
    await db.$transaction((tx) => enqueueEmail(tx, input));
    inbox.refuse(1, 451);
    expect(await deliver()).toBe(0);
    const waiting = await db.outboxMessage.findFirstOrThrow({ where: { toAddress: input.to.address } });
    expect(waiting).toMatchObject({ status: "QUEUED", attempts: 1 });
    expect(waiting.lastError).toMatch(/451/);
    expect(waiting.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 20_000);
    // Not due yet: nothing happens.
    expect(await deliver()).toBe(0);
    await db.outboxMessage.update({ where: { id: waiting.id }, data: { nextAttemptAt: new Date(Date.now() - 1_000) } });
    expect(await deliver()).toBe(1);
    expect(await db.outboxMessage.findUniqueOrThrow({ where: { id: waiting.id } })).toMatchObject({ status: "SENT", attempts: 2, lastError: null });
    await inbox.waitFor((received) => received.to === input.to.address);
  });

  it("gives up at once on a permanent refusal, and after the last attempt on temporary ones, with the reason", async () => {
    const permanent = invitation();
    await db.$transaction((tx) => enqueueEmail(tx, permanent));
    inbox.refuse(1, 550);
    await deliver();
    const failed = await db.outboxMessage.findFirstOrThrow({ where: { toAddress: permanent.to.address } });
    expect(failed).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(failed.lastError).toMatch(/550 .*Mailbox unavailable/);

    const stubborn = invitation();
    await db.$transaction((tx) => enqueueEmail(tx, stubborn));
    await db.outboxMessage.updateMany({ where: { toAddress: stubborn.to.address }, data: { attempts: MAX_ATTEMPTS - 1 } });
    inbox.refuse(1, 421);
    await deliver();
    expect(await db.outboxMessage.findFirstOrThrow({ where: { toAddress: stubborn.to.address } })).toMatchObject({ status: "FAILED", attempts: MAX_ATTEMPTS });
  });

  it("backs off exponentially, with a ceiling", () => {
    const fixed = () => 0.5;
    expect([1, 2, 3, 4].map((attempt) => retryDelaySeconds(attempt, fixed))).toEqual([30, 60, 120, 240]);
    expect(retryDelaySeconds(20, fixed)).toBe(3_600);
  });

  it("cannot be made to add headers: CR and LF in names, subjects and team names stay on one line", async () => {
    const input = invitation({
      to: { address: "target@example.com", name: "Eve\r\nBcc: spy@example.com" },
      team: "Acme\r\nBcc: spy@example.com",
      inviter: "Mallory\nX-Injected: yes",
    });
    await db.$transaction((tx) => enqueueEmail(tx, input));
    await deliver();
    const mail = await inbox.waitFor((received) => received.to === "target@example.com");
    expect(mail.headers.has("bcc")).toBe(false);
    expect(mail.headers.has("x-injected")).toBe(false);
    expect(inbox.received.some((received) => received.to.includes("spy@"))).toBe(false);
    expect(mail.subject).toBe("Mallory X-Injected: yes invited you to Acme Bcc: spy@example.com on Evident");
    const headerBlock = mail.raw.split(/\r?\n\r?\n/)[0];
    expect(headerBlock).not.toMatch(/^(Bcc|X-Injected):/im);
  });

  it("two deliverers at once send each message exactly once", async () => {
    const inputs = Array.from({ length: 25 }, () => invitation());
    await db.$transaction(async (tx) => {
      for (const input of inputs) await enqueueEmail(tx, input);
    });
    let sent = 0;
    for (let round = 0; round < 5 && sent < inputs.length; round++) {
      const counts = await Promise.all([deliver(), deliver(), deliver()]);
      sent += counts.reduce((sum, n) => sum + n, 0);
    }
    expect(sent).toBe(inputs.length);
    const perAddress = new Map<string, number>();
    for (const mail of inbox.received) perAddress.set(mail.to, (perAddress.get(mail.to) ?? 0) + 1);
    expect([...perAddress.values()].every((n) => n === 1)).toBe(true);
    expect(perAddress.size).toBe(inputs.length);
  });

  it("clears a security message's links once it is sent, so the outbox holds no live reset link", async () => {
    await db.$transaction((tx) =>
      enqueueEmail(tx, {
        kind: "password_reset",
        to: { address: "owner@example.com", name: "Owner" },
        dedupeKey: "reset:test",
        origin: ORIGIN,
        content: () => passwordResetEmail({ name: "Owner", resetUrl: `${ORIGIN}/reset-password/secret`, minutes: 60 }),
      }),
    );
    const queued = await db.outboxMessage.findFirstOrThrow({ where: { dedupeKey: "reset:test" } });
    expect(queued.unsubscribeUrl).toBeNull();
    expect(queued.text).toContain("/reset-password/secret");
    await deliver();
    const mail = await inbox.waitFor((received) => received.to === "owner@example.com");
    expect(headerLine(mail, "list-unsubscribe")).toBeUndefined();
    expect(mail.text).toContain("/reset-password/secret");
    const sent = await db.outboxMessage.findFirstOrThrow({ where: { dedupeKey: "reset:test" } });
    expect(sent).toMatchObject({ status: "SENT", html: "", text: "", links: [] });
  });

  it("without SMTP, writes the recipient, the subject and every link to the log", async () => {
    const input = invitation();
    await db.$transaction((tx) => enqueueEmail(tx, input));
    const lines: string[] = [];
    await deliverDueMessages({ transport: logTransport((line) => lines.push(line)), from: FROM });
    const row = await db.outboxMessage.findFirstOrThrow({ where: { toAddress: input.to.address } });
    expect(row.status).toBe("SENT");
    expect(lines.join("\n")).toContain(`mail: to ${input.to.address}: “Maya Okafor invited you to Ledgerly on Evident”`);
    for (const link of emailLinks(input.content({ unsubscribeUrl: row.unsubscribeUrl! }))) expect(lines.join("\n")).toContain(link);
  });
});
