/**
 * Webhook delivery: each app process claims due deliveries with `FOR UPDATE SKIP LOCKED` (so two
 * processes never post the same one), signs each with its endpoint's secret by the Standard
 * Webhooks scheme, posts it, and logs the attempt — status, answer, duration. A failure is retried
 * with backoff; an endpoint whose attempts keep failing is turned off and its admins are emailed.
 * The claim is a lease: a process that dies mid-post leaves the delivery to be claimed again, so a
 * receiver may see one delivery twice, with the same webhook-id.
 */
import http from "node:http";
import https from "node:https";
import { Webhook } from "standardwebhooks";
import { webhookDisabledEmail } from "~/modules/mail/messages";
import { enqueueEmail } from "~/modules/mail/outbox.server";
import { reachableMembers } from "~/modules/mail/recipients.server";
import { rolesWith } from "~/modules/teams/permissions";
import { db, deleteInBatches, type Transaction } from "~/utils/db.server";
import { TEST_EVENT_TYPE } from "~/modules/events/payload";
import { configuredOrigin } from "~/utils/origin.server";
import type { OutboxLoop } from "~/utils/outbox-loop.server";
import { assertDeliverableHost, guardedLookup } from "./address-guard.server";

/** Attempts per delivery: the first, then retries after 5 s, 5 min, 30 min, 2 h, 5 h and 10 h. */
export const RETRY_DELAYS_SECONDS = [5, 300, 1_800, 7_200, 18_000, 36_000];
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;
/** Failed attempts in a row (across deliveries) after which an endpoint is turned off: about a day of failing. */
export const DISABLE_AFTER_FAILURES = 15;
const TIMEOUT_MS = 10_000;
/** The delivery log keeps settled deliveries (sent or failed) this long; waiting ones stay until settled. */
export const DELIVERY_LOG_DAYS = 30;
const CLAIM_SECONDS = 120;
const BATCH = 10;
/** Deliveries of one endpoint in one claim. */
const PER_ENDPOINT = 3;
/** How much of a receiver's answer the log keeps. */
const ANSWER_CHARS = 500;

type Claimed = { id: string; endpointId: string; teamId: string; eventType: string; body: string; attempts: number; url: string; secret: string; createdAt: Date };

async function claimDue(limit = BATCH): Promise<Claimed[]> {
  // Fair shares: each endpoint offers at most PER_ENDPOINT of its oldest due deliveries (an index
  // probe per endpoint, never a scan of a backlog), and the oldest of those offers are taken. An
  // endpoint with a backlog or a slow receiver cannot fill every claim while other teams wait.
  // The conditions are checked again on each row as it is locked, so a row another process
  // claimed meanwhile is skipped, never claimed twice.
  // A test event goes to an endpoint that is off too: that is how a fixed endpoint is tried before turning it back on.
  return db.$queryRaw<Claimed[]>`
    UPDATE "WebhookDelivery" d
       SET status = 'SENDING', attempts = d.attempts + 1, "updatedAt" = timezone('UTC', now()),
           "claimedUntil" = timezone('UTC', now()) + make_interval(secs => ${CLAIM_SECONDS})
      FROM (SELECT w.id FROM "WebhookDelivery" w
             WHERE w.id IN (
                     SELECT offer.id FROM "WebhookEndpoint" e
                     CROSS JOIN LATERAL (
                       (SELECT c.id, c."nextAttemptAt" FROM "WebhookDelivery" c
                         WHERE c."endpointId" = e.id AND c.status = 'QUEUED' AND c."nextAttemptAt" <= timezone('UTC', now())
                           AND (e.enabled OR c."eventId" IS NULL)
                         ORDER BY c."nextAttemptAt" LIMIT ${PER_ENDPOINT})
                       UNION ALL
                       (SELECT c.id, c."nextAttemptAt" FROM "WebhookDelivery" c
                         WHERE c."endpointId" = e.id AND c.status = 'SENDING' AND c."claimedUntil" < timezone('UTC', now())
                           AND (e.enabled OR c."eventId" IS NULL)
                         ORDER BY c."nextAttemptAt" LIMIT ${PER_ENDPOINT})) offer
                     ORDER BY offer."nextAttemptAt" LIMIT ${limit})
               AND ((w.status = 'QUEUED' AND w."nextAttemptAt" <= timezone('UTC', now()))
                 OR (w.status = 'SENDING' AND w."claimedUntil" < timezone('UTC', now())))
             FOR UPDATE OF w SKIP LOCKED) picked, "WebhookEndpoint" e
     WHERE d.id = picked.id AND e.id = d."endpointId"
 RETURNING d.id, d."endpointId", d."teamId", d."eventType", d.body, d.attempts, e.url, e.secret, d."createdAt"`;
}

export type AttemptResult = { ok: boolean; statusCode: number | null; message: string; durationMs: number };

/** The Standard Webhooks headers for one body. */
export function signedHeaders(secret: string, id: string, body: string, at = new Date()): Record<string, string> {
  return {
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(id, at, body),
  };
}

/**
 * Posts one body; never throws — every outcome is an attempt to log. One deadline covers the whole
 * exchange (lookup, connect, headers, body): a receiver that answers a byte at a time cannot hold
 * a deliverer, and with it every other team's deliveries, for longer than that.
 */
export function post(urlText: string, headers: Record<string, string>, body: string, timeoutMs = TIMEOUT_MS): Promise<AttemptResult> {
  const started = performance.now();
  const finish = (ok: boolean, statusCode: number | null, message: string): AttemptResult => ({ ok, statusCode, message: message.slice(0, ANSWER_CHARS), durationMs: Math.round(performance.now() - started) });
  return new Promise((resolve) => {
    let settled = false;
    let deadline: NodeJS.Timeout | undefined;
    const settle = (result: AttemptResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(result);
    };
    let url: URL;
    try {
      url = new URL(urlText);
      assertDeliverableHost(url);
    } catch (error) {
      return settle(finish(false, null, error instanceof Error ? error.message : String(error)));
    }
    const client = url.protocol === "https:" ? https : http;
    let statusCode: number | null = null;
    const request = client.request(
      url,
      {
        method: "POST",
        lookup: guardedLookup,
        headers: { "content-type": "application/json", "user-agent": "Evident-Webhooks/1", "content-length": Buffer.byteLength(body), ...headers },
      },
      (response) => {
        statusCode = response.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          if (size < ANSWER_CHARS * 4) chunks.push(chunk);
          size += chunk.length;
          // A receiver that streams forever is cut off: its status is what counts.
          if (size > 64 * 1024) response.destroy();
        });
        const done = () => {
          const status = response.statusCode ?? 0;
          const answer = Buffer.concat(chunks).toString("utf8").replace(/\s+/g, " ").trim();
          const ok = status >= 200 && status < 300;
          const redirect = status >= 300 && status < 400 ? `Redirects are not followed (to ${response.headers.location ?? "nowhere"}). ` : "";
          settle(finish(ok, status, `${redirect}${answer}`));
        };
        response.on("end", done);
        response.on("close", done);
        response.on("error", done);
      },
    );
    deadline = setTimeout(() => {
      const started = statusCode === null ? "" : ` (it had begun with HTTP ${statusCode})`;
      settle(finish(false, null, `No complete answer within ${timeoutMs / 1000} seconds${started}.`));
      request.destroy();
    }, timeoutMs);
    request.on("error", (error) => settle(finish(false, statusCode, error.message)));
    request.end(body);
  });
}

export type WebhookDeliveryOptions = {
  /** Seconds to wait before retry n (1-based); tests pass () => 0. */
  retryDelaySeconds?: (attempt: number) => number;
  disableAfter?: number;
  log?: (line: string) => void;
};

/**
 * Logs an attempt and settles the delivery in one transaction that first locks its endpoint row, so
 * it is ordered against turning the endpoint off: a failure that lands after another delivery
 * turned the endpoint off is failed too, never left queued for an endpoint that will not be tried.
 */
async function record(delivery: Claimed, result: AttemptResult, options: WebhookDeliveryOptions) {
  // A test event is a probe: its failures do not count towards turning the endpoint off, nor does an endpoint that is off end it.
  const probe = delivery.eventType === TEST_EVENT_TYPE;
  // A delivery sent again by hand gets one more attempt past the schedule, numbered after the rest.
  // A probe is tried once: its log line is the answer the admin asked for, and retries would only queue up.
  const lastAttempt = probe || delivery.attempts >= MAX_ATTEMPTS;
  const delay = options.retryDelaySeconds?.(delivery.attempts) ?? RETRY_DELAYS_SECONDS[delivery.attempts - 1] ?? 0;
  const limit = options.disableAfter ?? DISABLE_AFTER_FAILURES;
  await db.$transaction(async (tx) => {
    const [endpoint] = result.ok
      ? await tx.$queryRaw<EndpointCount[]>`
          UPDATE "WebhookEndpoint" SET "consecutiveFailures" = 0 WHERE id = ${delivery.endpointId} RETURNING "consecutiveFailures", enabled, "disabledBy"::text AS "disabledBy"`
      : probe
        ? await tx.$queryRaw<EndpointCount[]>`SELECT "consecutiveFailures", enabled, "disabledBy"::text AS "disabledBy" FROM "WebhookEndpoint" WHERE id = ${delivery.endpointId} FOR UPDATE`
        : await tx.$queryRaw<EndpointCount[]>`
          UPDATE "WebhookEndpoint" SET "consecutiveFailures" = "consecutiveFailures" + 1 WHERE id = ${delivery.endpointId} RETURNING "consecutiveFailures", enabled, "disabledBy"::text AS "disabledBy"`;
    // Removed meanwhile: its deliveries went with it, and there is nothing to record.
    if (!endpoint) return;
    // Turned off for failing, what is left will not be sent; paused by an admin, it waits to be turned on again.
    const endpointGaveUp = !probe && !endpoint.enabled && endpoint.disabledBy === "FAILURES";
    await tx.webhookAttempt.create({ data: { deliveryId: delivery.id, attempt: delivery.attempts, statusCode: result.statusCode, message: result.message, durationMs: result.durationMs, ok: result.ok } });
    await tx.webhookDelivery.updateMany({
      where: { id: delivery.id, status: "SENDING" },
      data: result.ok
        ? { status: "SENT", deliveredAt: new Date(), claimedUntil: null }
        : lastAttempt || endpointGaveUp
          ? { status: "FAILED", claimedUntil: null }
          : { status: "QUEUED", claimedUntil: null, nextAttemptAt: new Date(Date.now() + delay * 1_000) },
    });
    if (!result.ok && !probe && endpoint.enabled && endpoint.consecutiveFailures >= limit) await turnOff(tx, delivery, result, endpoint.consecutiveFailures);
  });
}

type EndpointCount = { consecutiveFailures: number; enabled: boolean; disabledBy: "ADMIN" | "FAILURES" | null };

/** Turns a failing endpoint off (the caller holds its row lock, so this happens once) and tells its admins. */
async function turnOff(tx: Transaction, delivery: Claimed, result: AttemptResult, failures: number) {
  const reason = `Turned off after ${failures} failed attempts in a row. Last: ${result.statusCode ? `HTTP ${result.statusCode}` : result.message}`.slice(0, 500);
  const disabledAt = new Date();
  await tx.webhookEndpoint.update({ where: { id: delivery.endpointId }, data: { enabled: false, disabledAt, disabledBy: "FAILURES", disabledReason: reason, version: { increment: 1 } } });
  // What was waiting for it will not be sent: the log says so rather than showing it queued forever.
  await tx.webhookDelivery.updateMany({ where: { endpointId: delivery.endpointId, status: "QUEUED", eventId: { not: null } }, data: { status: "FAILED" } });
  const team = await tx.team.findUniqueOrThrow({ where: { id: delivery.teamId }, select: { slug: true, name: true } });
  const admins = (await reachableMembers([delivery.teamId], rolesWith("webhooks.manage"), tx)).get(delivery.teamId)?.values() ?? [];
  const origin = configuredOrigin();
  for (const admin of admins) {
    await enqueueEmail(tx, {
      kind: "webhook_disabled",
      to: { address: admin.email, name: admin.name, userId: admin.id },
      teamId: delivery.teamId,
      origin,
      dedupeKey: `webhook_disabled:${delivery.endpointId}:${disabledAt.toISOString()}:${admin.id}`,
      content: ({ unsubscribeUrl }) =>
        webhookDisabledEmail({ team: team.name, url: delivery.url, failures, lastError: result.statusCode ? `HTTP ${result.statusCode} ${result.message}`.trim() : result.message, settingsUrl: `${origin}/t/${team.slug}/settings/webhooks/${delivery.endpointId}`, unsubscribeUrl }),
    });
  }
}

/** The server log names the receiver's host only: a webhook URL's path can be its credential. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "an invalid address";
  }
}

/** Posts one claimed delivery and records the attempt. */
async function deliver(delivery: Claimed, options: WebhookDeliveryOptions) {
  const result = await post(delivery.url, signedHeaders(delivery.secret, delivery.id, delivery.body), delivery.body);
  await record(delivery, result, options);
  if (!result.ok) options.log?.(`webhooks: attempt ${delivery.attempts} of ${delivery.eventType} to ${hostOf(delivery.url)} failed: ${result.statusCode ?? result.message}`);
}

/** Claims and posts what is due now, and waits for every post; returns how many were claimed. One pass, for tests and the CLI. */
export async function deliverDueWebhooks(options: WebhookDeliveryOptions = {}): Promise<number> {
  const claimed = await claimDue();
  await Promise.all(claimed.map((delivery) => deliver(delivery, options)));
  return claimed.length;
}

/** Forgets deliveries settled more than DELIVERY_LOG_DAYS ago, with their attempts; safe in every process at once. */
export function forgetOldDeliveries(now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - DELIVERY_LOG_DAYS * 86_400_000);
  return deleteInBatches(
    (batch) => db.$executeRaw`
      DELETE FROM "WebhookDelivery" WHERE id IN (
        SELECT id FROM "WebhookDelivery" WHERE status IN ('SENT', 'FAILED') AND "updatedAt" < ${cutoff} LIMIT ${batch} FOR UPDATE SKIP LOCKED)`,
  );
}

/**
 * Keeps up to BATCH posts in flight in this process. A slot freed by a finished post is filled at
 * once, so a slow receiver holds one slot for its 10 seconds, not every other delivery behind it.
 * Claims happen every `intervalMs` too (at once again while they find work), and pause longer
 * while the database is away. Stopping waits for the posts in flight.
 */
export function startWebhookDelivery(options: WebhookDeliveryOptions & { intervalMs?: number } = {}): OutboxLoop {
  const interval = options.intervalMs ?? 1_000;
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let filling: Promise<void> | undefined;
  const schedule = (delay: number) => {
    clearTimeout(timer);
    if (stopped) return;
    timer = setTimeout(fill, delay);
    timer.unref();
  };
  const claimAndPost = async () => {
    let next = interval;
    try {
      const free = BATCH - inFlight.size;
      const claimed = free > 0 ? await claimDue(free) : [];
      for (const delivery of claimed) {
        const running: Promise<void> = deliver(delivery, options)
          .catch((error: unknown) => options.log?.(`webhooks: recording an attempt failed, it is retried after its lease: ${error instanceof Error ? error.message : String(error)}`))
          .finally(() => {
            inFlight.delete(running);
            fill();
          });
        inFlight.add(running);
      }
      if (claimed.length > 0 && inFlight.size < BATCH) next = 0;
    } catch {
      // The database is away or busy: claim again later; requests report the outage.
      next = interval * 5;
    }
    schedule(next);
  };
  function fill() {
    if (stopped || filling) return;
    filling = claimAndPost().finally(() => (filling = undefined));
  }
  schedule(0);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await filling;
      await Promise.all(inFlight);
    },
  };
}
