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
