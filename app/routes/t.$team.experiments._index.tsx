import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ExperimentStatusBadge, VerdictBadge } from "~/components/badges";
import { EmptyState, Notice, PageHeader } from "~/components/page";
import { listExperiments } from "~/modules/experiments/experiments.server";
import { describeTimebox, todayDateOnly } from "~/modules/experiments/timebox";
import { EXPERIMENT_STATUSES, METHOD_LABELS, STATUS_LABELS, describeCriterion } from "~/modules/experiments/vocabulary";
import { requireMembership } from "~/modules/teams/guard.server";
import { can } from "~/modules/teams/permissions";

export const meta: MetaFunction = () => [{ title: "Experiments · Evident" }];

const QuerySchema = z.object({ status: z.enum(EXPERIMENT_STATUSES).optional().catch(undefined), trashed: z.string().max(20).optional().catch(undefined) });

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { team, role } = await requireMembership(request, context, params.team);
  const query = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const experiments = await listExperiments(team.id, { status: query.status });
  return { team, experiments, status: query.status, trashed: query.trashed, today: todayDateOnly(), canEdit: can(role, "work.edit") };
}

export default function Experiments() {
  const { team, experiments, status, trashed, today, canEdit } = useLoaderData<typeof loader>();
  const base = `/t/${team.slug}`;
  return (
    <>
      <PageHeader
        title="Experiments"
        description="Two-week tests with a success criterion fixed before they start."
        actions={canEdit ? <Link to={`${base}/experiments/new`} className="btn-primary">New experiment</Link> : null}
      />
      {trashed ? (
        <Notice>
          {trashed} was moved to the trash. <Link to={`${base}/settings/trash`}>Undo from the trash</Link>
        </Notice>
      ) : null}
      <Form method="get" className="mb-4 flex flex-wrap items-end gap-2">
        <label className="flex flex-col gap-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Status
          <select name="status" defaultValue={status ?? ""} className="input w-auto py-1.5">
            <option value="">All</option>
            {EXPERIMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn-secondary">
          Apply
        </button>
      </Form>
      {experiments.length === 0 ? (
        <EmptyState action={canEdit ? <Link to={`${base}/experiments/new`} className="btn-primary">Plan an experiment</Link> : null}>
          {status ? "No experiments with this status." : "No experiments yet. Pick your riskiest hypothesis and design a two-week test for it."}
        </EmptyState>
      ) : (
        <div className="card overflow-x-auto">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Experiment</th>
                <th scope="col">Criterion</th>
                <th scope="col">Timebox</th>
                <th scope="col">Status</th>
                <th scope="col">Verdict</th>
              </tr>
            </thead>
            <tbody>
              {experiments.map((experiment) => (
                <tr key={experiment.id}>
                  <td className="font-mono text-xs">
                    <Link to={`${base}/experiments/${experiment.key}`}>{experiment.key}</Link>
                  </td>
                  <td className="min-w-64">
                    <Link to={`${base}/experiments/${experiment.key}`} className="text-zinc-900 dark:text-zinc-100">
                      {experiment.title}
                    </Link>
                    <span className="muted block text-xs">
                      {METHOD_LABELS[experiment.method]} · tests H-{experiment.hypothesis.number}
                    </span>
                  </td>
                  <td className="whitespace-nowrap text-xs">
                    {experiment.metricName} {describeCriterion(experiment.metricKind, experiment.comparator, experiment.target, experiment.metricUnit)}
                  </td>
                  <td className="whitespace-nowrap text-xs">{describeTimebox(experiment.status, experiment.startsOn, experiment.endsOn, today)}</td>
                  <td>
                    <ExperimentStatusBadge status={experiment.status} overdue={experiment.overdue} />
                  </td>
                  <td>
                    {experiment.status === "DRAFT" || experiment.status === "ABANDONED" ? (
                      <span className="muted text-xs">—</span>
                    ) : (
                      <VerdictBadge verdict={experiment.finalVerdict ?? experiment.result.verdict} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
