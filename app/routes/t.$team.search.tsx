import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { FilterSelect } from "~/components/filter-bar";
import { EmptyState, PageHeader } from "~/components/page";
import { SearchHitList } from "~/components/search-results";
import { todayDateOnly } from "~/modules/experiments/timebox";
import { EXPERIMENT_STATUSES, STATUS_LABELS as EXPERIMENT_STATUS_LABELS } from "~/modules/experiments/vocabulary";
import { STATUSES as HYPOTHESIS_STATUSES, STATUS_LABELS as HYPOTHESIS_STATUS_LABELS } from "~/modules/hypotheses/vocabulary";
import { listProducts } from "~/modules/products/products.server";
import { PERIODS, periodStart, SearchFilters } from "~/modules/search/filters";
import { parseSearchQuery } from "~/modules/search/query";
import { recentItems, searchTeam } from "~/modules/search/search.server";
import { SEARCH_TYPE_LABELS, SEARCH_TYPES } from "~/modules/search/types";
import { requireMembership } from "~/modules/teams/guard.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.q ? `“${data.q}” · Search · Evident` : "Search · Evident" }];

const PAGE_SIZE = 20;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { team } = await requireMembership(request, context, params.team);
  const filters = SearchFilters.parse(Object.fromEntries(new URL(request.url).searchParams));
  const q = parseSearchQuery(filters.q).text;
  const base = `/t/${team.slug}`;
  const limit = filters.limit ?? PAGE_SIZE;
  const [result, recent, products] = await Promise.all([
    searchTeam(team.id, {
      q,
      base,
      types: filters.type ? [filters.type] : undefined,
      productId: filters.product,
      status: filters.status,
      since: periodStart(filters.period, todayDateOnly()),
      limit,
      offset: filters.offset,
    }),
    q ? Promise.resolve([]) : recentItems(team.id, base),
    listProducts(team.id),
  ]);
  return { team, q, filters: { ...filters, q }, limit, ...result, recent, products: products.map((product) => ({ id: product.id, name: product.name })) };
}

export default function Search() {
  const { team, q, filters, hits, counts, total, nextOffset, recent, products, limit } = useLoaderData<typeof loader>();
  const base = `/t/${team.slug}`;
  const filtered = Boolean(filters.type || filters.product || filters.status || filters.period);
  const href = (change: Record<string, string | undefined>) => {
    const values = { q, type: filters.type, product: filters.product, status: filters.status, period: filters.period, ...change };
    return `${base}/search?${new URLSearchParams(Object.entries(values).filter((entry): entry is [string, string] => Boolean(entry[1])))}`;
  };
  return (
    <>
      <PageHeader title="Search" description="Everything the team recorded: hypotheses, experiments, evidence and quotes, learnings, comments, reviews and investor updates." />
      <Form method="get" role="search" className="card mb-4 flex flex-wrap items-end gap-3 p-3">
        <label className="flex min-w-[min(100%,18rem)] flex-1 flex-col gap-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Search for
          <input type="search" name="q" defaultValue={q} maxLength={200} placeholder="onboarding, pricing, H-12…" className="input h-9" autoComplete="off" />
        </label>
        <FilterSelect name="type" label="Type" value={filters.type} options={SEARCH_TYPES.map((type) => ({ value: type, label: SEARCH_TYPE_LABELS[type] }))} />
        {products.length > 1 ? <FilterSelect name="product" label="Product" value={filters.product} options={products.map((product) => ({ value: product.id, label: product.name }))} /> : null}
        <FilterSelect
          name="status"
          label="Status"
          value={filters.status}
          all="Any"
          options={[
            ...HYPOTHESIS_STATUSES.map((status) => ({ value: status.toLowerCase(), label: `Hypothesis: ${HYPOTHESIS_STATUS_LABELS[status].toLowerCase()}` })),
            ...EXPERIMENT_STATUSES.map((status) => ({ value: status.toLowerCase(), label: `Experiment: ${EXPERIMENT_STATUS_LABELS[status].toLowerCase()}` })),
          ]}
        />
        <FilterSelect name="period" label="Changed" value={filters.period} all="Any time" options={Object.entries(PERIODS).map(([value, label]) => ({ value, label }))} />
        <div className="flex items-center gap-2">
          <button type="submit" className="btn-primary h-9">
            Search
          </button>
          {filtered ? (
            <Link
              to={href({ type: undefined, product: undefined, status: undefined, period: undefined })}
              className="btn h-9 border border-transparent text-accent-600 hover:bg-zinc-100 dark:text-accent-100 dark:hover:bg-zinc-800"
            >
              Clear filters
            </Link>
          ) : null}
        </div>
      </Form>

      {!q ? (
        <>
          <EmptyState>Search by words (“onboarding”, “would pay”), by part of a word or with a typo (“onbord”), or by key (H-12, E-7).</EmptyState>
          {recent.length > 0 ? (
            <section className="mt-6" aria-labelledby="recent-heading">
              <h2 id="recent-heading" className="mb-2 text-sm font-semibold">
                Recently changed
              </h2>
              <SearchHitList hits={recent} />
            </section>
          ) : null}
        </>
      ) : total === 0 ? (
        <EmptyState>
          Nothing matches “{q}”{filtered ? " with these filters" : ""}. Try fewer or other words{filtered ? ", or clear the filters" : ""}.
        </EmptyState>
      ) : (
        <>
          <nav aria-label="Results by type" className="mb-4 flex flex-wrap items-center gap-2 text-sm">
            <span className="muted">
              {total.toLocaleString("en")} result{total === 1 ? "" : "s"} for “{q}”:
            </span>
            {SEARCH_TYPES.filter((type) => counts[type]).map((type) => (
              <Link
                key={type}
                to={href({ type: filters.type === type ? undefined : type })}
                aria-current={filters.type === type ? "true" : undefined}
                className={`rounded-full px-2.5 py-0.5 text-xs no-underline ring-1 hover:no-underline ${
                  filters.type === type ? "bg-accent-600 text-white ring-accent-600" : "ring-zinc-300 hover:bg-zinc-100 dark:ring-zinc-700 dark:hover:bg-zinc-800"
                }`}
              >
                {SEARCH_TYPE_LABELS[type]} {counts[type]}
              </Link>
            ))}
          </nav>
          {SEARCH_TYPES.filter((type) => hits.some((hit) => hit.type === type))
            .sort((a, b) => hits.findIndex((hit) => hit.type === a) - hits.findIndex((hit) => hit.type === b))
            .map((type) => (
              <section key={type} className="mb-6" aria-labelledby={`group-${type}`}>
                <h2 id={`group-${type}`} className="mb-2 text-sm font-semibold">
                  {SEARCH_TYPE_LABELS[type]}
                </h2>
                <SearchHitList hits={hits.filter((hit) => hit.type === type)} />
              </section>
            ))}
          {nextOffset !== null || (filters.offset ?? 0) > 0 ? (
            <nav aria-label="More results" className="flex items-center justify-between text-sm">
              {(filters.offset ?? 0) > 0 ? <Link to={href({ offset: String(Math.max(0, (filters.offset ?? 0) - limit)) })}>← Better matches</Link> : <span />}
              {nextOffset !== null ? <Link to={href({ offset: String(nextOffset) })}>More results →</Link> : null}
            </nav>
          ) : null}
        </>
      )}
    </>
  );
}
