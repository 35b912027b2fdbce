import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ExperimentForm, type ExperimentFormValues } from "~/components/experiment-form";
import { EmptyState, Notice, PageHeader } from "~/components/page";
import { TemplatePicker } from "~/components/template-picker";
import { createExperiment, getExperiment } from "~/modules/experiments/experiments.server";
import { experimentPlanFromForm, targetForForm } from "~/modules/experiments/form-input";
import { todayDateOnly } from "~/modules/experiments/timebox";
import { METHOD_LABELS, experimentKey, parseExperimentKey } from "~/modules/experiments/vocabulary";
import { hypothesisOptions } from "~/modules/hypotheses/hypotheses.server";
import { hypothesisKey, parseHypothesisKey } from "~/modules/hypotheses/vocabulary";
import { requireMembership } from "~/modules/teams/guard.server";
import { describeDesign, formValuesFromDesign, type TemplateSummary } from "~/modules/templates/design";
import { listTemplates, templateById } from "~/modules/templates/templates.server";
import { idField } from "~/utils/fields";
import { formText } from "~/utils/forms";
import { formFailure, formValues, handleFormErrors, httpError, readFormData } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "New experiment · Evident" }];

const QuerySchema = z.object({ hypothesis: z.string().max(20).optional(), retest: z.string().max(20).optional() });

function truncate(text: string, length: number) {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/** What the picker shows of a template: enough to choose, not its whole plan. */
function choice(template: TemplateSummary) {
  return { id: template.id, name: template.name, question: template.question, method: METHOD_LABELS[template.method], criterion: describeDesign(template) };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requireMembership(request, context, params.team, "work.edit");
  const { team } = access;
  const searchParams = new URL(request.url).searchParams;
  const query = QuerySchema.catch({}).parse(Object.fromEntries(searchParams));
  // A template that is not this team's (or not a template at all) is a 404, and never pre-fills.
  const templateId = searchParams.get("template");
  const [hypotheses, templates, template] = await Promise.all([hypothesisOptions(team.id), listTemplates(access), templateId === null ? null : templateById(access, templateId)]);
  if (templateId !== null && !template) throw httpError(404, "That template does not exist in this team.");
  const options = hypotheses.map((h) => ({ id: h.id, number: h.number, label: `${hypothesisKey(h.number)} — ${truncate(h.statement, 90)}` }));
  const values: ExperimentFormValues = { startsOn: todayDateOnly(), metricKind: "RATE", comparator: "GTE" };
  const hypothesisNumber = parseHypothesisKey(query.hypothesis);
  if (hypothesisNumber !== null) values.hypothesisId = options.find((o) => o.number === hypothesisNumber)?.id;
  let retestOf: { id: string; key: string } | null = null;
  const retestNumber = parseExperimentKey(query.retest);
  if (retestNumber !== null) {
    const source = await getExperiment(team.id, retestNumber);
    if (source) {
      retestOf = { id: source.id, key: source.key };
      Object.assign(values, {
        hypothesisId: source.hypothesisId,
        title: `${source.title} (retest)`,
        method: source.method,
        plan: source.plan,
        metricName: source.metricName,
        metricUnit: source.metricUnit,
        metricKind: source.metricKind,
        comparator: source.comparator,
        target: targetForForm(source.metricKind, source.target),
      });
    }
  }
  if (template) Object.assign(values, formValuesFromDesign(template, values.startsOn!));
  // The picker's links keep what else the page was asked for.
  const kept = Object.fromEntries(Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])));
  return {
    team,
    hypotheses: options,
    values,
    retestOf,
    template: template ? { id: template.id, name: template.name } : null,
    templates: { builtIn: templates.builtIn.map(choice), team: templates.team.map(choice) },
    query: kept,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const access = await requireMembership(request, context, params.team, "work.edit");
  const formData = await readFormData(request);
  const text = formText(formData);
  if (!text.ok) return formFailure(text.fieldErrors, formValues(formData));
  // A retest link that names no experiment of ours plans a fresh experiment.
  const retestOfId = idField.safeParse(text.data.retestOfId).data;
  return handleFormErrors(async () => {
    const experiment = await createExperiment(access, { ...experimentPlanFromForm(text.data), hypothesisId: text.data.hypothesisId ?? "", retestOfId });
    return redirect(`/t/${access.team.slug}/experiments/${experimentKey(experiment.number)}`);
  }, formValues(formData), { actor: access, formData });
}

export default function NewExperiment() {
  const { team, hypotheses, values, retestOf, template, templates, query } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="max-w-3xl">
      <PageHeader title="New experiment" description="A test card: what you will do, what you will measure, and what result would prove you right — fixed before you start." />
      {retestOf ? <Notice>Pre-filled from {retestOf.key}. Adjust what you learned, then save.</Notice> : null}
      {template ? <Notice>{`Pre-filled from the template “${template.name}”. Name the experiment, choose the hypothesis it tests, and make the plan your own.`}</Notice> : null}
      {hypotheses.length === 0 ? (
        <EmptyState action={<Link to={`/t/${team.slug}/hypotheses/new`} className="btn-primary">Write a hypothesis</Link>}>
          Experiments test a hypothesis. Write down what you believe first.
        </EmptyState>
      ) : (
        <>
          <TemplatePicker
            builtIn={templates.builtIn}
            team={templates.team}
            selected={template?.id ?? null}
            query={query}
            hypotheses={hypotheses}
            manageHref={`/t/${team.slug}/experiments/templates`}
          />
          <div className="card p-5">
            <ExperimentForm
              key={template?.id ?? "blank"}
              hypotheses={hypotheses}
              values={values}
              failure={failure}
              submitLabel="Save as draft"
              busy={busy}
              hidden={retestOf ? { retestOfId: retestOf.id } : undefined}
            />
          </div>
        </>
      )}
    </div>
  );
}

