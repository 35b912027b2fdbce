import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AuthLayout } from "~/components/app-shell";
import { Field, FormError } from "~/components/form";
import { UnconfirmedEmail } from "~/components/unconfirmed-email";
import { accountOverview } from "~/modules/auth/accounts.server";
import { requireAuth } from "~/modules/auth/guard.server";
import { mailGoesToLog } from "~/modules/mail/transport.server";
import { CreateTeamSchema } from "~/modules/teams/schemas";
import { createTeam, listTeamsForUser } from "~/modules/teams/teams.server";
import { parseForm } from "~/utils/forms";
import { formFailure, formValues, handleFormErrors, readFormData } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Create a team · Evident" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = requireAuth(request, context);
  const [teams, overview] = await Promise.all([listTeamsForUser(user.id), accountOverview(user.id)]);
  return { hasTeams: teams.length > 0, email: user.email, emailConfirmed: overview.emailConfirmed, mailGoesToLog: mailGoesToLog() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = requireAuth(request, context);
  const formData = await readFormData(request);
  const parsed = parseForm(formData, CreateTeamSchema);
  if (!parsed.ok) return formFailure(parsed.fieldErrors, formValues(formData));
  return handleFormErrors(async () => {
    const team = await createTeam({ userId: user.id, name: parsed.data.name });
    return redirect(`/t/${team.slug}`);
  }, formValues(formData));
}

export default function NewTeam() {
  const { hasTeams, email, emailConfirmed, mailGoesToLog } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && "ok" in result ? result : undefined;
  const busy = useNavigation().state === "submitting";
  return (
    <AuthLayout title="Create a team" subtitle="A team shares its hypotheses, experiments and evidence. You can invite colleagues next.">
      {emailConfirmed ? null : <UnconfirmedEmail email={email} mailGoesToLog={mailGoesToLog} why="before you create a team" />}
      <Form method="post" className="space-y-4" noValidate>
        <FormError message={failure?.formError} fieldErrors={failure?.fieldErrors} />
        <Field
          label="Team name"
          name="name"
          required
          placeholder="Acme Invoicing"
          defaultValue={failure?.values?.name ?? ""}
          help="Usually your company or product name. It becomes part of the team's address."
          error={failure?.fieldErrors.name}
        />
        <button type="submit" className="btn-primary w-full" disabled={busy}>
          {busy ? "Creating…" : "Create team"}
        </button>
      </Form>
      {hasTeams ? (
        <p className="muted mt-5 text-center text-sm">
          <Link to="/teams">Back to your teams</Link>
        </p>
      ) : null}
    </AuthLayout>
  );
}
