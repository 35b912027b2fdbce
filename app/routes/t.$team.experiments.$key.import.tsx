import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { StrengthBar, VerdictBadge } from "~/components/badges";
import { DateText } from "~/components/dates";
import { FormError } from "~/components/form";
import { PageHeader, Section } from "~/components/page";
import { ResultPanel } from "~/components/result-panel";
import { CSV_COLUMNS, csvTemplate, DEFAULT_MAX_BYTES, parseObservationCsv, type CsvError, type CsvObservation } from "~/modules/evidence/csv";
import { addObservations, recordedKeys, unrecordedRows } from "~/modules/evidence/observations.server";
import { evaluateWithRows } from "~/modules/experiments/evaluation";
import type { Evaluation, MetricKind } from "~/modules/experiments/statistics";
import { todayDateOnly } from "~/modules/experiments/timebox";
import { formatMetric } from "~/modules/experiments/vocabulary";
import { db } from "~/utils/db.server";
import { handleFormErrors } from "~/utils/http.server";
import { readUpload } from "~/utils/upload.server";
import { data } from "@remix-run/node";
import { requireExperiment } from "~/modules/experiments/guard.server";

export const meta: MetaFunction = () => [{ title: "Import evidence · Evident" }];

const MAX_MB = DEFAULT_MAX_BYTES / 1024 / 1024;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { access, experiment } = await requireExperiment(request, context, params, "work.edit");
  return {
    team: access.team,
    experiment: {
      key: experiment.key,
      title: experiment.title,
      kind: experiment.metricKind,
      unit: experiment.metricUnit,
      status: experiment.status,
      startsOn: experiment.startsOn,
      endsOn: experiment.endsOn,
    },
  };
}

type ImportResult =
  | { stage: "errors"; errors: CsvError[]; fileName: string }
  /** `skipped`: lines already imported before, which the import leaves out. `now`/`after`: the verdict before and after. */
  | { stage: "preview"; rows: CsvObservation[]; skipped: number[]; csv: string; fileName: string; now: Evaluation; after: Evaluation };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { access, experiment } = await requireExperiment(request, context, params, "work.edit");
  const upload = await readUpload(request, { maxBytes: DEFAULT_MAX_BYTES + 1024, tooLarge: `The file is larger than ${MAX_MB} MB. Split it into smaller files.` });
  if (!upload.ok) return data<ImportResult>({ stage: "errors", fileName: "", errors: [{ line: null, column: null, reason: upload.message }] }, { status: upload.status, headers: upload.headers });
  const { formData } = upload;
  const file = formData.get("file");
  const fileName = file instanceof File && file.size > 0 ? file.name : "the file";
  const text = await upload.text();
  if (!text) return data<ImportResult>({ stage: "errors", fileName, errors: [{ line: null, column: null, reason: "Choose a CSV file to import." }] }, { status: 400 });
  const today = todayDateOnly();
  const parsed = parseObservationCsv(text, {
    kind: experiment.metricKind,
    experimentId: experiment.id,
    startsOn: experiment.startsOn,
    endsOn: experiment.endsOn,
    today,
  });
  if (!parsed.ok) return data<ImportResult>({ stage: "errors", fileName, errors: parsed.errors }, { status: 400 });
  if (formData.get("intent") !== "confirm") {
    // What the import would add, and the verdict with it: the experiment page's own rules.
    const fresh = unrecordedRows(parsed.rows, await recordedKeys(db, access.team.id, experiment.id, parsed.rows));
    const added = new Set(fresh);
    const skipped = parsed.rows.filter((row) => !added.has(row)).map((row) => row.line);
    const after = evaluateWithRows(experiment, fresh, today);
    return data<ImportResult>({ stage: "preview", rows: parsed.rows, skipped, csv: text, fileName, now: experiment.result, after });
  }
  return handleFormErrors(async () => {
    const result = await addObservations(access, { experimentId: experiment.id, rows: parsed.rows, via: "csv" });
    return redirect(`/t/${access.team.slug}/experiments/${experiment.key}?imported=${result.added}&skipped=${result.skipped}`);
  });
}

const plural = (count: number, word: string) => `${count.toLocaleString("en-US")} ${word}${count === 1 ? "" : "s"}`;

/** The file's rows as they would be saved, and the verdict the experiment would have with them. */
function Preview({ result, kind, unit, busy }: { result: Extract<ImportResult, { stage: "preview" }>; kind: MetricKind; unit: string; busy: boolean }) {
  const skipped = new Set(result.skipped);
  const adding = result.rows.length - skipped.size;
  const changes = result.now.verdict !== result.after.verdict;
  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
      <div className="min-w-0 lg:col-span-2">
        <Section
          title={`Preview: ${plural(result.rows.length, "row")} from ${result.fileName}`}
          description={
            skipped.size > 0
              ? `Nothing is saved until you confirm. ${plural(skipped.size, "row")} already imported before ${skipped.size === 1 ? "is" : "are"} skipped.`
              : "Nothing is saved until you confirm. Rows already imported before are skipped."
          }
        >
          <div className="-mx-4 max-h-96 overflow-auto">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Date</th>
                  <th scope="col" className="text-right">
                    {kind === "RATE" ? "Successes / trials" : "Value"}
                  </th>
                  <th scope="col">Note</th>
                  <th scope="col">Strength</th>
                </tr>
              </thead>
              <tbody>
                {result.rows.slice(0, 200).map((row) => (
                  <tr key={row.idempotencyKey} className={skipped.has(row.line) ? "text-zinc-400 dark:text-zinc-500" : undefined}>
                    <td className="muted tabular-nums">{row.line}</td>
                    <td className="whitespace-nowrap tabular-nums">
                      <DateText date={row.observedOn} />
                    </td>
                    <td className="whitespace-nowrap text-right tabular-nums">
                      {row.trials !== null ? `${row.successes} / ${row.trials}` : row.value !== null ? formatMetric(kind, row.value, unit) : "—"}
                    </td>
                    <td className="min-w-40 text-xs">
                      {row.note ?? ""}
                      {skipped.has(row.line) ? <span className="block font-medium">Already imported — skipped</span> : null}
                    </td>
                    <td>
                      <StrengthBar strength={row.strength} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {result.rows.length > 200 ? <p className="muted mt-2 text-sm">…and {plural(result.rows.length - 200, "more row")}.</p> : null}
          <Form method="post" encType="multipart/form-data" className="mt-4 flex flex-wrap items-center gap-3">
            <input type="hidden" name="intent" value="confirm" />
            <textarea name="csv" defaultValue={result.csv} hidden readOnly />
            <button type="submit" className="btn-primary" disabled={busy || adding === 0}>
              {adding === 0 ? "Nothing new to import" : `Import ${plural(adding, skipped.size > 0 ? "new row" : "row")}`}
            </button>
            <Link to="." className="btn-secondary">
              Choose another file
            </Link>
          </Form>
        </Section>
      </div>
      <div className="min-w-0 space-y-4">
        <ResultPanel result={result.after} kind={kind} unit={unit} title="Verdict after the import" />
        <section className="card p-4 text-sm" aria-label="Verdict now">
          <p className="flex flex-wrap items-center gap-2">
            <span className="muted">Now</span> <VerdictBadge verdict={result.now.verdict} /> <span aria-hidden>→</span> <span className="muted">after the import</span>{" "}
            <VerdictBadge verdict={result.after.verdict} />
          </p>
          <p className="mt-2">{changes ? "This import changes the verdict." : "The verdict stays the same."}</p>
          <p className="muted mt-1">{result.now.explanation}</p>
        </section>
      </div>
    </div>
  );
}

export default function ImportPage() {
  const { team, experiment } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as (ImportResult | { ok: false; formError?: string }) | undefined;
  const busy = useNavigation().state === "submitting";
  const template = `data:text/csv;charset=utf-8,${encodeURIComponent(csvTemplate(experiment.kind))}`;
  const back = `/t/${team.slug}/experiments/${experiment.key}`;
  return (
    <div className={result && "stage" in result && result.stage === "preview" ? undefined : "max-w-4xl"}>
      <p className="mb-2 text-sm">
        <Link to={back}>← {experiment.key}</Link>
      </p>
      <PageHeader
        title={`Import evidence into ${experiment.key}`}
        description={
          <>
            {experiment.title} · timebox <DateText date={experiment.startsOn} /> to <DateText date={experiment.endsOn} />
          </>
        }
      />
      {result && "ok" in result ? <FormError message={result.formError} /> : null}
      {result && "stage" in result && result.stage === "preview" ? (
        <Preview result={result} kind={experiment.kind} unit={experiment.unit} busy={busy} />
      ) : (
        <>
          {result && "stage" in result && result.stage === "errors" ? (
            <div role="alert" className="mb-4 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100">
              <p className="font-medium">Nothing was imported. Fix these problems in the file and upload it again:</p>
              <table className="mt-2 w-full text-left text-xs">
                <thead>
                  <tr>
                    <th className="py-1 pr-3">Line</th>
                    <th className="py-1 pr-3">Column</th>
                    <th className="py-1">Problem</th>
                  </tr>
                </thead>
                <tbody>
                  {result.errors.map((error, index) => (
                    <tr key={index} className="align-top">
                      <td className="py-1 pr-3 tabular-nums">{error.line ?? "—"}</td>
                      <td className="py-1 pr-3">{error.column ?? "—"}</td>
                      <td className="py-1">{error.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <Section title="Upload a CSV file" description={`One row per observation, up to ${MAX_MB} MB and 5,000 rows. The whole file imports, or nothing does.`}>
            {experiment.status !== "RUNNING" ? (
              <p className="text-sm">Evidence can be imported only while the experiment is running.</p>
            ) : (
              <Form method="post" encType="multipart/form-data" className="space-y-4">
                <div className="space-y-1.5">
                  <label htmlFor="file" className="block text-sm font-medium">
                    CSV file
                  </label>
                  <input id="file" name="file" type="file" accept=".csv,text/csv" required className="block text-sm" />
                  <p className="muted text-xs">
                    Columns: {CSV_COLUMNS.join(", ")}. Dates as YYYY-MM-DD within the timebox. <a href={template} download={`${experiment.key}-template.csv`}>Download a template</a>.
                  </p>
                </div>
                <button type="submit" className="btn-primary" disabled={busy}>
                  {busy ? "Checking…" : "Check the file"}
                </button>
              </Form>
            )}
          </Section>
        </>
      )}
    </div>
  );
}
