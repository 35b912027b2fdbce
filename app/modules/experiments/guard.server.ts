import type { AppLoadContext } from "@remix-run/node";
import { requireMembership } from "~/modules/teams/guard.server";
import type { Permission } from "~/modules/teams/permissions";
import { httpError } from "~/utils/http.server";
import { getExperiment } from "./experiments.server";
import { parseExperimentKey } from "./vocabulary";

/** The membership guard plus the experiment named by the URL's key (E-7); 404 when it is not this team's. */
export async function requireExperiment(request: Request, context: AppLoadContext, params: { team?: string; key?: string }, permission: Permission) {
  const access = await requireMembership(request, context, params.team, permission);
  const number = parseExperimentKey(params.key);
  const experiment = number === null ? null : await getExperiment(access.team.id, number);
  if (!experiment) throw httpError(404);
  return { access, experiment };
}
