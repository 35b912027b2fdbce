import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AgendaView } from "~/components/agenda-view";
import { Field, FormError, TextareaField } from "~/components/form";
import { PageHeader, Section } from "~/components/page";
import { todayDateOnly } from "~/modules/experiments/timebox";
import { shownAgenda } from "~/modules/review/agenda";
import { AgendaQuerySchema, currentAgenda, listReviews, recordReview, ReviewSchema } from "~/modules/review/review.server";
import { requireMembership } from "~/modules/teams/guard.server";
import { memberOptions } from "~/modules/teams/members.server";
import { can } from "~/modules/teams/permissions";
import { parseForm } from "~/utils/forms";
import { formFailure, formValues, handleFormErrors, readFormData } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Weekly review · Evident" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { team, role } = await requireMembership(request, context, params.team);
  const { all } = AgendaQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [agenda, reviews, members] = await Promise.all([currentAgenda(team.id), listReviews(team.id), memberOptions(team.id)]);
  return { team, agenda: shownAgenda(agenda, { expanded: all }), reviews, attendees: members.map((m) => m.name).join(", "), today: todayDateOnly(), canEdit: can(role, "work.edit") };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const access = await requireMembership(request, context, params.team, "work.edit");
  const formData = await readFormData(request);
  const parsed = parseForm(formData, ReviewSchema);
  if (!parsed.ok) return formFailure(parsed.fieldErrors, formValues(formData));
  return handleFormErrors(async () => {
    const review = await recordReview(access, parsed.data);
    return redirect(`/t/${access.team.slug}/review/${review.id}`);
  }, formValues(formData));
}

export default function ReviewPage() {
  const { team, agenda, reviews, attendees, today, canEdit } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const base = `/t/${team.slug}`;
  return (
    <>
      <PageHeader
        title="Weekly review"
        description={agenda.since ? `This week's agenda, from the evidence since the last review on ${agenda.since}.` : "This week's agenda, computed from the evidence."}
      />
      {agenda.isEmpty ? <p className="mb-4 rounded-md bg-green-50 px-3 py-2 text-sm text-green-900 dark:bg-green-950 dark:text-green-100">A quiet week: nothing needs a decision.</p> : null}
      <AgendaView agenda={agenda} base={base} />
      <div className="mt-6 grid gap-6 lg:grid-cols-3">
        {canEdit ? (
          <div className="lg:col-span-2">
            <Section title="Record this review" description="The agenda above is saved with it, exactly as it is now.">
              <Form method="post" className="space-y-4" noValidate>
                <FormError message={failure?.formError} fieldErrors={failure?.fieldErrors} />
                <div className="grid gap-4 sm:grid-cols-2">
                  <Field label="Held on" name="heldOn" type="date" defaultValue={failure?.values?.heldOn ?? today} error={failure?.fieldErrors.heldOn} />
                  <Field label="Attendees" name="attendees" defaultValue={failure?.values?.attendees ?? attendees} error={failure?.fieldErrors.attendees} />
                </div>
                <TextareaField label="Notes" name="notes" rows={4} defaultValue={failure?.values?.notes ?? ""} />
                <TextareaField label="Decisions" name="decisions" rows={3} defaultValue={failure?.values?.decisions ?? ""} placeholder="Conclude E-6 with a retest; extend E-5 by a week." />
                <button type="submit" className="btn-primary" disabled={busy}>
                  Record review
                </button>
              </Form>
            </Section>
          </div>
        ) : null}
        <Section title="Past reviews">
          {reviews.length === 0 ? (
            <p className="muted text-sm">No reviews recorded yet.</p>
          ) : (
            <ul className="text-links space-y-2 text-sm">
              {reviews.map((review) => (
                <li key={review.id}>
                  <Link to={`${base}/review/${review.id}`}>{review.heldOn.toISOString().slice(0, 10)}</Link>
                  <span className="muted"> — {review.attendees}</span>
                </li>
              ))}
            </ul>
          )}
        </Section>
      </div>
    </>
  );
}
