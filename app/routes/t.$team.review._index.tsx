import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormError, SubmissionKey, TextareaField } from "~/components/form";
import { PageHeader, Section } from "~/components/page";
import { ActionItemsPanel } from "~/components/review/action-items";
import { AgendaView } from "~/components/review/agenda-view";
import { todayDateOnly } from "~/modules/experiments/timebox";
import { actionItemsForReview } from "~/modules/review/action-items.server";
import { shownAgenda } from "~/modules/review/agenda";
import { isAgendaIntent, takeAgendaDecision } from "~/modules/review/agenda-form.server";
import { AgendaQuerySchema, currentAgenda, listReviews, recordReview, ReviewSchema } from "~/modules/review/review.server";
import { requireMembership } from "~/modules/teams/guard.server";
import { memberOptions } from "~/modules/teams/members.server";
import { can } from "~/modules/teams/permissions";
import { parseForm } from "~/utils/forms";
import { formFailure, formValues, handleFormErrors, readFormData } from "~/utils/http.server";
import { DateText } from "~/components/dates";

export const meta: MetaFunction = () => [{ title: "Weekly review · Evident" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { team, role } = await requireMembership(request, context, params.team);
  const { all } = AgendaQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [agenda, reviews, members, actionItems] = await Promise.all([currentAgenda(team.id), listReviews(team.id), memberOptions(team.id), actionItemsForReview(team.id)]);
  return { team, agenda: shownAgenda(agenda, { expanded: all }), reviews, members, actionItems, attendees: members.map((m) => m.name).join(", "), today: todayDateOnly(), canEdit: can(role, "work.edit") };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const access = await requireMembership(request, context, params.team, "work.edit");
  const formData = await readFormData(request);
  if (isAgendaIntent(formData)) return takeAgendaDecision(access, formData, `/t/${access.team.slug}/review`);
  const parsed = parseForm(formData, ReviewSchema);
  if (!parsed.ok) return formFailure(parsed.fieldErrors, formValues(formData));
  return handleFormErrors(async () => {
    const review = await recordReview(access, parsed.data);
    return redirect(`/t/${access.team.slug}/review/${review.id}`);
  }, formValues(formData), { actor: access, formData });
}

export default function ReviewPage() {
  const { team, agenda, reviews, members, actionItems, attendees, today, canEdit } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const base = `/t/${team.slug}`;
  const decide = { members, failure: failure ?? undefined, base, from: "review" as const };
  // The record form's own failure: agenda decisions carry an intent.
  const recordFailure = failure && !failure.values?.intent ? failure : undefined;
  return (
    <>
      <PageHeader
        title="Weekly review"
        description={agenda.since ? `This week's agenda, from the evidence since the last review on ${agenda.since}.` : "This week's agenda, computed from the evidence."}
        actions={
          <Link to={`${base}/review/present`} className="btn-primary">
            Present
          </Link>
        }
      />
      {agenda.isEmpty ? <p className="mb-4 rounded-md bg-green-50 px-3 py-2 text-sm text-green-900 dark:bg-green-950 dark:text-green-100">A quiet week: nothing needs a decision.</p> : null}
      <div className="grid gap-6 xl:grid-cols-3">
        <div className="min-w-0 xl:col-span-2">
          <AgendaView agenda={agenda} base={base} decide={canEdit ? decide : undefined} />
        </div>
        <div className="min-w-0 space-y-6">
          <ActionItemsPanel items={actionItems} context={decide} today={today} canEdit={canEdit} />
          {canEdit ? (
            <div id="record" className="scroll-mt-20">
            <Section title="Record this review" description="Saves the agenda exactly as it is now, the decisions taken since the last review, and the action items raised, done and carried.">
              <Form method="post" className="space-y-4" noValidate>
                <SubmissionKey />
                <FormError message={recordFailure?.formError} fieldErrors={recordFailure?.fieldErrors} />
                <Field label="Held on" name="heldOn" type="date" defaultValue={recordFailure?.values?.heldOn ?? today} error={recordFailure?.fieldErrors.heldOn} />
                <Field label="Attendees" name="attendees" defaultValue={recordFailure?.values?.attendees ?? attendees} error={recordFailure?.fieldErrors.attendees} />
                <TextareaField label="Notes" name="notes" rows={4} defaultValue={recordFailure?.values?.notes ?? ""} />
                <TextareaField label="Other decisions" name="decisions" rows={3} defaultValue={recordFailure?.values?.decisions ?? ""} placeholder="Anything decided that is not on the agenda." />
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
                    <Link to={`${base}/review/${review.id}`}>
                      <DateText date={review.heldOn} />
                    </Link>
                    <span className="muted"> — {review.attendees}</span>
                  </li>
                ))}
              </ul>
            )}
          </Section>
        </div>
      </div>
    </>
  );
}
