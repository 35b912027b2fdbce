/**
 * The session lifecycle over real HTTP: a new token at every sign-in (the old one dies, and a
 * cookie planted before sign-in is never adopted), nothing to replay after sign-out, expiry after
 * 30 days without use with the sliding renewal in the second half (on a fake clock: the server
 * runs in this process, so faking Date moves its clock too), and the cookie's attributes.
 * tests/integration/auth-http.test.ts covers the basics; this file goes beyond them.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { SESSION_COOKIE, SESSION_LIFETIME_MS, generateToken, hashToken } from "~/modules/auth/session.server";
import { createInvite } from "~/modules/teams/invites.server";
import { db } from "~/utils/db.server";
import { actorFor, createTeamWith, createUser, PASSWORD } from "../support/factories";
import { Client, startTestServer, type TestServer } from "../support/http";
import { signedIn } from "../support/loop-http-helpers";
import { request } from "../support/net";
import { changedTables, databaseFingerprint } from "./database-fingerprint";

const DAY = 24 * 60 * 60 * 1000;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A browser that presents exactly this session token. */
function browserWith(token: string) {
  const client = new Client(server.url);
  client.cookies.set(SESSION_COOKIE, token);
  return client;
}

async function isSignedIn(token: string) {
  const response = await browserWith(token).get("/account");
  if (response.status === 200) return true;
  expect(response.status).toBe(302);
  expect(response.headers.get("location")).toMatch(/^\/signin\?/);
  return false;
}

async function accountEmail(client: Client) {
  const response = await client.get("/account");
  expect(response.status).toBe(200);
  return /[\w.+-]+@example\.com/.exec(await response.text())?.[0];
}

function sessionSetCookie(response: Response) {
  return response.headers.getSetCookie().find((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`));
}

/** A Set-Cookie header as an object, so attributes can be compared exactly. */
function parseCookie(header: string | undefined) {
  expect(header, "a session Set-Cookie header").toBeDefined();
  const [pair, ...attributes] = header!.split(";").map((part) => part.trim());
  const [name, ...value] = pair.split("=");
  const parsed: Record<string, string | boolean> = { name, value: value.join("=") };
  for (const attribute of attributes) {
    const [key, ...rest] = attribute.split("=");
    parsed[key.toLowerCase()] = rest.length ? rest.join("=") : true;
  }
  return parsed;
}

describe("rotation at sign-in", () => {
  it("signing in as someone else in the same browser replaces the session, and the old token is dead", async () => {
    const [first, second] = [await createUser(), await createUser()];
    const client = await signedIn(server.url, first.email);
    const before = client.cookies.get(SESSION_COOKIE)!;
    expect(await client.post("/signin", { email: second.email, password: PASSWORD })).toHaveProperty("status", 302);
    const after = client.cookies.get(SESSION_COOKIE)!;
    expect(after).not.toBe(before);
    expect(await accountEmail(client)).toBe(second.email);
    expect(await isSignedIn(before)).toBe(false);
    expect(await db.session.count({ where: { userId: first.id } })).toBe(0);
  });

  it("confirming an address from its emailed link while signed in ends the previous session", async () => {
    const user = await createUser();
    const client = await signedIn(server.url, user.email);
    const before = client.cookies.get(SESSION_COOKIE)!;
    const address = `second-${Date.now()}@example.com`;
    expect((await new Client(server.url).post("/signup", { name: "Second Account", email: address, password: "a long passphrase" })).status).toBe(200);
    const message = await db.outboxMessage.findFirstOrThrow({ where: { toAddress: address }, select: { links: true } });
    const link = new URL(message.links.find((candidate) => candidate.includes("/verify-email/"))!);
    const response = await client.post(link.pathname + link.search, {});
    expect(response.status).toBe(302);
    expect(client.cookies.get(SESSION_COOKIE)).not.toBe(before);
    expect(await isSignedIn(before)).toBe(false);
  });

  it("signing up through an invite emailed to that address while signed in ends the previous session", async () => {
    const { team, owner } = await createTeamWith();
    const address = `invited-${Date.now()}@example.com`;
    const invite = await createInvite(actorFor(owner, team, "OWNER"), { role: "MEMBER", email: address }, { context: { origin: server.url, clientAddress: "127.0.0.1" } });
    const user = await createUser();
    const client = await signedIn(server.url, user.email);
    const before = client.cookies.get(SESSION_COOKIE)!;
    const response = await client.post(`/invite/${invite.token}`, { intent: "signup", name: "Invited Person", email: address, password: "a long passphrase" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/t/${team.slug}`);
    expect(client.cookies.get(SESSION_COOKIE)).not.toBe(before);
    expect(await isSignedIn(before)).toBe(false);
  });

  it("never adopts a session token chosen before sign-in (session fixation)", async () => {
    const user = await createUser();
    const planted = generateToken(); // well-formed, as an attacker would make it
    const victim = browserWith(planted);
    const page = await victim.get("/account");
    expect(page.status).toBe(302);
    expect(sessionSetCookie(page)).toBeUndefined();

    const signIn = await victim.post("/signin", { email: user.email, password: PASSWORD });
    expect(signIn.status).toBe(302);
    const issued = parseCookie(sessionSetCookie(signIn)).value;
    expect(issued).not.toBe(planted);
    expect(victim.cookies.get(SESSION_COOKIE)).toBe(issued);
    expect(await isSignedIn(planted)).toBe(false);
    expect(await db.session.findUnique({ where: { id: hashToken(planted) } })).toBeNull();
    expect(await db.session.findUnique({ where: { id: planted } })).toBeNull();
  });

  it("signing in over an attacker's own planted session ends that session instead of joining it", async () => {
    const [attacker, victimUser] = [await createUser(), await createUser()];
    const attackerToken = (await signedIn(server.url, attacker.email)).cookies.get(SESSION_COOKIE)!;
    const victim = browserWith(attackerToken);
    expect(await accountEmail(victim)).toBe(attacker.email); // planted: the victim's browser is the attacker's
    await victim.post("/signin", { email: victimUser.email, password: PASSWORD });
    expect(victim.cookies.get(SESSION_COOKIE)).not.toBe(attackerToken);
    expect(await accountEmail(victim)).toBe(victimUser.email);
    // The attacker's copy of the token opens nothing, least of all the victim's account.
    expect(await isSignedIn(attackerToken)).toBe(false);
  });

  it("issues a fresh 160-bit token at every sign-in and stores only its hash", async () => {
    const user = await createUser();
    const tokens = [];
    for (let i = 0; i < 4; i++) tokens.push((await signedIn(server.url, user.email)).cookies.get(SESSION_COOKIE)!);
    expect(new Set(tokens).size).toBe(4);
    for (const token of tokens) {
      expect(token).toMatch(/^[a-z2-7]{32}$/);
      expect(await db.session.findUnique({ where: { id: hashToken(token) } })).not.toBeNull();
    }
    expect(await db.session.count({ where: { id: { in: tokens } } })).toBe(0);
  });
});

describe("replay after sign-out", () => {
  it("an old cookie gets sign-in on pages and on writes, and its writes change nothing", async () => {
    const { team, owner } = await createTeamWith();
    const client = await signedIn(server.url, owner.email);
    const token = client.cookies.get(SESSION_COOKIE)!;
    expect((await client.get(`/t/${team.slug}`)).status).toBe(200);
    await client.post("/signout", {});

    const replay = browserWith(token);
    for (const path of [`/t/${team.slug}`, `/t/${team.slug}/settings`, "/teams"]) {
      const response = await replay.get(path);
      expect(response.status, path).toBe(302);
      expect(response.headers.get("location"), path).toMatch(/^\/signin\?redirectTo=/);
    }
    const before = await databaseFingerprint();
    const write = await replay.post(`/t/${team.slug}/settings?index`, { intent: "rename", name: "Renamed by a replay", version: String(team.version) });
    expect(write.status).toBe(302);
    expect(write.headers.get("location")).toMatch(/^\/signin\?/);
    expect(changedTables(before, await databaseFingerprint())).toEqual([]);
  });

  it("signing out clears the cookie in the browser with the same attributes", async () => {
    const client = await signedIn(server.url, (await createUser()).email);
    const response = await client.post("/signout", {});
    expect(response.headers.get("location")).toBe("/signin");
    const cleared = parseCookie(sessionSetCookie(response));
    expect(cleared).toEqual({ name: SESSION_COOKIE, value: "", path: "/", httponly: true, samesite: "Lax", expires: new Date(0).toUTCString(), "max-age": "0" });
    expect(client.cookies.has(SESSION_COOKIE)).toBe(false);
  });

  it("signing out of this session leaves the person's other sessions alone", async () => {
    const user = await createUser();
    const laptop = await signedIn(server.url, user.email);
    const phone = await signedIn(server.url, user.email);
    const laptopToken = laptop.cookies.get(SESSION_COOKIE)!;
    await laptop.post("/signout", { scope: "this" });
    expect(await isSignedIn(laptopToken)).toBe(false);
    expect((await phone.get("/account")).status).toBe(200);
  });

  it("signing out everywhere ends every session of that person and nobody else's", async () => {
    const [user, bystander] = [await createUser(), await createUser()];
    const sessions = [await signedIn(server.url, user.email), await signedIn(server.url, user.email), await signedIn(server.url, user.email)];
    const tokens = sessions.map((client) => client.cookies.get(SESSION_COOKIE)!);
    const other = await signedIn(server.url, bystander.email);
    await sessions[0].post("/signout", { scope: "all" });
    for (const token of tokens) expect(await isSignedIn(token)).toBe(false);
    expect((await other.get("/account")).status).toBe(200);
  });

  it("a GET to /signout (a link or an image on any page) does not sign anyone out", async () => {
    const client = await signedIn(server.url, (await createUser()).email);
    const token = client.cookies.get(SESSION_COOKIE)!;
    const response = await client.get("/signout");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/");
    expect(await isSignedIn(token)).toBe(true);
  });
});

describe("expiry on a fake clock", () => {
  // Only Date is faked: timers, sockets and the database driver keep running in real time.
  const start = new Date("2031-03-03T09:00:00.000Z");
  const at = (days: number, extraMs = 0) => new Date(start.getTime() + days * DAY + extraMs);

  async function sessionRow(token: string) {
    return db.session.findUnique({ where: { id: hashToken(token) } });
  }

  it("a session not used for 30 days has expired, and is deleted when presented", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(start);
    const user = await createUser();
    const token = (await signedIn(server.url, user.email)).cookies.get(SESSION_COOKIE)!;
    expect((await sessionRow(token))?.expiresAt).toEqual(at(30));

    vi.setSystemTime(at(30));
    expect(await isSignedIn(token)).toBe(false);
    expect(await sessionRow(token)).toBeNull();
  });

  it("is not renewed while more than half its life is left", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(start);
    const client = await signedIn(server.url, (await createUser()).email);
    const token = client.cookies.get(SESSION_COOKIE)!;

    vi.setSystemTime(at(14, 60_000)); // 15 days and a minute before it ends
    const response = await client.get("/account");
    expect(response.status).toBe(200);
    expect(sessionSetCookie(response)).toBeUndefined();
    expect((await sessionRow(token))?.expiresAt).toEqual(at(30));
  });

  it("slides: used in the second half of its life it is renewed for 30 days from then, so an active person stays signed in", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(start);
    const client = await signedIn(server.url, (await createUser()).email);
    const token = client.cookies.get(SESSION_COOKIE)!;

    vi.setSystemTime(at(16));
    const renewed = await client.get("/account");
    expect(renewed.status).toBe(200);
    const cookie = parseCookie(sessionSetCookie(renewed));
    expect(cookie).toEqual({ name: SESSION_COOKIE, value: token, path: "/", httponly: true, samesite: "Lax", expires: at(46).toUTCString(), "max-age": String(SESSION_LIFETIME_MS / 1000) });
    expect((await sessionRow(token))?.expiresAt).toEqual(at(46));

    // Past the original 30 days, still signed in thanks to the renewal; renewed again.
    vi.setSystemTime(at(45));
    const later = await client.get("/account");
    expect(later.status).toBe(200);
    expect((await sessionRow(token))?.expiresAt).toEqual(at(75));

    // Then 30 days without use: gone.
    vi.setSystemTime(at(75, 1000));
    expect(await isSignedIn(token)).toBe(false);
    expect(await sessionRow(token)).toBeNull();
  });

  it("renews at the last moment and expires a moment later", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(start);
    const lastMoment = (await signedIn(server.url, (await createUser()).email)).cookies.get(SESSION_COOKIE)!;
    const tooLate = (await signedIn(server.url, (await createUser()).email)).cookies.get(SESSION_COOKIE)!;
    vi.setSystemTime(at(30, -1));
    expect(await isSignedIn(lastMoment)).toBe(true);
    vi.setSystemTime(at(30, 1));
    expect(await isSignedIn(tooLate)).toBe(false);
    expect(await isSignedIn(lastMoment)).toBe(true);
  });
});

describe("the cookie", () => {
  it("is HttpOnly, SameSite=Lax, Path=/, host-only, lasts 30 days, and is not Secure on plain-HTTP localhost", async () => {
    const user = await createUser();
    const response = await new Client(server.url).post("/signin", { email: user.email, password: PASSWORD });
    const cookie = parseCookie(sessionSetCookie(response));
    expect({ ...cookie, value: "<token>", expires: "<date>", "max-age": "<seconds>" }).toEqual({
      name: SESSION_COOKIE,
      value: "<token>",
      path: "/",
      httponly: true,
      samesite: "Lax",
      expires: "<date>",
      "max-age": "<seconds>",
    });
    expect(cookie.value).toMatch(/^[a-z2-7]{32}$/);
    expect(Math.abs(Date.parse(String(cookie.expires)) - (Date.now() + SESSION_LIFETIME_MS))).toBeLessThan(5_000);
    expect(Math.abs(Number(cookie["max-age"]) - SESSION_LIFETIME_MS / 1000)).toBeLessThan(5);
  });

  it("is Secure when the site is reached under a public host name", async () => {
    const user = await createUser();
    const body = new URLSearchParams({ email: user.email, password: PASSWORD }).toString();
    // fetch will not send another Host, so this goes through node:http.
    const response = await request(`${server.url}/signin`, {
      method: "POST",
      headers: { host: "evident.test", origin: "http://evident.test", "content-type": "application/x-www-form-urlencoded", "content-length": String(Buffer.byteLength(body)) },
      body,
    });
    expect(response.status).toBe(302);
    expect(parseCookie(response.headers["set-cookie"]?.find((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`))).secure).toBe(true);
  });

  describe("behind a proxy that terminates TLS (APP_URL is https)", () => {
    // The app reads APP_URL from the environment (as it does for invite links). The proxy talks
    // plain HTTP to the server under the server's own address and names the public host in
    // X-Forwarded-Host, as proxies do.
    let proxied: TestServer;
    const previous = process.env.APP_URL;
    beforeAll(async () => {
      process.env.APP_URL = "https://evident.example";
      proxied = await startTestServer({ env: { APP_URL: "https://evident.example" } });
    });
    afterAll(async () => {
      if (previous === undefined) delete process.env.APP_URL;
      else process.env.APP_URL = previous;
      await proxied?.close();
    });

    it("is Secure when signing in, when renewed and when cleared", async () => {
      vi.useFakeTimers({ toFake: ["Date"] });
      const user = await createUser();
      const client = new Client(proxied.url);
      const proxy = { origin: "https://evident.example", "x-forwarded-host": "evident.example" };
      const signIn = await client.post("/signin", { email: user.email, password: PASSWORD }, proxy);
      expect(signIn.status).toBe(302);
      expect(parseCookie(sessionSetCookie(signIn)).secure).toBe(true);

      vi.setSystemTime(Date.now() + 20 * DAY);
      const renewed = await client.get("/account");
      expect(renewed.status).toBe(200);
      expect(parseCookie(sessionSetCookie(renewed)).secure).toBe(true);

      const signOut = await client.post("/signout", {}, proxy);
      expect(signOut.status).toBe(302);
      expect(parseCookie(sessionSetCookie(signOut)).secure).toBe(true);
    });
  });
});
