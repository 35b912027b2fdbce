/**
 * Starts the production server for the browser tests on a database of their own: a fresh
 * `evident_e2e` database on the configured PostgreSQL, or a throwaway embedded one.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { testServerUrl, withDatabase } from "../support/database-urls";

const server = testServerUrl();
if (server) {
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query("DROP DATABASE IF EXISTS evident_e2e WITH (FORCE)");
  await admin.query("CREATE DATABASE evident_e2e");
  await admin.end();
  process.env.DATABASE_URL = withDatabase(server, "evident_e2e");
} else {
  delete process.env.DATABASE_URL;
  process.env.EVIDENT_DATA_DIR = mkdtempSync(path.join(tmpdir(), "evident-e2e-"));
}
process.env.EVIDENT_DEMO = "true";
process.env.PORT = process.env.E2E_PORT ?? "3210";
process.env.HOST = "127.0.0.1";
await import("../../server/main");
