/**
 * Starts the production server for the browser tests on a database of their own: a fresh
 * `evident_e2e_<port>` database on the configured PostgreSQL (named by the port, so two runs on
 * one PostgreSQL never drop each other's), or a throwaway embedded one. Its email goes to a real
 * SMTP server in this process, whose messages the tests read over HTTP on the next port
 * (tests/e2e/mailbox.ts), as a person reads their inbox.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import http from "node:http";
import pg from "pg";
import { testServerUrl, withDatabase } from "../support/database-urls";
import { startTestInbox } from "../support/smtp";

const port = process.env.E2E_PORT ?? "3210";
const server = testServerUrl();
if (server) {
  const database = `evident_e2e_${Number.parseInt(port, 10)}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  process.env.DATABASE_URL = withDatabase(server, database);
} else {
  delete process.env.DATABASE_URL;
  process.env.EVIDENT_DATA_DIR = mkdtempSync(path.join(tmpdir(), "evident-e2e-"));
}
const inbox = await startTestInbox();
const mailbox = http.createServer((req, res) => {
  const to = new URL(req.url ?? "/", "http://mailbox").searchParams.get("to")?.toLowerCase();
  const messages = inbox.received.filter((mail) => !to || mail.to === to).map((mail) => ({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html }));
  res.setHeader("Content-Type", "application/json");
  res.end(JSON.stringify(messages));
});
await new Promise<void>((resolve) => mailbox.listen(Number.parseInt(port, 10) + 1, "127.0.0.1", resolve));
process.env.SMTP_URL = inbox.url;
process.env.MAIL_FROM = "Evident <evident@example.com>";
process.env.EVIDENT_DEMO = "true";
process.env.PORT = port;
process.env.HOST = "127.0.0.1";
await import("../../server/main");
