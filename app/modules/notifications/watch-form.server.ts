/**
 * The "watch" form intent of the hypothesis and experiment pages: one adapter onto setWatching,
 * so both pages answer it alike (any role may watch; it changes only the person's own inbox).
 */
import { redirect } from "@remix-run/node";
import { z } from "zod";
import type { Actor } from "~/modules/teams/actor";
import { parseForm } from "~/utils/forms";
import { formFailure, formValues, handleFormErrors } from "~/utils/http.server";
import { setWatching, type Watchable } from "./watch.server";

const WatchSchema = z.object({ watching: z.enum(["true", "false"]) });

export function watchIntent(actor: Actor, subject: Watchable, formData: FormData, back: string) {
  const parsed = parseForm(formData, WatchSchema);
  if (!parsed.ok) return formFailure(parsed.fieldErrors, formValues(formData), "Choose whether to watch.");
  return handleFormErrors(async () => {
    await setWatching(actor, subject, parsed.data.watching === "true");
    return redirect(back);
  });
}
