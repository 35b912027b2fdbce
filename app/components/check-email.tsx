import type { ReactNode } from "react";

/**
 * What every form that sends a link shows afterwards (sign-up, forgot password, email change),
 * worded by the caller so that it is true whether or not the address has an account.
 */
export function CheckEmail({ children, mailGoesToLog }: { children: ReactNode; mailGoesToLog: boolean }) {
  return (
    <div role="status" className="space-y-3 text-sm">
      <p>{children}</p>
      <p className="muted">It can take a minute or two. Nothing after a while? Check your spam folder, or try again.</p>
      {mailGoesToLog ? (
        <p className="rounded-md border border-amber-200 bg-amber-50 p-3 text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100">
          This Evident has no email server set up, so messages are written to its server log instead: the link is in the terminal
          where Evident runs.
        </p>
      ) : null}
    </div>
  );
}
