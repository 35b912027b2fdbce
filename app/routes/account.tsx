import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { z } from "zod";
import { AuthLayout } from "~/components/app-shell";
import { Field, FormError } from "~/components/form";
import { Notice } from "~/components/page";
import { NewPasswordField } from "~/components/signup-fields";
import { UnconfirmedEmail } from "~/components/unconfirmed-email";
import { accountOverview, changePassword, updateProfile } from "~/modules/auth/accounts.server";
import { requestEmailChange, resendAddressConfirmation } from "~/modules/auth/email-address.server";
import { requireAuth } from "~/modules/auth/guard.server";
import { EmailSchema, NameSchema, NewPasswordSchema } from "~/modules/auth/password";
import { mailGoesToLog } from "~/modules/mail/transport.server";
import { parseForm } from "~/utils/forms";
import { formFailure, handleFormErrors, readFormData } from "~/utils/http.server";
import { requestContext } from "~/utils/origin.server";

export const meta: MetaFunction = () => [{ title: "Your account · Evident" }];

const CurrentPassword = z.string({ error: "Enter your current password." }).min(1, "Enter your current password.").max(1024);

const AccountActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("profile"), name: NameSchema }),
  z.object({ intent: z.literal("email"), newEmail: EmailSchema, password: CurrentPassword }),
  z
    .object({ intent: z.literal("password"), currentPassword: CurrentPassword, newPassword: NewPasswordSchema, confirm: z.string() })
    .refine((form) => form.newPassword === form.confirm, { path: ["confirm"], message: "The two passwords differ. Type the same one twice." }),
  z.object({ intent: z.literal("resend-confirmation") }),
]);

const NOTICES = {
  saved: "Saved.",
  "password-changed": "Password changed. Every other session of your account has been signed out.",
  "email-changed": "Your email address is changed. Sign in with the new one from now on.",
  "confirmation-sent": "We have sent you a new confirmation link.",
} as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = requireAuth(request, context);
  const params = new URL(request.url).searchParams;
  const notice = (Object.keys(NOTICES) as (keyof typeof NOTICES)[]).find((key) => params.has(key)) ?? null;
  return { user, overview: await accountOverview(user.id), notice: notice && NOTICES[notice], mailGoesToLog: mailGoesToLog() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, session } = requireAuth(request, context);
  const formData = await readFormData(request);
  const parsed = parseForm(formData, AccountActionSchema);
  const intent = String(formData.get("intent") ?? "");
  if (!parsed.ok) return formFailure(parsed.fieldErrors, { intent, name: String(formData.get("name") ?? ""), newEmail: String(formData.get("newEmail") ?? "") });
  const input = parsed.data;
  return handleFormErrors(
    async () => {
      switch (input.intent) {
        case "profile":
          await updateProfile(user.id, input);
          return redirect("/account?saved");
        case "password":
          await changePassword({ userId: user.id, sessionId: session.id, currentPassword: input.currentPassword, newPassword: input.newPassword });
          return redirect("/account?password-changed");
        case "email":
          await requestEmailChange(user, input, requestContext(request, context));
          return data({ emailSentTo: input.newEmail });
        case "resend-confirmation":
          await resendAddressConfirmation(user.id, requestContext(request, context));
          return redirect("/account?confirmation-sent");
      }
    },
    { intent, newEmail: input.intent === "email" ? input.newEmail : "" },
  );
}

function Part({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <section className="mt-6 border-t border-zinc-200 pt-5 dark:border-zinc-800">
      <h2 className="text-sm font-semibold">{title}</h2>
      {description ? <p className="muted mt-1 text-sm">{description}</p> : null}
      <div className="mt-3">{children}</div>
    </section>
  );
}

export default function Account() {
  const { user, overview, notice, mailGoesToLog } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && "ok" in result ? result : undefined;
  const failed = (intent: string) => (failure?.values?.intent === intent ? failure : undefined);
  const emailSentTo = result && "emailSentTo" in result ? result.emailSentTo : null;
  const busy = useNavigation().state === "submitting";
  return (
    <AuthLayout title="Your account" subtitle={user.email}>
      {notice ? <Notice tone="success">{notice}</Notice> : null}
      <FormError message={failed("resend-confirmation")?.formError} />
      {!overview.emailConfirmed ? <UnconfirmedEmail email={user.email} mailGoesToLog={mailGoesToLog} why="to create or join a team" /> : null}

      <Form method="post" className="space-y-4" noValidate>
        <FormError message={failed("profile")?.formError} fieldErrors={failed("profile")?.fieldErrors} />
        <input type="hidden" name="intent" value="profile" />
        <Field label="Name" name="name" required defaultValue={failed("profile")?.values?.name ?? user.name} error={failed("profile")?.fieldErrors.name} />
        <button type="submit" className="btn-primary" disabled={busy}>
          Save
        </button>
      </Form>

      <Part title="Email address" description="The new address gets a link that makes the change; until it is opened, nothing changes. We tell your current address too.">
        {emailSentTo ? (
          <Notice tone="success">
            We have sent a link to {emailSentTo}. Open it to finish the change.{mailGoesToLog ? " This Evident writes email to its server log." : ""}
          </Notice>
        ) : (
          <Form method="post" className="space-y-4" noValidate>
            <FormError message={failed("email")?.formError} fieldErrors={failed("email")?.fieldErrors} />
            <input type="hidden" name="intent" value="email" />
            <Field label="New email address" name="newEmail" type="email" autoComplete="email" required defaultValue={failed("email")?.values?.newEmail ?? ""} error={failed("email")?.fieldErrors.newEmail} />
            <Field label="Current password" name="password" type="password" autoComplete="current-password" required error={failed("email")?.fieldErrors.password} />
            <button type="submit" className="btn-secondary" disabled={busy}>
              Change email address
            </button>
          </Form>
        )}
      </Part>

      <Part title="Password" description="Changing it signs you out everywhere else.">
        <Form method="post" className="space-y-4" noValidate>
          <FormError message={failed("password")?.formError} fieldErrors={failed("password")?.fieldErrors} />
          <input type="hidden" name="intent" value="password" />
          <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" required error={failed("password")?.fieldErrors.currentPassword} />
          <NewPasswordField label="New password" name="newPassword" error={failed("password")?.fieldErrors.newPassword} />
          <Field label="The new password again" name="confirm" type="password" autoComplete="new-password" required error={failed("password")?.fieldErrors.confirm} />
          <button type="submit" className="btn-secondary" disabled={busy}>
            Change password
          </button>
        </Form>
      </Part>

      <Part title="Email notifications">
        <p className="text-sm">
          <Link to="/account/notifications">Choose which emails you get</Link>
        </p>
      </Part>

      <Part title="Sessions" description="Signed in on another device you no longer use? Sign out everywhere, including here.">
        <div className="flex flex-wrap gap-2">
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
      </Part>
      <p className="mt-6 text-center text-sm">
        <Link to="/teams">Back to your teams</Link>
      </p>
    </AuthLayout>
  );
}
