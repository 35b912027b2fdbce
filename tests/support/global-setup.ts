/**
 * Once per test run: on a real PostgreSQL server, build a migrated template database that every
 * test file clones (CREATE DATABASE … TEMPLATE is far faster than migrating each time).
 */
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrateDatabase } from "../../server/migrate";
import { testServerUrl, withDatabase } from "./database-urls";

export default async function setup(project: TestProject) {
  const server = testServerUrl();
  // Workers read it from here: each test file points DATABASE_URL at its own database.
  project.provide("testServerUrl", server ?? "");
  // One template per run, so that two suites running at once never drop each other's.
  const template = `evident_test_template_${process.pid}`;
  project.provide("templateDatabase", template);
  if (!server) return;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  await migrateDatabase(withDatabase(server, template));

  return async () => {
    const cleaner = new pg.Client({ connectionString: server });
    await cleaner.connect();
    await cleaner.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await cleaner.end();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    testServerUrl: string;
    templateDatabase: string;
  }
}
