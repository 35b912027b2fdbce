import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportFileName, exportTeam } from "~/modules/export/export.server";
import { requireMembership } from "~/modules/teams/guard.server";

/** The whole team as one JSON document, for backup or for importing as a new team. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { team } = await requireMembership(request, context, params.team);
  const document = await exportTeam(team.id);
  return new Response(JSON.stringify(document, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFileName(team.slug)}"`,
      "Cache-Control": "no-store",
    },
  });
}
