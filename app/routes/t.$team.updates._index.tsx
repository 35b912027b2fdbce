import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormError, SubmissionKey } from "~/components/form";
import { EmptyState, PageHeader, Section } from "~/components/page";
import { addDays, todayDateOnly } from "~/modules/experiments/timebox";
import { requireMembership } from "~/modules/teams/guard.server";
import { can } from "~/modules/teams/permissions";
import { ComposeSchema, composeUpdate, listUpdates } from "~/modules/updates/updates.server";
import { parseForm } from "~/utils/forms";
import { formFailure, formValues, handleFormErrors, readFormData } from "~/utils/http.server";
import { DateText } from "~/components/dates";

export const meta: MetaFunction = () => [{ title: "Investor updates · Evident" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { team, role } = await requireMembership(request, context, params.team);
  const today = todayDateOnly();
  return { team, updates: await listUpdates(team.id), defaults: { periodStart: addDays(today, -29), periodEnd: today }, canEdit: can(role, "work.edit"), canManageInvestors: can(role, "investors.manage") };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const access = await requireMembership(request, context, params.team, "work.edit");
  const formData = await readFormData(request);
  const parsed = parseForm(formData, ComposeSchema);
  if (!parsed.ok) return formFailure(parsed.fieldErrors, formValues(formData));
  return handleFormErrors(async () => {
    const update = await composeUpdate(access, parsed.data);
    return redirect(`/t/${access.team.slug}/updates/${update.id}`);
  }, formValues(formData), { actor: access, formData });
}

export default function Updates() {
  const { team, updates, defaults, canEdit, canManageInvestors } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <PageHeader
        title="Investor updates"
        description="An honest one-pager: what you believed, tested, learned and decided, with traction and gate status."
        actions={
          canManageInvestors ? (
            <Link to={`/t/${team.slug}/updates/investors`} className="btn-secondary">
              Investor list
            </Link>
          ) : null
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          {updates.length === 0 ? (
            <EmptyState>No updates yet. Compose one for a period; Evident fills in the evidence and you write the story.</EmptyState>
          ) : (
            <ul className="card divide-y divide-zinc-100 dark:divide-zinc-800">
              {updates.map((update) => (
                <li key={update.id} className="flex items-center justify-between gap-3 px-4 py-3 text-sm">
                  <div>
                    <Link to={`/t/${team.slug}/updates/${update.id}`} className="font-medium">
                      {update.title}
                    </Link>
                    <p className="muted text-xs">
                      <DateText date={update.periodStart} /> to <DateText date={update.periodEnd} /> · by {update.createdBy.name}
                    </p>
                  </div>
                  <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${update.status === "PUBLISHED" ? "bg-green-50 text-green-800 ring-green-200 dark:bg-green-950 dark:text-green-200 dark:ring-green-900" : "bg-zinc-100 text-zinc-700 ring-zinc-200 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700"}`}>
                    {update.status === "PUBLISHED" ? "Published" : "Draft"}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
        {canEdit ? (
          <Section title="Compose an update">
            <Form method="post" className="space-y-3" noValidate>
              <SubmissionKey />
              <FormError message={failure?.formError} fieldErrors={failure?.fieldErrors} />
              <Field label="Title" name="title" defaultValue={failure?.values?.title ?? `${team.name} update`} error={failure?.fieldErrors.title} />
              <Field label="Period from" name="periodStart" type="date" defaultValue={failure?.values?.periodStart ?? defaults.periodStart} error={failure?.fieldErrors.periodStart} />
              <Field label="Period to" name="periodEnd" type="date" defaultValue={failure?.values?.periodEnd ?? defaults.periodEnd} error={failure?.fieldErrors.periodEnd} />
              <button type="submit" className="btn-primary" disabled={busy}>
                Compose from the evidence
              </button>
            </Form>
          </Section>
        ) : null}
      </div>
    </>
  );
}
