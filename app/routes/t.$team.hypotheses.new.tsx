import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { HypothesisForm } from "~/components/hypothesis-form";
import { EmptyState, PageHeader } from "~/components/page";
import { createHypothesis } from "~/modules/hypotheses/hypotheses.server";
import { HypothesisFieldsSchema } from "~/modules/hypotheses/schemas";
import { hypothesisKey } from "~/modules/hypotheses/vocabulary";
import { listProducts } from "~/modules/products/products.server";
import { requireMembership } from "~/modules/teams/guard.server";
import { memberOptions } from "~/modules/teams/members.server";
import { parseForm } from "~/utils/forms";
import { formFailure, formValues, handleFormErrors, readFormData } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "New hypothesis · Evident" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { team, user } = await requireMembership(request, context, params.team, "work.edit");
  const [products, members] = await Promise.all([listProducts(team.id), memberOptions(team.id)]);
  return { team, products, members, me: user.id, product: new URL(request.url).searchParams.get("product") ?? undefined };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const access = await requireMembership(request, context, params.team, "work.edit");
  const formData = await readFormData(request);
  const parsed = parseForm(formData, HypothesisFieldsSchema);
  if (!parsed.ok) return formFailure(parsed.fieldErrors, formValues(formData));
  return handleFormErrors(async () => {
    const hypothesis = await createHypothesis(access, parsed.data);
    return redirect(`/t/${access.team.slug}/hypotheses/${hypothesisKey(hypothesis.number)}`);
  }, formValues(formData), { actor: access, formData });
}

export default function NewHypothesis() {
  const { team, products, members, me, product } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="max-w-3xl">
      <PageHeader title="New hypothesis" description="Write down something you believe about your product that must be true for it to succeed." />
      {products.length === 0 ? (
        <EmptyState action={<Link to={`/t/${team.slug}/settings/products`} className="btn-primary">Add a product</Link>}>
          Hypotheses belong to a product or bet you are validating. Add the product first.
        </EmptyState>
      ) : (
        <div className="card p-5">
          <HypothesisForm products={products} members={members} values={{ ownerId: me, productId: product }} failure={failure} submitLabel="Save hypothesis" busy={busy} />
        </div>
      )}
    </div>
  );
}
