import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ExperimentTable } from "~/components/experiment-table";
import { FilterBar, FilterSelect } from "~/components/filter-bar";
import { EmptyState, Notice, PageHeader, Pager } from "~/components/page";
import { listExperiments } from "~/modules/experiments/experiments.server";
import { todayDateOnly } from "~/modules/experiments/timebox";
import { EXPERIMENT_STATUSES, STATUS_LABELS } from "~/modules/experiments/vocabulary";
import { requireMembership } from "~/modules/teams/guard.server";
import { can } from "~/modules/teams/permissions";
import { pageField } from "~/utils/paging";

export const meta: MetaFunction = () => [{ title: "Experiments · Evident" }];

const QuerySchema = z.object({
  status: z.enum(EXPERIMENT_STATUSES).optional().catch(undefined),
  page: pageField,
  trashed: z.string().max(20).optional().catch(undefined),
});

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { team, role } = await requireMembership(request, context, params.team);
  const query = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { experiments, total, page, pageCount } = await listExperiments(team.id, { status: query.status }, query.page);
  return { team, experiments, total, page, pageCount, status: query.status, trashed: query.trashed, today: todayDateOnly(), canEdit: can(role, "work.edit") };
}

export default function Experiments() {
  const { team, experiments, total, page, pageCount, status, trashed, today, canEdit } = useLoaderData<typeof loader>();
  const base = `/t/${team.slug}`;
  return (
    <>
      <PageHeader
        title="Experiments"
        description="Two-week tests with a success criterion fixed before they start."
        actions={
          <>
            <Link to={`${base}/experiments/templates`} className="btn-secondary">
              Templates
            </Link>
            {canEdit ? <Link to={`${base}/experiments/new`} className="btn-primary">New experiment</Link> : null}
          </>
        }
      />
      {trashed ? (
        <Notice>
          {trashed} was moved to the trash. <Link to={`${base}/settings/trash`}>Undo from the trash</Link>
        </Notice>
      ) : null}
      <FilterBar clearTo={status ? `${base}/experiments` : null}>
        <FilterSelect name="status" label="Status" value={status} options={EXPERIMENT_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))} />
      </FilterBar>
      {experiments.length === 0 ? (
        <EmptyState action={canEdit ? <Link to={`${base}/experiments/new`} className="btn-primary">Plan an experiment</Link> : null}>
          {status ? "No experiments with this status." : "No experiments yet. Pick your riskiest hypothesis and design a two-week test for it."}
        </EmptyState>
      ) : (
        <div className="card relative overflow-x-auto">
          <ExperimentTable experiments={experiments} base={base} today={today} />
        </div>
      )}
      <Pager
        label="Pages"
        summary={`${total.toLocaleString("en")} experiments · page ${page} of ${pageCount}`}
        page={page}
        pageCount={pageCount}
        href={(target) => `${base}/experiments?${new URLSearchParams({ ...(status ? { status } : {}), page: String(target) })}`}
      />
    </>
  );
}
