import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvDownload, observationsCsvChunks } from "~/modules/export/csv-export.server";
import { todayDateOnly } from "~/modules/experiments/timebox";
import { experimentKey, parseExperimentKey } from "~/modules/experiments/vocabulary";
import { requireMembership } from "~/modules/teams/guard.server";
import { db } from "~/utils/db.server";
import { httpError } from "~/utils/http.server";

/**
 * All evidence as a spreadsheet. `?experiment=E-3` gives one experiment's rows without the
 * experiment column, in the format its evidence import accepts.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { team } = await requireMembership(request, context, params.team);
  const wanted = new URL(request.url).searchParams.get("experiment");
  if (wanted === null) return csvDownload(observationsCsvChunks(team.id), `${team.slug}-observations-${todayDateOnly()}.csv`);
  const number = parseExperimentKey(wanted);
  const exists = number !== null && (await db.experiment.count({ where: { teamId: team.id, number, deletedAt: null } })) > 0;
  if (!exists) throw httpError(404);
  return csvDownload(observationsCsvChunks(team.id, { experimentNumber: number }), `${team.slug}-${experimentKey(number)}-observations-${todayDateOnly()}.csv`);
}
