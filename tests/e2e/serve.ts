/**
 * Starts the production server for the browser tests on a database of their own: a fresh
 * `evident_e2e_<port>` database on the configured PostgreSQL (named by the port, so two runs on
 * one PostgreSQL never drop each other's), or a throwaway embedded one.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { testServerUrl, withDatabase } from "../support/database-urls";

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
process.env.EVIDENT_DEMO = "true";
process.env.PORT = port;
process.env.HOST = "127.0.0.1";
await import("../../server/main");
