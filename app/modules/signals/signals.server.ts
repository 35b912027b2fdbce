import { z } from "zod";
import { teamWrite } from "~/modules/activity/team-write.server";
import { addDays, todayDateOnly } from "~/modules/experiments/timebox";
import { assertCan, type Actor } from "~/modules/teams/actor";
import { dateOnly, fromDateOnly, toDateOnly } from "~/utils/date-only";
import { db } from "~/utils/db.server";
import { AppError, invalid, notFound } from "~/utils/errors";
import { parseTypedNumber } from "~/utils/fields";
import { formatQuantity } from "~/utils/quantity";
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


/** The values already recorded on some days of a signal, by "YYYY-MM-DD": what an import would replace. */
export async function recordedOn(teamId: string, signalId: string, dates: string[]): Promise<Map<string, number>> {
  if (dates.length === 0) return new Map();
  const rows = await db.signalPoint.findMany({ where: { teamId, signalId, date: { in: dates.map(fromDateOnly) } }, select: { date: true, value: true } });
  return new Map(rows.map((row) => [toDateOnly(row.date), row.value]));
}

/**
 * Records dated values of a signal, all or none: one reading per day. A day that already has a
 * different value is refused unless `replace` says to change it — a gate verdict reads these
 * values, so a replacement is never silent — and each replacement is logged with both values.
 * Re-sending a value already recorded changes nothing, so a retried request is harmless.
 */
export async function recordSignalPoints(actor: Actor, input: { signalId: string; points: SignalPointInput[]; replace?: boolean }, today = todayDateOnly()) {
  assertCan(actor, "work.edit");
  const future = input.points.find((point) => point.date > today);
  if (future) throw invalid({ date: `${future.date} is in the future.` });
  const days = new Set<string>();
  for (const point of input.points) {
    if (days.has(point.date)) throw invalid({ date: `${point.date} is given twice: one value per day.` });
    days.add(point.date);
  }
  return teamWrite(actor, "work.edit", async (tx, log) => {
    const signal = await tx.signal.findFirst({ where: { id: input.signalId, teamId: actor.team.id, deletedAt: null }, select: { id: true, name: true, unit: true } });
    if (!signal) throw notFound("That signal no longer exists.");
    const existing = await tx.signalPoint.findMany({
      where: { teamId: actor.team.id, signalId: signal.id, date: { in: [...days].map(fromDateOnly) } },
      select: { id: true, date: true, value: true },
    });
    const byDay = new Map(existing.map((row) => [toDateOnly(row.date), row]));
    const fresh = input.points.filter((point) => !byDay.has(point.date));
    const changed = input.points.flatMap((point) => {
      const before = byDay.get(point.date);
      return before && before.value !== point.value ? [{ ...point, id: before.id, before: before.value }] : [];
    });
    if (changed.length > 0 && !input.replace) {
      const [first] = changed;
      const others = changed.length > 1 ? ` (and ${changed.length - 1} other day${changed.length === 2 ? "" : "s"})` : "";
      const message = `${signal.name} already has ${formatQuantity(first.before, signal.unit, 4)} for ${first.date}${others}. Replace it explicitly to change it; the replacement is logged.`;
      throw new AppError(409, "value_exists", message, { replace: message }, { days: changed.map(({ date, before, value }) => ({ date, recorded: before, given: value })) });
    }

    if (fresh.length > 0) {
      await tx.signalPoint.createMany({
        data: fresh.map((point) => ({ teamId: actor.team.id, signalId: signal.id, date: fromDateOnly(point.date), value: point.value, note: point.note ?? null })),
      });
      await log({
        action: "signal.points_recorded",
        entityType: "signal",
        entityId: signal.id,
        summary: fresh.length === 1 ? `recorded ${signal.name} for ${fresh[0].date}` : `recorded ${fresh.length} values of ${signal.name}`,
        after: { points: fresh.length },
      });
    }
    for (const point of changed) {
      await tx.signalPoint.update({ where: { id: point.id }, data: { value: point.value, note: point.note ?? null } });
      await log({
        action: "signal.point_replaced",
        entityType: "signal",
        entityId: signal.id,
        summary: `replaced ${signal.name} for ${point.date}: ${formatQuantity(point.before, signal.unit, 4)} → ${formatQuantity(point.value, signal.unit, 4)}`,
        before: { date: point.date, value: point.before },
        after: { date: point.date, value: point.value },
      });
    }
    return { recorded: fresh.length + changed.length, replaced: changed.length, unchanged: input.points.length - fresh.length - changed.length };
  });
}

/**
 * The team's signals (or one product's) with their points of the last 26 weeks, oldest first.
 * `weekly` keeps, of each ISO week, its last point, its lowest and its highest: all a gate's
 * verdict reads (a week counts when every reading meets the threshold, and its level is its last
 * reading — see evaluate.ts), at under half the rows for daily metrics, for pages that show no chart.
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
              SELECT "signalId", date, value,
                row_number() OVER (PARTITION BY "signalId", date_trunc('week', date::timestamp) ORDER BY date DESC) AS latest,
                row_number() OVER (PARTITION BY "signalId", date_trunc('week', date::timestamp) ORDER BY value ASC, date) AS lowest,
                row_number() OVER (PARTITION BY "signalId", date_trunc('week', date::timestamp) ORDER BY value DESC, date) AS highest
              FROM "SignalPoint" WHERE "teamId" = ${teamId} AND "signalId" = ANY(${ids}) AND date >= ${fromDay}::date AND date <= ${today}::date
            ) per_week WHERE latest = 1 OR lowest = 1 OR highest = 1 ORDER BY date`
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
