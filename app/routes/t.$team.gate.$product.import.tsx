import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormError, SelectField } from "~/components/form";
import { PageHeader, Section } from "~/components/page";
import { todayDateOnly } from "~/modules/experiments/timebox";
import { listSignals, recordedOn, recordSignalPoints } from "~/modules/signals/signals.server";
import { parseSignalCsv, SIGNAL_CSV_MAX_BYTES, SIGNAL_CSV_TEMPLATE, type SignalCsvError, type SignalCsvRow } from "~/modules/signals/csv";
import { requireMembership } from "~/modules/teams/guard.server";
import { db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { handleFormErrors, httpError } from "~/utils/http.server";
import { readUpload } from "~/utils/upload.server";
import { idParam } from "~/utils/fields";

export const meta: MetaFunction = () => [{ title: "Import signal values · Evident" }];

async function load(request: Request, context: Parameters<typeof requireMembership>[1], params: { team?: string; product?: string }) {
  const access = await requireMembership(request, context, params.team, "work.edit");
  const productId = idParam(params.product);
  const product = productId ? await db.product.findFirst({ where: { id: productId, teamId: access.team.id, deletedAt: null }, select: { id: true, name: true } }) : null;
  if (!product) throw httpError(404);
  const signals = await listSignals(access.team.id, { productId: product.id });
  return { access, product, signals };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { access, product, signals } = await load(request, context, params);
  return { team: access.team, product, signals: signals.map((s) => ({ id: s.id, name: s.name, unit: s.unit })), selected: new URL(request.url).searchParams.get("signal") ?? "" };
}

type PreviewRow = SignalCsvRow & { recorded: number | null };
type Result = { stage: "errors"; errors: SignalCsvError[] } | { stage: "preview"; rows: PreviewRow[]; replacing: number; csv: string; signalId: string; failure?: string };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { access, product, signals } = await load(request, context, params);
  const upload = await readUpload(request, { maxBytes: SIGNAL_CSV_MAX_BYTES + 1024, tooLarge: `The file is larger than ${SIGNAL_CSV_MAX_BYTES / 1024 / 1024} MB.` });
  if (!upload.ok) return data<Result>({ stage: "errors", errors: [{ line: null, column: null, reason: upload.message }] }, { status: upload.status, headers: upload.headers });
  const { formData } = upload;
  const signalId = String(formData.get("signalId") ?? "");
  if (!signals.some((signal) => signal.id === signalId)) return data<Result>({ stage: "errors", errors: [{ line: null, column: "signal", reason: "Choose the signal to import into." }] }, { status: 400 });
  const text = await upload.text();
  if (!text) return data<Result>({ stage: "errors", errors: [{ line: null, column: null, reason: "Choose a CSV file to import." }] }, { status: 400 });
  const parsed = parseSignalCsv(text, { today: todayDateOnly() });
  if (!parsed.ok) return data<Result>({ stage: "errors", errors: parsed.errors }, { status: 400 });
  const preview = async (failure?: string) => {
    const recorded = await recordedOn(access.team.id, signalId, parsed.rows.map((row) => row.date));
    const rows = parsed.rows.map((row) => ({ ...row, recorded: recorded.get(row.date) ?? null }));
    const replacing = rows.filter((row) => row.recorded !== null && row.recorded !== row.value).length;
    return data<Result>({ stage: "preview", rows, replacing, csv: text, signalId, failure }, { status: failure ? 409 : 200 });
  };
  if (formData.get("intent") !== "confirm") return preview();
  try {
    await recordSignalPoints(access, { signalId, points: parsed.rows, replace: formData.get("replace") === "yes" });
  } catch (error) {
    // Values recorded since the preview (or the box left unticked): show the preview again, current.
    if (error instanceof AppError && error.code === "value_exists") return preview(error.message);
    return handleFormErrors(() => Promise.reject(error));
  }
  return redirect(`/t/${access.team.slug}/gate/${product.id}`);
}

export default function ImportSignal() {
  const { team, product, signals, selected } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | { ok: false; formError?: string } | undefined;
  const busy = useNavigation().state === "submitting";
  const back = `/t/${team.slug}/gate/${product.id}`;
  return (
    <div className="max-w-3xl">
      <p className="mb-2 text-sm">
        <Link to={back}>← {product.name} gate</Link>
      </p>
      <PageHeader title="Import signal values" description="One value per day. A day that already has a different value is replaced only if you say so, and each replacement is logged. The whole file imports, or nothing does." />
      {result && "ok" in result ? <FormError message={result.formError} /> : null}
      {result && "stage" in result && result.stage === "errors" ? (
        <div role="alert" className="mb-4 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100">
          <p className="font-medium">Nothing was imported. Fix these problems and upload again:</p>
          <ul className="mt-2 list-disc pl-5">
            {result.errors.map((error, index) => (
              <li key={index}>
                {error.line ? `Line ${error.line}` : "File"}
                {error.column ? `, ${error.column}` : ""}: {error.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {result && "stage" in result && result.stage === "preview" ? (
        <Section title={`Preview: ${result.rows.length} value${result.rows.length === 1 ? "" : "s"}`} description="Nothing is saved until you confirm.">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Date</th>
                <th scope="col" className="text-right">Value</th>
                <th scope="col" className="text-right">Recorded now</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.slice(0, 100).map((row) => (
                <tr key={row.date}>
                  <td className="muted">{row.line}</td>
                  <td>{row.date}</td>
                  <td className="text-right tabular-nums">{row.value.toLocaleString("en-US")}</td>
                  <td className="text-right tabular-nums">
                    {row.recorded === null ? (
                      <span className="muted">—</span>
                    ) : row.recorded === row.value ? (
                      <span className="muted">same</span>
                    ) : (
                      <span className="font-medium text-amber-700 dark:text-amber-300">{row.recorded.toLocaleString("en-US")} → replaced</span>
                    )}
                  </td>
                  <td className="text-xs">{row.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {result.failure ? <FormError message={result.failure} /> : null}
          <Form method="post" encType="multipart/form-data" className="mt-4 flex flex-wrap items-center gap-2">
            <input type="hidden" name="intent" value="confirm" />
            {result.replacing > 0 ? (
              <label className="flex basis-full items-center gap-2 text-sm font-medium">
                <input type="checkbox" name="replace" value="yes" className="size-4" />
                Replace the {result.replacing} value{result.replacing === 1 ? "" : "s"} already recorded for {result.replacing === 1 ? "that day" : "those days"}
              </label>
            ) : null}
            <input type="hidden" name="signalId" value={result.signalId} />
            <textarea name="csv" defaultValue={result.csv} hidden readOnly />
            <button type="submit" className="btn-primary" disabled={busy}>
              Import {result.rows.length} value{result.rows.length === 1 ? "" : "s"}
            </button>
            <Link to="." className="btn-secondary">
              Choose another file
            </Link>
          </Form>
        </Section>
      ) : (
        <Section title="Upload a CSV file">
          <Form method="post" encType="multipart/form-data" className="space-y-4">
            <SelectField label="Signal" name="signalId" defaultValue={selected} placeholder="Choose a signal" options={signals.map((s) => ({ value: s.id, label: s.unit ? `${s.name} (${s.unit})` : s.name }))} />
            <div className="space-y-1.5">
              <label htmlFor="file" className="block text-sm font-medium">
                CSV file
              </label>
              <input id="file" name="file" type="file" accept=".csv,text/csv" required className="block text-sm" />
              <p className="muted text-xs">
                Columns: date (YYYY-MM-DD), value, note (optional). <a href={`data:text/csv;charset=utf-8,${encodeURIComponent(SIGNAL_CSV_TEMPLATE)}`} download="signal-template.csv">Download a template</a>.
              </p>
            </div>
            <button type="submit" className="btn-primary" disabled={busy}>
              Check the file
            </button>
          </Form>
        </Section>
      )}
    </div>
  );
}
