import { z } from "zod";
import { AppError } from "~/utils/errors";

/** A failure the person running the command can act on: printed as is, exit code 1. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliError";
  }
}

/**
 * Parses command input with one of the app's schemas, naming the failing options the way they
 * were typed (`--email: …`). `optionFor` maps schema fields to option names where they differ.
 */
export function validate<T extends z.ZodType>(schema: T, input: unknown, optionFor: Record<string, string> = {}): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new CliError(formatIssues(result.error, optionFor));
}

function formatIssues(error: z.ZodError, optionFor: Record<string, string> = {}): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.join(".");
      const option = optionFor[field] ?? field;
      // The app's messages assume a form with choices on screen ("Choose a role."); list them.
      const choices = issue.code === "invalid_value" ? ` (one of: ${issue.values.map(String).join(", ")})` : "";
      return `${option ? `--${option}: ` : ""}${issue.message}${choices}`;
    })
    .join("\n");
}

/** The message for any error that ends a command, with a hint where the cause is a known setup problem. */
export function describeError(error: unknown): string {
  if (error instanceof CliError) return error.message;
  if (error instanceof AppError) {
    const fields = Object.entries(error.fields ?? {}).map(([field, message]) => `  ${field}: ${message}`);
    return [error.message, ...fields].join("\n");
  }
  if (error instanceof z.ZodError) return formatIssues(error);

  const code = (error as { code?: string } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  // P2021: table missing, i.e. a PostgreSQL database Evident has never started on.
  if (code === "P2021" || /relation "[^"]+" does not exist/.test(message)) {
    return "The database has no Evident tables yet. Start Evident once (it applies migrations) or run `npm run migrate:deploy`.";
  }
  if (code === "ECONNREFUSED" || /ECONNREFUSED|connect ETIMEDOUT|Can't reach database/.test(message)) {
    return `Can't reach the database (${message}). Check DATABASE_URL, or that the database server is running.`;
  }
  return message;
}
