import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { invalidateAllSessions, invalidateSession, clearedSessionCookie } from "~/modules/auth/session.server";
import { readFormData } from "~/utils/http.server";

const SignOutSchema = z.object({ scope: z.enum(["this", "all"]).default("this") });

export async function loader() {
  // Signing out changes state, so it only happens through the POST form.
  throw redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = SignOutSchema.safeParse(Object.fromEntries(await readFormData(request)));
  const scope = parsed.success ? parsed.data.scope : "this";
  if (context.auth) {
    if (scope === "all") await invalidateAllSessions(context.auth.user.id);
    else await invalidateSession(context.auth.session.id);
  }
  return redirect("/signin", { headers: { "Set-Cookie": clearedSessionCookie(request.url) } });
}
