/**
 * The team export module, loaded only by the export and import commands: a missing or broken
 * export module then breaks those two commands, never the rest of the CLI.
 */
import { CliError } from "./errors";

export async function loadExportModule() {
  try {
    return await import("~/modules/export/export.server");
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_MODULE_NOT_FOUND" && String((error as Error).message).includes("export.server")) {
      throw new CliError("Team export and import are not available in this version of Evident.");
    }
    throw error;
  }
}
