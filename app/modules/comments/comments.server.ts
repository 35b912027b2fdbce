import { z } from "zod";
import { teamWrite } from "~/modules/activity/team-write.server";
import type { Actor } from "~/modules/teams/actor";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/errors";
import { experimentKey } from "~/modules/experiments/vocabulary";
import { hypothesisKey } from "~/modules/hypotheses/vocabulary";

export const CommentSchema = z.object({
  body: z.string({ error: "Write a comment." }).trim().min(1, "Write a comment.").max(4000, "Keep comments under 4,000 characters."),
});

type Target = { hypothesisId: string } | { experimentId: string };

export async function addComment(actor: Actor, target: Target, body: string) {
  return teamWrite(actor, "work.edit", async (tx, log) => {
    const subject =
      "hypothesisId" in target
        ? await tx.hypothesis.findFirst({ where: { id: target.hypothesisId, teamId: actor.team.id, deletedAt: null }, select: { number: true } }).then((row) => row && hypothesisKey(row.number))
        : await tx.experiment.findFirst({ where: { id: target.experimentId, teamId: actor.team.id, deletedAt: null }, select: { number: true } }).then((row) => row && experimentKey(row.number));
    if (!subject) throw notFound();
    const comment = await tx.comment.create({ data: { teamId: actor.team.id, authorId: actor.user.id, body, ...target }, select: { id: true } });
    await log({
      action: "comment.added",
      entityType: "hypothesisId" in target ? "hypothesis" : "experiment",
      entityId: "hypothesisId" in target ? target.hypothesisId : target.experimentId,
      summary: `commented on ${subject}`,
      after: { body },
    });
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
