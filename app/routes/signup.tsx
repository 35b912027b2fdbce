import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { AuthLayout } from "~/components/app-shell";
import { FormError } from "~/components/form";
import { SignUpFields } from "~/components/signup-fields";
import { signUp } from "~/modules/auth/accounts.server";
import { endCurrentSession, redirectWithSession, safeRedirectPath } from "~/modules/auth/guard.server";
import { SignUpSchema } from "~/modules/auth/schemas";
import { parseForm } from "~/utils/forms";
import { formFailure, formValues, handleFormErrors, readFormData } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Create your account · Evident" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (context.auth) throw redirect(safeRedirectPath(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const parsed = parseForm(formData, SignUpSchema);
  if (!parsed.ok) return formFailure(parsed.fieldErrors, formValues(formData));
  const { redirectTo, ...account } = parsed.data;
  return handleFormErrors(async () => {
    const session = await signUp(account);
    await endCurrentSession(context);
    return redirectWithSession(request, session, safeRedirectPath(redirectTo, "/teams/new"));
  }, formValues(formData));
}

export default function SignUp() {
  const result = useActionData<typeof action>();
  const failure = result && "ok" in result ? result : undefined;
  const [params] = useSearchParams();
  const redirectTo = params.get("redirectTo") ?? "";
  const busy = useNavigation().state === "submitting";
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
