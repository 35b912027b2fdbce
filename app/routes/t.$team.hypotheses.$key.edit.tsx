import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ConflictNotice } from "~/components/conflict";
import { HypothesisForm } from "~/components/hypothesis-form";
import { PageHeader } from "~/components/page";
import { updateHypothesis } from "~/modules/hypotheses/hypotheses.server";
import { UpdateHypothesisSchema } from "~/modules/hypotheses/schemas";
import { listProducts } from "~/modules/products/products.server";
import { memberOptions } from "~/modules/teams/members.server";
import { parseForm } from "~/utils/forms";
import { formFailure, formValues, handleFormErrors, readFormData } from "~/utils/http.server";
import { requireHypothesis } from "~/modules/hypotheses/guard.server";

export const meta: MetaFunction = () => [{ title: "Edit hypothesis · Evident" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { access, hypothesis } = await requireHypothesis(request, context, params, "work.edit");
  const [products, members] = await Promise.all([listProducts(access.team.id), memberOptions(access.team.id)]);
  return { team: access.team, hypothesis, products, members };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { access, hypothesis } = await requireHypothesis(request, context, params, "work.edit");
  const formData = await readFormData(request);
  const parsed = parseForm(formData, UpdateHypothesisSchema);
  if (!parsed.ok) return formFailure(parsed.fieldErrors, formValues(formData));
  return handleFormErrors(async () => {
    await updateHypothesis(access, { ...parsed.data, id: hypothesis.id });
    return redirect(`/t/${access.team.slug}/hypotheses/${hypothesis.key}`);
  }, formValues(formData));
}

const LABELS = { statement: "Statement", segment: "Segment", category: "Category", importance: "Importance", productId: "Product", ownerId: "Owner" };

export default function EditHypothesis() {
  const { team, hypothesis, products, members } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const conflict = failure?.details as { theirs: Record<string, unknown>; theirVersion: number } | undefined;
  return (
    <div className="max-w-3xl">
      <p className="mb-2 text-sm">
        <Link to={`/t/${team.slug}/hypotheses/${hypothesis.key}`}>← {hypothesis.key}</Link>
      </p>
      <PageHeader title={`Edit ${hypothesis.key}`} />
      {conflict ? <ConflictNotice message={failure!.formError!} theirs={conflict.theirs} yours={failure?.values ?? {}} labels={LABELS} /> : null}
      <div className="card p-5">
        <HypothesisForm
          products={products}
          members={members}
          values={{ ...hypothesis, ownerId: hypothesis.ownerId ?? "" }}
          failure={conflict ? { ...failure!, formError: undefined } : failure}
          version={conflict ? conflict.theirVersion : hypothesis.version}
          submitLabel="Save changes"
          busy={busy}
        />
      </div>
    </div>
  );
}
