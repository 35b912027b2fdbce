/**
 * When a team's weekly review is, and when its agenda digest is due. Pure: the clock and the
 * time zone database (Intl) are the only inputs.
 *
 * The digest goes out on the morning of the review day: at DIGEST_HOUR in the team's time zone,
 * or at the review's own time when the review starts earlier. It stays due for the rest of that
 * local day (a server that was down at seven still sends it at nine) and never on another day.
 */
import { z } from "zod";

export const DIGEST_HOUR = 7;

export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

export type ReviewSchedule = { weekday: number; time: string; timeZone: string };

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Every time zone this server knows, for the settings form. */
export function timeZones(): string[] {
  return Intl.supportedValuesOf("timeZone");
}

export const ReviewScheduleSchema = z.object({
  weekday: z.coerce.number({ error: "Choose the day of the review." }).int().min(1, "Choose the day of the review.").max(7, "Choose the day of the review."),
  time: z.string({ error: "Enter the time of the review, e.g. 10:00." }).trim().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Enter the time of the review as HH:MM, e.g. 10:00."),
  timeZone: z.string({ error: "Choose the team's time zone." }).trim().min(1, "Choose the team's time zone.").max(64).refine(isTimeZone, "Choose a time zone from the list."),
});

/** The local calendar date, ISO weekday and minutes past midnight of `now` in `timeZone`. */
export function localClock(now: Date, timeZone: string): { date: string; weekday: number; minutes: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23", weekday: "short" })
      .formatToParts(now)
      .map((part) => [part.type, part.value]),
  );
  const weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(parts.weekday) + 1;
  return { date: `${parts.year}-${parts.month}-${parts.day}`, weekday, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** The ISO week ("2026-W49") a local date falls in: the digest's "once per team and week". */
export function isoWeek(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday); // the Thursday of this week decides its year
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Whether the digest is due at `now`, and the week and local date it belongs to. */
export function digestDue(schedule: ReviewSchedule, now: Date): { due: boolean; week: string; localDate: string } {
  const clock = localClock(now, schedule.timeZone);
  const sendFrom = Math.min(DIGEST_HOUR * 60, minutesOf(schedule.time));
  return { due: clock.weekday === schedule.weekday && clock.minutes >= sendFrom, week: isoWeek(clock.date), localDate: clock.date };
}

/** "at 10:00 (Europe/London)". */
export function reviewTimeOf(schedule: ReviewSchedule): string {
  return `at ${schedule.time} (${schedule.timeZone.replaceAll("_", " ")})`;
}

/** "Mondays at 10:00 (Europe/London)". */
export function describeSchedule(schedule: ReviewSchedule): string {
  return `${WEEKDAYS[schedule.weekday - 1]}s ${reviewTimeOf(schedule)}`;
}

/** The team's schedule when all three parts are set. */
export function scheduleOf(team: { reviewWeekday: number | null; reviewTime: string | null; reviewTimeZone: string | null }): ReviewSchedule | null {
  if (team.reviewWeekday === null || team.reviewTime === null || team.reviewTimeZone === null) return null;
  return { weekday: team.reviewWeekday, time: team.reviewTime, timeZone: team.reviewTimeZone };
}
