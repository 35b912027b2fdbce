/**
 * Gives each integration test file a database of its own: a clone of the migrated template on
 * PostgreSQL, or a fresh in-memory embedded database when no server is configured.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { disconnect } from "~/utils/db.server";
import { startEmbeddedDatabase } from "../../server/embedded-database";
import { migrateDatabase } from "../../server/migrate";
import { withDatabase } from "./database-urls";

async function cloneTemplate(server: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `evident_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject("templateDatabase")}`);
      break;
    } catch (error) {
      // Another file may be cloning the template at this instant.
      if (attempt > 20 || !/being accessed by other users/.test(String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }
  await admin.end();
  return {
    url: withDatabase(server, name),
    drop: async () => {
      const cleaner = new pg.Client({ connectionString: server });
      await cleaner.connect();
      await cleaner.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleaner.end();
    },
  };
}

const server = inject("testServerUrl") || null;
let cleanup: () => Promise<void>;
if (server) {
  const database = await cloneTemplate(server);
  process.env.DATABASE_URL = database.url;
  delete process.env.EVIDENT_EMBEDDED;
  cleanup = database.drop;
} else {
  const embedded = await startEmbeddedDatabase({ dataDir: null });
  await migrateDatabase(embedded.url);
  process.env.DATABASE_URL = embedded.url;
  process.env.EVIDENT_EMBEDDED = "1";
  cleanup = embedded.stop;
}

afterAll(async () => {
  await disconnect();
  await cleanup();
});
