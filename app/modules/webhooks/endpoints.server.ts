/**
 * A team's webhook endpoints, managed by its admins: the address, the events chosen, the format
 * (signed Standard Webhooks JSON or a Slack incoming webhook) and the signing secret; plus the
 * delivery log, a test event and a retry of a failed delivery. Every command asks the permission
 * table, validates its own typed input and stays in the team.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { teamCommand, teamWrite } from "~/modules/activity/team-write.server";
import { EVENT_TYPE_NAMES } from "~/modules/events/catalog";
import { TEST_EVENT_TYPE, type TestPayload } from "~/modules/events/payload";
import { assertCan, type Actor } from "~/modules/teams/actor";
import { db, type Transaction } from "~/utils/db.server";
import { prefixedId } from "~/utils/ids.server";
import { conflict, invalid, notFound } from "~/utils/errors";
import { idField } from "~/utils/fields";
import { quoted } from "~/utils/quote";
import { webhookUrlProblem } from "./address-guard.server";
import { deliveryBody } from "./queue.server";

export const MAX_ENDPOINTS = 20;
export const DELIVERY_PAGE_SIZE = 50;
const MISSING = "This webhook endpoint no longer exists.";


export const EndpointFields = z.object({
  url: z.string({ error: "Enter the address to send events to." }).trim().min(1, "Enter the address to send events to.").max(2_000, "Keep the address under 2,000 characters."),
  description: z.string().trim().max(200, "Keep the description under 200 characters.").default(""),
  format: z.enum(["STANDARD", "SLACK"], { error: "Choose a format." }),
  events: z.array(z.enum(EVENT_TYPE_NAMES, { error: "Choose events from the list." }), { error: "Choose at least one event." }).min(1, "Choose at least one event.").max(EVENT_TYPE_NAMES.length),
});
const Version = z.coerce.number({ error: "Reload the page and try again." }).int().positive();
const UpdateEndpointInput = EndpointFields.extend({ id: idField, version: Version });
const EndpointRef = z.object({ id: idField, version: Version });
const SetEnabledInput = EndpointRef.extend({ enabled: z.boolean() });

export function newSigningSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

async function checkedUrl(url: string): Promise<string> {
  const problem = await webhookUrlProblem(url);
  if (problem) throw invalid({ url: problem });
  return new URL(url).toString();
}

function describeEndpoint(url: string): string {
  return quoted(new URL(url).host);
}

/**
 * The URL as the activity log keeps it: scheme and host only. Its path and query are often the
 * credential (a Slack incoming webhook's path posts to the channel), and viewers read the log.
 */
function loggedUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname === "/" && !parsed.search ? "" : "/…"}`;
}

export const createWebhookEndpoint = teamCommand({ permission: "webhooks.manage", input: EndpointFields }, async (actor, input) => {
  const url = await checkedUrl(input.url);
  return teamWrite(actor, "webhooks.manage", async (tx, log) => {
    const count = await tx.webhookEndpoint.count({ where: { teamId: actor.team.id } });
    if (count >= MAX_ENDPOINTS) throw invalid({ url: `A team can have up to ${MAX_ENDPOINTS} webhook endpoints. Remove one first.` });
    const endpoint = await tx.webhookEndpoint.create({
      data: { teamId: actor.team.id, url, description: input.description, format: input.format, events: [...new Set(input.events)], secret: newSigningSecret(), createdById: actor.user.id },
      select: { id: true },
    });
    await log({ action: "webhook.created", entityType: "webhook", entityId: endpoint.id, summary: `added a webhook endpoint for ${describeEndpoint(url)}`, after: { url: loggedUrl(url), format: input.format, events: input.events } });
    return endpoint;
  });
});

/** A change made on the version the form was loaded at, or a 409 naming what happened meanwhile. */
async function guarded(tx: Transaction, actor: Actor, ref: { id: string; version: number }) {
  const current = await tx.webhookEndpoint.findFirst({ where: { id: ref.id, teamId: actor.team.id }, select: { id: true, url: true, version: true, enabled: true } });
  if (!current) throw notFound(MISSING);
  if (current.version !== ref.version) throw conflict("Someone changed this endpoint after you opened it. Reload to see their change, then make yours again.");
  return current;
}

export const updateWebhookEndpoint = teamCommand({ permission: "webhooks.manage", input: UpdateEndpointInput }, async (actor, input) => {
  const url = await checkedUrl(input.url);
  return teamWrite(actor, "webhooks.manage", async (tx, log) => {
    await guarded(tx, actor, input);
    const changed = await tx.webhookEndpoint.updateMany({
      where: { id: input.id, teamId: actor.team.id, version: input.version },
      data: { url, description: input.description, format: input.format, events: [...new Set(input.events)], version: { increment: 1 } },
    });
    if (changed.count === 0) throw conflict("Someone changed this endpoint after you opened it. Reload to see their change, then make yours again.");
    await log({ action: "webhook.updated", entityType: "webhook", entityId: input.id, summary: `changed the webhook endpoint for ${describeEndpoint(url)}`, after: { url: loggedUrl(url), format: input.format, events: input.events } });
  });
});

/** Turning an endpoint back on clears its failure count: it gets a fresh start. */
export const setWebhookEnabled = teamCommand({ permission: "webhooks.manage", input: SetEnabledInput }, (actor, input) =>
  teamWrite(actor, "webhooks.manage", async (tx, log) => {
    const current = await guarded(tx, actor, input);
    await tx.webhookEndpoint.update({
      where: { id: input.id },
      data: input.enabled ? { enabled: true, disabledAt: null, disabledBy: null, disabledReason: null, consecutiveFailures: 0, version: { increment: 1 } } : { enabled: false, disabledAt: new Date(), disabledBy: "ADMIN", disabledReason: "Turned off by an admin.", version: { increment: 1 } },
    });
    await log({ action: input.enabled ? "webhook.enabled" : "webhook.disabled", entityType: "webhook", entityId: input.id, summary: `${input.enabled ? "turned on" : "turned off"} the webhook endpoint for ${describeEndpoint(current.url)}` });
  }),
);

/** A new secret signs every delivery from now on, retries of earlier ones included. */
export const rotateWebhookSecret = teamCommand({ permission: "webhooks.manage", input: EndpointRef }, (actor, input) =>
  teamWrite(actor, "webhooks.manage", async (tx, log) => {
    const current = await guarded(tx, actor, input);
    await tx.webhookEndpoint.update({ where: { id: input.id }, data: { secret: newSigningSecret(), version: { increment: 1 } } });
    await log({ action: "webhook.secret_rotated", entityType: "webhook", entityId: input.id, summary: `rotated the signing secret of the webhook endpoint for ${describeEndpoint(current.url)}` });
  }),
);

export const deleteWebhookEndpoint = teamCommand({ permission: "webhooks.manage", input: z.object({ id: idField }) }, (actor, input) =>
  teamWrite(actor, "webhooks.manage", async (tx, log) => {
    const current = await tx.webhookEndpoint.findFirst({ where: { id: input.id, teamId: actor.team.id }, select: { url: true } });
    if (!current) throw notFound(MISSING);
    await tx.webhookEndpoint.delete({ where: { id: input.id } });
    await log({ action: "webhook.deleted", entityType: "webhook", entityId: input.id, summary: `removed the webhook endpoint for ${describeEndpoint(current.url)}` });
  }),
);

/** One test event waits per endpoint at a time; the endpoint's row lock orders two clicks (or a click and a "Send again"). */
async function assertNoTestEventWaiting(tx: Transaction, endpointId: string) {
  await tx.$queryRaw`SELECT id FROM "WebhookEndpoint" WHERE id = ${endpointId} FOR UPDATE`;
  const waiting = await tx.webhookDelivery.count({ where: { endpointId, eventType: TEST_EVENT_TYPE, status: { in: ["QUEUED", "SENDING"] } } });
  if (waiting > 0) throw conflict("A test event is already on its way to this endpoint. Its result shows in the log below within a few seconds; send another after that.");
}

/**
 * Queues a test event for the endpoint (on or off): it is tried once and shows in the log. One at
 * a time per endpoint, so probes cannot pile up in the queue that every team's deliveries share.
 */
export const sendTestEvent = teamCommand({ permission: "webhooks.manage", input: z.object({ id: idField }) }, (actor, input) =>
  teamWrite(actor, "webhooks.manage", async (tx) => {
    const endpoint = await tx.webhookEndpoint.findFirst({ where: { id: input.id, teamId: actor.team.id }, select: { id: true, format: true } });
    if (!endpoint) throw notFound(MISSING);
    await assertNoTestEventWaiting(tx, endpoint.id);
    const team = await tx.team.findUniqueOrThrow({ where: { id: actor.team.id }, select: { slug: true, name: true } });
    const id = prefixedId("msg");
    const payload: TestPayload = {
      type: TEST_EVENT_TYPE,
      timestamp: new Date().toISOString(),
      data: { eventId: id, team, actor: { id: actor.user.id, name: actor.user.name }, summary: `${actor.user.name} sent a test event. Nothing happened in ${team.name}.` },
    };
    await tx.webhookDelivery.create({ data: { id, teamId: actor.team.id, endpointId: endpoint.id, eventId: null, eventType: TEST_EVENT_TYPE, body: deliveryBody(endpoint.format, payload) } });
    return { deliveryId: id };
  }),
);

/**
 * Sends a failed delivery (or one dropped when its endpoint was turned off) again: one more
 * attempt, numbered after the ones before, then the rest of the retry schedule if any is left.
 */
export const retryWebhookDelivery = teamCommand(
  { permission: "webhooks.manage", input: z.object({ endpointId: idField, id: z.string().regex(/^msg_[A-Za-z0-9_-]{1,64}$/, "This delivery no longer exists.") }) },
  (actor, input) =>
    teamWrite(actor, "webhooks.manage", async (tx) => {
      const delivery = await tx.webhookDelivery.findFirst({ where: { id: input.id, endpointId: input.endpointId, teamId: actor.team.id }, select: { status: true, eventType: true } });
      if (!delivery) throw notFound("This delivery no longer exists.");
      if (delivery.eventType === TEST_EVENT_TYPE && delivery.status === "FAILED") await assertNoTestEventWaiting(tx, input.endpointId);
      const retried = await tx.webhookDelivery.updateMany({ where: { id: input.id, status: "FAILED" }, data: { status: "QUEUED", nextAttemptAt: new Date() } });
      if (retried.count === 0) throw conflict("Only a failed delivery can be sent again; this one is queued, sending or delivered.");
    }),
);

export type EndpointSummary = Awaited<ReturnType<typeof listWebhookEndpoints>>[number];

/** The team's endpoints with how their recent deliveries went. */
export async function listWebhookEndpoints(actor: Actor) {
  assertCan(actor, "webhooks.manage");
  const endpoints = await db.webhookEndpoint.findMany({
    where: { teamId: actor.team.id },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, url: true, description: true, format: true, events: true, enabled: true, disabledAt: true, disabledBy: true, disabledReason: true, consecutiveFailures: true, version: true, createdAt: true },
  });
  const last = await db.webhookDelivery.findMany({
    where: { teamId: actor.team.id, endpointId: { in: endpoints.map((endpoint) => endpoint.id) } },
    orderBy: [{ endpointId: "asc" }, { createdAt: "desc" }],
    distinct: ["endpointId"],
    select: { endpointId: true, status: true, attempts: true, nextAttemptAt: true, createdAt: true, eventType: true },
  });
  const lastBy = new Map(last.map((row) => [row.endpointId, row]));
  return endpoints.map((endpoint) => ({ ...endpoint, lastDelivery: lastBy.get(endpoint.id) ?? null }));
}

/** One endpoint with its secret and a page of its delivery log, newest first, each with its attempts. */
export async function webhookEndpointDetail(actor: Actor, id: string, options: { before?: string } = {}) {
  assertCan(actor, "webhooks.manage");
  if (!idField.safeParse(id).success) return null;
  const endpoint = await db.webhookEndpoint.findFirst({
    where: { id, teamId: actor.team.id },
    select: { id: true, url: true, description: true, format: true, events: true, secret: true, enabled: true, disabledAt: true, disabledBy: true, disabledReason: true, consecutiveFailures: true, version: true, createdAt: true },
  });
  if (!endpoint) return null;
  const cursor = options.before ? await db.webhookDelivery.findFirst({ where: { id: options.before, endpointId: id }, select: { createdAt: true, id: true } }) : null;
  const rows = await db.webhookDelivery.findMany({
    where: { endpointId: id, ...(cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: DELIVERY_PAGE_SIZE + 1,
    select: {
      id: true, eventType: true, body: true, status: true, attempts: true, nextAttemptAt: true, deliveredAt: true, createdAt: true,
      attemptLog: { orderBy: { attempt: "asc" }, select: { attempt: true, statusCode: true, message: true, durationMs: true, ok: true, createdAt: true } },
    },
  });
  const deliveries = rows.slice(0, DELIVERY_PAGE_SIZE);
  return { endpoint, deliveries, nextBefore: rows.length > DELIVERY_PAGE_SIZE ? deliveries[deliveries.length - 1].id : null };
}
