/** An error the user can act on. Routes turn it into a page, a form error or a JSON 4xx. */
export class AppError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 422 | 429,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
    /** Extra data for the page, e.g. both versions of a conflicting edit. */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (message = "We couldn't find that page.") => new AppError(404, "not_found", message);
export const forbidden = (message = "Your role in this team doesn't allow that.") =>
  new AppError(403, "forbidden", message);
export const invalid = (fields: Record<string, string>, message = "Please correct the highlighted fields.") =>
  new AppError(400, "invalid", message, fields);
export const conflict = (message: string, fields?: Record<string, string>, details?: unknown) =>
  new AppError(409, "conflict", message, fields, details);

/**
 * Runs a command and renames the fields of its `invalid` refusal with an adapter's own names for
 * the command's paths (the API's `criterion.target` for `target`, a form's `trials` for `rows.0.trials`).
 */
export async function renamingFields<T>(run: () => Promise<T>, rename: (field: string) => string): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "invalid" || !error.fields) throw error;
    const fields: Record<string, string> = {};
    for (const [field, message] of Object.entries(error.fields)) fields[rename(field)] ??= message;
    throw new AppError(error.status, error.code, error.message, fields, error.details);
  }
}
