import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvDownload, hypothesesCsvChunks } from "~/modules/export/csv-export.server";
import { todayDateOnly } from "~/modules/experiments/timebox";
import { requireMembership } from "~/modules/teams/guard.server";

/** Every hypothesis (not in the trash) as a spreadsheet. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { team } = await requireMembership(request, context, params.team);
  return csvDownload(hypothesesCsvChunks(team.id), `${team.slug}-hypotheses-${todayDateOnly()}.csv`);
}
