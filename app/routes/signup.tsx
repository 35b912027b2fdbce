import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { AuthLayout } from "~/components/app-shell";
import { CheckEmail } from "~/components/check-email";
import { FormError } from "~/components/form";
import { SignUpFields } from "~/components/signup-fields";
import { signUp } from "~/modules/auth/accounts.server";
import { safeRedirectPath } from "~/modules/auth/guard.server";
import { SignUpSchema } from "~/modules/auth/schemas";
import { mailGoesToLog } from "~/modules/mail/transport.server";
import { parseForm } from "~/utils/forms";
import { formFailure, formValues, handleFormErrors, readFormData } from "~/utils/http.server";
import { requestContext } from "~/utils/origin.server";

export const meta: MetaFunction = () => [{ title: "Create your account · Evident" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (context.auth) throw redirect(safeRedirectPath(new URL(request.url).searchParams.get("redirectTo")));
  return { mailGoesToLog: mailGoesToLog() };
}

// The same answer whether or not the address has an account: the email tells the rest.
export async function action({ request, context }: ActionFunctionArgs) {
  if (context.auth) throw redirect("/teams");
  const formData = await readFormData(request);
  const parsed = parseForm(formData, SignUpSchema);
  if (!parsed.ok) return formFailure(parsed.fieldErrors, formValues(formData));
  const { redirectTo, ...account } = parsed.data;
  return handleFormErrors(async () => {
    await signUp(account, requestContext(request, context), redirectTo ? safeRedirectPath(redirectTo) : undefined);
    return { sentTo: account.email };
  }, formValues(formData));
}

export default function SignUp() {
  const { mailGoesToLog } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && "ok" in result ? result : undefined;
  const [params] = useSearchParams();
  const redirectTo = params.get("redirectTo") ?? "";
  const busy = useNavigation().state === "submitting";
  if (result && "sentTo" in result) {
    return (
      <AuthLayout title="Check your email">
        <CheckEmail mailGoesToLog={mailGoesToLog}>
          We have sent an email to <strong className="break-words">{result.sentTo}</strong>. Open the link in it to confirm your address and
          finish creating your account.
        </CheckEmail>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Create your account" subtitle="Write down what you believe, test it, and scale only when the evidence says so.">
      <Form method="post" className="space-y-4" noValidate>
        <FormError message={failure?.formError} fieldErrors={failure?.fieldErrors} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <SignUpFields failure={failure} />
        <button type="submit" className="btn-primary w-full" disabled={busy}>
          {busy ? "Creating your account…" : "Create account"}
        </button>
      </Form>
      <p className="muted text-links mt-5 text-center text-sm">
        Already have an account? <Link to={redirectTo ? `/signin?redirectTo=${encodeURIComponent(redirectTo)}` : "/signin"}>Sign in</Link>
      </p>
    </AuthLayout>
  );
}
