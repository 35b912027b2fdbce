import { data } from "@remix-run/node";
import { BodyTooLargeError, FORM_BODY_LIMIT, formatLimit, readBody } from "./body.server";
import { AppError } from "./errors";
import type { FieldErrors } from "./forms";
import { oncePerSubmission } from "./submission.server";

export type ActionFailure = {
  ok: false;
  formError?: string;
  fieldErrors: FieldErrors;
  values?: Record<string, string>;
  /** For 409s: what the record looks like now, to show beside what was submitted. */
  details?: unknown;
};

const STATUS_TEXT: Record<number, string> = { 403: "Forbidden", 404: "Not Found", 413: "Payload Too Large" };

/** A thrown Response renders the friendly error page with this status. */
export function httpError(status: 403 | 404, message?: string): Response {
  return new Response(message ?? STATUS_TEXT[status], { status, statusText: STATUS_TEXT[status] });
}

/**
 * The posted form, at most FORM_BODY_LIMIT (64 kB) of it, counted as it arrives: a larger body gets
 * the 413 page and is not read further. A body that cannot be read as a form (sent as text/plain,
 * or a broken multipart body) is the client's mistake: it gets the 400 page, never a 500.
 */
export async function readFormData(request: Request): Promise<FormData> {
  let body: Uint8Array<ArrayBuffer>;
  try {
    body = await readBody(request, FORM_BODY_LIMIT);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new Response(`Payload Too Large: a form can be at most ${formatLimit(FORM_BODY_LIMIT)}.`, { status: 413, statusText: "Payload Too Large" });
    throw error;
  }
  try {
    // The counted bytes, parsed as the form they are (urlencoded or multipart).
    return await new Response(body, { headers: { "Content-Type": request.headers.get("content-type") ?? "" } }).formData();
  } catch {
    throw new Response("Bad Request", { status: 400, statusText: "Bad Request" });
  }
}

/** Field errors (and the values to put back in the form) with a 400. */
export function formFailure(fieldErrors: FieldErrors, values?: Record<string, string>, formError?: string) {
  return data<ActionFailure>({ ok: false, fieldErrors, formError, values }, { status: 400 });
}

/**
 * The one error mapper for form actions: an AppError becomes a form error with its status
 * (403/404 become the error page); anything else is a real bug and propagates as a 500.
 * With `once`, a form sent twice with the same submission key runs once (see submission.server).
 */
export async function handleFormErrors<T>(
  run: () => Promise<T>,
  values?: Record<string, string>,
  once?: { actor: { team: { id: string }; user: { id: string } }; formData: FormData },
) {
  try {
    return once ? await oncePerSubmission(once.actor, once.formData, run) : await run();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.status === 403 || error.status === 404) throw httpError(error.status, error.message);
    const headers = new Headers();
    if ("retryAfterSeconds" in error) headers.set("Retry-After", String(error.retryAfterSeconds));
    return data<ActionFailure>(
      { ok: false, formError: error.message, fieldErrors: error.fields ?? {}, values, details: error.details },
      { status: error.status, headers },
    );
  }
}

/** Plain form values (strings only) to re-fill a form after a failure; passwords are never echoed. */
export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !/password/i.test(key)) values[key] = value;
  }
  return values;
}
