/**
 * The typed inputs of the template commands and every rule about them. The form adapters only
 * translate text into these shapes; the commands in templates.server.ts validate them.
 */
import { z } from "zod";
import { ExperimentRules, MAX_TIMEBOX_DAYS } from "~/modules/experiments/schemas";
import { idField } from "~/utils/fields";

export const TemplateRules = {
  id: idField,
  experimentId: idField,
  name: z.string({ error: "Name the template." }).trim().min(2, "Name the template (at least 2 characters).").max(120, "Keep the name under 120 characters."),
  version: ExperimentRules.version,
  /** A timebox of at most a year, both ends counted. */
  days: z
    .int({ error: "Give the timebox length in whole days." })
    .min(1, "A timebox lasts at least a day.")
    .max(MAX_TIMEBOX_DAYS + 1, "Keep the timebox under a year."),
};

/** Save an experiment's design as a template (saveTemplate); without a name, it takes the experiment's title. */
export const SaveTemplateInput = z.object({ experimentId: TemplateRules.experimentId, name: TemplateRules.name.optional() });

/** Rename a template (renameTemplate), from the version the form was rendered with. */
export const RenameTemplateInput = z.object({ id: TemplateRules.id, version: TemplateRules.version, name: TemplateRules.name });

export type SaveTemplate = z.input<typeof SaveTemplateInput>;
export type RenameTemplate = z.input<typeof RenameTemplateInput>;
