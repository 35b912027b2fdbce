import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMembership } from "~/modules/teams/guard.server";
import { httpError } from "~/utils/http.server";

// An address inside a team that names no page: a 404 shown in the team's shell (the layout's
// error boundary). The guard runs first, so a non-member learns nothing about the team.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireMembership(request, context, params.team);
  throw httpError(404);
}

// A page, not a resource route: the thrown 404 is drawn by the team layout's error boundary.
export default function UnknownTeamPage() {
  return null;
}
