import { z } from "zod";
import { teamWrite } from "~/modules/activity/team-write.server";
import { addDays, todayDateOnly } from "~/modules/experiments/timebox";
import { assertCan, type Actor } from "~/modules/teams/actor";
import { dateOnly, fromDateOnly, toDateOnly } from "~/utils/date-only";
import { db } from "~/utils/db.server";
import { invalid, notFound } from "~/utils/errors";
import { parseTypedNumber } from "~/utils/fields";
import { quoted } from "~/utils/quote";

/** How far back signal history is read for gates, sparklines and charts. */
export const SIGNAL_WINDOW_DAYS = 26 * 7;

export const SignalFieldsSchema = z.object({
  productId: z.string({ error: "Choose a product." }).min(1, "Choose a product.").max(64),
  name: z.string({ error: "Name the signal." }).trim().min(2, "Name the signal (at least 2 characters).").max(80, "Keep the name under 80 characters."),
  unit: z.string().trim().max(20, "Keep the unit under 20 characters.").default(""),
  direction: z.enum(["UP", "DOWN"], { error: "Say whether higher or lower is better." }),
  description: z.string().trim().max(300, "Keep the description under 300 characters.").default(""),
});

export const SignalPointSchema = z.object({
  date: dateOnly("date", { trim: true }),
  value: z
    .string({ error: "Enter the value." })
    .trim()
    .min(1, "Enter the value.")
    .transform((text, context) => {
      const value = parseTypedNumber(text, { integer: false });
      if (value === null) {
        context.addIssue({ code: "custom", message: "Enter the value as a number, without thousands separators." });
        return z.NEVER;
      }
      return value;
    }),
  note: z.string().trim().max(300, "Keep the note under 300 characters.").optional().transform((note) => note || null),
});

export type SignalPointInput = { date: string; value: number; note?: string | null };

export async function createSignal(actor: Actor, input: z.infer<typeof SignalFieldsSchema>) {
  return teamWrite(actor, "work.edit", async (tx, log) => {
    const product = await tx.product.findFirst({ where: { id: input.productId, teamId: actor.team.id, deletedAt: null }, select: { id: true, name: true } });
    if (!product) throw invalid({ productId: "Choose one of this team's products." });
    const signal = await tx.signal.create({ data: { ...input, teamId: actor.team.id }, select: { id: true } });
    await log({
      action: "signal.created",
      entityType: "signal",
      entityId: signal.id,
      summary: `started tracking ${quoted(input.name)} for ${product.name}`,
      after: input,
    });
    return signal;
  });
}

/**
 * Records dated values of a signal, all or none. A value for a day that already has one replaces
 * it (signals are levels: one reading per day), so re-sending the same points changes nothing.
 */
export async function recordSignalPoints(actor: Actor, input: { signalId: string; points: SignalPointInput[] }, today = todayDateOnly()) {
  assertCan(actor, "work.edit");
  const future = input.points.find((point) => point.date > today);
  if (future) throw invalid({ date: `${future.date} is in the future.` });
  return teamWrite(actor, "work.edit", async (tx, log) => {
    const signal = await tx.signal.findFirst({ where: { id: input.signalId, teamId: actor.team.id, deletedAt: null }, select: { id: true, name: true } });
    if (!signal) throw notFound("That signal no longer exists.");
    const latestByDate = new Map(input.points.map((point) => [point.date, point]));
    for (const point of latestByDate.values()) {
      await tx.signalPoint.upsert({
        where: { teamId_signalId_date: { teamId: actor.team.id, signalId: signal.id, date: fromDateOnly(point.date) } },
        create: { teamId: actor.team.id, signalId: signal.id, date: fromDateOnly(point.date), value: point.value, note: point.note ?? null },
        update: { value: point.value, note: point.note ?? null },
      });
    }
    await log({
      action: "signal.points_recorded",
      entityType: "signal",
      entityId: signal.id,
      summary: latestByDate.size === 1 ? `recorded ${signal.name} for ${[...latestByDate.keys()][0]}` : `recorded ${latestByDate.size} values of ${signal.name}`,
      after: { points: latestByDate.size },
    });
    return { recorded: latestByDate.size };
  });
}

/**
 * The team's signals (or one product's) with their points of the last 26 weeks, oldest first.
 * `weekly` keeps only the last point of each ISO week: all a gate's verdict reads (see
 * weeklyValues), at a seventh of the rows for daily metrics, for pages that show no chart.
 */
export async function listSignals(teamId: string, options: { productId?: string; today?: string; weekly?: boolean } = {}) {
  const today = options.today ?? todayDateOnly();
  const signals = await db.signal.findMany({
    where: { teamId, deletedAt: null, ...(options.productId ? { productId: options.productId } : {}) },
    orderBy: { name: "asc" },
    select: { id: true, name: true, unit: true, direction: true, description: true, productId: true },
  });
  const ids = signals.map((signal) => signal.id);
  const fromDay = addDays(today, -SIGNAL_WINDOW_DAYS);
  const from = fromDateOnly(fromDay);
  const to = fromDateOnly(today);
  const points =
    ids.length === 0
      ? []
      : options.weekly
        ? await db.$queryRaw<{ signalId: string; date: Date; value: number }[]>`
            SELECT "signalId", date, value FROM (
              SELECT DISTINCT ON ("signalId", date_trunc('week', date::timestamp)) "signalId", date, value
              FROM "SignalPoint" WHERE "teamId" = ${teamId} AND "signalId" = ANY(${ids}) AND date >= ${fromDay}::date AND date <= ${today}::date
              ORDER BY "signalId", date_trunc('week', date::timestamp), date DESC
            ) last_of_week ORDER BY date`
        : await db.signalPoint.findMany({
            where: { teamId, signalId: { in: ids }, date: { gte: from, lte: to } },
            orderBy: { date: "asc" },
            select: { signalId: true, date: true, value: true },
          });
  const bySignal = new Map<string, { date: string; value: number }[]>(ids.map((id) => [id, []]));
  for (const point of points) bySignal.get(point.signalId)!.push({ date: toDateOnly(point.date), value: point.value });
  return signals.map((signal) => ({ ...signal, points: bySignal.get(signal.id)! }));
}

export type SignalWithPoints = Awaited<ReturnType<typeof listSignals>>[number];
