import type { AppLoadContext } from "@remix-run/node";
import { requireMembership } from "~/modules/teams/guard.server";
import type { Permission } from "~/modules/teams/permissions";
import { httpError } from "~/utils/http.server";
import { getHypothesis } from "./hypotheses.server";
import { parseHypothesisKey } from "./vocabulary";

/** The membership guard plus the hypothesis named by the URL's key (H-12); 404 when it is not this team's. */
export async function requireHypothesis(request: Request, context: AppLoadContext, params: { team?: string; key?: string }, permission: Permission) {
  const access = await requireMembership(request, context, params.team, permission);
  const number = parseHypothesisKey(params.key);
  const hypothesis = number === null ? null : await getHypothesis(access.team.id, number);
  if (!hypothesis) throw httpError(404);
  return { access, hypothesis };
}
