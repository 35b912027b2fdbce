import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ActivityList } from "~/components/activity-list";
import { GateBadge, StrengthBar, VerdictBadge } from "~/components/badges";
import { VerdictsPerCycleChart } from "~/components/charts";
import { EmptyState, Notice, PageHeader, Section } from "~/components/page";
import { listActivity } from "~/modules/activity/activity.server";
import { gateStatuses } from "~/modules/gate/gate.server";
import { runningExperiments, verdictsPerCycle } from "~/modules/experiments/experiments.server";
import { describeTimebox, timeboxState, todayDateOnly } from "~/modules/experiments/timebox";
import { formatMetric } from "~/modules/experiments/vocabulary";
import { riskiestUntested } from "~/modules/hypotheses/hypotheses.server";
import { requireMembership } from "~/modules/teams/guard.server";
import { firstRunProgress, type FirstRun } from "~/modules/teams/first-run.server";
import { countMembers } from "~/modules/teams/members.server";
import { can } from "~/modules/teams/permissions";

/** The dashboard lists the experiments ending soonest; the list page has the rest. */
const RUNNING_SHOWN = 10;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.team.name ?? "Team"} · Evident` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { team, role, user } = await requireMembership(request, context, params.team);
  const today = todayDateOnly();
  const [running, cycles, riskiest, activity, memberCount, gates, firstRun] = await Promise.all([
    runningExperiments(team.id, RUNNING_SHOWN, today),
    verdictsPerCycle(team.id, today),
    riskiestUntested(team.id, 5),
    listActivity(team.id, { limit: 6 }),
    countMembers(team.id),
    gateStatuses(team.id, today),
    firstRunProgress(team.id),
  ]);
  return {
    team,
    user,
    today,
    running: running.experiments,
    runningTotal: running.total,
    cycles,
    riskiest,
    recent: activity.events,
    canEdit: can(role, "work.edit"),
    inviteNudge: memberCount === 1 && can(role, "invites.manage"),
    firstRun,
    gates: gates.map(({ product, evaluation }) => ({ id: product.id, name: product.name, status: evaluation.status, headline: evaluation.headline, met: evaluation.metCount, total: evaluation.total })),
  };
}

function Progress({ startsOn, endsOn, today }: { startsOn: string; endsOn: string; today: string }) {
  const state = timeboxState(startsOn, endsOn, today);
  const done = state.phase === "ended" ? 1 : state.phase === "running" ? state.day / state.totalDays : 0;
  return (
    <div className="h-1.5 w-full rounded-full bg-zinc-200 dark:bg-zinc-800" aria-hidden>
      <div className={`h-1.5 rounded-full ${state.phase === "ended" ? "bg-red-500" : "bg-blue-500"}`} style={{ width: `${Math.round(done * 100)}%` }} />
    </div>
  );
}

/** The first run, as three steps: each says whether it is done, and links to doing it. */
function FirstSteps({ base, progress, canEdit }: { base: string; progress: FirstRun; canEdit: boolean }) {
  const steps = [
    { done: progress.products > 0, title: "Name the product you are validating", detail: "Hypotheses and gates belong to a product.", to: `${base}/settings/products`, action: "Add a product" },
    { done: progress.hypotheses > 0, title: "Write down what must be true", detail: "One belief per hypothesis, with how important it is.", to: `${base}/hypotheses/new`, action: "Write a hypothesis" },
    { done: progress.experiments > 0, title: "Test the riskiest one for two weeks", detail: "Fix the success criterion before the first result comes in.", to: `${base}/experiments/new`, action: "Plan an experiment" },
  ];
  const next = steps.findIndex((step) => !step.done);
  return (
    <Section title="Get started" description="Three steps from a blank team to evidence.">
      <ol className="grid gap-4 sm:grid-cols-3">
        {steps.map((step, index) => (
          <li key={step.title} className="text-sm">
            <p className="flex items-center gap-2 font-medium">
              <span aria-hidden className={`grid h-6 w-6 shrink-0 place-items-center rounded-full text-xs ${step.done ? "bg-green-600 text-white" : "bg-zinc-200 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-200"}`}>
                {step.done ? "✓" : index + 1}
              </span>
              {step.title}
              {step.done ? <span className="sr-only"> (done)</span> : null}
            </p>
            <p className="muted mt-1">{step.detail}</p>
            {!step.done && canEdit ? (
              <Link to={step.to} className={`mt-2 inline-block ${index === next ? "btn-primary" : "btn-secondary"}`}>
                {step.action}
              </Link>
            ) : null}
          </li>
        ))}
      </ol>
    </Section>
  );
}

export default function Dashboard() {
  const { team, user, today, running, runningTotal, cycles, riskiest, recent, canEdit, inviteNudge, gates, firstRun } = useLoaderData<typeof loader>();
  const base = `/t/${team.slug}`;
  const firstName = user.name.split(" ")[0];
  const empty = firstRun.hypotheses === 0 && firstRun.experiments === 0;
  return (
    <>
      <PageHeader
        title="Dashboard"
        description={empty ? `Welcome, ${firstName}. ${team.name} has no evidence yet: the steps below get its first experiment running.` : `${firstName}, here is what ${team.name}'s evidence says today.`}
        actions={
          canEdit ? (
            <>
              <Link to={`${base}/hypotheses/new`} className="btn-secondary">
                New hypothesis
              </Link>
              <Link to={`${base}/experiments/new`} className="btn-primary">
                New experiment
              </Link>
            </>
          ) : null
        }
      />
      {inviteNudge ? (
        <Notice>
          Validation is a team sport: decisions need the people who make them.{" "}
          <Link to={`${base}/settings/members`}>Invite a teammate</Link>
        </Notice>
      ) : null}
      {firstRun.experiments === 0 ? <FirstSteps base={base} progress={firstRun} canEdit={canEdit} /> : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Section
            title={`Running experiments (${runningTotal.toLocaleString("en")})`}
            description="Days left and the verdict so far, soonest ending first."
            actions={runningTotal > running.length ? <Link to={`${base}/experiments?status=RUNNING`} className="btn-link">All {runningTotal.toLocaleString("en")}</Link> : null}
          >
            {running.length === 0 && firstRun.experiments === 0 ? (
              <EmptyState>Nothing is running yet: the steps above lead to the team's first experiment.</EmptyState>
            ) : running.length === 0 ? (
              <EmptyState action={canEdit ? <Link to={`${base}/experiments/new`} className="btn-primary">Plan an experiment</Link> : null}>
                Nothing is running. Pick the riskiest hypothesis and test it for two weeks.
              </EmptyState>
            ) : (
              <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {running.map((experiment) => (
                  <li key={experiment.id} className="py-3">
                    <div className="flex flex-wrap items-start justify-between gap-2">
                      <div className="min-w-0">
                        <Link to={`${base}/experiments/${experiment.key}`} className="font-medium text-zinc-900 dark:text-zinc-100">
                          <span className="font-mono text-xs text-accent-600 dark:text-accent-300">{experiment.key}</span> {experiment.title}
                        </Link>
                        <p className={`text-xs ${experiment.overdue ? "font-medium text-red-600 dark:text-red-400" : "muted"}`}>
                          {describeTimebox(experiment.status, experiment.startsOn, experiment.endsOn, today)} · {experiment.metricName}{" "}
                          {formatMetric(experiment.metricKind, experiment.result.estimate, experiment.metricUnit)} vs target{" "}
                          {formatMetric(experiment.metricKind, experiment.target, experiment.metricUnit)}
                        </p>
                      </div>
                      <VerdictBadge verdict={experiment.result.verdict} />
                    </div>
                    <div className="mt-2">
                      <Progress startsOn={experiment.startsOn} endsOn={experiment.endsOn} today={today} />
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </Section>
          <VerdictsPerCycleChart cycles={cycles} today={today} />
        </div>
        <div className="space-y-6">
          {gates.length ? (
            <Section title="Scale gates" description="Growth-stage engineering only when the evidence demands it.">
              <ul className="space-y-3">
                {gates.map((gate) => (
                  <li key={gate.id} className="text-sm">
                    <div className="flex items-center justify-between gap-2">
                      <Link to={`${base}/gate/${gate.id}`} className="font-medium">
                        {gate.name}
                      </Link>
                      <GateBadge status={gate.status} />
                    </div>
                    <div className="mt-1.5 h-1.5 w-full rounded-full bg-zinc-200 dark:bg-zinc-800" aria-hidden>
                      <div className="h-1.5 rounded-full bg-accent-600" style={{ width: `${gate.total ? Math.round((gate.met / gate.total) * 100) : 0}%` }} />
                    </div>
                    <p className="muted mt-1 text-xs">{gate.headline}</p>
                  </li>
                ))}
              </ul>
            </Section>
          ) : null}
          <Section title="Riskiest untested" description="Beliefs no experiment has tested yet, the most important and least evidenced first." actions={<Link to={`${base}/hypotheses/map`} className="btn-link">Map</Link>}>
            {riskiest.length === 0 ? (
              <p className="muted text-sm">{firstRun.hypotheses === 0 ? "No hypotheses yet: write down what must be true for the product to work." : "Every hypothesis has been tested or is being tested."}</p>
            ) : (
              <ul className="space-y-3">
                {riskiest.map((hypothesis) => (
                  <li key={hypothesis.id} className="text-sm">
                    <Link to={`${base}/hypotheses/${hypothesis.key}`} className="text-zinc-900 dark:text-zinc-100">
                      <span className="font-mono text-xs text-accent-600 dark:text-accent-300">{hypothesis.key}</span> {hypothesis.statement}
                    </Link>
                    <p className="muted mt-0.5 flex items-center gap-2 text-xs">
                      importance {hypothesis.importance} <StrengthBar strength={hypothesis.strength} />
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </Section>
          <Section title="Recent activity" actions={<Link to={`${base}/activity`} className="btn-link">All</Link>}>
            {recent.length ? <ActivityList events={recent} /> : <p className="muted text-sm">Nothing yet.</p>}
          </Section>
        </div>
      </div>
    </>
  );
}
