/**
 * The decisions a weekly review takes from its agenda, as posted by the review page and by present
 * mode: a thin adapter from form fields onto the same domain commands the experiment, hypothesis
 * and action-item pages use, so a rule can never differ between the agenda and those pages.
 */
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { abandonExperiment, extendExperiment } from "~/modules/experiments/experiments.server";
import { versionFromForm } from "~/modules/experiments/form-input";
import { assignHypothesisOwner } from "~/modules/hypotheses/hypotheses.server";
import type { Actor } from "~/modules/teams/actor";
import { AppError } from "~/utils/errors";
import { formText } from "~/utils/forms";
import { formFailure, formValues, handleFormErrors } from "~/utils/http.server";
import { addActionItem, setActionItemDone } from "./action-items.server";

export const AGENDA_INTENTS = ["extend", "abandon", "assign-owner", "add-action", "action-done", "action-reopen"] as const;
export type AgendaIntent = (typeof AGENDA_INTENTS)[number];

const IntentSchema = z.object({ intent: z.enum(AGENDA_INTENTS) });

/** Is this posted form one of the agenda's decisions (rather than the page's own form)? */
export function isAgendaIntent(formData: FormData): boolean {
  return IntentSchema.safeParse({ intent: formData.get("intent") }).success;
}

/**
 * Runs one agenda decision for the acting member and answers as a form action does: a redirect to
 * `back` (with the item's anchor) on success, field errors with the values to refill on failure.
 */
export async function takeAgendaDecision(actor: Actor, formData: FormData, back: string) {
  const values = formValues(formData);
  const intent = IntentSchema.safeParse({ intent: formData.get("intent") });
  if (!intent.success) return formFailure({}, values, "Unknown action.");
  const text = formText(formData);
  if (!text.ok) return formFailure(text.fieldErrors, values);
  const fields = text.data;
  return handleFormErrors(async () => {
    await inPlace(() => decide(actor, intent.data.intent, fields));
    // Back to the item decided on; the scope is ours only when it looks like one of our anchors.
    const scope = /^[A-Za-z0-9_-]{1,100}$/.test(fields.scope ?? "") ? `#${fields.scope}` : "";
    return redirect(`${back}${scope}`);
  }, values);
}

/** Fields the agenda's forms carry hidden: a problem with one is said in words, beside the form. */
const HIDDEN_FIELDS = new Set(["id", "experimentId", "hypothesisId", "actionItemId", "version", "form"]);

/**
 * The item decided on may have changed or gone since the agenda was drawn (trashed, concluded by
 * someone else): that is said on the agenda, in the form that was used, instead of replacing the
 * whole review with an error page or highlighting a field nobody can see.
 */
async function inPlace(run: () => Promise<void>) {
  try {
    await run();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.status === 404) throw new AppError(400, error.code, error.message);
    const hidden = Object.entries(error.fields ?? {}).filter(([field]) => HIDDEN_FIELDS.has(field));
    if (hidden.length === 0) throw error;
    const visible = Object.fromEntries(Object.entries(error.fields ?? {}).filter(([field]) => !HIDDEN_FIELDS.has(field)));
    throw new AppError(error.status, error.code, hidden.map(([, message]) => message).join(" "), visible);
  }
}

async function decide(actor: Actor, intent: AgendaIntent, fields: Record<string, string>) {
  switch (intent) {
    case "extend":
      await extendExperiment(actor, { id: fields.experimentId, version: versionFromForm(fields), endsOn: fields.endsOn, reason: fields.reason });
      break;
    case "abandon":
      await abandonExperiment(actor, { id: fields.experimentId, version: versionFromForm(fields), reason: fields.reason });
      break;
    case "assign-owner":
      await assignHypothesisOwner(actor, { id: fields.hypothesisId, ownerId: fields.ownerId ? fields.ownerId : null, version: versionFromForm(fields) });
      break;
    case "add-action":
      await addActionItem(actor, { title: fields.title, ownerId: fields.ownerId, dueOn: fields.dueOn, experimentId: fields.experimentId, hypothesisId: fields.hypothesisId });
      break;
    case "action-done":
    case "action-reopen":
      await setActionItemDone(actor, { id: fields.actionItemId, done: intent === "action-done", version: versionFromForm(fields) });
      break;
  }
}
