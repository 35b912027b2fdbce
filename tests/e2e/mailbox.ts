/**
 * The browser tests' inbox: the email the app sent, read from the SMTP server the test server runs
 * (tests/e2e/serve.ts serves it as JSON on the port after the app's).
 */
import { expect, type Page } from "@playwright/test";

export type Mail = { to: string; subject: string; text: string; html: string };

function mailboxUrl(page: Page, to: string) {
  const app = new URL(page.url());
  return `http://127.0.0.1:${Number(app.port) + 1}/?to=${encodeURIComponent(to)}`;
}

/** Waits for an email to `to` whose subject matches, and returns it. */
export async function waitForMail(page: Page, to: string, subject: RegExp): Promise<Mail> {
  let found: Mail | undefined;
  await expect
    .poll(
      async () => {
        const messages = (await (await fetch(mailboxUrl(page, to))).json()) as Mail[];
        found = messages.filter((mail) => subject.test(mail.subject)).at(-1);
        return found !== undefined;
      },
      { message: `an email to ${to} matching ${subject}`, timeout: 15_000 },
    )
    .toBe(true);
  return found!;
}

/** The first link in the email's text part that contains `part`. */
export function linkIn(mail: Mail, part: string): string {
  const link = mail.text.split(/\s+/).find((word) => word.startsWith("http") && word.includes(part));
  if (!link) throw new Error(`No ${part} link in “${mail.subject}”`);
  return link;
}
