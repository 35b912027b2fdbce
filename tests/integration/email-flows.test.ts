/**
 * Account recovery, invites and email preferences end to end: the built app over real HTTP, the
 * outbox delivered by the app's own delivery loop to a real SMTP server in this process, and the
 * links followed from the emails as they arrived.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken, SESSION_COOKIE } from "~/modules/auth/session.server";
import { startMailDelivery } from "~/modules/mail/delivery.server";
import type { OutboxLoop } from "~/utils/outbox-loop.server";
import { smtpTransport } from "~/modules/mail/transport.server";
import { db } from "~/utils/db.server";
import { createTeamWith, createUser, PASSWORD } from "../support/factories";
import { Client, startTestServer, type TestServer } from "../support/http";
import { linkIn, startTestInbox, type ReceivedMail, type TestInbox } from "../support/smtp";

let server: TestServer;
let inbox: TestInbox;
let delivery: OutboxLoop;

beforeAll(async () => {
  server = await startTestServer();
  inbox = await startTestInbox();
  delivery = startMailDelivery({ transport: smtpTransport(inbox.url), from: "Evident <evident@example.com>", intervalMs: 100, log: () => undefined });
});
afterAll(async () => {
  await delivery?.stop();
  await inbox?.close();
  await server?.close();
});

async function signedIn(email: string, password = PASSWORD) {
  const client = new Client(server.url);
  const response = await client.post("/signin", { email, password });
  expect(response.status, `sign in as ${email}`).toBe(302);
  return client;
}

/** The path of a link in a received email (the app builds them from the request's origin). */
const pathOf = (mail: ReceivedMail, prefix: string) => {
  const url = new URL(linkIn(mail, `${server.url}${prefix}`));
  return url.pathname + url.search;
};

/** A page's HTML without React's text separators, so sentences read whole. */
const html = async (response: Response) => (await response.text()).replaceAll("<!-- -->", "");

const inboxOf = (address: string) => (mail: ReceivedMail) => mail.to === address;

/** The page without the per-response CSP nonce, for comparing two responses. */
const comparable = async (response: Response, address: string) => (await response.text()).replace(/nonce="[^"]*"/g, "").replaceAll(address, "ADDRESS");

describe("forgot password", () => {
  it("resets end to end: a single-use link; the old password fails, the new one works, every other session ends", async () => {
    const user = await createUser();
    const elsewhere = await signedIn(user.email);
    const visitor = new Client(server.url);
    const asked = await visitor.post("/forgot-password", { email: user.email.toUpperCase() });
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain("If an account uses");

    const mail = await inbox.waitFor(inboxOf(user.email));
    expect(mail.subject).toBe("Reset your Evident password");
    expect(mail.text).toContain("works for 60 minutes and only once");
    expect(mail.html).toContain("Choose a new password");
    const link = pathOf(mail, "/reset-password/");

    expect((await visitor.get(link)).status).toBe(200);
    const mismatch = await visitor.post(link, { password: "a brand new passphrase", confirm: "a different one" });
    expect(mismatch.status).toBe(400);
    const reset = await visitor.post(link, { password: "a brand new passphrase", confirm: "a brand new passphrase" });
    expect(reset.status).toBe(302);
    expect(reset.headers.get("location")).toBe("/account?password-changed");
    expect(visitor.cookies.get(SESSION_COOKIE)).toBeDefined();

    // Every earlier session is gone; the new one works.
    expect((await elsewhere.get("/account")).headers.get("location")).toMatch(/^\/signin/);
    expect((await visitor.get("/account")).status).toBe(200);
    expect((await new Client(server.url).post("/signin", { email: user.email, password: PASSWORD })).status).toBe(400);
    expect((await new Client(server.url).post("/signin", { email: user.email, password: "a brand new passphrase" })).status).toBe(302);

    // Single use: the same link again is refused, clearly.
    const again = await new Client(server.url).post(link, { password: "yet another passphrase", confirm: "yet another passphrase" });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("expired or was already used");
    const page = await new Client(server.url).get(link);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain("not valid");
  });

  it("refuses an expired link with a clear page, and only the newest link works", async () => {
    const user = await createUser();
    await new Client(server.url).post("/forgot-password", { email: user.email });
    const first = pathOf(await inbox.waitFor(inboxOf(user.email)), "/reset-password/");
    await new Client(server.url).post("/forgot-password", { email: user.email });
    await inbox.waitFor((mail) => inboxOf(user.email)(mail) && pathOf(mail, "/reset-password/") !== first);
    expect((await new Client(server.url).get(first)).status).toBe(404);

    const second = pathOf(inbox.received.filter(inboxOf(user.email)).at(-1)!, "/reset-password/");
    await db.accountToken.updateMany({ where: { id: hashToken(second.split("/").pop()!) }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    const expired = await new Client(server.url).get(second);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain("This reset link has expired");
    expect((await new Client(server.url).post(second, { password: "a brand new passphrase", confirm: "a brand new passphrase" })).status).toBe(400);
    expect((await new Client(server.url).post("/signin", { email: user.email, password: PASSWORD })).status).toBe(302);
  });

  it("answers an address without an account exactly as one with an account, and sends nothing", async () => {
    const user = await createUser();
    const known = await new Client(server.url).post("/forgot-password", { email: user.email });
    const unknown = await new Client(server.url).post("/forgot-password", { email: "nobody-at-all@example.com" });
    expect(unknown.status).toBe(known.status);
    expect(await comparable(unknown, "nobody-at-all@example.com")).toBe(await comparable(known, user.email));
    await inbox.waitFor(inboxOf(user.email));
    expect(await db.outboxMessage.count({ where: { toAddress: "nobody-at-all@example.com" } })).toBe(0);
  });

  it("a garbled or foreign token gets a clear page, never an error", async () => {
    for (const token of ["short", "A".repeat(32), "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "%00%0A"]) {
      const reply = await new Client(server.url).get(`/reset-password/${token}`);
      expect(reply.status, token).toBe(404);
    }
    // A confirmation link is not a reset link.
    const user = await createUser();
    await db.user.update({ where: { id: user.id }, data: { emailVerifiedAt: null } });
    await new Client(server.url).post("/account", {}); // (nothing: not signed in)
    const client = await signedIn(user.email);
    await client.post("/account", { intent: "resend-confirmation" });
    const confirm = pathOf(await inbox.waitFor(inboxOf(user.email)), "/verify-email/");
    expect((await new Client(server.url).get(confirm.replace("/verify-email/", "/reset-password/").split("?")[0])).status).toBe(404);
  });
});

describe("the account page", () => {
  it("changes the password: the current one is needed, and every other session ends", async () => {
    const user = await createUser();
    const here = await signedIn(user.email);
    const there = await signedIn(user.email);
    const wrong = await here.post("/account", { intent: "password", currentPassword: "not it at all", newPassword: "a fresh passphrase", confirm: "a fresh passphrase" });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("That is not your current password.");
    const changed = await here.post("/account", { intent: "password", currentPassword: PASSWORD, newPassword: "a fresh passphrase", confirm: "a fresh passphrase" });
    expect(changed.headers.get("location")).toBe("/account?password-changed");
    expect((await here.get("/account")).status).toBe(200);
    expect((await there.get("/account")).headers.get("location")).toMatch(/^\/signin/);
  });

  it("changes the email address once the new address confirms it, and tells the old one", async () => {
    const user = await createUser();
    const client = await signedIn(user.email);
    const newAddress = `moved-${Date.now()}@example.com`;
    const asked = await client.post("/account", { intent: "email", newEmail: newAddress, password: PASSWORD });
    expect(asked.status).toBe(200);
    expect(await html(asked)).toContain(`We have sent a link to ${newAddress}`);
    const notice = await inbox.waitFor(inboxOf(user.email));
    expect(notice.subject).toBe("Your Evident email address is being changed");
    expect(notice.text).toContain(newAddress);
    expect(notice.text).toContain("/reset-password/");
    const confirmation = await inbox.waitFor(inboxOf(newAddress));
    // Nothing changes until the link is used.
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(user.email);
    const link = pathOf(confirmation, "/confirm-email/");
    expect((await client.post(link, {})).headers.get("location")).toBe("/account?email-changed");
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(newAddress);
    expect((await new Client(server.url).post("/signin", { email: newAddress, password: PASSWORD })).status).toBe(302);
    expect((await new Client(server.url).post(link, {})).status).toBe(400);
  });
});

describe("invites by email", () => {
  it("emails the invite; signing up through it with that address joins at once; pending invites say who sent them", async () => {
    const { team, owner } = await createTeamWith();
    const admin = await signedIn(owner.email);
    const address = `colleague-${Date.now()}@example.com`;
    const created = await admin.post(`/t/${team.slug}/settings/members`, { intent: "invite", role: "MEMBER", email: address });
    expect(created.status).toBe(200);
    expect(await html(created)).toContain(`Invitation emailed to ${address}`);
    const pending = await html(await admin.get(`/t/${team.slug}/settings/members`));
    expect(pending).toContain(address);
    expect(pending).toContain(`sent by ${owner.name}`);

    const mail = await inbox.waitFor(inboxOf(address));
    expect(mail.subject).toBe(`${owner.name} invited you to ${team.name} on Evident`);
    expect(mail.text).toContain("Role:");
    expect(mail.headerLines.some((header) => header.key === "list-unsubscribe")).toBe(true);
    const link = pathOf(mail, "/invite/");
    const invitee = new Client(server.url);
    expect(await html(await invitee.get(link))).toContain(`value="${address}"`);
    const joined = await invitee.post(link, { intent: "signup", name: "Cole League", email: address, password: "a long passphrase" });
    expect(joined.status).toBe(302);
    expect(joined.headers.get("location")).toBe(`/t/${team.slug}`);
    const member = await db.user.findUniqueOrThrow({ where: { email: address }, select: { id: true, emailVerifiedAt: true } });
    expect(member.emailVerifiedAt).not.toBeNull();
    expect(await db.membership.count({ where: { teamId: team.id, userId: member.id, role: "MEMBER" } })).toBe(1);
  });

  it("a link shared by hand asks a new account to confirm its address, then brings it back to join", async () => {
    const { team, owner } = await createTeamWith();
    const admin = await signedIn(owner.email);
    const created = await admin.post(`/t/${team.slug}/settings/members`, { intent: "invite", role: "VIEWER", email: "" });
    const link = new URL(/value="([^"]+\/invite\/[a-z2-7]+)"/.exec(await html(created))![1]).pathname;
    const address = `shared-${Date.now()}@example.com`;
    const newcomer = new Client(server.url);
    const signup = await newcomer.post(link, { intent: "signup", name: "Sha Red", email: address, password: "a long passphrase" });
    expect(signup.status).toBe(200);
    expect(await html(signup)).toContain(`brings you back here to join ${team.name}`);
    const confirm = pathOf(await inbox.waitFor(inboxOf(address)), "/verify-email/");
    const confirmed = await newcomer.post(confirm, {});
    expect(confirmed.headers.get("location")).toBe(link);
    expect((await newcomer.post(link, { intent: "accept" })).headers.get("location")).toBe(`/t/${team.slug}`);
  });
});

describe("unsubscribing", () => {
  it("one click, signed out, from the email's List-Unsubscribe address: no more invitations there, and the preferences page agrees", async () => {
    const { team, owner } = await createTeamWith();
    const admin = await signedIn(owner.email);
    const person = await createUser();
    await admin.post(`/t/${team.slug}/settings/members`, { intent: "invite", role: "MEMBER", email: person.email });
    const mail = await inbox.waitFor(inboxOf(person.email));
    const header = mail.headerLines.find((line) => line.key === "list-unsubscribe")!.line;
    const url = /<([^>]+)>/.exec(header)![1];
    expect(mail.text).toContain(url);

    // What a mail client sends (RFC 8058): a form POST, no Origin, no cookie.
    const oneClick = await fetch(url, { method: "POST", body: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" }, redirect: "manual" });
    expect(oneClick.status).toBe(200);
    expect(await db.mailOptOut.count({ where: { address: person.email, kind: "invitation" } })).toBe(1);

    const before = await db.outboxMessage.count({ where: { toAddress: person.email } });
    const another = await createTeamWith();
    const otherAdmin = await signedIn(another.owner.email);
    const created = await otherAdmin.post(`/t/${another.team.slug}/settings/members`, { intent: "invite", role: "VIEWER", email: person.email });
    expect(created.status).toBe(200); // the link is still made, to share by hand
    expect(await db.outboxMessage.count({ where: { toAddress: person.email } })).toBe(before);

    const preferences = await html(await (await signedIn(person.email)).get("/account/notifications"));
    const checkbox = /<input[^>]*name="subscribed"[^>]*value="invitation"[^>]*>/.exec(preferences)?.[0];
    expect(checkbox).toBeDefined();
    expect(checkbox).not.toContain("checked");
    // Resubscribing from the link's page works too.
    const page = new Client(server.url);
    expect(await html(await page.get(new URL(url).pathname))).toContain("You do not get emails of the kind");
    await page.post(new URL(url).pathname, { intent: "resubscribe" });
    expect(await db.mailOptOut.count({ where: { address: person.email } })).toBe(0);
  });
});

describe("names that try to write headers", () => {
  it("a sign-up name with CR/LF cannot add a header to the email it causes", async () => {
    const existing = await createUser({ name: "Plain Person" });
    await db.user.update({ where: { id: existing.id }, data: { name: "Eve\r\nBcc: spy@example.com" } });
    await new Client(server.url).post("/signup", { name: "Mallory\r\nBcc: spy@example.com", email: existing.email, password: "a long passphrase" });
    const mail = await inbox.waitFor(inboxOf(existing.email));
    const headerBlock = mail.raw.split(/\r?\n\r?\n/)[0];
    expect(headerBlock).not.toMatch(/^Bcc:/im);
    expect(inbox.received.some((received) => received.to.includes("spy@example.com"))).toBe(false);
  });
});
