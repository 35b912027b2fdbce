import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";

export type UploadResult =
  | { ok: true; formData: FormData; text: (field?: string) => Promise<string> }
  | { ok: false; status: 400 | 413; message: string; headers: Record<string, string> };

/**
 * Reads a multipart form with one file, in memory, up to `maxBytes`. Over the limit it answers 413
 * and asks to close the connection: the rest of the body was never read, so it cannot be reused.
 */
export async function readUpload(request: Request, options: { maxBytes: number; tooLarge: string }): Promise<UploadResult> {
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: options.maxBytes }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, status: 413, message: options.tooLarge, headers: { Connection: "close" } };
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
