import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Applies pending migrations with `prisma migrate deploy`. Spawned asynchronously: when the
 * embedded database lives in this process, a blocking call would deadlock (the CLI would wait
 * on a server whose event loop is blocked).
 */
export function migrateDatabase(databaseUrl: string, options: { quiet?: boolean } = {}): Promise<void> {
  const cli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, "migrate", "deploy"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code === 0) {
        if (!options.quiet) {
          const applied = output.match(/(\d+) migrations? found|No pending migrations to apply\.|All migrations have been successfully applied\./g);
          console.log(`database: ${applied?.at(-1) ?? "migrations applied"}`);
        }
        resolve();
      } else {
        reject(new Error(`prisma migrate deploy failed (exit ${code}):\n${output}`));
      }
    });
  });
}
