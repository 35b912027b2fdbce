/**
 * The inbox, the bell and watching over real HTTP against the built app: a mention reaches the
 * person mentioned (never the author), marking read and unread moves the bell's count, opening an
 * entry marks it read and goes to its subject (only ever to a team page), nobody touches another
 * person's entries, and watching — viewers too — decides whose inbox a comment reaches.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addComment } from "~/modules/comments/comments.server";
import { prefixedId } from "~/utils/ids.server";
import { INBOX_PAGE_SIZE } from "~/modules/notifications/inbox.server";
import { db } from "~/utils/db.server";
import { actorFor } from "../support/factories";
import { Client, startTestServer, type TestServer } from "../support/http";
import { runningRateExperiment } from "../support/loop-factories";
import { signedIn } from "../support/loop-http-helpers";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

type World = Awaited<ReturnType<typeof world>>;

/** A team with two members (the author and the person mentioned) and a viewer, a hypothesis H-1 and a running experiment E-1. */
async function world() {
  const loop = await runningRateExperiment(["MEMBER", "MEMBER", "VIEWER"]);
  const [author, mentioned, viewer] = loop.members;
  const base = `/t/${loop.team.slug}`;
  const [authorClient, mentionedClient, viewerClient, ownerClient] = await Promise.all([
    signedIn(server.url, author.email),
    signedIn(server.url, mentioned.email),
    signedIn(server.url, viewer.email),
    signedIn(server.url, loop.owner.email),
  ]);
  return { ...loop, base, author, mentioned, viewer, clients: { author: authorClient, mentioned: mentionedClient, viewer: viewerClient, owner: ownerClient } };
}

const decode = (html: string) =>
  html
    .replace(/<!-- -->/g, "")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");

async function page(client: Client, path: string) {
  const response = await client.get(path);
  expect(response.status, path).toBe(200);
  return decode(await response.text());
}

/** What the bell in the sidebar says: its accessible name. */
function bell(html: string): string {
  const match = /<a[^>]*aria-label="(Inbox[^"]*)"/.exec(html);
  if (!match) throw new Error("no inbox bell on the page");
  return match[1];
}

/** The ids of the entries listed on an inbox page, in order. */
function entryIds(html: string): string[] {
  return [...html.matchAll(/name="intent" value="open"\/><input type="hidden" name="id" value="([^"]+)"/g)].map((match) => match[1]);
}

async function comment(client: Client, path: string, body: string) {
  const response = await client.post(path, { intent: "comment", body });
  expect(response.status, `comment on ${path}`).toBe(302);
}

const readAt = async (id: string) => (await db.notification.findUniqueOrThrow({ where: { id }, select: { readAt: true } })).readAt;

describe("mentions in the inbox", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
    await comment(w.clients.author, `${w.base}/hypotheses/H-1`, `@${w.mentioned.name} look`);
  });

  it("lists the mention for the person mentioned, with the subject, the quoted comment and the bell's count", async () => {
    const html = await page(w.clients.mentioned, `${w.base}/inbox`);
    expect(html).toContain("<title>Inbox · Evident</title>");
    expect(html).toContain(`${w.author.name} mentioned ${w.mentioned.name} on H-1`);
    expect(html).toContain("H-1 · Freelancers will click a get-paid-faster button.");
    // The comment, quoted, with the mention marked.
    expect(html).toMatch(new RegExp(`<blockquote[^>]*><span class="[^"]*bg-accent-50[^"]*">@${w.mentioned.name}</span> look</blockquote>`));
    expect(html).toContain("Mention · ");
    // One entry: the mention stands in for the comment notice.
    expect(entryIds(html)).toHaveLength(1);
    expect(bell(html)).toBe("Inbox, 1 unread");
    expect(html).toContain(">Mark read<");
  });

  it("does not reach the author, whose bell stays quiet", async () => {
    const html = await page(w.clients.author, `${w.base}/inbox`);
    expect(entryIds(html)).toEqual([]);
    expect(html).not.toContain("look</blockquote>");
    expect(bell(html)).toBe("Inbox");
    // The empty state says what will appear, and what one watches.
    expect(html).toContain("every comment that mentions you");
    expect(html).toContain("You watch what you own or comment on");
  });

  it("tells the hypothesis's owner, who watches it, of the comment", async () => {
    const html = await page(w.clients.owner, `${w.base}/inbox`);
    expect(html).toContain(`${w.author.name} commented on H-1`);
    expect(bell(html)).toBe("Inbox, 1 unread");
  });

  it("shows the mention marked on the hypothesis page, with a comment box that works without JavaScript", async () => {
    const html = await page(w.clients.owner, `${w.base}/hypotheses/H-1`);
    expect(html).toMatch(new RegExp(`<span class="[^"]*bg-accent-50[^"]*">@${w.mentioned.name}</span> look`));
    // Server-rendered, the box is the plain textarea: the suggestions come with JavaScript.
    expect(html).toMatch(/<textarea id="comment-body" name="body"/);
    expect(html).not.toContain('role="combobox"');
  });
});

describe("reading and opening entries", () => {
  let w: World;
  let ids: string[];
  beforeAll(async () => {
    w = await world();
    await comment(w.clients.author, `${w.base}/hypotheses/H-1`, `@${w.mentioned.name} first`);
    await comment(w.clients.author, `${w.base}/experiments/E-1`, `@${w.mentioned.name} second`);
    ids = entryIds(await page(w.clients.mentioned, `${w.base}/inbox`));
  });

  it("lists the newest first", async () => {
    expect(ids).toHaveLength(2);
    const html = await page(w.clients.mentioned, `${w.base}/inbox`);
    expect(html.indexOf("second")).toBeLessThan(html.indexOf("first"));
    expect(html).toContain("E-1 · Fake door");
  });

  it("marks an entry read and unread again, and the bell follows", async () => {
    const [newest] = ids;
    const read = await w.clients.mentioned.post(`${w.base}/inbox`, { intent: "read", id: newest });
    expect(read.status).toBe(302);
    expect(read.headers.get("location")).toBe(`${w.base}/inbox`);
    expect(await readAt(newest)).not.toBeNull();
    let html = await page(w.clients.mentioned, `${w.base}/inbox`);
    expect(bell(html)).toBe("Inbox, 1 unread");
    expect(html).toContain(">Mark unread<");

    // The unread filter leaves it out; marking from the filtered list comes back to it.
    const unreadOnly = await page(w.clients.mentioned, `${w.base}/inbox?unread=1`);
    expect(entryIds(unreadOnly)).toEqual([ids[1]]);

    const unread = await w.clients.mentioned.post(`${w.base}/inbox?unread=1`, { intent: "unread", id: newest });
    expect(unread.status).toBe(302);
    expect(unread.headers.get("location")).toBe(`${w.base}/inbox?unread=1`);
    expect(await readAt(newest)).toBeNull();
    html = await page(w.clients.mentioned, `${w.base}/hypotheses/H-1`);
    expect(bell(html)).toBe("Inbox, 2 unread");
  });

  it("marks everything read at once", async () => {
    const response = await w.clients.mentioned.post(`${w.base}/inbox`, { intent: "read-all" });
    expect(response.status).toBe(302);
    const html = await page(w.clients.mentioned, `${w.base}/inbox`);
    expect(bell(html)).toBe("Inbox");
    expect(html).not.toContain("Mark all as read");
    const unreadOnly = await page(w.clients.mentioned, `${w.base}/inbox?unread=1`);
    expect(entryIds(unreadOnly)).toEqual([]);
    expect(unreadOnly).toContain("all caught up");
    expect(await db.notification.count({ where: { userId: w.mentioned.id, readAt: null } })).toBe(0);
  });

  it("opens an entry: marks it read and goes to its subject's comments", async () => {
    await w.clients.mentioned.post(`${w.base}/inbox`, { intent: "unread", id: ids[0] });
    const response = await w.clients.mentioned.post(`${w.base}/inbox`, { intent: "open", id: ids[0] });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`${w.base}/experiments/E-1#comments`);
    expect(await readAt(ids[0])).not.toBeNull();
    expect(bell(await page(w.clients.mentioned, `${w.base}/inbox`))).toBe("Inbox");
  });

  it("never opens an entry onto another site or a page outside the teams", async () => {
    const forged = async (url: string) => {
      const eventId = prefixedId("evt");
      await db.teamEvent.create({
        data: {
          id: eventId,
          teamId: w.team.id,
          type: "comment.added",
          subjectType: "hypothesis",
          subjectId: w.hypothesis.id,
          payload: {
            type: "comment.added",
            timestamp: new Date().toISOString(),
            data: { summary: "Someone commented", subject: { type: "hypothesis", key: "H-1", title: "Forged", url }, details: {} },
          },
        },
      });
      return (await db.notification.create({ data: { teamId: w.team.id, userId: w.mentioned.id, eventId, reason: "watching" }, select: { id: true } })).id;
    };
    for (const url of ["https://evil.example//evil.example/phish", "javascript:alert(1)", "https://evil.example/account", "not a url"]) {
      const response = await w.clients.mentioned.post(`${w.base}/inbox`, { intent: "open", id: await forged(url) });
      expect(response.status, url).toBe(302);
      expect(response.headers.get("location"), url).toBe(`${w.base}/inbox`);
    }
  });

  it("refuses to mark or open someone else's entry, and changes nothing", async () => {
    await w.clients.mentioned.post(`${w.base}/inbox`, { intent: "unread", id: ids[1] });
    const before = await db.notification.findMany({ where: { userId: w.mentioned.id }, orderBy: { id: "asc" }, select: { id: true, readAt: true } });
    const other = await runningRateExperiment();
    const outsider = await signedIn(server.url, other.owner.email);
    for (const intent of ["read", "unread", "open"]) {
      // A teammate, in the same team…
      expect((await w.clients.author.post(`${w.base}/inbox`, { intent, id: ids[1] })).status, intent).toBe(404);
      // …and someone of another team, in theirs.
      expect((await outsider.post(`/t/${other.team.slug}/inbox`, { intent, id: ids[1] })).status, intent).toBe(404);
      // Nor through this team's address, which is not theirs.
      expect((await outsider.post(`${w.base}/inbox`, { intent, id: ids[1] })).status, intent).toBe(404);
    }
    expect((await w.clients.author.post(`${w.base}/inbox`, { intent: "read", id: "no-such-entry" })).status).toBe(404);
    expect((await w.clients.author.post(`${w.base}/inbox`, { intent: "read", id: "<script>" })).status).toBe(400);
    expect((await w.clients.author.post(`${w.base}/inbox`, { intent: "delete", id: ids[1] })).status).toBe(400);
    expect(await db.notification.findMany({ where: { userId: w.mentioned.id }, orderBy: { id: "asc" }, select: { id: true, readAt: true } })).toEqual(before);
    // Another person's "read all" leaves these alone too.
    await w.clients.author.post(`${w.base}/inbox`, { intent: "read-all" });
    expect(await db.notification.findMany({ where: { userId: w.mentioned.id }, orderBy: { id: "asc" }, select: { id: true, readAt: true } })).toEqual(before);
  });

  it("asks whoever is signed out to sign in", async () => {
    const response = await new Client(server.url).get(`${w.base}/inbox`);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/signin\?/);
  });
});

describe("paging", () => {
  it("shows the newest page, then older ones through ?before=", async () => {
    const w = await world();
    const author = actorFor(w.author, w.team, "MEMBER");
    for (let index = 1; index <= INBOX_PAGE_SIZE + 2; index++) await addComment(author, { hypothesisId: w.hypothesis.id }, `@${w.mentioned.name} note ${index}`);
    const first = await page(w.clients.mentioned, `${w.base}/inbox`);
    expect(entryIds(first)).toHaveLength(INBOX_PAGE_SIZE);
    expect(first).toContain(`note ${INBOX_PAGE_SIZE + 2}</blockquote>`);
    const older = /href="([^"]*\/inbox\?before=[^"]+)"/.exec(first)?.[1];
    expect(older).toBeTruthy();
    const second = await page(w.clients.mentioned, older!);
    expect(entryIds(second)).toHaveLength(2);
    expect(second).toContain("note 1</blockquote>");
    expect(second).toContain(">Newest<");
    // Junk in the address is ignored, not an error.
    expect(entryIds(await page(w.clients.mentioned, `${w.base}/inbox?before=%00%3Cx&unread=maybe`))).toHaveLength(INBOX_PAGE_SIZE);
  });
});

describe("watching", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("says why the owner watches without having chosen to", async () => {
    const html = await page(w.clients.owner, `${w.base}/experiments/E-1`);
    expect(html).toContain("Stop watching");
    expect(html).toContain("You watch this because you own it or commented.");
  });

  it("lets a viewer watch an experiment: a member's comment then reaches their inbox", async () => {
    let html = await page(w.clients.viewer, `${w.base}/experiments/E-1`);
    expect(html).toMatch(/name="intent" value="watch"\/><input type="hidden" name="watching" value="true"/);
    expect(html).not.toContain("Stop watching");

    const watch = await w.clients.viewer.post(`${w.base}/experiments/E-1`, { intent: "watch", watching: "true" });
    expect(watch.status).toBe(302);
    expect(watch.headers.get("location")).toBe(`${w.base}/experiments/E-1`);
    html = await page(w.clients.viewer, `${w.base}/experiments/E-1`);
    expect(html).toContain("Stop watching");
    // Chosen, not implied: no reason to give.
    expect(html).not.toContain("You watch this because");

    await comment(w.clients.author, `${w.base}/experiments/E-1`, "Traffic doubled since Monday.");
    html = await page(w.clients.viewer, `${w.base}/inbox`);
    expect(html).toContain(`${w.author.name} commented on E-1`);
    expect(html).toContain("Traffic doubled since Monday.</blockquote>");
    expect(bell(html)).toBe("Inbox, 1 unread");
  });

  it("stops when they stop watching", async () => {
    const stop = await w.clients.viewer.post(`${w.base}/experiments/E-1`, { intent: "watch", watching: "false" });
    expect(stop.status).toBe(302);
    expect(await page(w.clients.viewer, `${w.base}/experiments/E-1`)).not.toContain("Stop watching");
    await comment(w.clients.author, `${w.base}/experiments/E-1`, "Conversion is flat this week.");
    const html = await page(w.clients.viewer, `${w.base}/inbox`);
    expect(html).not.toContain("Conversion is flat this week.");
    expect(bell(html)).toBe("Inbox, 1 unread");
  });

  it("works on hypotheses too, and stopping survives commenting again", async () => {
    const owner = w.clients.owner;
    expect((await owner.post(`${w.base}/hypotheses/H-1`, { intent: "watch", watching: "false" })).status).toBe(302);
    const html = await page(owner, `${w.base}/hypotheses/H-1`);
    expect(html).toMatch(/name="intent" value="watch"\/><input type="hidden" name="watching" value="true"/);
    await comment(owner, `${w.base}/hypotheses/H-1`, "Noting this for later.");
    expect(await page(owner, `${w.base}/hypotheses/H-1`)).not.toContain("Stop watching");
    const before = await db.notification.count({ where: { userId: w.owner.id } });
    await comment(w.clients.author, `${w.base}/hypotheses/H-1`, "A comment the owner chose not to hear of.");
    expect(await db.notification.count({ where: { userId: w.owner.id } })).toBe(before);
  });

  it("refuses a bad choice, leaves viewers' other intents refused, and 404s another team's experiment", async () => {
    expect((await w.clients.viewer.post(`${w.base}/experiments/E-1`, { intent: "watch", watching: "maybe" })).status).toBe(400);
    expect((await w.clients.viewer.post(`${w.base}/experiments/E-1`, { intent: "comment", body: "A viewer's thought." })).status).toBe(403);
    expect((await w.clients.viewer.post(`${w.base}/hypotheses/H-1`, { intent: "comment", body: "A viewer's thought." })).status).toBe(403);
    expect((await w.clients.viewer.post(`${w.base}/hypotheses/H-1`, { intent: "trash" })).status).toBe(403);
    const other = await runningRateExperiment();
    expect((await w.clients.viewer.post(`/t/${other.team.slug}/experiments/E-1`, { intent: "watch", watching: "true" })).status).toBe(404);
    expect(await db.watch.count({ where: { teamId: other.team.id } })).toBe(0);
  });
});
