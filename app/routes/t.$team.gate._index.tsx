import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GateBadge } from "~/components/badges";
import { EmptyState, PageHeader } from "~/components/page";
import { gateStatuses } from "~/modules/gate/gate.server";
import { requireMembership } from "~/modules/teams/guard.server";

export const meta: MetaFunction = () => [{ title: "Scale gates · Evident" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { team } = await requireMembership(request, context, params.team);
  const gates = await gateStatuses(team.id);
  if (gates.length === 1) throw redirect(`/t/${team.slug}/gate/${gates[0].product.id}`);
  return { team, gates };
}

export default function Gates() {
  const { team, gates } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title="Scale gates" description="Each product's explicit gate: growth-stage engineering only when the evidence demands it." />
      {gates.length === 0 ? (
        <EmptyState action={<Link to={`/t/${team.slug}/settings/products`} className="btn-primary">Add a product</Link>}>
          Gates belong to products. Add the product you are validating first.
        </EmptyState>
      ) : (
        <ul className="card divide-y divide-zinc-100 dark:divide-zinc-800">
          {gates.map(({ product, evaluation }) => (
            <li key={product.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
              <div>
                <Link to={`/t/${team.slug}/gate/${product.id}`} className="font-medium">
                  {product.name}
                </Link>
                <p className="muted text-sm">{evaluation.headline}</p>
              </div>
              <GateBadge status={evaluation.status} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
