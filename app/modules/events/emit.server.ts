/**
 * Recording an event: one row, and in the same transaction everything it causes — an inbox entry
 * for each person who should hear of it (never the person who caused it), their emails through
 * the mail outbox, and one queued delivery per webhook endpoint that chose its type. A change and
 * its consequences land together or not at all (ADR 031).
 */
import type { Prisma } from "~/generated/prisma/client";
import type { Role } from "~/generated/prisma/enums";
import { eventEmail } from "~/modules/mail/messages";
import { enqueueEmail } from "~/modules/mail/outbox.server";
import { rolesWith } from "~/modules/teams/permissions";
import type { Transaction } from "~/utils/db.server";
import { prefixedId } from "~/utils/ids.server";
import { configuredOrigin } from "~/utils/origin.server";
import { EVENT_TYPES, type EventType, type SubjectType } from "./catalog";
import { WEBHOOK_PAYLOADS, type EventDetails, type WebhookPayload } from "./payload";
import { experimentKey } from "~/modules/experiments/vocabulary";
import { hypothesisKey } from "~/modules/hypotheses/vocabulary";
import { watchersOf } from "~/modules/notifications/watch.server";
import { queueWebhookDeliveries } from "~/modules/webhooks/queue.server";

export type EventSubjectRef = { type: SubjectType; id: string; key: string | null; title: string; /** The page, from the origin: "/t/ledgerly/experiments/E-7". */ path: string };

export type EmitInput<T extends EventType> = {
  teamId: string;
  type: T;
  actorId: string | null;
  subject: EventSubjectRef;
  /** What happened, after the actor's name ("concluded E-7 and decided to persevere"); a whole sentence when no one caused it. */
  summary: string;
  details: EventDetails<T>;
  /** People the event names: who hears of a "named" event, and who is listed as involved. */
  people?: string[];
  /** People told some other way (mentioned in the comment): no second entry for them. */
  exclude?: string[];
  /** One event per cause, for events a scan or a recount finds. */
  dedupeKey?: string;
  /** The team and its members, when the command already read them (a comment reads them for its mentions). */
  known?: EventTeam;
};

export type EventTeam = Awaited<ReturnType<typeof eventTeam>>;

/** The team and its members with real accounts: what an event is addressed with. */
export async function eventTeam(tx: Transaction, teamId: string) {
  const [team, members] = await Promise.all([
    tx.team.findUniqueOrThrow({ where: { id: teamId }, select: { slug: true, name: true } }),
    tx.membership.findMany({
      where: { teamId, user: { placeholderTeamId: null } },
      // In the order mention suggestions list them: the same person wins a shared name in both.
      orderBy: { user: { name: "asc" } },
      select: { role: true, user: { select: { id: true, name: true, email: true, emailVerifiedAt: true } } },
    }),
  ]);
  return { team, members };
}

const DECIDERS = rolesWith("gate.decide");

/** Records the event and fans it out; returns its id, or null when its dedupe key was already used. */
export async function emitEvent<T extends EventType>(tx: Transaction, input: EmitInput<T>): Promise<string | null> {
  // An event its cause already recorded costs one indexed read, not the team's members.
  if (input.dedupeKey && (await tx.teamEvent.findUnique({ where: { dedupeKey: input.dedupeKey }, select: { id: true } }))) return null;
  const info = EVENT_TYPES[input.type];
  const origin = configuredOrigin();
  const { team, members } = input.known ?? (await eventTeam(tx, input.teamId));
  const byId = new Map(members.map((member) => [member.user.id, member]));
  const actor = input.actorId ? (byId.get(input.actorId)?.user ?? (await tx.user.findUnique({ where: { id: input.actorId }, select: { id: true, name: true } }))) : null;
  const people = (input.people ?? []).flatMap((id) => {
    const member = byId.get(id);
    return member ? [{ id, name: member.user.name }] : [];
  });

  const id = prefixedId("evt");
  const timestamp = new Date();
  const payload: WebhookPayload = {
    type: input.type,
    timestamp: timestamp.toISOString(),
    data: {
      eventId: id,
      team: { slug: team.slug, name: team.name },
      actor: actor ? { id: actor.id, name: actor.name } : null,
      subject: { type: input.subject.type, id: input.subject.id, key: input.subject.key, title: input.subject.title, url: `${origin}${input.subject.path}` },
      summary: actor ? `${actor.name} ${input.summary}` : input.summary.charAt(0).toUpperCase() + input.summary.slice(1),
      people,
      details: input.details,
    },
  };
  // The body is checked against its documented schema before anything is queued.
  const stored: Prisma.InputJsonObject = JSON.parse(JSON.stringify(WEBHOOK_PAYLOADS[input.type].parse(payload)));

  const created = await tx.teamEvent.createMany({
    data: [{ id, teamId: input.teamId, type: input.type, actorId: input.actorId, subjectType: input.subject.type, subjectId: input.subject.id, payload: stored, dedupeKey: input.dedupeKey ?? null, createdAt: timestamp }],
    skipDuplicates: true,
  });
  if (created.count === 0) return null;

  const recipients = await audience(tx, input, info.audience, members);
  const excluded = new Set([input.actorId, ...(input.exclude ?? [])]);
  const told = [...recipients].filter(([userId]) => !excluded.has(userId) && byId.has(userId));
  if (told.length > 0) {
    await tx.notification.createMany({ data: told.map(([userId, reason]) => ({ teamId: input.teamId, userId, eventId: id, reason })), skipDuplicates: true });
  }
  if (info.email) {
    for (const [userId] of told) {
      const person = byId.get(userId)!.user;
      if (!person.emailVerifiedAt) continue;
      const kind = input.type === "mention" ? "mention" : "watching";
      await enqueueEmail(tx, {
        kind,
        to: { address: person.email, name: person.name, userId },
        teamId: input.teamId,
        dedupeKey: `event:${id}:${userId}`,
        origin,
        content: ({ unsubscribeUrl }) =>
          eventEmail({
            team: team.name,
            headline: payload.data.summary,
            subjectTitle: input.subject.key ? `${input.subject.key} · ${input.subject.title}` : input.subject.title,
            quote: "comment" in input.details && typeof input.details.comment === "string" ? input.details.comment : undefined,
            url: payload.data.subject.url,
            reason: kind,
            inboxUrl: `${origin}/t/${team.slug}/inbox`,
            unsubscribeUrl,
          }),
      });
    }
  }
  await queueWebhookDeliveries(tx, { teamId: input.teamId, eventId: id, type: input.type, payload });
  return id;
}

type Member = { role: Role; user: { id: string } };

/** Who hears of an event, by user id, with why. */
async function audience(tx: Transaction, input: EmitInput<EventType>, kind: (typeof EVENT_TYPES)[EventType]["audience"], members: Member[]): Promise<Map<string, string>> {
  const heard = new Map<string, string>();
  if (kind === "team") for (const member of members) heard.set(member.user.id, "team");
  if (kind === "deciders") for (const member of members) if (DECIDERS.includes(member.role)) heard.set(member.user.id, "role");
  if (kind === "named") for (const id of input.people ?? []) heard.set(id, input.type === "mention" ? "mention" : "named");
  if (kind === "watchers" && (input.subject.type === "hypothesis" || input.subject.type === "experiment")) {
    for (const id of await watchersOf(tx, input.teamId, { type: input.subject.type, id: input.subject.id })) heard.set(id, "watching");
  }
  return heard;
}

/** An experiment as an event's subject. */
export function experimentSubject(teamSlug: string, experiment: { id: string; number: number; title: string }, anchor = ""): EventSubjectRef {
  const key = experimentKey(experiment.number);
  return { type: "experiment", id: experiment.id, key, title: experiment.title, path: `/t/${teamSlug}/experiments/${key}${anchor}` };
}

/** A hypothesis as an event's subject. */
export function hypothesisSubject(teamSlug: string, hypothesis: { id: string; number: number; statement: string }, anchor = ""): EventSubjectRef {
  const key = hypothesisKey(hypothesis.number);
  return { type: "hypothesis", id: hypothesis.id, key, title: hypothesis.statement, path: `/t/${teamSlug}/hypotheses/${key}${anchor}` };
}

/** A product (its gate page) as an event's subject. */
export function productSubject(teamSlug: string, product: { id: string; name: string }): EventSubjectRef {
  return { type: "product", id: product.id, key: null, title: product.name, path: `/t/${teamSlug}/gate/${product.id}` };
}
