import { redirect, type HeadersFunction, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { AuthLayout } from "~/components/app-shell";
import { Field, FormError } from "~/components/form";
import { Notice } from "~/components/page";
import { signIn } from "~/modules/auth/accounts.server";
import { endCurrentSession, redirectWithSession, safeRedirectPath } from "~/modules/auth/guard.server";
import { SignInSchema } from "~/modules/auth/schemas";
import { parseForm } from "~/utils/forms";
import { formFailure, formValues, handleFormErrors, readFormData } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Evident" }];


export async function loader({ request, context }: LoaderFunctionArgs) {
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"));
  if (context.auth) throw redirect(redirectTo);
  return { demo: context.demo, emailChanged: new URL(request.url).searchParams.has("email-changed") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const parsed = parseForm(formData, SignInSchema);
  if (!parsed.ok) return formFailure(parsed.fieldErrors, formValues(formData));
  const { email, password, redirectTo } = parsed.data;
  return handleFormErrors(async () => {
    const session = await signIn({ email, password, clientAddress: context.clientAddress });
    await endCurrentSession(context);
    return redirectWithSession(request, session, safeRedirectPath(redirectTo));
  }, formValues(formData));
}

export default function SignIn() {
  const { demo, emailChanged } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && "ok" in result ? result : undefined;
  const [params] = useSearchParams();
  const redirectTo = params.get("redirectTo") ?? "";
  const busy = useNavigation().state === "submitting";
  return (
    <AuthLayout title="Sign in to Evident" subtitle="Pick up where your team left off.">
      {demo ? (
        <div className="mb-5 rounded-md border border-accent-100 bg-accent-50 p-3 text-sm text-accent-700 dark:border-accent-700 dark:bg-zinc-800 dark:text-accent-100">
          <p className="font-medium">Demo mode</p>
          <p className="mt-1">
            Explore the Ledgerly team as <strong>{demo.email}</strong> with the password <strong>{demo.password}</strong>.
          </p>
        </div>
      ) : null}
      {emailChanged ? <Notice tone="success">Your email address is changed. Sign in with the new one.</Notice> : null}
      <Form method="post" className="space-y-4" noValidate>
        <FormError message={failure?.formError} fieldErrors={failure?.fieldErrors} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={failure?.values?.email ?? ""}
          error={failure?.fieldErrors.email}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={failure?.fieldErrors.password}
          help={<Link to="/forgot-password">Forgot your password?</Link>}
        />
        <button type="submit" className="btn-primary w-full" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </Form>
      <p className="muted text-links mt-5 text-center text-sm">
        New to Evident?{" "}
        <Link to={redirectTo ? `/signup?redirectTo=${encodeURIComponent(redirectTo)}` : "/signup"}>Create an account</Link>
      </p>
    </AuthLayout>
  );
}


// Document responses take their headers from here: pass the 429's Retry-After through.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers();
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};
