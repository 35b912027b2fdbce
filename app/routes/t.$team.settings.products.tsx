import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { versionField } from "~/utils/fields";
import { Field, FormError, SubmissionKey } from "~/components/form";
import { EmptyState, Section } from "~/components/page";
import { createProduct, listProducts, ProductFieldsSchema, updateProduct } from "~/modules/products/products.server";
import { requireMembership } from "~/modules/teams/guard.server";
import { can } from "~/modules/teams/permissions";
import { parseForm } from "~/utils/forms";
import { formFailure, formValues, handleFormErrors, readFormData } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Products · Evident" }];

const ActionSchema = z.discriminatedUnion("intent", [
  ProductFieldsSchema.extend({ intent: z.literal("create") }),
  ProductFieldsSchema.extend({ intent: z.literal("update"), id: z.string().min(1).max(64), version: versionField }),
]);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { team, role } = await requireMembership(request, context, params.team);
  return { team, products: await listProducts(team.id), canEdit: can(role, "work.edit") };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const access = await requireMembership(request, context, params.team, "work.edit");
  const formData = await readFormData(request);
  const parsed = parseForm(formData, ActionSchema);
  if (!parsed.ok) return formFailure(parsed.fieldErrors, formValues(formData));
  return handleFormErrors(async () => {
    const { intent, ...input } = parsed.data;
    if (intent === "create") await createProduct(access, input);
    else await updateProduct(access, input as typeof input & { id: string; version: number });
    return redirect(`/t/${access.team.slug}/settings/products`);
  }, formValues(formData), { actor: access, formData });
}

export default function Products() {
  const { team, products, canEdit } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const creating = failure?.values?.intent === "create";
  return (
    <div className="max-w-3xl">
      <Section title="Products" description="The products or bets your team is validating. Each has its own hypotheses and, later, its own scale gate.">
        {products.length === 0 ? (
          <EmptyState>No products yet. Add the product you are validating, then write your first hypothesis about it.</EmptyState>
        ) : (
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {products.map((product) => (
              <li key={product.id} className="py-3">
                <div className="flex items-center justify-between gap-3">
                  <div>
                    <p className="font-medium">{product.name}</p>
                    <p className="muted text-xs">
                      {product.stage === "MVP" ? "MVP stage" : "Growth stage"} · {product._count.hypotheses} hypothes{product._count.hypotheses === 1 ? "is" : "es"}
                      {product.description ? ` · ${product.description}` : ""}
                    </p>
                  </div>
                  <Link to={`/t/${team.slug}/hypotheses?product=${product.id}`} className="btn-link">
                    Hypotheses
                  </Link>
                </div>
                {canEdit ? (
                  <details className="mt-2">
                    <summary className="btn-link cursor-pointer text-xs">Rename or describe</summary>
                    <Form method="post" className="mt-2 grid gap-3 sm:grid-cols-[1fr_2fr_auto] sm:items-end" noValidate>
                      <input type="hidden" name="intent" value="update" />
                      <input type="hidden" name="id" value={product.id} />
                      <input type="hidden" name="version" value={product.version} />
                      <Field label="Name" name="name" id={`name-${product.id}`} defaultValue={product.name} />
                      <Field label="Description" name="description" id={`description-${product.id}`} defaultValue={product.description} />
                      <button type="submit" className="btn-secondary">
                        Save
                      </button>
                    </Form>
                  </details>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {!creating && failure?.formError ? <FormError message={failure.formError} fieldErrors={failure.fieldErrors} /> : null}
      </Section>
      {canEdit ? (
        <Section title="Add a product">
          <Form method="post" className="space-y-4" noValidate>
            <SubmissionKey />
            <input type="hidden" name="intent" value="create" />
            {creating ? <FormError message={failure?.formError} fieldErrors={failure?.fieldErrors} /> : null}
            <Field label="Name" name="name" defaultValue={creating ? failure?.values?.name : ""} placeholder="Invoicing for freelancers" error={creating ? failure?.fieldErrors.name : undefined} />
            <Field label="Description" name="description" defaultValue={creating ? failure?.values?.description : ""} placeholder="Optional: the bet in one line" error={creating ? failure?.fieldErrors.description : undefined} />
            <button type="submit" className="btn-primary" disabled={busy}>
              Add product
            </button>
          </Form>
        </Section>
      ) : null}
    </div>
  );
}
