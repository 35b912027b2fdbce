import type { MetricKind } from "~/generated/prisma/enums";
import type { Evaluation } from "~/modules/experiments/statistics";
import { ResultPanel } from "./result-panel";
import { formatDate } from "~/utils/dates";

/** The verdict as it was frozen at conclusion; later edits to evidence never change it. */
export function ResultSnapshot({ snapshot, kind, unit }: { snapshot: Evaluation & { asOf: string }; kind: MetricKind; unit: string }) {
  return <ResultPanel result={snapshot} kind={kind} unit={unit} title={`Final verdict (${formatDate(snapshot.asOf)})`} />;
}
