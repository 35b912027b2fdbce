/**
 * Once per test run: on a real PostgreSQL server, build a migrated template database that every
 * test file clones (CREATE DATABASE … TEMPLATE is far faster than migrating each time).
 */
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrateDatabase } from "../../server/migrate";
import { TEMPLATE_DATABASE, testServerUrl, withDatabase } from "./database-urls";

export default async function setup(project: TestProject) {
  const server = testServerUrl();
  // Workers read it from here: each test file points DATABASE_URL at its own database.
  project.provide("testServerUrl", server ?? "");
  if (!server) return;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  await migrateDatabase(withDatabase(server, TEMPLATE_DATABASE), { quiet: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    testServerUrl: string;
  }
}
