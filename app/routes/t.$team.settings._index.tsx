import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Field, FormError, SelectField } from "~/components/form";
import { Notice, Section } from "~/components/page";
import { reviewScheduleOf, setReviewSchedule } from "~/modules/review/digest.server";
import { DIGEST_HOUR, describeSchedule, ReviewScheduleSchema, timeZones, WEEKDAYS } from "~/modules/review/schedule";
import { requireMembership } from "~/modules/teams/guard.server";
import { CADENCES } from "~/modules/updates/cadence";
import { CadenceInput, setUpdateCadence, updateCadenceOf } from "~/modules/updates/cadence.server";
import { can } from "~/modules/teams/permissions";
import { RenameTeamSchema } from "~/modules/teams/schemas";
import { removeMember, renameTeam } from "~/modules/teams/teams.server";
import { parseForm } from "~/utils/forms";
import { formFailure, formValues, handleFormErrors, readFormData } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Team settings · Evident" }];

const ActionSchema = z.discriminatedUnion("intent", [
  RenameTeamSchema,
  z.object({ intent: z.literal("leave") }),
  ReviewScheduleSchema.extend({ intent: z.literal("review-schedule") }),
  z.object({ intent: z.literal("clear-review-schedule") }),
  CadenceInput.extend({ intent: z.literal("update-cadence") }),
], {
  error: "Unknown action.",
});

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { team, role } = await requireMembership(request, context, params.team);
  return {
    team,
    canRename: can(role, "team.rename"),
    canSchedule: can(role, "review.schedule"),
    schedule: await reviewScheduleOf(team.id),
    cadence: await updateCadenceOf(team.id),
    canSetCadence: can(role, "updates.schedule"),
    timeZones: timeZones(),
    saved: new URL(request.url).searchParams.has("saved"),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const access = await requireMembership(request, context, params.team);
  const formData = await readFormData(request);
  const parsed = parseForm(formData, ActionSchema);
  if (!parsed.ok) return formFailure(parsed.fieldErrors, formValues(formData));
  const input = parsed.data;
  return handleFormErrors(async () => {
    if (input.intent === "leave") {
      await removeMember(access, { userId: access.user.id });
      return redirect("/teams");
    }
    if (input.intent === "review-schedule") await setReviewSchedule(access, input);
    else if (input.intent === "clear-review-schedule") await setReviewSchedule(access, null);
    else if (input.intent === "update-cadence") await setUpdateCadence(access, { months: input.months });
    else await renameTeam(access, input);
    return redirect(`/t/${access.team.slug}/settings?saved`);
  }, formValues(formData));
}

export default function TeamSettings() {
  const { team, canRename, canSchedule, schedule, cadence, canSetCadence, timeZones, saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && "ok" in result ? result : undefined;
  const navigation = useNavigation();
  const intent = navigation.formData?.get("intent");
  const failedIntent = failure?.values?.intent;
  const leaving = failedIntent === "leave";
  const scheduling = failedIntent === "review-schedule";
  return (
    <div className="max-w-2xl">
      {saved && !failure ? <Notice tone="success">Saved.</Notice> : null}
      <Section title="Team name" description={`The team's address is /t/${team.slug}; it stays the same when you rename the team.`}>
        <Form method="post" className="space-y-4" noValidate>
          {failedIntent === "rename" ? <FormError message={failure?.formError} fieldErrors={failure?.fieldErrors} /> : null}
          <input type="hidden" name="intent" value="rename" />
          <input type="hidden" name="version" value={team.version} />
          <Field
            label="Name"
            name="name"
            required
            disabled={!canRename}
            defaultValue={(failedIntent === "rename" && failure?.values?.name) || team.name}
            error={failedIntent === "rename" ? failure?.fieldErrors.name : undefined}
            help={canRename ? undefined : "Only owners and admins can rename the team."}
          />
          {canRename ? (
            <button type="submit" className="btn-primary" disabled={intent === "rename"}>
              {intent === "rename" ? "Saving…" : "Save"}
            </button>
          ) : null}
        </Form>
      </Section>
      <Section
        title="Weekly review"
        description={
          schedule
            ? `The team reviews its evidence on ${describeSchedule(schedule)}. That morning (from ${String(DIGEST_HOUR).padStart(2, "0")}:00, or at the review's time if earlier) every member gets the agenda by email, unless they turned it off.`
            : "Set when the team holds its weekly review, and every member gets the agenda by email on the morning of that day."
        }
      >
        {canSchedule ? (
          <Form method="post" className="space-y-4" noValidate>
            {scheduling ? <FormError message={failure?.formError} fieldErrors={failure?.fieldErrors} /> : null}
            <input type="hidden" name="intent" value="review-schedule" />
            <div className="grid gap-4 sm:grid-cols-3">
              <SelectField
                label="Day"
                name="weekday"
                defaultValue={(scheduling && failure?.values?.weekday) || String(schedule?.weekday ?? 1)}
                error={scheduling ? failure?.fieldErrors.weekday : undefined}
                options={WEEKDAYS.map((day, index) => ({ value: String(index + 1), label: day }))}
              />
              <Field
                label="Time"
                name="time"
                type="time"
                defaultValue={(scheduling && failure?.values?.time) || schedule?.time || "10:00"}
                error={scheduling ? failure?.fieldErrors.time : undefined}
              />
              <SelectField
                label="Time zone"
                name="timeZone"
                defaultValue={(scheduling && failure?.values?.timeZone) || schedule?.timeZone || "UTC"}
                error={scheduling ? failure?.fieldErrors.timeZone : undefined}
                options={timeZones.map((zone) => ({ value: zone, label: zone.replaceAll("_", " ") }))}
              />
            </div>
            <button type="submit" className="btn-primary" disabled={intent === "review-schedule"}>
              {intent === "review-schedule" ? "Saving…" : schedule ? "Save" : "Start the weekly digest"}
            </button>
          </Form>
        ) : (
          <p className="muted text-sm">Only owners and admins can change when the review is held.</p>
        )}
        {canSchedule && schedule ? (
          <Form method="post" className="mt-3">
            <input type="hidden" name="intent" value="clear-review-schedule" />
            <button type="submit" className="btn-secondary" disabled={intent === "clear-review-schedule"}>
              Stop the digest
            </button>
          </Form>
        ) : null}
      </Section>
      <Section
        title="Investor updates"
        description={
          cadence === 1 || cadence === 3
            ? `The team sends an update ${CADENCES[cadence].toLowerCase()}. When a ${cadence === 1 ? "month" : "quarter"} has ended, its draft is composed from the evidence and the admins and owners are told it is due.`
            : "Choose how often the team writes to its investors: when each period ends, its draft is composed from the evidence and the admins and owners are told it is due."
        }
      >
        {canSetCadence ? (
          <Form method="post" className="flex flex-wrap items-end gap-3" noValidate>
            {failedIntent === "update-cadence" ? <FormError message={failure?.formError} fieldErrors={failure?.fieldErrors} /> : null}
            <input type="hidden" name="intent" value="update-cadence" />
            <SelectField
              label="Cadence"
              name="months"
              defaultValue={String(cadence ?? 0)}
              error={failedIntent === "update-cadence" ? failure?.fieldErrors.months : undefined}
              options={[{ value: "0", label: "No reminder" }, ...Object.entries(CADENCES).map(([months, label]) => ({ value: months, label }))]}
            />
            <button type="submit" className="btn-primary" disabled={intent === "update-cadence"}>
              {intent === "update-cadence" ? "Saving…" : "Save"}
            </button>
          </Form>
        ) : (
          <p className="muted text-sm">Only owners and admins can change how often updates are due.</p>
        )}
      </Section>
      <Section title="Leave team" description="You lose access to this team's hypotheses, experiments and evidence. An admin can invite you back.">
        <Form method="post" className="space-y-3">
          {leaving ? <FormError message={failure?.formError} /> : null}
          <input type="hidden" name="intent" value="leave" />
          <details>
            <summary className="btn-danger cursor-pointer list-none">Leave {team.name}…</summary>
            <div className="mt-3 flex items-center gap-3 text-sm">
              <span>Are you sure you want to leave {team.name}?</span>
              <button type="submit" className="btn-danger">
                Yes, leave the team
              </button>
            </div>
          </details>
        </Form>
      </Section>
    </div>
  );
}
