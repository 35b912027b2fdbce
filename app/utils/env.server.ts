import { z } from "zod";

const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => ["true", "1", "yes"].includes(value));

const postgresUrl = z
  .string()
  .trim()
  .refine((value) => /^postgres(ql)?:\/\//.test(value), "must start with postgresql://");

// "Name <address>" or a bare address, on one line (it becomes the From header of every email).
const mailFrom = z
  .string()
  .trim()
  .refine((value) => /^(?:[^<>\r\n]{1,100} <[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/.test(value), 'must be an address, or a name and an address: "Evident <evident@example.com>"');

const smtpUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "smtp:" || url.protocol === "smtps:") && url.hostname !== "";
    } catch {
      return false;
    }
  }, "must be smtp://user:password@host:port or smtps://… (credentials URL-encoded)");

/** Every setting Evident reads from the environment, validated once at start. */
const EnvSchema = z.object({
  NODE_ENV: z.enum(["production", "development", "test"]).default("production"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  EVIDENT_DATA_DIR: z.string().min(1).default("./data"),
  APP_URL: z.url({ protocol: /^https?$/ }).optional(),
  EVIDENT_DEMO: booleanFlag.optional(),
  TRUST_PROXY: booleanFlag.default(false),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  // Read where they are used (the API pipeline, the bench route); validated here so a typo stops the start.
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  EVIDENT_BENCH_ROUTE: booleanFlag.optional(),
  // Read by db.server.ts from process.env (it is also loaded inside the Remix build); validated here. 0 turns it off.
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(5_000),
  // The longest a request may take to arrive and to get its answer started (408 / 503 after that).
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(30_000),
  // Where email goes; without it, messages are written to the server log (links included).
  SMTP_URL: smtpUrl.optional(),
  MAIL_FROM: mailFrom.default("Evident <evident@localhost>"),
  // Read by the webhook address guard at every check; validated here. Lets webhooks reach private, loopback and link-local addresses.
  WEBHOOK_ALLOW_PRIVATE_ADDRESSES: booleanFlag.optional(),
});

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  // Treat empty strings as unset, so `DATABASE_URL= npm start` means "no database configured".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new EnvError(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}
