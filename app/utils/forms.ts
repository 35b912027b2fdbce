import type { z } from "zod";

export type FieldErrors = Record<string, string>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; fieldErrors: FieldErrors };

/** Validates submitted form data against a schema; the first message per field is kept. */
export function parseForm<Schema extends z.ZodType>(
  formData: FormData,
  schema: Schema,
): FormResult<z.infer<Schema>> {
  const values: Record<string, FormDataEntryValue> = {};
  for (const [key, value] of formData.entries()) if (!(key in values)) values[key] = value;
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join(".") || "form";
    fieldErrors[key] ??= issue.message;
  }
  return { ok: false, fieldErrors };
}
