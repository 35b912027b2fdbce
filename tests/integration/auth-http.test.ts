/** Accounts and sessions over real HTTP against the built app. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SESSION_COOKIE, hashToken } from "~/modules/auth/session.server";
import { FREE_FAILURES } from "~/modules/auth/throttle.server";
import { db } from "~/utils/db.server";
import { createTeamWith, createUser, PASSWORD } from "../support/factories";
import { Client, startTestServer, type TestServer } from "../support/http";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function signedIn(email: string, password = PASSWORD) {
  const client = new Client(server.url);
  const response = await client.post("/signin", { email, password });
  expect(response.status).toBe(302);
  return client;
}

/** The page without the per-response CSP nonce, for comparing two responses. */
async function comparableBody(response: Response) {
  return (await response.text()).replace(/nonce="[^"]*"/g, 'nonce=""');
}

/** The first link in the newest email queued for `address` that contains `part`. */
async function emailedLink(address: string, part: string): Promise<string> {
  const message = await db.outboxMessage.findFirstOrThrow({ where: { toAddress: address }, orderBy: { createdAt: "desc" }, select: { links: true } });
  const link = message.links.find((candidate) => candidate.includes(part));
  if (!link) throw new Error(`No ${part} link in the email to ${address}: ${message.links.join(", ")}`);
  return new URL(link).pathname + new URL(link).search;
}

describe("sign up", () => {
  it("makes an unconfirmed account and signs no one in; the emailed link confirms it and starts a safe session", async () => {
    const client = new Client(server.url);
    const response = await client.post("/signup", { name: "Ada", email: "Ada@Example.com", password: "a long passphrase" });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Check your email");
    expect(response.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`))).toBe(false);
    const user = await db.user.findUniqueOrThrow({ where: { email: "ada@example.com" } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.emailVerifiedAt).toBeNull();

    const link = await emailedLink("ada@example.com", "/verify-email/");
    // Opening the link changes nothing (mail scanners open links); the button does.
    expect((await client.get(link)).status).toBe(200);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).toBeNull();
    const confirmed = await client.post(link, {});
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get("location")).toBe("/teams/new");
    const cookie = confirmed.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/); // plain-HTTP localhost only
    const token = client.cookies.get(SESSION_COOKIE)!;
    expect(await db.session.findUnique({ where: { id: hashToken(token) } })).not.toBeNull();
    expect(await db.session.count({ where: { id: token } })).toBe(0); // the raw token is never stored
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).not.toBeNull();
    // Single use.
    expect((await new Client(server.url).post(link, {})).status).toBe(400);
  });

  it("shows field errors for bad input and writes nothing", async () => {
    const before = await db.user.count();
    const client = new Client(server.url);
    const response = await client.post("/signup", { name: "", email: "not-an-email", password: "password123" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Enter your name.");
    expect(html).toContain("Enter a valid email address");
    expect(html).toContain("too common");
    expect(await db.user.count()).toBe(before);
  });

  it("answers a sign-up with a taken address exactly as a new one, and tells the owner instead", async () => {
    const existing = await createUser({ email: "dup@example.com" });
    const taken = await new Client(server.url).post("/signup", { name: "X", email: "DUP@example.com", password: "another passphrase" });
    const fresh = await new Client(server.url).post("/signup", { name: "X", email: "new-one@example.com", password: "another passphrase" });
    expect(taken.status).toBe(200);
    expect(fresh.status).toBe(taken.status);
    expect((await comparableBody(taken)).replaceAll("dup@example.com", "EMAIL")).toBe((await comparableBody(fresh)).replaceAll("new-one@example.com", "EMAIL"));
    expect(await db.user.count({ where: { email: existing.email } })).toBe(1);
    const notice = await db.outboxMessage.findFirstOrThrow({ where: { toAddress: existing.email } });
    expect(notice).toMatchObject({ kind: "sign_up_attempt", subject: "Someone tried to sign up for Evident with your address" });
    expect(notice.links.some((link) => link.includes("/reset-password/"))).toBe(true);
  });

  it("keeps an unconfirmed account out of teams until its address is confirmed", async () => {
    const client = new Client(server.url);
    await client.post("/signup", { name: "Una", email: "una@example.com", password: "a long passphrase" });
    // Signing in works (the password is right), but a team cannot be made yet.
    expect((await client.post("/signin", { email: "una@example.com", password: "a long passphrase" })).status).toBe(302);
    const page = await client.get("/teams/new");
    expect(await page.text()).toContain("Confirm your email address");
    const refused = await client.post("/teams/new", { name: "Too soon" });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("Confirm your email address first");
    expect(await db.team.count({ where: { name: "Too soon" } })).toBe(0);
    await client.post(await emailedLink("una@example.com", "/verify-email/"), {});
    expect((await client.post("/teams/new", { name: "In time" })).status).toBe(302);
  });
});

describe("sign in", () => {
  it("gives identical answers for an unknown email and a wrong password", async () => {
    const user = await createUser();
    const wrongPassword = await new Client(server.url).post("/signin", { email: user.email, password: "wrong password!" });
    const unknownEmail = await new Client(server.url).post("/signin", { email: "nobody-here@example.com", password: "wrong password!" });
    expect(wrongPassword.status).toBe(400);
    expect(unknownEmail.status).toBe(wrongPassword.status);
    const [a, b] = [await comparableBody(wrongPassword), await comparableBody(unknownEmail)];
    expect(a).toContain("Email or password is incorrect.");
    expect(a.replaceAll(user.email, "EMAIL")).toBe(b.replaceAll("nobody-here@example.com", "EMAIL"));
  });

  it(`slows an address from one client after ${FREE_FAILURES} wrong passwords: 429 with Retry-After`, async () => {
    const user = await createUser();
    for (let i = 0; i < FREE_FAILURES; i++) {
      const response = await new Client(server.url).post("/signin", { email: user.email, password: `wrong-${i}-password` });
      expect(response.status).toBe(400);
    }
    // Now even the right password is refused from this client until the wait is over.
    const blocked = await new Client(server.url).post("/signin", { email: user.email, password: PASSWORD });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await blocked.text()).toContain("Too many sign-in attempts");
    expect(blocked.headers.getSetCookie().some((c) => c.startsWith(SESSION_COOKIE))).toBe(false);
    // An unknown email is throttled the same way, so throttling reveals nothing either.
    for (let i = 0; i < FREE_FAILURES; i++) {
      await new Client(server.url).post("/signin", { email: "ghost@example.com", password: `wrong-${i}-password` });
    }
    expect((await new Client(server.url).post("/signin", { email: "ghost@example.com", password: PASSWORD })).status).toBe(429);
  });

  it("rotates the session: signing in again ends the previous session", async () => {
    const user = await createUser();
    const client = await signedIn(user.email);
    const first = client.cookies.get(SESSION_COOKIE)!;
    await client.post("/signin", { email: user.email, password: PASSWORD });
    const second = client.cookies.get(SESSION_COOKIE)!;
    expect(second).not.toBe(first);
    expect(await db.session.findUnique({ where: { id: hashToken(first) } })).toBeNull();
  });

  it("only redirects to paths on this site after sign in", async () => {
    const user = await createUser();
    const response = await new Client(server.url).post("/signin", { email: user.email, password: PASSWORD, redirectTo: "//evil.example/x" });
    expect(response.headers.get("location")).toBe("/teams");
  });
});

describe("sessions", () => {
  it("sign-out invalidates the session on the server, so replaying the cookie fails", async () => {
    const user = await createUser();
    const client = await signedIn(user.email);
    const token = client.cookies.get(SESSION_COOKIE)!;
    expect((await client.get("/account")).status).toBe(200);
    await client.post("/signout", {});
    expect(await db.session.findUnique({ where: { id: hashToken(token) } })).toBeNull();
    const replay = new Client(server.url);
    replay.cookies.set(SESSION_COOKIE, token);
    const response = await replay.get("/account");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/signin/);
  });

  it("sign out of all sessions ends every session of that person", async () => {
    const user = await createUser();
    const laptop = await signedIn(user.email);
    const phone = await signedIn(user.email);
    await laptop.post("/signout", { scope: "all" });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect((await phone.get("/account")).status).toBe(302);
  });

  it("rejects expired sessions and renews ones past half their life", async () => {
    const user = await createUser();
    const client = await signedIn(user.email);
    const id = hashToken(client.cookies.get(SESSION_COOKIE)!);

    const soon = new Date(Date.now() + 5 * 24 * 3600 * 1000);
    await db.session.update({ where: { id }, data: { expiresAt: soon } });
    const renewed = await client.get("/account");
    expect(renewed.status).toBe(200);
    expect(renewed.headers.getSetCookie().some((c) => c.startsWith(SESSION_COOKIE))).toBe(true);
    const after = await db.session.findUniqueOrThrow({ where: { id } });
    expect(after.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);

    await db.session.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await client.get("/account");
    expect(expired.status).toBe(302);
    expect(await db.session.findUnique({ where: { id } })).toBeNull();
  });
});

describe("cross-site requests", () => {
  it.each([
    ["a hostile origin", { origin: "https://evil.example" }],
    ["no origin", { origin: "" }],
    ["a prefix-spoofed origin", { origin: "" }],
  ])("refuses a POST with %s (403) and changes nothing", async (label, headers) => {
    const user = await createUser();
    const client = await signedIn(user.email);
    const spoofed = label === "a prefix-spoofed origin" ? { origin: `${server.url}.evil.example` } : headers;
    const before = await db.team.count();
    const response = await fetch(`${server.url}/teams/new`, {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams({ name: "Hijacked team" }),
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: client.cookieHeader, ...(spoofed.origin ? spoofed : {}) },
    });
    expect(response.status).toBe(403);
    expect(await db.team.count()).toBe(before);
  });
});

describe("team access over HTTP", () => {
  it("a removed member's next request gets 404", async () => {
    const { team, owner, members } = await createTeamWith(["MEMBER"]);
    const member = await signedIn(members[0].email);
    expect((await member.get(`/t/${team.slug}`)).status).toBe(200);
    const admin = await signedIn(owner.email);
    const removal = await admin.post(`/t/${team.slug}/settings/members`, { intent: "remove", userId: members[0].id });
    expect(removal.status).toBe(302);
    expect((await member.get(`/t/${team.slug}`)).status).toBe(404);
    const log = await db.activityEvent.findFirst({ where: { teamId: team.id, action: "member.removed" } });
    expect(log?.before).toMatchObject({ role: "MEMBER" });
  });

  it("answers 403 when a member below the role posts an admin action, and changes nothing", async () => {
    const { team, members } = await createTeamWith(["VIEWER", "MEMBER"]);
    const viewer = await signedIn(members[0].email);
    const response = await viewer.post(`/t/${team.slug}/settings/members`, { intent: "change-role", userId: members[1].id, role: "ADMIN" });
    expect(response.status).toBe(403);
    const membership = await db.membership.findUnique({ where: { teamId_userId: { teamId: team.id, userId: members[1].id } } });
    expect(membership?.role).toBe("MEMBER");
  });

  it("shows field errors for bad team forms instead of failing", async () => {
    const { team, owner } = await createTeamWith();
    const client = await signedIn(owner.email);
    const empty = await client.post("/teams/new", { name: " " });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Use at least 2 characters.");
    const badRole = await client.post(`/t/${team.slug}/settings/members`, { intent: "invite", role: "EMPEROR" });
    expect(badRole.status).toBe(400);
    const unknownIntent = await client.post(`/t/${team.slug}/settings/members`, { intent: "explode" });
    expect(unknownIntent.status).toBe(400);
    const staleRename = await client.post(`/t/${team.slug}/settings?index`, { intent: "rename", name: "Renamed", version: "999" });
    expect(staleRename.status).toBe(409);
    expect((await db.team.findUniqueOrThrow({ where: { id: team.id } })).name).toBe(team.name);
  });
});

describe("operations", () => {
  it("reports liveness and readiness, and sends security headers", async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ database: true });
    const page = await fetch(`${server.url}/signin`);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(page.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(page.headers.get("x-powered-by")).toBeNull();
  });

  it("answers 503 on /readyz while draining", async () => {
    server.state.phase = "draining";
    try {
      expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
    } finally {
      server.state.phase = "ready";
    }
  });

  it("renders friendly error pages without internals", async () => {
    const response = await fetch(`${server.url}/definitely/not/here`);
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain("Page not found");
    expect(html).not.toMatch(/at .*\.(ts|js):\d+/);
  });
});
