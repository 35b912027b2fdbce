import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { FormError, TextareaField } from "~/components/form";
import { PageHeader } from "~/components/page";
import { ResultPanel } from "~/components/result-panel";
import { concludeExperiment } from "~/modules/experiments/experiments.server";
import { versionFromForm } from "~/modules/experiments/form-input";
import type { Decision } from "~/generated/prisma/enums";
import { DECISIONS, DECISION_HELP, DECISION_LABELS, describeCriterion } from "~/modules/experiments/vocabulary";
import { formText } from "~/utils/forms";
import { formFailure, formValues, handleFormErrors, readFormData } from "~/utils/http.server";
import { requireExperiment } from "~/modules/experiments/guard.server";

export const meta: MetaFunction = () => [{ title: "Conclude experiment · Evident" }];

/** Concluding from the weekly review (or its present mode) goes back there afterwards. */
const FromSchema = z.enum(["review", "present"]).catch("review").optional();
const BACK_TO = { review: "review", present: "review/present" } as const;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { access, experiment } = await requireExperiment(request, context, params, "work.edit");
  const from = new URL(request.url).searchParams.get("from");
  return { team: access.team, experiment, from: from === null ? null : (FromSchema.parse(from) ?? null) };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { access, experiment } = await requireExperiment(request, context, params, "work.edit");
  const formData = await readFormData(request);
  const text = formText(formData);
  if (!text.ok) return formFailure(text.fieldErrors, formValues(formData));
  const { observed, learned, nextSteps, decision } = text.data;
  return handleFormErrors(async () => {
    await concludeExperiment(access, { id: experiment.id, version: versionFromForm(text.data), observed, learned, nextSteps, decision: decision as Decision });
    if (decision === "RETEST") return redirect(`/t/${access.team.slug}/experiments/new?retest=${experiment.key}`);
    const from = text.data.from ? FromSchema.parse(text.data.from) : undefined;
    if (from) return redirect(`/t/${access.team.slug}/${BACK_TO[from]}`);
    return redirect(`/t/${access.team.slug}/experiments/${experiment.key}`);
  }, formValues(formData));
}

export default function Conclude() {
  const { team, experiment, from } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const v = failure?.values ?? {};
  const e = failure?.fieldErrors ?? {};
  if (experiment.status !== "RUNNING") {
    return (
      <div className="max-w-2xl">
        <PageHeader title={`Conclude ${experiment.key}`} />
        <FormError message={failure?.formError} />
        <p className="card p-5 text-sm">
          Only a running experiment can be concluded; {experiment.key} is {experiment.status.toLowerCase()}.{" "}
          <Link to={`/t/${team.slug}/experiments/${experiment.key}`}>Back to {experiment.key}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="max-w-4xl">
      <p className="mb-2 text-sm">
        {from ? <Link to={`/t/${team.slug}/${BACK_TO[from]}`}>← Back to the review</Link> : <Link to={`/t/${team.slug}/experiments/${experiment.key}`}>← {experiment.key}</Link>}
      </p>
      <PageHeader title={`Conclude ${experiment.key}`} description="Write the learning card. The verdict below is frozen with it, and the hypothesis status follows." />
      <div className="grid gap-6 lg:grid-cols-3">
        <Form method="post" className="card space-y-5 p-5 lg:col-span-2" noValidate>
          <FormError message={failure?.formError} fieldErrors={e} />
          <input type="hidden" name="version" value={experiment.version} />
          {from ? <input type="hidden" name="from" value={from} /> : null}
          <div className="rounded-md bg-zinc-50 p-3 text-sm dark:bg-zinc-800/50">
            <p className="text-xs font-semibold uppercase tracking-wide text-accent-600 dark:text-accent-300">We believed that…</p>
            <p className="mt-1">{experiment.hypothesis.statement}</p>
            <p className="muted mt-1 text-xs">
              Criterion: {experiment.metricName} {describeCriterion(experiment.metricKind, experiment.comparator, experiment.target, experiment.metricUnit)}
            </p>
          </div>
          <TextareaField label="We observed…" name="observed" rows={3} defaultValue={v.observed ?? ""} placeholder="41 of 320 new accounts clicked “Get paid faster” (12.8 %)." error={e.observed} />
          <TextareaField label="We learned…" name="learned" rows={3} defaultValue={v.learned ?? ""} placeholder="Late payment is a real pain for freelancers, strong enough to act on." error={e.learned} />
          <TextareaField label="Therefore, we will…" name="nextSteps" rows={3} defaultValue={v.nextSteps ?? ""} placeholder="Build automatic payment reminders as the next feature." error={e.nextSteps} />
          <fieldset>
            <legend className="text-sm font-medium">Decision</legend>
            <div className="mt-2 grid gap-2 sm:grid-cols-2">
              {DECISIONS.map((decision) => (
                <label key={decision} className="flex cursor-pointer items-start gap-2 rounded-md border border-zinc-200 p-3 text-sm has-[:checked]:border-accent-500 has-[:checked]:bg-accent-50 dark:border-zinc-700 dark:has-[:checked]:bg-zinc-800">
                  <input type="radio" name="decision" value={decision} defaultChecked={v.decision === decision} className="mt-0.5" />
                  <span>
                    <span className="font-medium">{DECISION_LABELS[decision]}</span>
                    <span className="muted block text-xs">{DECISION_HELP[decision]}</span>
                  </span>
                </label>
              ))}
            </div>
            {e.decision ? <p className="mt-1 text-sm text-red-600 dark:text-red-400">{e.decision}</p> : null}
          </fieldset>
          <button type="submit" className="btn-primary" disabled={busy}>
            {busy ? "Concluding…" : "Conclude and save the learning card"}
          </button>
        </Form>
        <ResultPanel result={experiment.result} kind={experiment.metricKind} unit={experiment.metricUnit} title="Verdict to be frozen" />
      </div>
    </div>
  );
}
