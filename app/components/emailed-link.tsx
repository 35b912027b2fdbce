import { Form, Link } from "@remix-run/react";
import { AuthLayout } from "./app-shell";
import { FormError } from "./form";

/** The page for an emailed link that cannot be used: what happened, and the way to a new one. */
export function UnusableLink({ state, what, explanation, next }: { state: "expired" | "invalid"; what: string; explanation: string; next: { to: string; label: string } }) {
  return (
    <AuthLayout title={state === "expired" ? `This ${what} has expired` : `This ${what} is not valid`} subtitle={explanation}>
      <Link to={next.to} className="btn-primary w-full">
        {next.label}
      </Link>
    </AuthLayout>
  );
}

/**
 * An emailed link's one button: opening a link never acts by itself (mail scanners open links);
 * the person confirms here.
 */
export function ConfirmLinkButton({ title, subtitle, label, busy, error, action }: { title: string; subtitle: string; label: string; busy: boolean; error?: string; action?: string }) {
  return (
    <AuthLayout title={title} subtitle={subtitle}>
      <Form method="post" action={action} className="space-y-4">
        <FormError message={error} />
        <button type="submit" className="btn-primary w-full" disabled={busy}>
          {busy ? "Confirming…" : label}
        </button>
      </Form>
    </AuthLayout>
  );
}
