import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Field, FormError } from "~/components/form";
import { Notice, Section } from "~/components/page";
import { requireMembership } from "~/modules/teams/guard.server";
import { can } from "~/modules/teams/permissions";
import { RenameTeamSchema } from "~/modules/teams/schemas";
import { removeMember, renameTeam } from "~/modules/teams/teams.server";
import { parseForm } from "~/utils/forms";
import { formFailure, formValues, handleFormErrors, readFormData } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Team settings · Evident" }];

const ActionSchema = z.discriminatedUnion("intent", [RenameTeamSchema, z.object({ intent: z.literal("leave") })], {
  error: "Unknown action.",
});

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { team, role } = await requireMembership(request, context, params.team);
  return { team, canRename: can(role, "team.rename"), saved: new URL(request.url).searchParams.has("saved") };
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
    await renameTeam(access, input);
    return redirect(`/t/${access.team.slug}/settings?saved`);
  }, formValues(formData));
}

export default function TeamSettings() {
  const { team, canRename, saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && "ok" in result ? result : undefined;
  const navigation = useNavigation();
  const intent = navigation.formData?.get("intent");
  const leaving = failure?.values?.intent === "leave";
  return (
    <div className="max-w-2xl">
      {saved && !failure ? <Notice tone="success">Saved.</Notice> : null}
      <Section title="Team name" description={`The team's address is /t/${team.slug}; it stays the same when you rename the team.`}>
        <Form method="post" className="space-y-4" noValidate>
          {!leaving ? <FormError message={failure?.formError} fieldErrors={failure?.fieldErrors} /> : null}
          <input type="hidden" name="intent" value="rename" />
          <input type="hidden" name="version" value={team.version} />
          <Field
            label="Name"
            name="name"
            required
            disabled={!canRename}
            defaultValue={(!leaving && failure?.values?.name) || team.name}
            error={!leaving ? failure?.fieldErrors.name : undefined}
            help={canRename ? undefined : "Only owners and admins can rename the team."}
          />
          {canRename ? (
            <button type="submit" className="btn-primary" disabled={intent === "rename"}>
              {intent === "rename" ? "Saving…" : "Save"}
            </button>
          ) : null}
        </Form>
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
