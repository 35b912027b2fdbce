import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FilterBar, FilterSelect } from "~/components/filter-bar";
import { ChangedMindSummary, LibraryCardItem } from "~/components/learning-library";
import { EmptyState, PageHeader } from "~/components/page";
import { CATEGORIES, CATEGORY_LABELS } from "~/modules/hypotheses/vocabulary";
import { CHANGED_MIND, DECISION_OPTIONS, isFiltered, LibraryQuerySchema, libraryParams, OUTCOME_MEANINGS, OUTCOME_OPTIONS } from "~/modules/learnings/filters";
import { learningLibrary } from "~/modules/learnings/learnings.server";
import { listProducts } from "~/modules/products/products.server";
import { requireMembership } from "~/modules/teams/guard.server";

export const meta: MetaFunction = () => [{ title: "Learnings · Evident" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { team } = await requireMembership(request, context, params.team);
  const { before, ...filters } = LibraryQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [library, products] = await Promise.all([learningLibrary(team.id, filters, before), listProducts(team.id)]);
  return {
    team,
    ...library,
    products: products.map((product) => ({ value: product.id, label: product.name })),
    // The address of this view and of the next page, as the filter form would write them.
    query: libraryParams(filters).toString(),
    nextQuery: library.next ? libraryParams(filters, library.next).toString() : null,
    outcome: filters.outcome ?? null,
    continued: Boolean(before),
    filtered: isFiltered(filters),
  };
}

export default function Learnings() {
  const { team, cards, changedMind, periods, products, query, nextQuery, outcome, continued, filtered } = useLoaderData<typeof loader>();
  const base = `/t/${team.slug}`;
  const here = `${base}/learnings`;
  const filters = new URLSearchParams(query);
  const changedIn = (quarterKey: string) => `${here}?${new URLSearchParams({ decision: CHANGED_MIND, period: quarterKey })}`;
  const period = filters.get("period");
  return (
    <>
      <PageHeader title="Learnings" description="Every learning card: what we tested, the verdict against its locked criterion, and what we decided." />
      {changedMind.length ? <ChangedMindSummary quarters={changedMind} href={changedIn} /> : null}
      {/* A team without any card yet has nothing to filter. */}
      {changedMind.length || filtered ? (
        <>
          {/* Keyed by the filters: a link that changes them (Clear filters, a quarter above) must reset the controls too. */}
          <FilterBar key={query} clearTo={filtered ? here : null}>
            <FilterSelect name="outcome" label="Outcome" value={filters.get("outcome") ?? undefined} options={OUTCOME_OPTIONS} />
            <FilterSelect name="decision" label="Decision" value={filters.get("decision") ?? undefined} options={DECISION_OPTIONS} />
            <FilterSelect name="category" label="Category" value={filters.get("category") ?? undefined} options={CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] }))} />
            <FilterSelect name="product" label="Product" value={filters.get("product") ?? undefined} options={products} />
            <FilterSelect name="period" label="Concluded in" value={period ?? undefined} options={periods} all="All time" />
          </FilterBar>
        </>
      ) : null}
      {outcome ? <p className="muted -mt-1 mb-4 text-sm">{OUTCOME_MEANINGS[outcome]}</p> : null}
      {cards.length === 0 ? (
        filtered ? (
          <EmptyState>
            No learning cards match these filters. <Link to={here}>Show every card</Link>
          </EmptyState>
        ) : continued ? (
          <EmptyState>
            No older learning cards. <Link to={here}>Back to the newest</Link>
          </EmptyState>
        ) : (
          <EmptyState
            action={
              <Link to={`${base}/experiments`} className="btn-primary">
                See your experiments
              </Link>
            }
          >
            No learning cards yet. When an experiment concludes, its learning card — what we observed, what we learned, what we will do next — is kept here.
          </EmptyState>
        )
      ) : (
        <ol className="space-y-4" aria-label="Learning cards, newest first">
          {cards.map((card) => (
            <li key={card.id}>
              <LibraryCardItem card={card} base={base} />
            </li>
          ))}
        </ol>
      )}
      {continued || nextQuery ? (
        <nav aria-label="Older learning cards" className="mt-4 flex flex-wrap items-center justify-between gap-2 text-sm">
          <span className="muted">{continued ? "Older learning cards" : `The ${cards.length} newest learning cards`}</span>
          <span className="flex gap-2">
            {continued ? (
              <Link to={query ? `${here}?${query}` : here} className="btn-secondary">
                Newest
              </Link>
            ) : null}
            {nextQuery ? (
              <Link to={`${here}?${nextQuery}`} className="btn-secondary">
                Older cards
              </Link>
            ) : null}
          </span>
        </nav>
      ) : null}
    </>
  );
}
