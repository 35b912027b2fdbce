/**
 * Action items: the follow-ups a weekly review agrees on. An item is raised in the meeting (or
 * between meetings), belongs to the review recorded next, and comes back to every review until
 * someone marks it done; the review recorded after that keeps it as done.
 */
import { z } from "zod";
import { teamCommand, teamWrite } from "~/modules/activity/team-write.server";
import { lastEditor } from "~/modules/activity/history.server";
import { experimentKey } from "~/modules/experiments/vocabulary";
import { hypothesisKey } from "~/modules/hypotheses/vocabulary";
import type { Transaction } from "~/utils/db.server";
import { db } from "~/utils/db.server";
import { dateOnly, fromDateOnly, toDateOnly } from "~/utils/date-only";
import { conflict, invalid, notFound } from "~/utils/errors";
import { idField, versionField } from "~/utils/fields";
import { quoted } from "~/utils/quote";

const optionalId = z.preprocess((value) => (value === "" ? undefined : value), idField.optional());

export const ActionItemInput = z.object({
  title: z.string({ error: "Say what needs doing." }).trim().min(3, "Say what needs doing (at least 3 characters).").max(200, "Keep it under 200 characters."),
  ownerId: optionalId,
  dueOn: z.preprocess((value) => (value === "" ? undefined : value), dateOnly("due date", { trim: true }).optional()),
  experimentId: optionalId,
  hypothesisId: optionalId,
});

export const ActionItemDoneInput = z.object({ id: idField, done: z.boolean(), version: versionField });

/** What an action item looks like on the page and in a recorded review. */
export type ActionItemView = {
  id: string;
  title: string;
  ownerName: string | null;
  dueOn: string | null;
  linkKey: string | null;
  status: "OPEN" | "DONE";
  doneOn: string | null;
  version: number;
  raisedInReviewId: string | null;
};

const VIEW_SELECT = {
  id: true,
  title: true,
  dueOn: true,
  status: true,
  doneAt: true,
  version: true,
  raisedInReviewId: true,
  owner: { select: { name: true } },
  experiment: { select: { number: true, deletedAt: true } },
  hypothesis: { select: { number: true, deletedAt: true } },
} as const;

type ViewRow = {
  id: string;
  title: string;
  dueOn: Date | null;
  status: "OPEN" | "DONE";
  doneAt: Date | null;
  version: number;
  raisedInReviewId: string | null;
  owner: { name: string } | null;
  experiment: { number: number; deletedAt: Date | null } | null;
  hypothesis: { number: number; deletedAt: Date | null } | null;
};

function toView(row: ViewRow): ActionItemView {
  // A link to something in the trash would lead nowhere.
  const experiment = row.experiment && row.experiment.deletedAt === null ? row.experiment : null;
  const hypothesis = row.hypothesis && row.hypothesis.deletedAt === null ? row.hypothesis : null;
  const linkKey = experiment ? experimentKey(experiment.number) : hypothesis ? hypothesisKey(hypothesis.number) : null;
  return {
    id: row.id,
    title: row.title,
    ownerName: row.owner?.name ?? null,
    dueOn: row.dueOn ? toDateOnly(row.dueOn) : null,
    linkKey,
    status: row.status,
    doneOn: row.doneAt ? toDateOnly(row.doneAt) : null,
    version: row.version,
    raisedInReviewId: row.raisedInReviewId,
  };
}

/** Raises an action item; its owner must be a member and its linked item the team's own. */
export const addActionItem = teamCommand({ permission: "work.edit", input: ActionItemInput }, (actor, input) =>
  teamWrite(actor, "work.edit", async (tx, log) => {
    const teamId = actor.team.id;
    if (input.experimentId && input.hypothesisId) throw invalid({ form: "Link an action item to one experiment or one hypothesis, not both." });
    const [owner, experiment, hypothesis] = await Promise.all([
      input.ownerId ? tx.membership.findUnique({ where: { teamId_userId: { teamId, userId: input.ownerId } }, select: { user: { select: { name: true } } } }) : null,
      input.experimentId ? tx.experiment.findFirst({ where: { id: input.experimentId, teamId, deletedAt: null }, select: { number: true } }) : null,
      input.hypothesisId ? tx.hypothesis.findFirst({ where: { id: input.hypothesisId, teamId, deletedAt: null }, select: { number: true } }) : null,
    ]);
    if (input.ownerId && !owner) throw invalid({ ownerId: "The owner must be a member of this team." });
    if (input.experimentId && !experiment) throw invalid({ experimentId: "That experiment no longer exists." });
    if (input.hypothesisId && !hypothesis) throw invalid({ hypothesisId: "That hypothesis no longer exists." });
    const item = await tx.actionItem.create({
      data: {
        teamId,
        title: input.title,
        ownerId: input.ownerId ?? null,
        dueOn: input.dueOn ? fromDateOnly(input.dueOn) : null,
        experimentId: input.experimentId ?? null,
        hypothesisId: input.hypothesisId ?? null,
        createdById: actor.user.id,
      },
      select: { id: true },
    });
    const about = experiment ? ` on ${experimentKey(experiment.number)}` : hypothesis ? ` on ${hypothesisKey(hypothesis.number)}` : "";
    const who = owner ? ` for ${owner.user.name}` : "";
    await log({
      action: "action_item.added",
      entityType: "action_item",
      entityId: item.id,
      summary: `added the action item ${quoted(input.title)}${about}${who}${input.dueOn ? `, due ${input.dueOn}` : ""}`,
      after: { title: input.title, ownerId: input.ownerId ?? null, dueOn: input.dueOn ?? null },
    });
    return item;
  }),
);

/** Marks an action item done, or open again; the next review recorded keeps the outcome. */
export const setActionItemDone = teamCommand({ permission: "work.edit", input: ActionItemDoneInput }, (actor, input) =>
  teamWrite(actor, "work.edit", async (tx, log) => {
    const current = await tx.actionItem.findFirst({ where: { id: input.id, teamId: actor.team.id }, select: { title: true, status: true } });
    if (!current) throw notFound("This action item no longer exists.");
    const updated = await tx.actionItem.updateMany({
      where: { id: input.id, teamId: actor.team.id, version: input.version },
      // Reopened, it is no longer the closed item a recorded review counted (that review's minutes keep what was true then).
      data: input.done ? { status: "DONE", doneAt: new Date(), version: { increment: 1 } } : { status: "OPEN", doneAt: null, closedInReviewId: null, version: { increment: 1 } },
    });
    if (updated.count === 0) {
      // Read again: the change that won the race committed after `current` was read.
      const latest = await tx.actionItem.findFirst({ where: { id: input.id, teamId: actor.team.id }, select: { status: true } });
      if (!latest) throw notFound("This action item no longer exists.");
      const by = await lastEditor(tx, actor.team.id, "action_item", input.id);
      throw conflict(`Changed by ${by} since you opened it: it is now ${latest.status === "DONE" ? "done" : "open"}. Reload and try again.`);
    }
    await log({
      action: input.done ? "action_item.done" : "action_item.reopened",
      entityType: "action_item",
      entityId: input.id,
      summary: input.done ? `marked the action item ${quoted(current.title)} done` : `reopened the action item ${quoted(current.title)}`,
      before: { status: current.status },
      after: { status: input.done ? "DONE" : "OPEN" },
    });
  }),
);

/**
 * The action items the next review takes up: every open one (the oldest first) and those done
 * since the last recorded review, which that review will record as done.
 */
export async function actionItemsForReview(teamId: string): Promise<{ open: ActionItemView[]; openCount: number; doneSinceLastReview: ActionItemView[] }> {
  const [open, done, openCount] = await Promise.all([
    db.actionItem.findMany({ where: { teamId, status: "OPEN" }, orderBy: [{ dueOn: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }], take: 200, select: VIEW_SELECT }),
    db.actionItem.findMany({ where: { teamId, status: "DONE", closedInReviewId: null }, orderBy: { doneAt: "asc" }, take: 200, select: VIEW_SELECT }),
    db.actionItem.count({ where: { teamId, status: "OPEN" } }),
  ]);
  return { open: open.map(toView), openCount, doneSinceLastReview: done.map(toView) };
}

export type RecordedActionItems = { raised: ActionItemView[]; done: ActionItemView[]; carried: ActionItemView[] };

/**
 * Inside the transaction recording a review: the items raised since the last review become this
 * review's, those done since become closed in it, and the open ones raised earlier are carried.
 * The conditional updates claim each item once even when two people record at the same moment.
 */
export async function closeActionItemsInto(tx: Transaction, teamId: string, reviewId: string): Promise<RecordedActionItems> {
  const raised = await tx.$queryRaw<{ id: string }[]>`
    UPDATE "ActionItem" SET "raisedInReviewId" = ${reviewId}, "updatedAt" = now()
    WHERE "teamId" = ${teamId} AND "raisedInReviewId" IS NULL RETURNING id`;
  const closed = await tx.$queryRaw<{ id: string }[]>`
    UPDATE "ActionItem" SET "closedInReviewId" = ${reviewId}, "updatedAt" = now()
    WHERE "teamId" = ${teamId} AND status = 'DONE' AND "closedInReviewId" IS NULL RETURNING id`;
  const raisedIds = raised.map((row) => row.id);
  const rows = await tx.actionItem.findMany({
    where: { teamId, OR: [{ id: { in: [...raisedIds, ...closed.map((row) => row.id)] } }, { status: "OPEN" }] },
    orderBy: { createdAt: "asc" },
    take: 600,
    select: VIEW_SELECT,
  });
  const views = rows.map(toView);
  const raisedSet = new Set(raisedIds);
  const closedSet = new Set(closed.map((row) => row.id));
  return {
    raised: views.filter((item) => raisedSet.has(item.id)),
    done: views.filter((item) => closedSet.has(item.id)),
    carried: views.filter((item) => item.status === "OPEN" && !raisedSet.has(item.id)),
  };
}
