/**
 * Where email goes: an SMTP server (SMTP_URL, through nodemailer), or — without one, as on a fresh
 * `npm start` — the server log, with the recipient, the subject and every link, so a newcomer can
 * finish sign-up or a password reset from the terminal.
 */
import nodemailer from "nodemailer";

export type OutgoingMail = {
  /** Stable per message, so a receiving server can tell a resend from a new email. */
  messageId: string;
  from: string;
  to: { address: string; name?: string | null };
  subject: string;
  html: string;
  text: string;
  /** Extra headers (List-Unsubscribe…); values are single-line by construction. */
  headers: Record<string, string>;
  /** Every link in the message, for the log transport. */
  links: string[];
};

/** A failure the next attempt cannot fix (the server refused the recipient): no more retries. */
export class PermanentMailFailure extends Error {
  override name = "PermanentMailFailure";
}

export type MailTransport = {
  describe: string;
  send: (mail: OutgoingMail) => Promise<void>;
  close: () => void;
};

function smtpFailure(error: unknown): Error {
  const shape = error as { responseCode?: number; response?: string; code?: string; message?: string };
  const reason = (shape.response ?? shape.message ?? String(error)).split("\n")[0].slice(0, 500);
  // 5xx means "never": a mailbox that does not exist, a policy refusal. Authentication and
  // connection trouble are the operator's to fix, and worth retrying meanwhile.
  if (typeof shape.responseCode === "number" && shape.responseCode >= 500 && shape.code !== "EAUTH") {
    return new PermanentMailFailure(`${shape.responseCode} ${reason}`);
  }
  return new Error(shape.code ? `${shape.code}: ${reason}` : reason);
}

export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(url, {
    // A slow or silent server costs one attempt, not a stuck delivery loop.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as object);
  const target = new URL(url);
  return {
    describe: `SMTP ${target.protocol}//${target.hostname}:${target.port || (target.protocol === "smtps:" ? 465 : 587)}`,
    send: async (mail) => {
      try {
        await transporter.sendMail({
          messageId: mail.messageId,
          from: mail.from,
          to: mail.to.name ? { name: mail.to.name, address: mail.to.address } : mail.to.address,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          headers: mail.headers,
        });
      } catch (error) {
        throw smtpFailure(error);
      }
    },
    close: () => transporter.close(),
  };
}

/** No SMTP server configured: each message is "delivered" to the log, links included. */
export function logTransport(write: (line: string) => void = (line) => console.log(line)): MailTransport {
  return {
    describe: "the server log (no SMTP_URL set)",
    send: async (mail) => {
      const to = mail.to.name ? `${mail.to.name} <${mail.to.address}>` : mail.to.address;
      write([`mail: to ${to}: “${mail.subject}”`, ...mail.links.map((link) => `mail:   ${link}`)].join("\n"));
    },
    close: () => undefined,
  };
}

/** Whether this Evident writes email to its log instead of sending it (no SMTP_URL): pages then say where links are. */
export function mailGoesToLog(): boolean {
  return !process.env.SMTP_URL;
}
