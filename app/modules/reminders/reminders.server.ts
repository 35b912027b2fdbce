/**
 * Reminders by email, each sent at most once: an experiment's owner two days before it ends and
 * when it runs past its end; a team's admins when a product's gate becomes READY. Every app
 * process runs the same scan on a schedule; the outbox's dedupe key makes a second scan (or a
 * second process) a no-op, so no lock or leader is needed.
 *
 * "The owner" of an experiment is its hypothesis's owner when that person is still on the team,
 * else whoever planned the experiment; people who left the team, or never confirmed their address,
 * get nothing.
 */
import { describeCriterion, experimentKey } from "~/modules/experiments/vocabulary";
import { addDays, daysBetween, todayDateOnly } from "~/modules/experiments/timebox";
import { gateStatuses } from "~/modules/gate/gate.server";
import { hypothesisKey } from "~/modules/hypotheses/vocabulary";
import { rolesWith } from "~/modules/teams/permissions";
import { forgetOldReadEntries } from "~/modules/notifications/inbox.server";
import { forgetOldDeliveries } from "~/modules/webhooks/delivery.server";
import { experimentEndingEmail, experimentOverdueEmail, gateReadyEmail } from "~/modules/mail/messages";
import { enqueueEmail, type EnqueueInput } from "~/modules/mail/outbox.server";
import { emitEvent, experimentSubject, productSubject, type EmitInput } from "~/modules/events/emit.server";
import { reachableMembers } from "~/modules/mail/recipients.server";
import { sendDueDigests } from "~/modules/review/digest.server";
import { composeDueUpdates } from "~/modules/updates/cadence.server";
import { db } from "~/utils/db.server";
import { fromDateOnly, toDateOnly } from "~/utils/date-only";
import { forgetOldSubmissions } from "~/utils/submission.server";

/** Days before the end at which the owner hears that an experiment is ending. */
export const ENDING_REMINDER_DAYS = 2;
/**
 * An overdue reminder goes out on the first scan after the end date; one that finds an experiment
 * overdue for longer than this (a server that was down, or the first scan after an upgrade) stays
 * quiet rather than write about something weeks old.
 */
const OVERDUE_REMINDER_WINDOW_DAYS = 3;

/** Whoever the permission table lets decide a gate hears that one is ready. */
const DECIDERS = rolesWith("gate.decide");

export type ReminderRun = { endingSoon: number; overdue: number; gateReady: number };

type Options = { origin: string; today?: string };

const longDate = (dateOnly: string) =>
  fromDateOnly(dateOnly).toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** Queues every reminder that is due and not sent yet. Returns how many were newly queued, by kind. */
export async function sendDueReminders(options: Options): Promise<ReminderRun> {
  const today = options.today ?? todayDateOnly();
  const due: DueEvent[] = [];
  const experiments = await experimentReminders(today, options.origin, due);
  const gates = await gateReminders(today, options.origin, due);
  const counts: ReminderRun = { endingSoon: 0, overdue: 0, gateReady: 0 };
  for (const [bucket, message] of [...experiments, ...gates]) {
    if (await db.$transaction((tx) => enqueueEmail(tx, message))) counts[bucket]++;
  }
  // The same moments are events too (inbox, webhooks), each once by its dedupe key.
  for (const event of due) await db.$transaction((tx) => emitEvent(tx, event));
  return counts;
}

type Pending = [keyof ReminderRun, EnqueueInput];
type DueEvent = EmitInput<"experiment.ending_soon"> | EmitInput<"experiment.overdue"> | EmitInput<"gate.ready">;

async function experimentReminders(today: string, origin: string, due: DueEvent[]): Promise<Pending[]> {
  const experiments = await db.experiment.findMany({
    where: {
      status: "RUNNING",
      deletedAt: null,
      endsOn: { gte: fromDateOnly(addDays(today, -OVERDUE_REMINDER_WINDOW_DAYS)), lte: fromDateOnly(addDays(today, ENDING_REMINDER_DAYS)) },
      hypothesis: { deletedAt: null },
    },
    select: {
      id: true, number: true, title: true, endsOn: true, observationCount: true, createdById: true, teamId: true,
      metricKind: true, comparator: true, target: true, metricUnit: true, metricName: true,
      team: { select: { slug: true, name: true } },
      hypothesis: { select: { number: true, statement: true, ownerId: true } },
    },
  });
  if (experiments.length === 0) return [];
  const people = await reachableMembers(experiments.map((experiment) => experiment.teamId));
  for (const experiment of experiments) {
    const endsOn = toDateOnly(experiment.endsOn);
    const key = experimentKey(experiment.number);
    const subject = experimentSubject(experiment.team.slug, experiment);
    const base = { teamId: experiment.teamId, actorId: null, subject };
    if (endsOn >= today) {
      const daysLeft = daysBetween(today, endsOn);
      due.push({ ...base, type: "experiment.ending_soon", summary: `${key} ends ${daysLeft === 0 ? "today" : daysLeft === 1 ? "tomorrow" : `in ${daysLeft} days`}, on ${endsOn}`, details: { endsOn, daysLeft }, dedupeKey: `experiment.ending_soon:${experiment.id}:${endsOn}` });
    } else {
      const daysOver = daysBetween(endsOn, today);
      due.push({ ...base, type: "experiment.overdue", summary: `${key} ended on ${endsOn} and has no learning card yet`, details: { endsOn, daysOver }, dedupeKey: `experiment.overdue:${experiment.id}:${endsOn}` });
    }
  }

  return experiments.flatMap((experiment): Pending[] => {
    const members = people.get(experiment.teamId);
    const ownerId = [experiment.hypothesis.ownerId, experiment.createdById].find((id) => id && members?.has(id));
    if (!ownerId) return [];
    const owner = members!.get(ownerId)!;
    const key = experimentKey(experiment.number);
    const endsOn = toDateOnly(experiment.endsOn);
    const hypothesis = hypothesisKey(experiment.hypothesis.number);
    const reminder = {
      team: experiment.team.name,
      key,
      title: experiment.title,
      hypothesis: `${hypothesis} · ${experiment.hypothesis.statement}`,
      criterion: `${experiment.metricName} ${describeCriterion(experiment.metricKind, experiment.comparator, experiment.target, experiment.metricUnit)}`,
      endsOn: longDate(endsOn),
      observations: experiment.observationCount,
      url: `${origin}/t/${experiment.team.slug}/experiments/${key}`,
      because: ownerId === experiment.hypothesis.ownerId ? `you own ${hypothesis}, which ${key} tests,` : `you planned ${key}`,
    };
    const base = { to: { address: owner.email, name: owner.name, userId: owner.id }, teamId: experiment.teamId, origin };
    if (endsOn >= today) {
      return [["endingSoon", {
        ...base,
        kind: "experiment_ending",
        // Keyed by the end date: an experiment extended to a later end is reminded again for that one.
        dedupeKey: `experiment_ending:${experiment.id}:${endsOn}`,
        content: ({ unsubscribeUrl }) => experimentEndingEmail({ ...reminder, daysLeft: daysBetween(today, endsOn), unsubscribeUrl }),
      }]];
    }
    return [["overdue", {
      ...base,
      kind: "experiment_overdue",
      dedupeKey: `experiment_overdue:${experiment.id}:${endsOn}`,
      content: ({ unsubscribeUrl }) => experimentOverdueEmail({ ...reminder, daysOver: daysBetween(endsOn, today), unsubscribeUrl }),
    }]];
  });
}

async function gateReminders(today: string, origin: string, due: DueEvent[]): Promise<Pending[]> {
  const teamsWithGates = await db.gateCriterion.findMany({ where: { deletedAt: null, product: { deletedAt: null } }, distinct: ["teamId"], select: { teamId: true } });
  const pending: Pending[] = [];
  for (const { teamId } of teamsWithGates) {
    const ready = (await gateStatuses(teamId, today)).filter((gate) => gate.evaluation.status === "READY");
    if (ready.length === 0) continue;
    const [team, deciders, lastDecisions] = await Promise.all([
      db.team.findUniqueOrThrow({ where: { id: teamId }, select: { slug: true, name: true } }),
      reachableMembers([teamId], DECIDERS),
      db.gateDecision.findMany({ where: { teamId, productId: { in: ready.map((gate) => gate.product.id) } }, orderBy: { createdAt: "desc" }, distinct: ["productId"], select: { id: true, productId: true } }),
    ]);
    const lastDecision = new Map(lastDecisions.map((decision) => [decision.productId, decision.id]));
    for (const gate of ready) {
      // Once per readiness: after a decision (a hold, say), the gate becoming READY again is news again.
      const since = lastDecision.get(gate.product.id) ?? "never-decided";
      const met = gate.evaluation.metCount;
      due.push({
        teamId,
        actorId: null,
        type: "gate.ready",
        subject: productSubject(team.slug, gate.product),
        summary: `the scale gate of ${gate.product.name} is ready for a decision: ${met === 1 ? "its one criterion is met" : `all ${met} criteria are met`}`,
        details: { criteriaMet: met },
        dedupeKey: `gate.ready:${gate.product.id}:${since}`,
      });
      for (const admin of deciders.get(teamId)?.values() ?? []) {
        pending.push(["gateReady", {
          kind: "gate_ready",
          to: { address: admin.email, name: admin.name, userId: admin.id },
          teamId,
          origin,
          dedupeKey: `gate_ready:${gate.product.id}:${since}:${admin.id}`,
          content: ({ unsubscribeUrl }) =>
            gateReadyEmail({ team: team.name, product: gate.product.name, met: gate.evaluation.metCount, url: `${origin}/t/${team.slug}/gate/${gate.product.id}`, unsubscribeUrl }),
        }]);
      }
    }
  }
  return pending;
}

/** Scans every 10 minutes, so a reminder goes out within minutes of becoming due. */
const SCAN_INTERVAL_MS = 10 * 60 * 1000;
/** The first scan waits until start-up has settled. */
const FIRST_SCAN_DELAY_MS = 30 * 1000;

/** Runs `sendDueReminders` and the review digests (review/digest.server.ts) on a schedule in this process until stopped; a failed scan is logged and tried again next time. */
export function startReminderSchedule(options: { origin: string; log?: (line: string) => void; intervalMs?: number; firstDelayMs?: number }) {
  const log = options.log ?? ((line: string) => console.log(line));
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  const scan = () => {
    // Housekeeping rides along: old form keys, read inbox entries and settled webhook deliveries are forgotten.
    running = Promise.all([sendDueReminders({ origin: options.origin }), sendDueDigests({ origin: options.origin }), composeDueUpdates({ origin: options.origin }), forgetOldSubmissions(), forgetOldReadEntries(), forgetOldDeliveries()])
      .then(([run, digests, drafts]) => {
        const queued = run.endingSoon + run.overdue + run.gateReady;
        if (queued > 0) log(`reminders: queued ${run.endingSoon} ending soon, ${run.overdue} overdue, ${run.gateReady} gate ready`);
        if (digests > 0) log(`reminders: queued ${digests} review digest${digests === 1 ? "" : "s"}`);
        if (drafts > 0) log(`reminders: composed ${drafts} investor update draft${drafts === 1 ? "" : "s"} now due`);
      })
      .catch((error: unknown) => log(`reminders: scan failed, trying again later: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        running = undefined;
        if (!stopped) timer = setTimeout(scan, options.intervalMs ?? SCAN_INTERVAL_MS);
      });
  };
  timer = setTimeout(scan, options.firstDelayMs ?? FIRST_SCAN_DELAY_MS);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
