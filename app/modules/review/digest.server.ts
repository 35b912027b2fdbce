/**
 * The digest before the meeting: on the morning of a team's weekly review, every member who has
 * not turned it off gets the review's agenda by email — the same agenda the review page shows,
 * compact, with links. Once per team and ISO week (the outbox's dedupe key); an operator can send
 * it again on purpose (`force`).
 */
import type { z } from "zod";
import type { EmailBlock } from "~/modules/mail/content";
import { reviewDigestEmail } from "~/modules/mail/messages";
import { enqueueEmail } from "~/modules/mail/outbox.server";
import { reachableMembers } from "~/modules/mail/recipients.server";
import { teamWrite } from "~/modules/activity/team-write.server";
import type { Actor } from "~/modules/teams/actor";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/errors";
import { AGENDA_SECTION_TEXT, AGENDA_SECTIONS, VERDICT_WORDS, type Agenda, type AgendaSection } from "./agenda";
import { currentAgenda } from "./review.server";
import { actionItemsForReview, type ActionItemView } from "./action-items.server";
import { describeSchedule, digestDue, isoWeek, localClock, reviewTimeOf, scheduleOf, WEEKDAYS, type ReviewSchedule, type ReviewScheduleSchema } from "./schedule";

/** Items per section in the email; the review page has the rest. */
const DIGEST_ITEMS = 5;

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

/** One list block per agenda section, in the page's order and words, each item linked to where it is decided. */
export function digestSections(agenda: Agenda, base: string): Extract<EmailBlock, { type: "list" }>[] {
  const experiment = (key: string) => `${base}/experiments/${key}`;
  const items: Record<AgendaSection, { text: string; url?: string }[]> = {
    overdue: agenda.overdue.map((e) => ({ text: `${e.key} ${e.title} — overdue by ${plural(e.overdueByDays, "day")}`, url: experiment(e.key) })),
    endingSoon: agenda.endingSoon.map((e) => ({ text: `${e.key} ${e.title} — ${e.daysLeft === 0 ? "last day" : `${plural(e.daysLeft, "day")} left`}`, url: experiment(e.key) })),
    verdictChanges: agenda.verdictChanges.map((e) => ({ text: `${e.key} ${e.title}: ${e.from ? VERDICT_WORDS[e.from] : "new"} → ${VERDICT_WORDS[e.to]}`, url: experiment(e.key) })),
    learningCardsToWrite: agenda.learningCardsToWrite.map((e) => ({ text: `Conclude ${e.key} ${e.title}`, url: `${experiment(e.key)}/conclude` })),
    untestedHighImportance: agenda.untestedHighImportance.map((h) => ({
      text: `${h.key} ${h.statement} — importance ${h.importance}, untested for ${plural(h.ageDays, "day")}`,
      url: `${base}/hypotheses/${h.key}`,
    })),
    gateChanges: agenda.gateChanges.map((g) => ({ text: `${g.productName} — ${g.description} (${g.on})`, url: `${base}/gate` })),
  };
  return AGENDA_SECTIONS.map((section) => ({
    type: "list",
    ...AGENDA_SECTION_TEXT[section],
    items: items[section].slice(0, DIGEST_ITEMS),
    total: items[section].length,
  }));
}

/** The open action items the meeting will come back to: who owns each and when it is due. */
export function actionItemSection(open: ActionItemView[], openCount: number, base: string, today: string): Extract<EmailBlock, { type: "list" }> {
  const items = open.map((item) => {
    const due = item.dueOn === null ? "" : item.dueOn < today ? `, overdue, was due ${item.dueOn}` : `, due ${item.dueOn}`;
    return { text: `${item.title}${item.linkKey ? ` (${item.linkKey})` : ""} — ${item.ownerName ?? "no owner"}${due}`, url: `${base}/review#agenda-actions` };
  });
  return { type: "list", title: "Open action items", empty: "No open action items.", items: items.slice(0, DIGEST_ITEMS), total: openCount };
}

/** `scheduled` is false for a team without a review day (a digest on demand, dated in UTC). */
type DigestTeam = { id: string; slug: string; name: string; schedule: ReviewSchedule; scheduled: boolean };

/** Queues the digest for every member of `team` who can be reached; returns how many were queued. */
async function queueDigest(team: DigestTeam, options: { origin: string; now: Date; key: string }): Promise<number> {
  const clock = localClock(options.now, team.schedule.timeZone);
  const agenda = await currentAgenda(team.id, clock.date);
  const base = `${options.origin}/t/${team.slug}`;
  const { open, openCount } = await actionItemsForReview(team.id);
  const sections = [...digestSections(agenda, base), actionItemSection(open, openCount, base, clock.date)];
  const at = reviewTimeOf(team.schedule);
  const occasion = !team.scheduled ? null : clock.weekday === team.schedule.weekday ? `today ${at}` : `on ${WEEKDAYS[team.schedule.weekday - 1]} ${at}`;
  const members = (await reachableMembers([team.id])).get(team.id)?.values() ?? [];
  let queued = 0;
  for (const user of members) {
    const sent = await db.$transaction((tx) =>
      enqueueEmail(tx, {
        kind: "review_digest",
        to: { address: user.email, name: user.name, userId: user.id },
        teamId: team.id,
        origin: options.origin,
        dedupeKey: `review_digest:${team.id}:${options.key}:${user.id}`,
        content: ({ unsubscribeUrl }) =>
          reviewDigestEmail({ team: team.name, occasion, schedule: team.scheduled ? describeSchedule(team.schedule) : null, itemCount: agenda.itemCount, sections, reviewUrl: `${base}/review`, unsubscribeUrl }),
      }),
    );
    if (sent) queued++;
  }
  return queued;
}

const SCHEDULED = { reviewWeekday: { not: null }, reviewTime: { not: null }, reviewTimeZone: { not: null } } as const;
const TEAM_FIELDS = { id: true, slug: true, name: true, reviewWeekday: true, reviewTime: true, reviewTimeZone: true } as const;

/** The scheduled run: every team whose review is today (in its own zone) and whose digest is due gets it, once. */
export async function sendDueDigests(options: { origin: string; now?: Date }): Promise<number> {
  const now = options.now ?? new Date();
  const teams = await db.team.findMany({ where: SCHEDULED, select: TEAM_FIELDS });
  let queued = 0;
  for (const row of teams) {
    const schedule = scheduleOf(row)!;
    const due = digestDue(schedule, now);
    if (due.due) queued += await queueDigest({ ...row, schedule, scheduled: true }, { origin: options.origin, now, key: due.week });
  }
  return queued;
}

/**
 * This week's digest for one team, now (the operator's command). Once per team and week like the
 * scheduled one, which it counts as; `force` sends it again anyway.
 */
export async function sendDigestNow(slug: string, options: { origin: string; now?: Date; force?: boolean }) {
  const now = options.now ?? new Date();
  const row = await db.team.findUnique({ where: { slug }, select: TEAM_FIELDS });
  if (!row) throw notFound(`There is no team "${slug}".`);
  const scheduled = scheduleOf(row);
  // A team without a review day still gets its digest on demand, dated in UTC.
  const schedule = scheduled ?? { weekday: localClock(now, "UTC").weekday, time: "00:00", timeZone: "UTC" };
  const week = isoWeek(localClock(now, schedule.timeZone).date);
  const key = options.force ? `${week}:again-${now.getTime()}` : week;
  return { week, queued: await queueDigest({ ...row, schedule, scheduled: scheduled !== null }, { origin: options.origin, now, key }) };
}

/** Sets (or, with null, clears) when the team holds its weekly review. */
export async function setReviewSchedule(actor: Actor, input: z.output<typeof ReviewScheduleSchema> | null) {
  return teamWrite(actor, "review.schedule", async (tx, log) => {
    await tx.team.update({
      where: { id: actor.team.id },
      data: { reviewWeekday: input?.weekday ?? null, reviewTime: input?.time ?? null, reviewTimeZone: input?.timeZone ?? null },
    });
    await log({
      action: "team.review_scheduled",
      entityType: "team",
      entityId: actor.team.id,
      summary: input ? `set the weekly review to ${describeSchedule(input)}` : "stopped the weekly review digest",
      after: input ?? undefined,
    });
  });
}

/** The team's review schedule, for the settings page. */
export async function reviewScheduleOf(teamId: string): Promise<ReviewSchedule | null> {
  const team = await db.team.findUniqueOrThrow({ where: { id: teamId }, select: TEAM_FIELDS });
  return scheduleOf(team);
}

