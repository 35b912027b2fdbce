/**
 * Investor update reminders: a team that chose a cadence gets, once the period has ended, the
 * draft for it composed from the evidence, and its admins and owners an email saying it is due.
 * Every app process runs the scan (with the other reminders); a row lock on the team makes the
 * draft once, and the outbox's dedupe key sends each email once.
 */
import { z } from "zod";
import { teamCommand, teamWrite } from "~/modules/activity/team-write.server";
import { todayDateOnly } from "~/modules/experiments/timebox";
import { updateDueEmail } from "~/modules/mail/messages";
import { enqueueEmail } from "~/modules/mail/outbox.server";
import { reachableMembers } from "~/modules/mail/recipients.server";
import { rolesWith } from "~/modules/teams/permissions";
import { db } from "~/utils/db.server";
import { fromDateOnly } from "~/utils/date-only";
import { CADENCES, duePeriod, isCadence } from "./cadence";
import { buildEvidence, composeDraft } from "./updates.server";

export const CadenceInput = z.object({
  months: z.coerce
    .number({ error: "Choose how often the team sends an update." })
    .int()
    .refine((value) => value === 0 || isCadence(value), "Choose monthly, quarterly or no reminder."),
});

/** Sets (or, with 0, stops) the team's investor update cadence. */
export const setUpdateCadence = teamCommand({ permission: "updates.schedule", input: CadenceInput }, (actor, input) =>
  teamWrite(actor, "updates.schedule", async (tx, log) => {
    const months = input.months === 0 ? null : input.months;
    await tx.team.update({ where: { id: actor.team.id }, data: { updateCadenceMonths: months } });
    await log({
      action: "team.update_cadence",
      entityType: "team",
      entityId: actor.team.id,
      summary: months === null ? "stopped the investor update reminders" : `set investor updates to ${CADENCES[months as 1 | 3].toLowerCase()}`,
      after: { months },
    });
  }),
);

export async function updateCadenceOf(teamId: string): Promise<number | null> {
  return (await db.team.findUniqueOrThrow({ where: { id: teamId }, select: { updateCadenceMonths: true } })).updateCadenceMonths;
}

/** Who hears that an update is due: whoever the permission table lets set the cadence. */
const FOUNDERS = rolesWith("updates.schedule");

/**
 * For every team with a cadence whose due period has no update yet (draft or published): composes
 * the draft, as the team's longest-standing owner, and queues the email. Returns drafts composed.
 */
export async function composeDueUpdates(options: { origin: string; today?: string }): Promise<number> {
  const today = options.today ?? todayDateOnly();
  const teams = await db.team.findMany({ where: { updateCadenceMonths: { not: null } }, select: { id: true, slug: true, name: true, updateCadenceMonths: true } });
  let composed = 0;
  for (const team of teams) {
    const months = team.updateCadenceMonths ?? 0;
    if (!isCadence(months)) continue;
    const period = duePeriod(today, months);
    const reaching = { teamId: team.id, periodEnd: { gte: fromDateOnly(period.end) } };
    // Read before the transaction (it holds the embedded database's one connection); only when a draft is still needed.
    const evidence = (await db.investorUpdate.count({ where: reaching })) === 0 ? await buildEvidence(team.id, period.start, period.end) : null;
    const draft = await db.$transaction(async (tx) => {
      // One process composes; another waits here, then finds the draft.
      await tx.$executeRaw`SELECT 1 FROM "Team" WHERE id = ${team.id} FOR UPDATE`;
      const existing = await tx.investorUpdate.findFirst({ where: reaching, orderBy: { createdAt: "asc" }, select: { id: true, status: true } });
      if (existing) return existing.status === "DRAFT" ? { id: existing.id, fresh: false } : null;
      if (!evidence) return null;
      const owner = await tx.membership.findFirst({ where: { teamId: team.id, role: "OWNER" }, orderBy: { createdAt: "asc" }, select: { user: { select: { id: true, name: true } } } });
      if (!owner) return null;
      const actor = { user: owner.user, team: { id: team.id, slug: team.slug }, role: "OWNER" as const };
      const created = await composeDraft(tx, actor, { title: `${team.name} — ${period.label} update`, periodStart: period.start, periodEnd: period.end }, evidence, `composed the ${period.label} investor update, due now`);
      return { id: created.id, fresh: true };
    });
    if (!draft) continue;
    if (draft.fresh) composed++;
    // The draft waits for the founders either way; each hears of it once.
    const founders = (await reachableMembers([team.id], FOUNDERS)).get(team.id)?.values() ?? [];
    for (const person of founders) {
      await db.$transaction((tx) =>
        enqueueEmail(tx, {
          kind: "update_due",
          to: { address: person.email, name: person.name, userId: person.id },
          teamId: team.id,
          origin: options.origin,
          dedupeKey: `update_due:${team.id}:${period.end}:${person.id}`,
          content: ({ unsubscribeUrl }) =>
            updateDueEmail({ team: team.name, period: period.label, cadence: CADENCES[months], url: `${options.origin}/t/${team.slug}/updates/${draft.id}`, unsubscribeUrl }),
        }),
      );
    }
  }
  return composed;
}
