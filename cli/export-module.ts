/**
 * The team export modules (document, export, import), loaded only by the export and import
 * commands: a missing or broken one then breaks those two commands, never the rest of the CLI.
 */
import { CliError } from "./errors";

export async function loadExportModule() {
  try {
    const [document, exporting, importing] = await Promise.all([
      import("~/modules/export/document"),
      import("~/modules/export/export.server"),
      import("~/modules/export/import.server"),
    ]);
    return { ...document, ...exporting, ...importing };
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_MODULE_NOT_FOUND" && /modules\/export\//.test(String((error as Error).message))) {
      throw new CliError("Team export and import are not available in this version of Evident.");
    }
    throw error;
  }
}
