import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { AuthLayout } from "~/components/app-shell";
import { CheckEmail } from "~/components/check-email";
import { Field, FormError } from "~/components/form";
import { EmailSchema } from "~/modules/auth/password";
import { requestPasswordReset } from "~/modules/auth/recovery.server";
import { mailGoesToLog } from "~/modules/mail/transport.server";
import { parseForm } from "~/utils/forms";
import { formFailure, formValues, handleFormErrors, readFormData } from "~/utils/http.server";
import { requestContext } from "~/utils/origin.server";

export const meta: MetaFunction = () => [{ title: "Forgot your password? · Evident" }];

const ForgotSchema = z.object({ email: EmailSchema });

export async function loader({ request }: LoaderFunctionArgs) {
  return { mailGoesToLog: mailGoesToLog(), email: new URL(request.url).searchParams.get("email") ?? "" };
}

// One answer for every address, with an account or without: the email is the only difference.
export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const parsed = parseForm(formData, ForgotSchema);
  if (!parsed.ok) return formFailure(parsed.fieldErrors, formValues(formData));
  return handleFormErrors(async () => {
    await requestPasswordReset(parsed.data.email, requestContext(request, context));
    return { sentTo: parsed.data.email };
  }, formValues(formData));
}

export default function ForgotPassword() {
  const { mailGoesToLog, email } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && "ok" in result ? result : undefined;
  const busy = useNavigation().state === "submitting";
  if (result && "sentTo" in result) {
    return (
      <AuthLayout title="Check your email">
        <CheckEmail mailGoesToLog={mailGoesToLog}>
          If an account uses <strong className="break-words">{result.sentTo}</strong>, we have sent it a link to choose a new password. The
          link works for one hour, once.
        </CheckEmail>
        <p className="muted text-links mt-5 text-center text-sm">
          <Link to="/signin">Back to sign in</Link>
        </p>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Forgot your password?" subtitle="Enter the address you sign in with, and we will email you a link to choose a new one.">
      <Form method="post" className="space-y-4" noValidate>
        <FormError message={failure?.formError} fieldErrors={failure?.fieldErrors} />
        <Field label="Email" name="email" type="email" autoComplete="email" required defaultValue={failure?.values?.email ?? email} error={failure?.fieldErrors.email} />
        <button type="submit" className="btn-primary w-full" disabled={busy}>
          {busy ? "Sending…" : "Email me a reset link"}
        </button>
      </Form>
      <p className="muted text-links mt-5 text-center text-sm">
        Remembered it? <Link to="/signin">Sign in</Link>
      </p>
    </AuthLayout>
  );
}
