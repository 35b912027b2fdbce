import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { BodyTooLargeError, FORM_BODY_LIMIT, withLimitedBody } from "./body.server";

export type UploadResult =
  | { ok: true; formData: FormData; text: (field?: string) => Promise<string> }
  | { ok: false; status: 400 | 413; message: string; headers: Record<string, string> };

/** Parts an upload form may have: the file, the text posted back on confirm, and a few fields. */
export const MAX_UPLOAD_PARTS = 16;

class TooManyPartsError extends Error {}

/**
 * Reads a multipart form with one file, in memory, up to `maxBytes` for any part and `maxBytes`
 * plus 64 kB for the whole body, in at most MAX_UPLOAD_PARTS parts — all counted while it streams.
 * Over a limit it answers 413 without reading the rest (the server then closes the connection).
 */
export async function readUpload(request: Request, options: { maxBytes: number; tooLarge: string }): Promise<UploadResult> {
  const memory = unstable_createMemoryUploadHandler({ maxPartSize: options.maxBytes });
  let parts = 0;
  const counted: UploadHandler = (part) => {
    if (++parts > MAX_UPLOAD_PARTS) throw new TooManyPartsError();
    return memory(part);
  };
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(withLimitedBody(request, options.maxBytes + FORM_BODY_LIMIT), counted);
  } catch (error) {
    const tooLarge = (message: string) => ({ ok: false as const, status: 413 as const, message, headers: { Connection: "close" } });
    if (error instanceof MaxPartSizeExceededError || error instanceof BodyTooLargeError) return tooLarge(options.tooLarge);
    if (error instanceof TooManyPartsError) return tooLarge(`The form has too many parts: send the file with at most ${MAX_UPLOAD_PARTS} fields.`);
    return { ok: false, status: 400, message: "Upload the file with the form (multipart/form-data).", headers: {} };
  }
  return {
    ok: true,
    formData,
    // The uploaded file, or (for a confirm step) the same text posted back in a hidden field.
    text: async (field = "csv") => {
      const upload = formData.get("file");
      if (upload instanceof File && upload.size > 0) return upload.text();
      const pasted = formData.get(field);
      return typeof pasted === "string" ? pasted : "";
    },
  };
}
