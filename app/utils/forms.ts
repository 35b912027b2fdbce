import type { z } from "zod";
import { parseTypedNumber } from "./fields";

export type FieldErrors = Record<string, string>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; fieldErrors: FieldErrors };

/** PostgreSQL text cannot hold U+0000, so a value containing it could never be saved (passwords are only hashed). */
export const NUL_MESSAGE = "This contains an invisible NUL character, which can't be saved. Remove it and try again.";

/** The first value of each submitted field, or field errors for text that could never be saved. */
function formEntries(formData: FormData): FormResult<Record<string, FormDataEntryValue>> {
  const values: Record<string, FormDataEntryValue> = {};
  for (const [key, value] of formData.entries()) if (!(key in values)) values[key] = value;
  const unstorable = Object.keys(values).filter((key) => key !== "password" && typeof values[key] === "string" && (values[key] as string).includes("\u0000"));
  if (unstorable.length > 0) return { ok: false, fieldErrors: Object.fromEntries(unstorable.map((key) => [key, NUL_MESSAGE])) };
  return { ok: true, data: values };
}

/**
 * The submitted text fields, first value of each, without surrounding spaces: what a form adapter
 * translates into a command's typed input. Files are left out.
 */
export function formText(formData: FormData): FormResult<Record<string, string>> {
  const entries = formEntries(formData);
  if (!entries.ok) return entries;
  const text: Record<string, string> = {};
  for (const [key, value] of Object.entries(entries.data)) if (typeof value === "string") text[key] = value.trim();
  return { ok: true, data: text };
}

/**
 * A number as people type it ("12", "-3.5", "2,5"): null when the field is empty or absent, NaN
 * when it is not a number, so the command refuses it under the field's own rule.
 */
export function typedNumber(text: string | undefined): number | null {
  if (text === undefined || text === "") return null;
  return parseTypedNumber(text, { integer: false }) ?? Number.NaN;
}

/** Validates submitted form data against a schema; the first message per field is kept. */
export function parseForm<Schema extends z.ZodType>(
  formData: FormData,
  schema: Schema,
): FormResult<z.infer<Schema>> {
  const entries = formEntries(formData);
  if (!entries.ok) return entries;
  const result = schema.safeParse(entries.data);
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join(".") || "form";
    fieldErrors[key] ??= issue.message;
  }
  return { ok: false, fieldErrors };
}
