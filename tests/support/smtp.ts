/**
 * A real SMTP server inside the test process (smtp-server, bound to 127.0.0.1), whose messages are
 * parsed with mailparser: tests read the emails Evident sent the way a person's inbox would. It can
 * refuse (temporarily or for good) to test retries and failures.
 */
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { sleep } from "./net";

export type ReceivedMail = ParsedMail & { to: string; raw: string };

export type TestInbox = {
  /** SMTP_URL for the app. */
  url: string;
  received: ReceivedMail[];
  /** Resolves with the first message (received so far or later) that matches. */
  waitFor: (match: (mail: ReceivedMail) => boolean, timeoutMs?: number) => Promise<ReceivedMail>;
  /** The next `count` messages are refused with this SMTP code (4xx: try later; 5xx: never). */
  refuse: (count: number, code: number) => void;
  /** How many deliveries were refused so far. */
  refusals: () => number;
  close: () => Promise<void>;
};

export async function startTestInbox(): Promise<TestInbox> {
  const received: ReceivedMail[] = [];
  let toRefuse = 0;
  let refuseCode = 451;
  let refused = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (toRefuse > 0) {
        toRefuse--;
        refused++;
        const error = Object.assign(new Error(refuseCode >= 500 ? "Mailbox unavailable" : "Try again later"), { responseCode: refuseCode });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        void simpleParser(raw).then(
          (mail) => {
            received.push(Object.assign(mail, { to: session.envelope.rcptTo.map((rcpt) => rcpt.address).join(","), raw }));
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    waitFor: async (match, timeoutMs = 15_000) => {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const found = received.find(match);
        if (found) return found;
        if (performance.now() > deadline) {
          throw new Error(`No matching email within ${timeoutMs} ms; received: ${received.map((mail) => `${mail.to} “${mail.subject}”`).join("; ") || "none"}`);
        }
        await sleep(50);
      }
    },
    refuse: (count, code) => {
      toRefuse = count;
      refuseCode = code;
    },
    refusals: () => refused,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first link in a mail's plain-text part that starts with `prefix` (e.g. the app's origin + "/reset-password/"). */
export function linkIn(mail: ParsedMail, prefix: string): string {
  const link = (mail.text ?? "").split(/\s+/).find((word) => word.startsWith(prefix));
  if (!link) throw new Error(`No link starting with ${prefix} in “${mail.subject}”:\n${mail.text}`);
  return link;
}
