/**
 * Prisma CLI configuration. Migrate runs on Prisma's WebAssembly schema engine through the
 * pg driver adapter, so the CLI never needs to download a native engine (see ADR 002).
 */
import { randomUUID } from "node:crypto";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

// The 6.x CLI silently falls back to the native engine (and tries to download it) when the
// schema's env("DATABASE_URL") cannot be resolved — even for `prisma generate`.
process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";

// adapter-pg 6.x cannot decode the catalog column types "char" (OID 18) and name (OID 19) that
// Migrate reads (prisma/orm#27403); present them as text.
const originalQuery = pg.Pool.prototype.query as (...args: unknown[]) => Promise<pg.QueryResult>;
(pg.Pool.prototype as unknown as { query: unknown }).query = async function (
  this: pg.Pool,
  ...args: unknown[]
) {
  const result = await originalQuery.apply(this, args);
  for (const field of result?.fields ?? []) {
    if (field.dataTypeID === 18 || field.dataTypeID === 19) field.dataTypeID = 25;
  }
  return result;
};

function connectionConfig(url: string): pg.PoolConfig {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username || "postgres"),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.slice(1) || "postgres"),
  };
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  adapter: async () => {
    const config = connectionConfig(process.env.DATABASE_URL!);
    const factory = new PrismaPg(config);
    // adapter-pg's own shadow database reuses the main connection settings (so it would hit the
    // main database) and drops it before closing its pool. Use a throwaway database instead.
    (factory as unknown as { connectToShadowDb: unknown }).connectToShadowDb = async () => {
      const name = `shadow_${randomUUID().replaceAll("-", "")}`;
      const admin = new pg.Client(config);
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name}"`);
      await admin.end();
      const shadow = await new PrismaPg({ ...config, database: name }).connect();
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        const cleaner = new pg.Client(config);
        await cleaner.connect();
        await cleaner.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await cleaner.end();
      };
      return shadow;
    };
    return factory;
  },
});
