import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ConflictNotice } from "~/components/conflict";
import { ExperimentForm } from "~/components/experiment-form";
import { PageHeader } from "~/components/page";
import { updateExperiment } from "~/modules/experiments/experiments.server";
import { experimentPlanFromForm, targetForForm, versionFromForm } from "~/modules/experiments/form-input";
import { formText } from "~/utils/forms";
import { formFailure, formValues, handleFormErrors, readFormData } from "~/utils/http.server";
import { requireExperiment } from "~/modules/experiments/guard.server";

export const meta: MetaFunction = () => [{ title: "Edit experiment · Evident" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { access, experiment } = await requireExperiment(request, context, params, "work.edit");
  if (experiment.status !== "DRAFT" && experiment.status !== "RUNNING") throw redirect(`/t/${access.team.slug}/experiments/${experiment.key}`);
  return { team: access.team, experiment };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { access, experiment } = await requireExperiment(request, context, params, "work.edit");
  const formData = await readFormData(request);
  const text = formText(formData);
  if (!text.ok) return formFailure(text.fieldErrors, formValues(formData));
  return handleFormErrors(async () => {
    await updateExperiment(access, { ...experimentPlanFromForm(text.data), id: experiment.id, version: versionFromForm(text.data), reason: text.data.reason });
    return redirect(`/t/${access.team.slug}/experiments/${experiment.key}`);
  }, formValues(formData));
}

const LABELS = { title: "Title", plan: "Plan", metricName: "Metric", metricKind: "Kind", comparator: "Comparator", target: "Target", metricUnit: "Unit", startsOn: "Starts on", endsOn: "Ends on" };

export default function EditExperiment() {
  const { team, experiment } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const conflict = failure?.details as { theirVersion: number } | undefined;
  const current = {
    hypothesisId: experiment.hypothesisId,
    title: experiment.title,
    method: experiment.method,
    plan: experiment.plan,
    metricName: experiment.metricName,
    metricUnit: experiment.metricUnit,
    metricKind: experiment.metricKind,
    comparator: experiment.comparator,
    target: targetForForm(experiment.metricKind, experiment.target),
    startsOn: experiment.startsOn,
    endsOn: experiment.endsOn,
  };
  return (
    <div className="max-w-3xl">
      <p className="mb-2 text-sm">
        <Link to={`/t/${team.slug}/experiments/${experiment.key}`}>← {experiment.key}</Link>
      </p>
      <PageHeader title={`Edit ${experiment.key}`} />
      {conflict ? <ConflictNotice message={failure!.formError!} theirs={current} yours={failure?.values ?? {}} labels={LABELS} /> : null}
      <div className="card p-5">
        <ExperimentForm
          hypotheses={null}
          values={current}
          failure={conflict ? { ...failure!, formError: undefined } : failure}
          version={conflict ? conflict.theirVersion : experiment.version}
          submitLabel="Save changes"
          busy={busy}
          locked={experiment.status === "RUNNING"}
        />
      </div>
    </div>
  );
}
