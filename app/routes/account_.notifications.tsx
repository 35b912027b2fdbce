import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { AuthLayout } from "~/components/app-shell";
import { Notice } from "~/components/page";
import { requireAuth } from "~/modules/auth/guard.server";
import { MAIL_KINDS, MAIL_KIND_NAMES, OPTIONAL_MAIL_KINDS, type MailKind } from "~/modules/mail/kinds";
import { readPreferences, savePreferences } from "~/modules/mail/preferences.server";
import { readFormData } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Email notifications · Evident" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = requireAuth(request, context);
  return { email: user.email, preferences: await readPreferences(user.email), saved: new URL(request.url).searchParams.has("saved") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = requireAuth(request, context);
  const formData = await readFormData(request);
  // Checkboxes: what is ticked is on; anything else posted is ignored.
  const chosen = new Set(formData.getAll("subscribed").filter((value): value is MailKind => (OPTIONAL_MAIL_KINDS as string[]).includes(String(value))));
  await savePreferences(user.email, chosen);
  return redirect("/account/notifications?saved");
}

const SECURITY_KINDS = MAIL_KIND_NAMES.filter((kind) => MAIL_KINDS[kind].security);

export default function Notifications() {
  const { email, preferences, saved } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  return (
    <AuthLayout title="Email notifications" subtitle={`Sent to ${email}`}>
      {saved ? <Notice tone="success">Saved.</Notice> : null}
      <Form method="post" className="mt-2 space-y-4">
        <fieldset className="space-y-3">
          <legend className="text-sm font-semibold">You choose</legend>
          {preferences.map((preference) => (
            <label key={preference.kind} className="flex items-start gap-3 text-sm">
              <input type="checkbox" name="subscribed" value={preference.kind} defaultChecked={preference.subscribed} className="mt-0.5 size-4" />
              <span>
                <span className="font-medium">{preference.label}</span>
                {preference.description ? <span className="muted block text-xs">{preference.description}</span> : null}
              </span>
            </label>
          ))}
        </fieldset>
        <button type="submit" className="btn-primary" disabled={busy}>
          Save
        </button>
      </Form>
      <div className="mt-6 border-t border-zinc-200 pt-4 dark:border-zinc-800">
        <h2 className="text-sm font-semibold">Always sent</h2>
        <p className="muted mt-1 text-xs">These keep your account safe, so they cannot be turned off:</p>
        <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
          {SECURITY_KINDS.map((kind) => (
            <li key={kind}>{MAIL_KINDS[kind].label}</li>
          ))}
        </ul>
      </div>
      <p className="mt-6 text-center text-sm">
        <Link to="/account">Back to your account</Link>
      </p>
    </AuthLayout>
  );
}
