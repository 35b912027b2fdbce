import { Form } from "@remix-run/react";

/**
 * Shown where an account with an unconfirmed address is stopped (creating or joining a team, the
 * account page): why, and a button to send the link again (handled by the account page).
 */
export function UnconfirmedEmail({ email, mailGoesToLog, why }: { email: string; mailGoesToLog: boolean; why: string }) {
  return (
    <div className="mb-4 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100">
      <p className="font-medium">Confirm your email address</p>
      <p className="mt-1">
        Open the link we emailed to <span className="break-words">{email}</span> {why}.{mailGoesToLog ? " This Evident writes email to its server log." : ""}
      </p>
      <Form method="post" action="/account" className="mt-2">
        <input type="hidden" name="intent" value="resend-confirmation" />
        <button type="submit" className="btn-secondary">
          Send the link again
        </button>
      </Form>
    </div>
  );
}
