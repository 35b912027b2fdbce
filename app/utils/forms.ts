import type { z } from "zod";

export type FieldErrors = Record<string, string>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; fieldErrors: FieldErrors };

/** PostgreSQL text cannot hold U+0000, so a value containing it could never be saved (passwords are only hashed). */
export const NUL_MESSAGE = "This contains an invisible NUL character, which can't be saved. Remove it and try again.";

/** Validates submitted form data against a schema; the first message per field is kept. */
export function parseForm<Schema extends z.ZodType>(
  formData: FormData,
  schema: Schema,
): FormResult<z.infer<Schema>> {
  const values: Record<string, FormDataEntryValue> = {};
  for (const [key, value] of formData.entries()) if (!(key in values)) values[key] = value;
  const unstorable = Object.keys(values).filter((key) => key !== "password" && typeof values[key] === "string" && (values[key] as string).includes("\u0000"));
  if (unstorable.length > 0) return { ok: false, fieldErrors: Object.fromEntries(unstorable.map((key) => [key, NUL_MESSAGE])) };
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join(".") || "form";
    fieldErrors[key] ??= issue.message;
  }
  return { ok: false, fieldErrors };
}
