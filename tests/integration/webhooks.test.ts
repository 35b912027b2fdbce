/**
 * Outbound webhooks against a real HTTP receiver on 127.0.0.1: signed bodies that the Standard
 * Webhooks verifier accepts and that match their documented schemas, only the events chosen,
 * retries after 5xx with one webhook-id, the delivery log, turning a failing endpoint off (and
 * telling its admins), Slack's format, SSRF refusals, and one delivery per event however many
 * deliverers run. Also: a mention reaches the inbox and the SMTP server, never its author.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { addComment } from "~/modules/comments/comments.server";
import { WEBHOOK_PAYLOADS } from "~/modules/events/payload";
import { addObservations } from "~/modules/evidence/observations.server";
import { deliverDueMessages } from "~/modules/mail/delivery.server";
import { smtpTransport, type MailTransport } from "~/modules/mail/transport.server";
import { forgetOldReadEntries, listInbox, unreadCount } from "~/modules/notifications/inbox.server";
import { deliverDueWebhooks, forgetOldDeliveries, post, startWebhookDelivery } from "~/modules/webhooks/delivery.server";
import { createWebhookEndpoint, sendTestEvent, setWebhookEnabled } from "~/modules/webhooks/endpoints.server";
import { todayDateOnly } from "~/modules/experiments/timebox";
import { db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { actorFor } from "../support/factories";
import { runningRateExperiment } from "../support/loop-factories";
import { startTestInbox, type TestInbox } from "../support/smtp";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

let receiver: WebhookReceiver;
let inbox: TestInbox;
let transport: MailTransport;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  inbox = await startTestInbox();
  transport = smtpTransport(inbox.url);
});
afterAll(async () => {
  transport.close();
  await Promise.all([receiver.close(), inbox.close()]);
});
beforeEach(() => {
  process.env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = "true";
  receiver.received.length = 0;
  receiver.answer([], 200);
});
afterEach(() => delete process.env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES);

const quick = { retryDelaySeconds: () => 0, log: () => undefined };

/** Runs delivery passes until nothing is due (retries are due at once here). */
async function deliverAll(options: Parameters<typeof deliverDueWebhooks>[0] = quick) {
  for (let pass = 0; pass < 30; pass++) if ((await deliverDueWebhooks(options)) === 0) return;
}

async function teamWithEndpoint(events: string[], format: "STANDARD" | "SLACK" = "STANDARD", roles: ("MEMBER" | "ADMIN" | "VIEWER")[] = ["MEMBER"]) {
  const setup = await runningRateExperiment(roles);
  const path = `/hook-${setup.team.slug}`;
  const endpoint = await createWebhookEndpoint(setup.actor, { url: receiver.url(path), description: "", format, events: events as never });
  const { secret } = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id }, select: { secret: true } });
  const hits = () => receiver.received.filter((hook) => hook.path === path);
  return { ...setup, endpoint, secret, path, hits };
}

/** Holds the receiver's answers after the first `answered` while `during` runs, then lets them go and waits for the pass; never leaves answers held. */
async function whileSecondAnswerWaits(pass: Promise<unknown>, during: () => Promise<void>, answered = 1) {
  const release = receiver.holdAfter(answered);
  try {
    await during();
  } finally {
    release();
    await pass;
  }
}

function comment(setup: Awaited<ReturnType<typeof teamWithEndpoint>>, body = "Numbers look steady.") {
  return addComment(setup.actor, { experimentId: setup.experiment.id }, body);
}

describe("signed deliveries", () => {
  it("posts each chosen event once, signed so the package's verifier accepts it, in its documented shape", async () => {
    const setup = await teamWithEndpoint(["comment.added", "verdict.reached"]);
    await comment(setup);
    await deliverAll();
    const [hook] = setup.hits();
    expect(setup.hits()).toHaveLength(1);
    expect(hook.headers["content-type"]).toBe("application/json");
    const verified = new Webhook(setup.secret).verify(hook.body, {
      "webhook-id": String(hook.headers["webhook-id"]),
      "webhook-timestamp": String(hook.headers["webhook-timestamp"]),
      "webhook-signature": String(hook.headers["webhook-signature"]),
    });
    const payload = WEBHOOK_PAYLOADS["comment.added"].parse(verified);
    expect(payload.data).toMatchObject({ team: { slug: setup.team.slug }, actor: { id: setup.owner.id }, subject: { type: "experiment", key: "E-1" }, details: { comment: "Numbers look steady." } });
    expect(String(hook.headers["webhook-id"])).toMatch(/^msg_/);
    // Another secret, or a changed body, fails verification.
    expect(() => new Webhook("whsec_" + Buffer.from("x".repeat(24)).toString("base64")).verify(hook.body, hook.headers as Record<string, string>)).toThrow();
    expect(() => new Webhook(setup.secret).verify(hook.body.replace("steady", "shaky"), hook.headers as Record<string, string>)).toThrow();
    const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: setup.endpoint.id }, include: { attemptLog: true } });
    expect(delivery).toMatchObject({ status: "SENT", attempts: 1 });
    expect(delivery.attemptLog).toEqual([expect.objectContaining({ attempt: 1, statusCode: 200, ok: true })]);
  });

  it("delivers nothing for events the endpoint did not choose, nor another team's", async () => {
    const chosen = await teamWithEndpoint(["experiment.concluded"]);
    const other = await teamWithEndpoint(["comment.added"]);
    await comment(chosen);
    await deliverAll();
    expect(chosen.hits()).toHaveLength(0);
    expect(other.hits()).toHaveLength(0);
    expect(await db.webhookDelivery.count({ where: { endpointId: { in: [chosen.endpoint.id, other.endpoint.id] } } })).toBe(0);
  });

  it("announces a verdict once, when the evidence first meets the criterion", async () => {
    const setup = await teamWithEndpoint(["verdict.reached", "evidence.imported"]);
    const today = todayDateOnly();
    await addObservations(setup.actor, { experimentId: setup.experiment.id, via: "api", today, rows: [{ observedOn: today, successes: 60, trials: 200 }] });
    await addObservations(setup.actor, { experimentId: setup.experiment.id, via: "api", today, rows: [{ observedOn: today, successes: 30, trials: 100 }] });
    await addObservations(setup.actor, { experimentId: setup.experiment.id, via: "csv", today, rows: [{ observedOn: today, successes: 3, trials: 10 }] });
    await deliverAll();
    const bodies = setup.hits().map((hook) => JSON.parse(hook.body));
    // An integration's first import of the day is news, the next one that day is not; every file is.
    const imported = bodies.filter((body) => body.type === "evidence.imported");
    expect(imported.map((body) => body.data.details)).toEqual([
      { count: 1, via: "api" },
      { count: 1, via: "csv" },
    ]);
    expect(imported[0].data.summary).toMatch(/imported 1 observation on E-1 through the API, the first import today$/);
    expect(bodies.filter((body) => body.type === "verdict.reached")).toHaveLength(1);
    const verdict = bodies.find((body) => body.type === "verdict.reached");
    expect(verdict.data.details).toMatchObject({ verdict: "met", observations: 1 });
    expect(await db.experiment.findUniqueOrThrow({ where: { id: setup.experiment.id }, select: { announcedVerdict: true } })).toEqual({ announcedVerdict: "MET" });
  });
});

describe("retries and the delivery log", () => {
  it("retries after 500s with the same webhook-id, logging every attempt", async () => {
    const setup = await teamWithEndpoint(["comment.added"]);
    receiver.answer([500, 503], 200);
    await comment(setup);
    await deliverAll();
    const hits = setup.hits();
    expect(hits).toHaveLength(3);
    expect(new Set(hits.map((hook) => hook.headers["webhook-id"])).size).toBe(1);
    const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: setup.endpoint.id }, include: { attemptLog: { orderBy: { attempt: "asc" } } } });
    expect(delivery.status).toBe("SENT");
    expect(delivery.attemptLog.map((attempt) => [attempt.attempt, attempt.statusCode, attempt.ok])).toEqual([
      [1, 500, false],
      [2, 503, false],
      [3, 200, true],
    ]);
    expect(delivery.attemptLog[0].message).toContain("receiver says 500");
    expect(delivery.attemptLog.every((attempt) => attempt.durationMs >= 0)).toBe(true);
    // A success clears the failure count.
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: setup.endpoint.id } })).consecutiveFailures).toBe(0);
  });

  it("waits before a retry when no delay is forced", async () => {
    const setup = await teamWithEndpoint(["comment.added"]);
    receiver.answer([500]);
    await comment(setup);
    await deliverDueWebhooks({ log: () => undefined });
    expect(await deliverDueWebhooks({ log: () => undefined })).toBe(0);
    const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: setup.endpoint.id } });
    expect(delivery.status).toBe("QUEUED");
    expect(delivery.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
  });

  it("fails a delivery whose attempt fails after another turned its endpoint off, rather than leaving it queued", async () => {
    const setup = await teamWithEndpoint(["comment.added"]);
    receiver.answer([], 500);
    await comment(setup, "first");
    await comment(setup, "second");
    // One pass posts both: the first answer turns the endpoint off while the second is still in flight.
    await whileSecondAnswerWaits(deliverDueWebhooks({ ...quick, disableAfter: 1 }), async () => {
      await vi.waitFor(async () => expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: setup.endpoint.id } })).enabled).toBe(false), { timeout: 20_000, interval: 25 });
    });
    expect(setup.hits()).toHaveLength(2);
    const deliveries = await db.webhookDelivery.findMany({ where: { endpointId: setup.endpoint.id }, select: { status: true } });
    expect(deliveries.map((delivery) => delivery.status)).toEqual(["FAILED", "FAILED"]);
  });

  it("keeps a delivery whose attempt fails while an admin has the endpoint paused queued for when it is turned on", async () => {
    const setup = await teamWithEndpoint(["comment.added"]);
    receiver.answer([], 500);
    await comment(setup, "first");
    const pass = deliverDueWebhooks(quick);
    await whileSecondAnswerWaits(pass, async () => {
      await vi.waitFor(() => expect(setup.hits()).toHaveLength(1), { timeout: 20_000, interval: 25 });
      await setWebhookEnabled(setup.actor, { id: setup.endpoint.id, version: 1, enabled: false });
    }, 0);
    const [delivery] = await db.webhookDelivery.findMany({ where: { endpointId: setup.endpoint.id }, select: { status: true } });
    expect(delivery.status).toBe("QUEUED");
    // Turned on again, it goes.
    receiver.answer([], 200);
    await setWebhookEnabled(setup.actor, { id: setup.endpoint.id, version: 2, enabled: true });
    await deliverAll();
    expect(await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: setup.endpoint.id } })).toMatchObject({ status: "SENT" });
  });

  it("tries a test event once, and queues one test event per endpoint at a time", async () => {
    const setup = await teamWithEndpoint(["comment.added"]);
    receiver.answer([], 500);
    await sendTestEvent(setup.actor, { id: setup.endpoint.id });
    const second = await sendTestEvent(setup.actor, { id: setup.endpoint.id }).catch((caught: unknown) => caught);
    expect(second).toBeInstanceOf(AppError);
    expect((second as AppError).status).toBe(409);
    expect((second as AppError).message).toMatch(/already on its way/);
    await deliverAll();
    expect(setup.hits()).toHaveLength(1);
    const [probe] = await db.webhookDelivery.findMany({ where: { endpointId: setup.endpoint.id }, include: { attemptLog: true } });
    expect(probe).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(probe.attemptLog).toHaveLength(1);
    // A probe's failure does not count towards turning the endpoint off; once it is settled, another may go.
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: setup.endpoint.id } })).consecutiveFailures).toBe(0);
    await sendTestEvent(setup.actor, { id: setup.endpoint.id });
    expect(await db.webhookDelivery.count({ where: { endpointId: setup.endpoint.id } })).toBe(2);
  });

  it("turns an endpoint off after repeated failures, drops what waited for it, and emails its admins", async () => {
    const setup = await teamWithEndpoint(["comment.added"], "STANDARD", ["ADMIN", "MEMBER"]);
    const [admin, member] = setup.members;
    receiver.answer([], 500);
    await comment(setup, "first");
    await comment(setup, "second");
    await deliverAll({ ...quick, disableAfter: 3 });
    const endpoint = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: setup.endpoint.id } });
    expect(endpoint.enabled).toBe(false);
    expect(endpoint.disabledBy).toBe("FAILURES");
    expect(endpoint.disabledReason).toMatch(/3 failed attempts in a row/);
    // Both deliveries are posted in each pass, so one attempt may already be under way at the third failure.
    expect(setup.hits().length).toBeGreaterThanOrEqual(3);
    expect(setup.hits().length).toBeLessThanOrEqual(4);
    const afterOff = setup.hits().length;
    await deliverAll({ ...quick, disableAfter: 3 });
    expect(setup.hits()).toHaveLength(afterOff);
    expect(await db.webhookDelivery.count({ where: { endpointId: setup.endpoint.id, status: { not: "FAILED" } } })).toBe(0);
    const told = await db.outboxMessage.findMany({ where: { kind: "webhook_disabled", teamId: setup.team.id }, select: { toAddress: true } });
    expect(told.map((message) => message.toAddress).sort()).toEqual([admin.email, setup.owner.email].sort());
    expect(told.map((message) => message.toAddress)).not.toContain(member.email);
    // While it is off, new events are not queued for it; a test event still goes, and does not count.
    await comment(setup, "third");
    expect(await db.webhookDelivery.count({ where: { endpointId: setup.endpoint.id } })).toBe(2);
    receiver.answer([], 200);
    await sendTestEvent(setup.actor, { id: setup.endpoint.id });
    await deliverAll();
    expect(JSON.parse(setup.hits().at(-1)!.body).type).toBe("webhook.test");
    // Turned back on, it starts afresh.
    await setWebhookEnabled(setup.actor, { id: endpoint.id, version: endpoint.version, enabled: true });
    await comment(setup, "fourth");
    await deliverAll();
    expect(JSON.parse(setup.hits().at(-1)!.body).data.details.comment).toBe("fourth");
  });
});

describe("Slack endpoints", () => {
  it("get the event as a compact Slack message with a link back and the people named", async () => {
    const setup = await teamWithEndpoint(["mention"], "SLACK", ["MEMBER"]);
    const [member] = setup.members;
    await comment(setup, `@${member.name} can you check <the> refunds & fees?`);
    await deliverAll();
    const [hook] = setup.hits();
    const message = JSON.parse(hook.body);
    expect(message.text).toContain(`mentioned ${member.name} on E-1`);
    const section = message.blocks[0].text.text as string;
    expect(section).toMatch(new RegExp(`^\\*<http[^|>]+/t/${setup.team.slug}/experiments/E-1#comments\\|E-1 · Fake door>\\*`));
    expect(section).toContain("&lt;the&gt; refunds &amp; fees");
    expect(message.blocks[1].elements[0].text).toContain(`Mentioned: ${member.name}`);
  });

  it("escape a title in the notification text too, so it cannot ping the channel or disguise a link", async () => {
    const setup = await teamWithEndpoint(["comment.added"], "SLACK");
    await db.experiment.update({ where: { id: setup.experiment.id }, data: { title: "<!here> <https://evil.example|Reset password> & more" } });
    await comment(setup);
    await deliverAll();
    const message = JSON.parse(setup.hits()[0].body);
    expect(message.text).toContain("&lt;!here&gt; &lt;https://evil.example|Reset password&gt; &amp; more");
    expect(message.text).not.toContain("<!here>");
    expect(JSON.stringify(message.blocks)).not.toContain("<!here>");
  });
});

describe("addresses Evident will not post to", () => {
  const refused = ["http://127.0.0.1:9/hook", "http://10.0.0.1/hook", "http://169.254.169.254/latest/meta-data", "http://[::1]:8080/hook", "http://localhost:9/hook"];

  it.each(refused)("refuses to save %s unless the operator allows private addresses", async (url) => {
    delete process.env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES;
    const setup = await runningRateExperiment();
    const error = await createWebhookEndpoint(setup.actor, { url, description: "", format: "STANDARD", events: ["comment.added"] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    expect(JSON.stringify((error as AppError).details ?? error)).toMatch(/private, loopback or link-local/);
    expect(await db.webhookEndpoint.count({ where: { teamId: setup.team.id } })).toBe(0);
  });

  it("refuses at delivery time too: an endpoint saved while allowed is not posted to once it is not", async () => {
    const setup = await teamWithEndpoint(["comment.added"]);
    await comment(setup);
    delete process.env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES;
    await deliverDueWebhooks({ ...quick });
    expect(setup.hits()).toHaveLength(0);
    const attempt = await db.webhookAttempt.findFirstOrThrow({ where: { delivery: { endpointId: setup.endpoint.id } } });
    expect(attempt).toMatchObject({ ok: false, statusCode: null });
    expect(attempt.message).toMatch(/private, loopback or link-local/);
  });

  it("refuses a host name that resolves to loopback at delivery time (the socket's own lookup)", async () => {
    const setup = await teamWithEndpoint(["comment.added"]);
    const port = new URL(receiver.url()).port;
    await db.webhookEndpoint.update({ where: { id: setup.endpoint.id }, data: { url: `http://localhost:${port}${setup.path}` } });
    await comment(setup);
    delete process.env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES;
    await deliverDueWebhooks({ ...quick });
    expect(setup.hits()).toHaveLength(0);
    const attempt = await db.webhookAttempt.findFirstOrThrow({ where: { delivery: { endpointId: setup.endpoint.id } } });
    expect(attempt.message).toMatch(/localhost resolves to .* private, loopback or link-local/);
  });
});

describe("several deliverers", () => {
  it("deliver each event once, however many run at the same time", async () => {
    const setup = await teamWithEndpoint(["comment.added"]);
    for (let i = 0; i < 25; i++) await comment(setup, `comment ${i}`);
    await Promise.all([deliverAll(), deliverAll(), deliverAll(), deliverAll()]);
    const ids = setup.hits().map((hook) => hook.headers["webhook-id"]);
    expect(ids).toHaveLength(25);
    expect(new Set(ids).size).toBe(25);
  });
});

describe("sharing the deliverers", () => {
  it("takes a few of one endpoint's deliveries per pass, so another team's event is not stuck behind a backlog", async () => {
    const busy = await teamWithEndpoint(["comment.added"]);
    for (let i = 0; i < 12; i++) await comment(busy, `backlog ${i}`);
    const quiet = await teamWithEndpoint(["comment.added"]);
    await comment(quiet, "just one");
    await deliverDueWebhooks(quick);
    expect(quiet.hits()).toHaveLength(1);
    expect(busy.hits()).toHaveLength(3);
    await deliverAll();
    expect(busy.hits()).toHaveLength(12);
  });

  it("keeps delivering other endpoints' events while one receiver is slow to answer", async () => {
    const slow = await teamWithEndpoint(["comment.added"]);
    const fast = await teamWithEndpoint(["comment.added"]);
    const release = receiver.holdAfter(0, slow.path);
    const loop = startWebhookDelivery({ intervalMs: 50, log: () => undefined });
    try {
      await comment(slow, "for the slow receiver");
      await vi.waitFor(() => expect(slow.hits()).toHaveLength(1), { timeout: 20_000, interval: 25 });
      // The slow post is still in flight: an event that arrives now is claimed and posted beside it.
      await comment(fast, "for the quick one");
      await vi.waitFor(() => expect(fast.hits()).toHaveLength(1), { timeout: 20_000, interval: 25 });
      expect(await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: slow.endpoint.id } })).toMatchObject({ status: "SENDING" });
    } finally {
      release();
      await loop.stop();
    }
    expect(await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: slow.endpoint.id } })).toMatchObject({ status: "SENT" });
  });

  it("gives a receiver that answers a byte at a time one deadline for the whole answer, and logs it as failed", async () => {
    const dribbler = http.createServer((_request, response) => {
      response.writeHead(200, { "content-type": "text/plain" });
      let sent = 0;
      const drip = setInterval(() => {
        if (response.destroyed || sent++ >= 40) {
          clearInterval(drip);
          response.end();
          return;
        }
        response.write(".");
      }, 100);
    });
    await new Promise<void>((resolve) => dribbler.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = dribbler.address() as AddressInfo;
      // 40 drips at 100 ms: never idle for long, but four seconds in all; the deadline is two seconds.
      const result = await post(`http://127.0.0.1:${port}/slow`, {}, "{}", 2_000);
      expect(result.ok).toBe(false);
      // An answer cut off is no answer: the log does not show it as HTTP 200.
      expect(result.statusCode).toBeNull();
      expect(result.message).toBe("No complete answer within 2 seconds (it had begun with HTTP 200).");
    } finally {
      dribbler.closeAllConnections();
      await new Promise((resolve) => dribbler.close(resolve));
    }
  });
});

describe("retention", () => {
  it("forgets settled deliveries after 30 days and read inbox entries after 90, never what waits or is unread", async () => {
    const setup = await teamWithEndpoint(["comment.added"], "STANDARD", ["MEMBER"]);
    const [watcher] = setup.members;
    // The member comments first, so it watches the experiment and hears of the owner's three comments.
    await addComment(actorFor(watcher, setup.team, "MEMBER"), { experimentId: setup.experiment.id }, "Watching this one.");
    await comment(setup, "old news");
    await comment(setup, "fresh news");
    await comment(setup, "still waiting");
    const deliveries = await db.webhookDelivery.findMany({ where: { endpointId: setup.endpoint.id }, orderBy: { createdAt: "asc" }, select: { id: true } });
    expect(deliveries).toHaveLength(4);
    const [first, old, fresh, waiting] = deliveries.map((delivery) => delivery.id);
    const now = new Date();
    const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
    await db.webhookDelivery.update({ where: { id: first }, data: { status: "FAILED", updatedAt: daysAgo(31) } });
    await db.webhookDelivery.update({ where: { id: old }, data: { status: "SENT", updatedAt: daysAgo(31) } });
    await db.webhookDelivery.update({ where: { id: fresh }, data: { status: "SENT", updatedAt: daysAgo(29) } });
    await db.webhookDelivery.update({ where: { id: waiting }, data: { status: "QUEUED", updatedAt: daysAgo(60) } });
    await db.webhookAttempt.create({ data: { deliveryId: old, attempt: 1, statusCode: 200, message: "ok", durationMs: 5, ok: true } });

    const entries = await db.notification.findMany({ where: { userId: watcher.id, teamId: setup.team.id }, orderBy: { createdAt: "asc" }, select: { id: true } });
    expect(entries).toHaveLength(3);
    const [readLongAgo, readLately, unread] = entries.map((entry) => entry.id);
    await db.notification.update({ where: { id: readLongAgo }, data: { readAt: daysAgo(91), createdAt: daysAgo(120) } });
    await db.notification.update({ where: { id: readLately }, data: { readAt: daysAgo(89), createdAt: daysAgo(120) } });
    await db.notification.update({ where: { id: unread }, data: { createdAt: daysAgo(400) } });

    const [forgotten, forgottenEntries] = await Promise.all([forgetOldDeliveries(now), forgetOldReadEntries(now)]);
    expect(forgotten).toBeGreaterThanOrEqual(2);
    expect(forgottenEntries).toBeGreaterThanOrEqual(1);
    expect((await db.webhookDelivery.findMany({ where: { endpointId: setup.endpoint.id }, select: { id: true } })).map((row) => row.id).sort()).toEqual([fresh, waiting].sort());
    expect(await db.webhookAttempt.count({ where: { deliveryId: old } })).toBe(0);
    expect((await db.notification.findMany({ where: { userId: watcher.id, teamId: setup.team.id }, select: { id: true } })).map((row) => row.id).sort()).toEqual([readLately, unread].sort());
  });
});

describe("the activity log", () => {
  it("keeps an endpoint's scheme and host, never the path or query that may be its credential", async () => {
    const setup = await runningRateExperiment();
    const endpoint = await createWebhookEndpoint(setup.actor, { url: receiver.url("/services/T000/B000/secretpart?token=abc"), description: "", format: "SLACK", events: ["comment.added"] });
    const logged = await db.activityEvent.findMany({ where: { teamId: setup.team.id, entityId: endpoint.id } });
    expect(logged).toHaveLength(1);
    const text = JSON.stringify(logged);
    expect(text).not.toContain("secretpart");
    expect(text).not.toContain("token=abc");
    expect((logged[0].after as { url: string }).url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/…$/);
  });
});

describe("mentions", () => {
  it("reach the mentioned person's inbox and mailbox, never the author's", async () => {
    const setup = await teamWithEndpoint(["mention"], "STANDARD", ["MEMBER", "MEMBER"]);
    const [mentioned, bystander] = setup.members;
    await comment(setup, `@${mentioned.name} please look at the refunds [here](https://evil.example/login)`);
    const mentionedInbox = await listInbox(actorFor(mentioned, setup.team, "MEMBER"));
    expect(mentionedInbox.entries).toEqual([expect.objectContaining({ type: "mention", reason: "mention", comment: `@${mentioned.name} please look at the refunds [here](https://evil.example/login)` })]);
    expect(await unreadCount(actorFor(mentioned, setup.team, "MEMBER"))).toBe(1);
    expect((await listInbox(setup.actor)).entries).toHaveLength(0);
    expect((await listInbox(actorFor(bystander, setup.team, "MEMBER"))).entries).toHaveLength(0);
    await deliverDueMessages({ transport, from: "Evident <evident@example.com>", log: () => undefined });
    const mail = await inbox.waitFor((received) => received.to === mentioned.email && (received.subject ?? "").includes("mentioned"));
    expect(mail.text).toContain("please look at the refunds");
    // The comment is quoted as typed, as the app shows it: Markdown makes no link in the email.
    expect(mail.html).toContain("[here](https://evil.example/login)");
    expect(mail.html).not.toMatch(/href="https:\/\/evil\.example/);
    expect(inbox.received.filter((received) => received.to === setup.owner.email)).toHaveLength(0);
    // The author mentioning themself is not news to them either.
    await comment(setup, `@${setup.owner.name} note to self`);
    expect((await listInbox(setup.actor)).entries).toHaveLength(0);
  });
});
