import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { HypothesisStatusBadge, StrengthBar } from "~/components/badges";
import { FilterBar, FilterSearch, FilterSelect } from "~/components/filter-bar";
import { EmptyState, Notice, PageHeader, Pager } from "~/components/page";
import { listHypotheses } from "~/modules/hypotheses/hypotheses.server";
import { HypothesisFiltersSchema } from "~/modules/hypotheses/schemas";
import { CATEGORIES, CATEGORY_LABELS, STATUSES, STATUS_LABELS, STRENGTH_LABELS } from "~/modules/hypotheses/vocabulary";
import { listProducts } from "~/modules/products/products.server";
import { requireMembership } from "~/modules/teams/guard.server";
import { memberOptions } from "~/modules/teams/members.server";
import { can } from "~/modules/teams/permissions";
import { pageField } from "~/utils/paging";

export const meta: MetaFunction = () => [{ title: "Hypotheses · Evident" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { team, role } = await requireMembership(request, context, params.team);
  const search = Object.fromEntries(new URL(request.url).searchParams);
  const filters = HypothesisFiltersSchema.parse(search);
  const page = pageField.parse(search.page ?? 1);
  const [result, products, members] = await Promise.all([listHypotheses(team.id, filters, page), listProducts(team.id), memberOptions(team.id)]);
  const trashed = z.string().max(20).optional().catch(undefined).parse(search.trashed);
  return { team, filters, ...result, products, members, trashed, canEdit: can(role, "work.edit") };
}

const SORTS = [
  { value: "risk", label: "Riskiest first" },
  { value: "importance", label: "Most important" },
  { value: "newest", label: "Newest" },
  { value: "key", label: "Key (H-1, H-2 …)" },
];

export default function Hypotheses() {
  const { team, filters, hypotheses, total, page, pageCount, products, members, trashed, canEdit } = useLoaderData<typeof loader>();
  const base = `/t/${team.slug}/hypotheses`;
  const filtered = Boolean(filters.product || filters.category || filters.status || filters.owner || filters.q) || filters.importance !== undefined || filters.strength !== undefined;
  const pageLink = (target: number) => {
    const params = new URLSearchParams(Object.entries(filters).flatMap(([name, value]) => (value === undefined || value === "" ? [] : [[name, String(value)]])));
    params.set("page", String(target));
    return `${base}?${params}`;
  };
  return (
    <>
      <PageHeader
        title="Hypotheses"
        description="What you believe must be true — riskiest first: most important, least evidence."
        actions={
          <>
            <Link to={`${base}/map`} className="btn-secondary">
              Assumptions map
            </Link>
            {canEdit ? (
              <Link to={`${base}/new`} className="btn-primary">
                New hypothesis
              </Link>
            ) : null}
          </>
        }
      />
      {trashed ? (
        <Notice>
          {trashed} was moved to the trash. <Link to={`/t/${team.slug}/settings/trash`}>Undo from the trash</Link>
        </Notice>
      ) : null}
      <FilterBar clearTo={filtered ? base : null}>
        <FilterSearch name="q" label="Search" value={filters.q} placeholder="Words in the statement" />
        <FilterSelect name="product" label="Product" value={filters.product} options={products.map((p) => ({ value: p.id, label: p.name }))} />
        <FilterSelect name="category" label="Category" value={filters.category} options={CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] }))} />
        <FilterSelect name="status" label="Status" value={filters.status} options={STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))} />
        <FilterSelect name="owner" label="Owner" value={filters.owner} options={members.map((m) => ({ value: m.id, label: m.name }))} />
        <FilterSelect name="importance" label="Importance" value={filters.importance?.toString()} options={[5, 4, 3, 2, 1].map((i) => ({ value: String(i), label: String(i) }))} />
        <FilterSelect name="strength" label="Evidence" value={filters.strength?.toString()} options={[0, 1, 2, 3, 4].map((i) => ({ value: String(i), label: STRENGTH_LABELS[i] }))} />
        <FilterSelect name="sort" label="Sort" value={filters.sort} all={null} options={SORTS} />
      </FilterBar>
      {hypotheses.length === 0 ? (
        filtered ? (
          <EmptyState>No hypotheses match these filters.</EmptyState>
        ) : (
          <EmptyState action={canEdit ? <Link to={`${base}/new`} className="btn-primary">Write your first hypothesis</Link> : null}>
            No hypotheses yet. Write down the riskiest thing you believe about {products[0]?.name ?? "your product"}.
          </EmptyState>
        )
      ) : (
        <div className="card relative overflow-x-auto">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">We believe that…</th>
                <th scope="col">Category</th>
                <th scope="col" className="text-right">Importance</th>
                <th scope="col">Evidence</th>
                <th scope="col">Status</th>
                <th scope="col">Owner</th>
              </tr>
            </thead>
            <tbody>
              {hypotheses.map((hypothesis) => (
                <tr key={hypothesis.id}>
                  <td className="whitespace-nowrap font-mono text-xs">
                    <Link to={`${base}/${hypothesis.key}`}>{hypothesis.key}</Link>
                  </td>
                  <td className="min-w-72">
                    <Link to={`${base}/${hypothesis.key}`} className="text-zinc-900 dark:text-zinc-100">
                      {hypothesis.statement}
                    </Link>
                    <span className="muted block text-xs">
                      {hypothesis.product.name}
                      {hypothesis.segment ? ` · ${hypothesis.segment}` : ""} · {hypothesis._count.experiments} experiment{hypothesis._count.experiments === 1 ? "" : "s"}
                    </span>
                  </td>
                  <td className="whitespace-nowrap">{CATEGORY_LABELS[hypothesis.category]}</td>
                  <td className="text-right tabular-nums">{hypothesis.importance}</td>
                  <td className="whitespace-nowrap">
                    <StrengthBar strength={hypothesis.strength} />
                  </td>
                  <td>
                    <HypothesisStatusBadge status={hypothesis.status} />
                  </td>
                  <td className="muted whitespace-nowrap text-xs">{hypothesis.owner?.name ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager label="Pages" summary={`${total.toLocaleString("en")} hypotheses · page ${page} of ${pageCount}`} page={page} pageCount={pageCount} href={pageLink} />
    </>
  );
}
