import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { AuthLayout } from "~/components/app-shell";
import { UnusableLink } from "~/components/emailed-link";
import { Field, FormError } from "~/components/form";
import { NewPasswordField } from "~/components/signup-fields";
import { readAccountToken } from "~/modules/auth/account-tokens.server";
import { endCurrentSession, redirectWithSession } from "~/modules/auth/guard.server";
import { NewPasswordSchema } from "~/modules/auth/password";
import { resetPassword } from "~/modules/auth/recovery.server";
import { parseForm } from "~/utils/forms";
import { formFailure, handleFormErrors, readFormData } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Choose a new password · Evident" }, { name: "robots", content: "noindex" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const link = await readAccountToken(params.token, "PASSWORD_RESET");
  if (link.state !== "valid") return data({ state: link.state, name: null }, { status: link.state === "expired" ? 410 : 404 });
  return { state: link.state, name: link.name };
}

const ResetSchema = z
  .object({ password: NewPasswordSchema, confirm: z.string() })
  .refine((form) => form.password === form.confirm, { path: ["confirm"], message: "The two passwords differ. Type the same one twice." });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const parsed = parseForm(await readFormData(request), ResetSchema);
  if (!parsed.ok) return formFailure(parsed.fieldErrors);
  return handleFormErrors(async () => {
    const session = await resetPassword({ token: params.token, password: parsed.data.password });
    await endCurrentSession(context);
    return redirectWithSession(request, session, "/account?password-changed");
  });
}

export default function ResetPassword() {
  const link = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  if (link.state !== "valid") {
    return (
      <UnusableLink
        state={link.state}
        what="reset link"
        explanation="Reset links work for one hour, once, and only the newest one you asked for works. Ask for a new one:"
        next={{ to: "/forgot-password", label: "Email me a new link" }}
      />
    );
  }
  return (
    <AuthLayout title="Choose a new password" subtitle={`For ${link.name}. Setting it signs you out everywhere else.`}>
      <Form method="post" className="space-y-4" noValidate>
        <FormError message={failure?.formError} fieldErrors={failure?.fieldErrors} />
        <NewPasswordField label="New password" name="password" error={failure?.fieldErrors.password} />
        <Field label="The same password again" name="confirm" type="password" autoComplete="new-password" required error={failure?.fieldErrors.confirm} />
        <button type="submit" className="btn-primary w-full" disabled={busy}>
          {busy ? "Saving…" : "Set password and sign in"}
        </button>
      </Form>
      {failure?.formError ? (
        <p className="muted text-links mt-5 text-center text-sm">
          <Link to="/forgot-password">Ask for a new link</Link>
        </p>
      ) : null}
    </AuthLayout>
  );
}
