/**
 * The webhook settings pages over real HTTP against the built app: adding an endpoint (private,
 * loopback and link-local addresses refused under the address field), the list, editing with a
 * stale version (a 409 shown beside the form), turning off and on, the banner of an endpoint
 * Evident turned off, a test event queued into the log, sending a failed delivery again, the log's
 * pages, the signing secret (shown on request, rotated), the Slack view, removing; members,
 * viewers and other teams refused.
 *
 * The server runs in this process with WEBHOOK_ALLOW_PRIVATE_ADDRESSES unset, as in production.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "~/generated/prisma/enums";
import { createWebhookEndpoint, sendTestEvent } from "~/modules/webhooks/endpoints.server";
import { db } from "~/utils/db.server";
import { actorFor, createTeamWith } from "../support/factories";
import { startTestServer, type Client, type TestServer } from "../support/http";
import { signedIn } from "../support/loop-http-helpers";

let server: TestServer;
const allowPrivate = process.env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES;
beforeAll(async () => {
  // The address guard reads the process's environment at every check: the server shares this one.
  delete process.env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES;
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
  if (allowPrivate !== undefined) process.env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = allowPrivate;
});

const PUBLIC_URL = "https://93.184.216.34/hook";

const decode = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** The text of an element with this id (one without elements inside). */
function textOf(html: string, id: string): string | null {
  const match = new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html);
  return match ? decode(match[1]) : null;
}

function inputWithId(html: string, id: string): string | null {
  return new RegExp(`<input[^>]*\\bid="${id}"[^>]*>`).exec(html)?.[0] ?? null;
}

function versionsOn(html: string): string[] {
  return [...html.matchAll(/name="version" value="(\d+)"/g)].map((match) => match[1]);
}

/** The event boxes ticked in a form on the page. */
function ticked(html: string): string[] {
  return [...html.matchAll(/<input[^>]*name="events"[^>]*>/g)].filter((match) => /\bchecked=""/.test(match[0])).map((match) => /value="([^"]*)"/.exec(match[0])![1]);
}

type Form = [string, string][];
const endpointForm = (fields: { url: string; description?: string; format?: string; events?: string[] }, intent = "create"): Form => [
  ["intent", intent],
  ["url", fields.url],
  ["description", fields.description ?? ""],
  ...(fields.format === "" ? [] : ([["format", fields.format ?? "STANDARD"]] as Form)),
  ...(fields.events ?? ["experiment.started"]).map((type): [string, string] => ["events", type]),
];

type World = Awaited<ReturnType<typeof world>>;

async function world() {
  const { team, owner, members } = await createTeamWith(["ADMIN", "MEMBER", "VIEWER"]);
  const [admin, member, viewer] = members;
  const base = `/t/${team.slug}/settings/webhooks`;
  return { team, owner, admin, member, viewer, base, actor: actorFor(owner, team, "OWNER" as Role) };
}

async function addEndpoint(w: World, fields: { url?: string; format?: "STANDARD" | "SLACK"; events?: string[]; description?: string } = {}) {
  const created = await createWebhookEndpoint(w.actor, {
    url: fields.url ?? PUBLIC_URL,
    description: fields.description ?? "",
    format: fields.format ?? "STANDARD",
    events: (fields.events ?? ["experiment.started"]) as never,
  });
  return db.webhookEndpoint.findUniqueOrThrow({ where: { id: created.id } });
}

describe("adding an endpoint", () => {
  let w: World;
  let admin: Client;
  beforeAll(async () => {
    w = await world();
    admin = await signedIn(server.url, w.admin.email);
  });

  it("is in the settings navigation of admins and owners, and not of members", async () => {
    const link = `href="${w.base}"`;
    expect(await (await admin.get(`/t/${w.team.slug}/settings`)).text()).toContain(link);
    const owner = await signedIn(server.url, w.owner.email);
    expect(await (await owner.get(`/t/${w.team.slug}/settings`)).text()).toContain(link);
    const member = await signedIn(server.url, w.member.email);
    expect(await (await member.get(`/t/${w.team.slug}/settings`)).text()).not.toContain(link);
  });

  it("starts empty, with the form: format choices and every event with its description", async () => {
    const response = await admin.get(w.base);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("No webhook endpoints yet.");
    expect(html).toContain("Standard Webhooks — signed JSON");
    expect(html).toContain("Slack incoming webhook");
    expect(html).toMatch(/<input[^>]*name="events"[^>]*value="experiment.concluded"/);
    expect(html).toContain("An experiment is concluded with a learning card and a decision.");
    expect(html).toMatch(/name="intent" value="create"/);
  });

  for (const url of ["http://127.0.0.1:9/x", "http://10.0.0.1/", "http://169.254.169.254/", "http://[::1]/", "http://localhost/"]) {
    it(`refuses ${url} with the reason under the address field, keeping what was typed`, async () => {
      const response = await admin.post(w.base + "?index", endpointForm({ url, description: "Internal", events: ["experiment.started", "gate.ready"] }));
      expect(response.status).toBe(400);
      const html = await response.text();
      expect(inputWithId(html, "new-endpoint-url")).toMatch(/aria-invalid="true"/);
      expect(inputWithId(html, "new-endpoint-url")).toContain(`value="${url.replace(/&/g, "&amp;")}"`);
      expect(textOf(html, "new-endpoint-url-error")).toMatch(/is a private, loopback or link-local address|resolves to a private, loopback or link-local address/);
      expect(html).toContain("Please correct the highlighted fields.");
      expect(ticked(html).sort()).toEqual(["experiment.started", "gate.ready"]);
      expect(await db.webhookEndpoint.count({ where: { teamId: w.team.id } })).toBe(0);
    });
  }

  it("asks for an address, a format and at least one event, each under its field", async () => {
    const response = await admin.post(w.base + "?index", endpointForm({ url: "", format: "", events: [] }));
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(textOf(html, "new-endpoint-url-error")).toBe("Enter the address to send events to.");
    expect(textOf(html, "new-endpoint-format-error")).toBe("Choose a format.");
    expect(textOf(html, "new-endpoint-events-error")).toBe("Choose at least one event.");
    const unknown = await admin.post(w.base + "?index", endpointForm({ url: PUBLIC_URL, events: ["experiment.started", "no.such.event"] }));
    expect(unknown.status).toBe(400);
    expect(textOf(await unknown.text(), "new-endpoint-events-error")).toBe("Choose events from the list.");
    const notUrl = await admin.post(w.base + "?index", endpointForm({ url: "ftp://93.184.216.34/x" }));
    expect(textOf(await notUrl.text(), "new-endpoint-url-error")).toBe("Webhook addresses start with https:// (or http://).");
    expect(await db.webhookEndpoint.count({ where: { teamId: w.team.id } })).toBe(0);
  });

  it("accepts a public address and lists it: address, description, format, events, status and last delivery", async () => {
    const response = await admin.post(w.base + "?index", endpointForm({ url: PUBLIC_URL, description: "Ops alerts", events: ["experiment.started", "gate.ready"] }));
    expect(response.status).toBe(302);
    const endpoint = await db.webhookEndpoint.findFirstOrThrow({ where: { teamId: w.team.id } });
    expect(response.headers.get("location")).toBe(`${w.base}?added=${endpoint.id}`);
    expect(endpoint).toMatchObject({ url: PUBLIC_URL, description: "Ops alerts", format: "STANDARD", events: ["experiment.started", "gate.ready"], enabled: true, createdById: w.admin.id });
    expect(endpoint.secret).toMatch(/^whsec_/);

    const slack = await admin.post(w.base + "?index", endpointForm({ url: "https://93.184.216.34/services/T000/B000/abcdef", format: "SLACK", events: ["comment.added"] }));
    expect(slack.status).toBe(302);

    const html = await (await admin.get(response.headers.get("location")!)).text();
    expect(html).toContain("Added the endpoint for 93.184.216.34/hook.");
    expect(html).toContain(`href="${w.base}/${endpoint.id}"`);
    expect(html).toContain("Ops alerts");
    expect(html).toContain("Signed JSON");
    expect(html).toContain("2 events");
    expect(html).toContain("93.184.216.34/services/T000/B000/abcdef");
    expect(html).toMatch(/>Slack</);
    expect(html).toContain("1 event");
    expect(html).toContain("Nothing sent yet");
    expect(html).not.toContain(endpoint.secret);
  });
});

describe("an endpoint's page", () => {
  let w: World;
  let admin: Client;
  beforeAll(async () => {
    w = await world();
    admin = await signedIn(server.url, w.admin.email);
  });

  it("saves changes, and a change made on a stale version is a 409 shown beside the form, with nothing saved", async () => {
    const endpoint = await addEndpoint(w, { description: "First" });
    const page = `${w.base}/${endpoint.id}`;
    const html = await (await admin.get(page)).text();
    expect(versionsOn(html)).toContain("1");
    expect(ticked(html)).toEqual(["experiment.started"]);

    const saved = await admin.post(page, [...endpointForm({ url: PUBLIC_URL, description: "Second", events: ["experiment.started", "verdict.reached"] }, "update"), ["version", "1"]]);
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe(`${page}?done=saved`);
    expect(await (await admin.get(saved.headers.get("location")!)).text()).toContain("Saved.");

    const stale = await admin.post(page, [...endpointForm({ url: "https://93.184.216.34/other", description: "Mine", events: ["gate.ready"] }, "update"), ["version", "1"]]);
    expect(stale.status).toBe(409);
    const conflict = await stale.text();
    expect(conflict).toContain("Someone changed this endpoint after you opened it. Reload to see their change, then make yours again.");
    expect(conflict).toContain("Their version (saved)");
    // Theirs beside mine, and the form keeps mine on their version.
    expect(conflict).toContain("Second");
    expect(inputWithId(conflict, "endpoint-url")).toContain('value="https://93.184.216.34/other"');
    expect(ticked(conflict)).toEqual(["gate.ready"]);
    expect(versionsOn(conflict)).toContain("2");
    expect(versionsOn(conflict)).not.toContain("1");
    expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).toMatchObject({
      url: PUBLIC_URL,
      description: "Second",
      version: 2,
      events: ["experiment.started", "verdict.reached"],
    });

    // Saving again on their version keeps mine.
    const again = await admin.post(page, [...endpointForm({ url: "https://93.184.216.34/other", description: "Mine", events: ["gate.ready"] }, "update"), ["version", "2"]]);
    expect(again.status).toBe(302);
    expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).toMatchObject({ url: "https://93.184.216.34/other", description: "Mine", version: 3 });
  });

  it("refuses a private address when editing too, under the address field", async () => {
    const endpoint = await addEndpoint(w);
    const page = `${w.base}/${endpoint.id}`;
    const response = await admin.post(page, [...endpointForm({ url: "http://169.254.169.254/latest/meta-data" }, "update"), ["version", "1"]]);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(inputWithId(html, "endpoint-url")).toMatch(/aria-invalid="true"/);
    expect(textOf(html, "endpoint-url-error")).toBe("169.254.169.254 is a private, loopback or link-local address; Evident does not send webhooks there.");
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).url).toBe(PUBLIC_URL);
  });

  it("sends a test event: queued, then in the log as queued", async () => {
    const endpoint = await addEndpoint(w);
    const page = `${w.base}/${endpoint.id}`;
    expect(await (await admin.get(page)).text()).toContain("Nothing sent yet.");
    const response = await admin.post(page, { intent: "test" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`${page}?done=test`);
    const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } });
    expect(delivery).toMatchObject({ eventType: "webhook.test", status: "QUEUED", attempts: 0, eventId: null });
    const html = await (await admin.get(response.headers.get("location")!)).text();
    expect(html).toContain("Test event queued.");
    expect(html).toContain("Test event");
    expect(html).toContain('<code class="muted text-xs">webhook.test</code>');
    expect(html).toMatch(/>Queued</);
    expect(html).toContain("Not tried yet.");
    // The body as sent, pretty-printed.
    expect(html).toContain("&quot;type&quot;: &quot;webhook.test&quot;");

    const list = await (await admin.get(w.base)).text();
    expect(list).toMatch(/>Queued</);
    expect(list).toMatch(/Test event(<!-- -->)?, <time/);
  });

  it("shows each attempt of a delivery, the next retry, and offers “Send again” on a failed one", async () => {
    const endpoint = await addEndpoint(w);
    const page = `${w.base}/${endpoint.id}`;
    const { deliveryId: failedId } = await sendTestEvent(w.actor, { id: endpoint.id });
    await db.webhookDelivery.update({ where: { id: failedId }, data: { status: "FAILED", attempts: 2 } });
    // One test event waits at a time: the second is sent once the first has failed.
    const { deliveryId: retryingId } = await sendTestEvent(w.actor, { id: endpoint.id });
    const next = new Date(Date.UTC(2031, 4, 6, 9, 30));
    await db.webhookAttempt.createMany({
      data: [
        { deliveryId: failedId, attempt: 1, statusCode: 500, message: "upstream exploded", durationMs: 1234, ok: false },
        { deliveryId: failedId, attempt: 2, statusCode: null, message: "connect ECONNREFUSED 93.184.216.34:443", durationMs: 12, ok: false },
      ],
    });
    // Test events are tried once: the one waiting for a retry stands for an event's delivery.
    await db.webhookDelivery.update({ where: { id: retryingId }, data: { eventType: "experiment.concluded", status: "QUEUED", attempts: 1, nextAttemptAt: next } });
    await db.webhookAttempt.create({ data: { deliveryId: retryingId, attempt: 1, statusCode: 503, message: "busy", durationMs: 80, ok: false } });

    const html = await (await admin.get(page)).text();
    expect(html).toMatch(/>Failed</);
    expect(html).toContain("HTTP <!-- -->500");
    expect(html).toContain("upstream exploded");
    expect(html).toContain("1,234<!-- --> ms");
    expect(html).toContain("No answer");
    expect(html).toContain("connect ECONNREFUSED 93.184.216.34:443");
    expect(html).toContain("2 attempts");
    expect(html).toMatch(/Retrying at <time datetime="2031-05-06T09:30:00.000Z"[^>]*>6 May 2031, 09:30 UTC<\/time>/i);
    expect(html).toContain(`name="deliveryId" value="${failedId}"`);
    expect(html).not.toContain(`name="deliveryId" value="${retryingId}"`);

    const retried = await admin.post(page, { intent: "retry", deliveryId: failedId });
    expect(retried.status).toBe(302);
    // Sent again, it keeps its attempts: the next one is numbered after them.
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: failedId } })).toMatchObject({ status: "QUEUED", attempts: 2 });
    expect(await (await admin.get(retried.headers.get("location")!)).text()).toContain("Queued to be sent again.");
    // A delivery that is not failed is not sent again.
    const twice = await admin.post(page, { intent: "retry", deliveryId: failedId });
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain("Only a failed delivery can be sent again; this one is queued, sending or delivered.");
  });

  it("turns off and on with the version, and a stale version is refused with a message", async () => {
    const endpoint = await addEndpoint(w);
    const page = `${w.base}/${endpoint.id}`;
    expect(await (await admin.get(page)).text()).toMatch(/name="intent" value="disable"/);
    const off = await admin.post(page, { intent: "disable", version: "1" });
    expect(off.status).toBe(302);
    const html = await (await admin.get(page)).text();
    expect(html).toMatch(/name="intent" value="enable"/);
    expect(html).toContain("by an admin. Events are not sent here until it is turned on again.");
    expect(html).not.toContain("Evident turned this endpoint off");
    const list = await (await admin.get(w.base)).text();
    expect(list).toContain("Turned off");
    expect(list).toContain("Turned off by an admin.");

    const stale = await admin.post(page, { intent: "enable", version: "1" });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("Someone changed this endpoint after you opened it.");
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).enabled).toBe(false);
    expect((await admin.post(page, { intent: "enable", version: "2" })).status).toBe(302);
    expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).toMatchObject({ enabled: true, disabledBy: null, disabledReason: null, version: 3 });
  });

  it("says clearly when Evident turned the endpoint off, why, and what to do", async () => {
    const endpoint = await addEndpoint(w);
    const reason = "Turned off after 15 failed attempts in a row. Last: HTTP 500";
    await db.webhookEndpoint.update({ where: { id: endpoint.id }, data: { enabled: false, disabledAt: new Date(), disabledBy: "FAILURES", disabledReason: reason, consecutiveFailures: 15, version: 2 } });
    const html = await (await admin.get(`${w.base}/${endpoint.id}`)).text();
    expect(html).toContain("Evident turned this endpoint off");
    expect(html).toContain(reason);
    expect(html).toContain("send a test event");
    expect(html).toContain("turn the endpoint on");
    expect(await (await admin.get(w.base)).text()).toContain(reason);
  });

  it("shows the signing secret only when asked, rotates it (it changes), and refuses a stale rotation", async () => {
    const endpoint = await addEndpoint(w);
    const page = `${w.base}/${endpoint.id}`;
    const hidden = await (await admin.get(page)).text();
    expect(hidden).not.toContain(endpoint.secret);
    expect(hidden).toContain("Show secret");
    expect(hidden).toContain("new Webhook(secret).verify(body, headers)");
    const showing = await admin.get(`${page}?secret=show`);
    // No cache keeps the page that shows the secret.
    expect(showing.headers.get("cache-control")).toBe("private, no-store");
    const shown = await showing.text();
    expect(inputWithId(shown, "signing-secret")).toContain(`value="${endpoint.secret}"`);

    const rotated = await admin.post(page, { intent: "rotate", version: "1" });
    expect(rotated.status).toBe(302);
    expect(rotated.headers.get("location")).toBe(`${page}?done=rotated&secret=show`);
    const after = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(after.secret).toMatch(/^whsec_/);
    expect(after.secret).not.toBe(endpoint.secret);
    const html = await (await admin.get(rotated.headers.get("location")!)).text();
    expect(html).toContain("Rotated the signing secret.");
    expect(inputWithId(html, "signing-secret")).toContain(`value="${after.secret}"`);
    expect(html).not.toContain(endpoint.secret);

    const stale = await admin.post(page, { intent: "rotate", version: "1" });
    expect(stale.status).toBe(409);
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).secret).toBe(after.secret);
  });

  it("has no secret for a Slack endpoint, and shows a Slack delivery as Slack would, beside its body", async () => {
    const endpoint = await addEndpoint(w, { url: "https://93.184.216.34/services/T1/B1/slack", format: "SLACK" });
    const page = `${w.base}/${endpoint.id}`;
    await sendTestEvent(w.actor, { id: endpoint.id });
    const html = await (await admin.get(`${page}?secret=show`)).text();
    expect(html).not.toContain(endpoint.secret);
    expect(html).not.toContain("Show secret");
    expect(html).toContain("Slack incoming webhooks do not check signatures");
    expect(html).toContain("As Slack shows it");
    expect(html).toContain("✅ Test event from Evident for");
    expect(html).toContain("Body sent to Slack");
    expect(html).toContain("&quot;blocks&quot;: [");
  });

  it("pages the log 50 at a time, newest first, with “Older” and “Newest”", async () => {
    const endpoint = await addEndpoint(w);
    const start = Date.UTC(2030, 0, 1);
    await db.webhookDelivery.createMany({
      data: Array.from({ length: 55 }, (_, index) => ({
        id: `msg_page${String(index).padStart(3, "0")}`,
        teamId: w.team.id,
        endpointId: endpoint.id,
        eventType: "experiment.started",
        body: "{}",
        status: "SENT" as const,
        attempts: 1,
        deliveredAt: new Date(start + index * 60_000),
        createdAt: new Date(start + index * 60_000),
      })),
    });
    const page = `${w.base}/${endpoint.id}`;
    const first = await (await admin.get(page)).text();
    expect(first.match(/>Delivered</g)).toHaveLength(50);
    expect(first).toContain(`href="${page}?before=msg_page005"`);
    expect(first).not.toContain(">Newest<");
    expect(first.indexOf("Jan 2030, 00:54 UTC")).toBeLessThan(first.indexOf("Jan 2030, 00:53 UTC"));
    const older = await (await admin.get(`${page}?before=msg_page005`)).text();
    expect(older.match(/>Delivered</g)).toHaveLength(5);
    expect(older).toContain(`href="${page}"`);
    expect(older).toContain(">Newest<");
    expect(older).not.toContain(">Older<");
    // A cursor that is no delivery's id is ignored rather than an error.
    expect((await admin.get(`${page}?before=not-a-cursor`)).status).toBe(200);
  });

  it("removes the endpoint: the page is gone and the list says so", async () => {
    const endpoint = await addEndpoint(w);
    const page = `${w.base}/${endpoint.id}`;
    await sendTestEvent(w.actor, { id: endpoint.id });
    const removed = await admin.post(page, { intent: "delete" });
    expect(removed.status).toBe(302);
    expect(removed.headers.get("location")).toBe(`${w.base}?removed=1`);
    expect(await db.webhookEndpoint.findUnique({ where: { id: endpoint.id } })).toBeNull();
    expect(await db.webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(0);
    expect((await admin.get(page)).status).toBe(404);
    expect((await admin.post(page, { intent: "test" })).status).toBe(404);
    expect(await (await admin.get(removed.headers.get("location")!)).text()).toContain("The endpoint was removed.");
  });

  it("answers 404 for ids that are no endpoint, and for an unknown action a 400", async () => {
    for (const id of ["nope", "x".repeat(65), "%00"]) expect((await admin.get(`${w.base}/${id}`)).status, id).toBe(404);
    const endpoint = await addEndpoint(w);
    expect((await admin.post(`${w.base}/${endpoint.id}`, { intent: "launch" })).status).toBe(400);
  });
});

describe("who may", () => {
  let w: World;
  let other: World;
  let endpointId: string;
  let otherEndpointId: string;
  let otherDeliveryId: string;
  beforeAll(async () => {
    w = await world();
    other = await world();
    endpointId = (await addEndpoint(w)).id;
    otherEndpointId = (await addEndpoint(other)).id;
    otherDeliveryId = (await sendTestEvent(other.actor, { id: otherEndpointId })).deliveryId;
    await db.webhookDelivery.update({ where: { id: otherDeliveryId }, data: { status: "FAILED" } });
  });

  const snapshot = async () => ({
    endpoints: await db.webhookEndpoint.findMany({ orderBy: { id: "asc" } }),
    deliveries: await db.webhookDelivery.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true, attempts: true } }),
  });

  const writes = (id: string): [string, Record<string, string> | Form][] =>
    [
      ["create", endpointForm({ url: PUBLIC_URL })],
      ["update", [...endpointForm({ url: PUBLIC_URL, description: "Hijacked" }, "update"), ["version", "1"]]],
      ["disable", { intent: "disable", version: "1" }],
      ["rotate", { intent: "rotate", version: "1" }],
      ["test", { intent: "test" }],
      ["retry", { intent: "retry", deliveryId: otherDeliveryId }],
      ["delete", { intent: "delete" }],
    ].map(([intent, form]) => [intent === "create" ? "" : id, form] as [string, Record<string, string> | Form]);

  for (const role of ["member", "viewer"] as const) {
    it(`refuses a ${role}: 403 for the pages and every action, nothing changed`, async () => {
      const client = await signedIn(server.url, w[role].email);
      expect((await client.get(w.base)).status).toBe(403);
      expect((await client.get(`${w.base}/${endpointId}`)).status).toBe(403);
      expect((await client.get(`${w.base}/${endpointId}?secret=show`)).status).toBe(403);
      const before = await snapshot();
      for (const [id, form] of writes(endpointId)) {
        const path = id ? `${w.base}/${id}` : `${w.base}?index`;
        const response = await client.post(path, form);
        expect(response.status, `${role} ${path} ${JSON.stringify(form)}`).toBe(403);
        expect(await response.text()).not.toContain("whsec_");
      }
      expect(await snapshot()).toEqual(before);
    });
  }

  it("is a 404 for people outside the team, and for another team's endpoint under one's own team", async () => {
    const outsider = await signedIn(server.url, other.owner.email);
    expect((await outsider.get(w.base)).status).toBe(404);
    expect((await outsider.get(`${w.base}/${endpointId}`)).status).toBe(404);

    // The other team's owner, in their own team, naming this team's endpoint.
    const admin = await signedIn(server.url, w.admin.email);
    const before = await snapshot();
    expect((await admin.get(`${w.base}/${otherEndpointId}`)).status).toBe(404);
    expect((await admin.get(`${w.base}/${otherEndpointId}?secret=show`)).status).toBe(404);
    for (const [id, form] of writes(otherEndpointId).filter(([id]) => id)) {
      const response = await admin.post(`${w.base}/${id}`, form);
      expect(response.status, JSON.stringify(form)).toBe(404);
      expect(await response.text()).not.toContain(otherEndpointId);
    }
    // Sending the other team's failed delivery again from one's own endpoint finds no such delivery there.
    const retry = await admin.post(`${w.base}/${endpointId}`, { intent: "retry", deliveryId: otherDeliveryId });
    expect(retry.status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });
});
