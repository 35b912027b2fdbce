import { z } from "zod";
import { teamWrite } from "~/modules/activity/team-write.server";
import { emitEvent, eventTeam, experimentSubject, hypothesisSubject } from "~/modules/events/emit.server";
import type { Actor } from "~/modules/teams/actor";
import { db, type Transaction } from "~/utils/db.server";
import { notFound } from "~/utils/errors";
import { mentionedPeople, type Mentionable } from "./mentions";

export const CommentSchema = z.object({
  body: z.string({ error: "Write a comment." }).trim().min(1, "Write a comment.").max(4000, "Keep comments under 4,000 characters."),
});

type Target = { hypothesisId: string } | { experimentId: string };

/** The people a comment in the team can mention: its members with real accounts. */
export async function mentionableMembers(client: Transaction | typeof db, teamId: string): Promise<Mentionable[]> {
  const members = await client.membership.findMany({ where: { teamId, user: { placeholderTeamId: null } }, orderBy: { user: { name: "asc" } }, select: { user: { select: { id: true, name: true } } } });
  return members.map((member) => member.user);
}

async function commentSubject(tx: Transaction, actor: Actor, target: Target) {
  if ("hypothesisId" in target) {
    const row = await tx.hypothesis.findFirst({ where: { id: target.hypothesisId, teamId: actor.team.id, deletedAt: null }, select: { id: true, number: true, statement: true } });
    return row && hypothesisSubject(actor.team.slug, row, "#comments");
  }
  const row = await tx.experiment.findFirst({ where: { id: target.experimentId, teamId: actor.team.id, deletedAt: null }, select: { id: true, number: true, title: true } });
  return row && experimentSubject(actor.team.slug, row, "#comments");
}

/**
 * Adds a comment. Its watchers hear of it, and the people it mentions get a mention instead
 * (one entry each, never two); the author hears of neither.
 */
export async function addComment(actor: Actor, target: Target, body: string) {
  return teamWrite(actor, "work.edit", async (tx, log) => {
    const subject = await commentSubject(tx, actor, target);
    if (!subject) throw notFound();
    const comment = await tx.comment.create({ data: { teamId: actor.team.id, authorId: actor.user.id, body, ...target }, select: { id: true } });
    await log({ action: "comment.added", entityType: subject.type, entityId: subject.id, summary: `commented on ${subject.key}`, after: { body } });
    // One read of the members serves the mentions and both events.
    const known = await eventTeam(tx, actor.team.id);
    const mentioned = mentionedPeople(
      body,
      known.members.map(({ user }) => ({ id: user.id, name: user.name })),
    ).filter((person) => person.id !== actor.user.id);
    const mentionedIds = mentioned.map((person) => person.id);
    await emitEvent(tx, { teamId: actor.team.id, type: "comment.added", actorId: actor.user.id, subject, summary: `commented on ${subject.key}`, details: { comment: body }, exclude: mentionedIds, known });
    if (mentioned.length > 0) {
      const names = mentioned.map((person) => person.name);
      const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
      await emitEvent(tx, { teamId: actor.team.id, type: "mention", actorId: actor.user.id, subject, summary: `mentioned ${list} on ${subject.key}`, details: { comment: body, mentioned }, people: mentionedIds, known });
    }
    return comment;
  });
}

export function listComments(teamId: string, target: Target) {
  return db.comment.findMany({
    where: { teamId, deletedAt: null, ...target },
    orderBy: { createdAt: "asc" },
    take: 200,
    select: { id: true, body: true, createdAt: true, author: { select: { name: true } } },
  });
}
