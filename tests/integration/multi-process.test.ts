/**
 * Several app processes behind a load balancer, one database: every limit counts across all of
 * them, and a write sent twice happens once. Two real server processes (server/main.ts) share this
 * file's database; requests alternate between them, at the same time.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "~/modules/api/tokens.server";
import { FREE_FAILURES } from "~/modules/auth/throttle.server";
import { addDays, todayDateOnly } from "~/modules/experiments/timebox";
import { invitationEmail } from "~/modules/mail/messages";
import { enqueueEmail } from "~/modules/mail/outbox.server";
import { db } from "~/utils/db.server";
import { actorFor, createTeamWith, createUser } from "../support/factories";
import { runningRateExperiment } from "../support/loop-factories";
import { request, sleep, waitFor } from "../support/net";
import { startTestInbox, type TestInbox } from "../support/smtp";
import { startServerProcess, type ServerProcess } from "../support/server-process";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";
import { addComment } from "~/modules/comments/comments.server";
import { createWebhookEndpoint } from "~/modules/webhooks/endpoints.server";

const LIMIT = 20;
let servers: ServerProcess[] = [];

let inbox: TestInbox;
let receiver: WebhookReceiver;

beforeAll(async () => {
  inbox = await startTestInbox();
  // One after the other: each migrates (nothing to do here) before it serves; both deliver mail.
  receiver = await startWebhookReceiver();
  // Both deliver webhooks too; the receiver is on 127.0.0.1, which the operator allows here.
  const env = { EVIDENT_DEMO: "false", API_RATE_LIMIT_PER_MINUTE: String(LIMIT), SMTP_URL: inbox.url, MAIL_FROM: "Evident <evident@example.com>", WEBHOOK_ALLOW_PRIVATE_ADDRESSES: "true" };
  servers.push(await startServerProcess({ databaseUrl: process.env.DATABASE_URL!, env }));
  servers.push(await startServerProcess({ databaseUrl: process.env.DATABASE_URL!, env }));
}, 240_000);

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  servers = [];
  await inbox?.close();
  await receiver?.close();
});

/** The i-th request goes to the i-th server, round robin, as a load balancer would send it. */
const serverFor = (i: number) => servers[i % servers.length].url;

/** Waits, if need be, for a minute with at least `seconds` left in it, so a burst is counted in one window. */
async function freshMinute(seconds = 15) {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 60_000 - seconds * 1000) await sleep(60_000 - intoMinute + 250);
}

describe("the API rate limit", () => {
  it("is one count per token across both processes: exactly the limit gets through in a minute", async () => {
    const { team, owner } = await createTeamWith();
    const { token } = await createApiToken(actorFor(owner, team, "OWNER"), { name: "burst", role: "VIEWER" });
    await freshMinute();
    const replies = await Promise.all(
      Array.from({ length: LIMIT + 10 }, (_, i) => request(`${serverFor(i)}/api/v1/products`, { headers: { Authorization: `Bearer ${token}` }, timeoutMs: 30_000 })),
    );
    const statuses = replies.map((reply) => reply.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(LIMIT);
    expect(statuses.filter((status) => status === 429)).toHaveLength(10);
    const limited = replies.find((reply) => reply.status === 429)!;
    expect(Number(limited.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers["retry-after"])).toBeLessThanOrEqual(60);
    expect(JSON.parse(limited.body)).toMatchObject({ error: { code: "rate_limited" } });
  });

  it("counts each token on its own", async () => {
    const { team, owner } = await createTeamWith();
    const actor = actorFor(owner, team, "OWNER");
    const [first, second] = [await createApiToken(actor, { name: "one", role: "VIEWER" }), await createApiToken(actor, { name: "two", role: "VIEWER" })];
    await freshMinute();
    const burst = (token: string) => Promise.all(Array.from({ length: LIMIT }, (_, i) => request(`${serverFor(i)}/api/v1/products`, { headers: { Authorization: `Bearer ${token}` }, timeoutMs: 30_000 })));
    const [a, b] = await Promise.all([burst(first.token), burst(second.token)]);
    expect([...a, ...b].every((reply) => reply.status === 200)).toBe(true);
  });
});

describe("sign-in throttling", () => {
  it("lets exactly the allowed number of wrong passwords be tried at once across processes, then refuses", async () => {
    const victim = await createUser();
    const attempts = FREE_FAILURES + 7;
    const replies = await Promise.all(
      Array.from({ length: attempts }, (_, i) =>
        request(`${serverFor(i)}/signin`, {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: serverFor(i) },
          body: new URLSearchParams({ email: victim.email, password: `guess number ${i}`, redirectTo: "" }).toString(),
          timeoutMs: 60_000,
        }),
      ),
    );
    const statuses = replies.map((reply) => reply.status);
    expect(statuses.filter((status) => status === 400)).toHaveLength(FREE_FAILURES);
    expect(statuses.filter((status) => status === 429)).toHaveLength(attempts - FREE_FAILURES);
    expect(await db.loginAttempt.count({ where: { key: `pair:${victim.email}|127.0.0.1` } })).toBe(FREE_FAILURES);
  }, 120_000);
});

describe("idempotent writes", () => {
  it("a write sent to both processes at once with one Idempotency-Key happens once", async () => {
    const loop = await runningRateExperiment();
    const { token } = await createApiToken(loop.actor, { name: "retries", role: "MEMBER" });
    const body = JSON.stringify({ observedOn: addDays(todayDateOnly(), -1), successes: 3, trials: 30 });
    await freshMinute();
    const replies = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        request(`${serverFor(i)}/api/v1/experiments/${loop.experiment.id}/observations`, {
          method: "POST",
          headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "Idempotency-Key": "retry-7" },
          body,
          timeoutMs: 30_000,
        }),
      ),
    );
    for (const reply of replies) expect([201, 409]).toContain(reply.status);
    const created = replies.filter((reply) => reply.status === 201).map((reply) => reply.body);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created).size).toBe(1);
    expect(await db.observation.count({ where: { experimentId: loop.experiment.id } })).toBe(1);
    expect((await db.experiment.findUniqueOrThrow({ where: { id: loop.experiment.id } })).trials).toBe(30);
  });
});

describe("email delivery", () => {
  it("both processes deliver the outbox, and each message is sent exactly once", async () => {
    const addresses = Array.from({ length: 40 }, (_, i) => `reader-${i}-${Date.now()}@example.com`);
    await db.$transaction(async (tx) => {
      for (const address of addresses) {
        await enqueueEmail(tx, {
          kind: "invitation",
          to: { address },
          dedupeKey: `multi-process:${address}`,
          origin: "https://evident.example.com",
          content: ({ unsubscribeUrl }) =>
            invitationEmail({ team: "Ledgerly", inviter: "Maya Okafor", role: "Member", inviteUrl: "https://evident.example.com/invite/x", expiresOn: "9 December 2026", unsubscribeUrl }),
        });
      }
    });
    await waitFor("every message to be sent", async () => (await db.outboxMessage.count({ where: { toAddress: { in: addresses }, status: "SENT" } })) === addresses.length, 60_000, 200);
    await sleep(1_500); // a duplicate would arrive by now
    const received = inbox.received.filter((mail) => addresses.includes(mail.to));
    expect(received).toHaveLength(addresses.length);
    expect(new Set(received.map((mail) => mail.to)).size).toBe(addresses.length);
  }, 90_000);
});

describe("webhook delivery", () => {
  it("both processes deliver webhooks, and each event reaches the endpoint exactly once", async () => {
    const { experiment, actor, team } = await runningRateExperiment();
    process.env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = "true";
    const path = `/multi-${team.slug}`;
    try {
      await createWebhookEndpoint(actor, { url: receiver.url(path), description: "", format: "STANDARD", events: ["comment.added"] });
    } finally {
      delete process.env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES;
    }
    const count = 40;
    for (let i = 0; i < count; i++) await addComment(actor, { experimentId: experiment.id }, `comment ${i}`);
    await waitFor("every event to be delivered", async () => (await db.webhookDelivery.count({ where: { teamId: team.id, status: "SENT" } })) === count, 60_000, 200);
    await sleep(1_500); // a duplicate would arrive by now
    const hits = receiver.received.filter((hook) => hook.path === path);
    expect(hits).toHaveLength(count);
    expect(new Set(hits.map((hook) => hook.headers["webhook-id"])).size).toBe(count);
    expect(new Set(hits.map((hook) => JSON.parse(hook.body).data.details.comment)).size).toBe(count);
  }, 90_000);
});
