import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvDownload, experimentsCsvChunks } from "~/modules/export/csv-export.server";
import { todayDateOnly } from "~/modules/experiments/timebox";
import { requireMembership } from "~/modules/teams/guard.server";

/** Every experiment (not in the trash) with its live or frozen result, as a spreadsheet. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { team } = await requireMembership(request, context, params.team);
  return csvDownload(experimentsCsvChunks(team.id), `${team.slug}-experiments-${todayDateOnly()}.csv`);
}
