import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { AssumptionsMap } from "~/components/assumptions-map";
import { FilterBar, FilterSelect } from "~/components/filter-bar";
import { EmptyState, PageHeader } from "~/components/page";
import { assumptionsMap } from "~/modules/hypotheses/hypotheses.server";
import { listProducts } from "~/modules/products/products.server";
import { requireMembership } from "~/modules/teams/guard.server";
import { idField } from "~/utils/fields";

export const meta: MetaFunction = () => [{ title: "Assumptions map · Evident" }];

const QuerySchema = z.object({ product: idField.optional().catch(undefined) });

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { team } = await requireMembership(request, context, params.team);
  const { product } = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [map, products] = await Promise.all([assumptionsMap(team.id, product || undefined), listProducts(team.id)]);
  return { team, map, products, product };
}

export default function MapPage() {
  const { team, map, products, product } = useLoaderData<typeof loader>();
  const base = `/t/${team.slug}/hypotheses`;
  return (
    <>
      <PageHeader
        title="Assumptions map"
        description="Every hypothesis by importance and strength of evidence. Test the top-right corner first."
        actions={
          <Link to={base} className="btn-secondary">
            List view
          </Link>
        }
      />
      {products.length > 1 ? (
        <FilterBar clearTo={product ? `${base}/map` : null}>
          <FilterSelect name="product" label="Product" value={product} all="All products" options={products.map((p) => ({ value: p.id, label: p.name }))} />
        </FilterBar>
      ) : null}
      {map.total === 0 ? (
        <EmptyState action={<Link to={`${base}/new`} className="btn-primary">Write a hypothesis</Link>}>
          The map fills in as you write hypotheses and log evidence.
        </EmptyState>
      ) : (
        <AssumptionsMap
          total={map.total}
          cells={map.cells}
          hrefFor={(key) => `${base}/${key}`}
          cellHref={(cell) => `${base}?${new URLSearchParams({ ...(product ? { product } : {}), importance: String(cell.importance), strength: String(cell.strength) })}`}
        />
      )}
    </>
  );
}
