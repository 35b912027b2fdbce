import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { AuthLayout } from "~/components/app-shell";
import { Field, FormError } from "~/components/form";
import { Notice } from "~/components/page";
import { updateProfile } from "~/modules/auth/accounts.server";
import { requireAuth } from "~/modules/auth/guard.server";
import { NameSchema } from "~/modules/auth/password";
import { parseForm } from "~/utils/forms";
import { formFailure, formValues, readFormData } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Your account · Evident" }];

const ProfileSchema = z.object({ name: NameSchema });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = requireAuth(request, context);
  return { user, saved: new URL(request.url).searchParams.has("saved") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = requireAuth(request, context);
  const formData = await readFormData(request);
  const parsed = parseForm(formData, ProfileSchema);
  if (!parsed.ok) return formFailure(parsed.fieldErrors, formValues(formData));
  await updateProfile(user.id, parsed.data);
  return redirect("/account?saved");
}

export default function Account() {
  const { user, saved } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <AuthLayout title="Your account" subtitle={user.email}>
      {saved ? <Notice tone="success">Saved.</Notice> : null}
      <Form method="post" className="space-y-4" noValidate>
        <FormError message={failure?.formError} fieldErrors={failure?.fieldErrors} />
        <Field label="Name" name="name" required defaultValue={failure?.values?.name ?? user.name} error={failure?.fieldErrors.name} />
        <button type="submit" className="btn-primary" disabled={busy}>
          Save
        </button>
      </Form>
      <div className="mt-6 border-t border-zinc-200 pt-5 dark:border-zinc-800">
        <h2 className="text-sm font-semibold">Sessions</h2>
        <p className="muted mt-1 text-sm">Signed in on another device you no longer use? Sign out everywhere, including here.</p>
        <div className="mt-3 flex flex-wrap gap-2">
          <Form method="post" action="/signout">
            <input type="hidden" name="scope" value="all" />
            <button type="submit" className="btn-danger">
              Sign out of all sessions
            </button>
          </Form>
          <Form method="post" action="/signout">
            <button type="submit" className="btn-secondary">
              Sign out
            </button>
          </Form>
        </div>
      </div>
      <p className="mt-6 text-center text-sm">
        <Link to="/teams">Back to your teams</Link>
      </p>
    </AuthLayout>
  );
}
