import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ExperimentStatusBadge, StrengthBar } from "~/components/badges";
import { MetricChart } from "~/components/charts";
import { Comments, History } from "~/components/comments";
import { AbandonForm } from "~/components/experiment/abandon-form";
import { ExtendForm } from "~/components/experiment/extend-form";
import { SaveTemplateForm } from "~/components/experiment/save-template-form";
import { StartForm } from "~/components/experiment/start-form";
import { TrashExperimentForm } from "~/components/experiment/trash-experiment-form";
import { TrashObservationForm } from "~/components/experiment/trash-observation-form";
import { FormError } from "~/components/form";
import { ObservationForm } from "~/components/observation-form";
import { PageHeader, Pager, Section } from "~/components/page";
import { ResultPanel } from "~/components/result-panel";
import { entityHistory } from "~/modules/activity/history.server";
import { addComment, CommentSchema, listComments, mentionableMembers } from "~/modules/comments/comments.server";
import { addObservations, listObservations, setObservationDeleted } from "~/modules/evidence/observations.server";
import { observationFromForm } from "~/modules/evidence/form-input";
import { abandonExperiment, criterionHistory, extendExperiment, setExperimentDeleted, startExperiment } from "~/modules/experiments/experiments.server";
import { versionFromForm } from "~/modules/experiments/form-input";
import type { Evaluation } from "~/modules/experiments/statistics";
import { describeTimebox, todayDateOnly } from "~/modules/experiments/timebox";
import { DECISION_LABELS, METHOD_LABELS, describeCriterion, formatMetric } from "~/modules/experiments/vocabulary";
import { can } from "~/modules/teams/permissions";
import { timeboxDays } from "~/modules/templates/design";
import { saveTemplate } from "~/modules/templates/templates.server";
import { idField } from "~/utils/fields";
import { quoted } from "~/utils/quote";
import { renamingFields } from "~/utils/errors";
import { formText, parseForm } from "~/utils/forms";
import { formFailure, formValues, handleFormErrors, httpError, readFormData } from "~/utils/http.server";
import { ResultSnapshot } from "~/components/result-snapshot";
import { requireExperiment } from "~/modules/experiments/guard.server";
import { pageField } from "~/utils/paging";
import { DateText } from "~/components/dates";
import { WatchButton } from "~/components/watch-button";
import { watchState } from "~/modules/notifications/watch.server";
import { watchIntent } from "~/modules/notifications/watch-form.server";
import { db } from "~/utils/db.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.experiment.key ?? "Experiment"} · Evident` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { access, experiment } = await requireExperiment(request, context, params, "team.view");
  const page = pageField.parse(new URL(request.url).searchParams.get("page") ?? 1);
  const [observations, comments, history, criterionChanges, people, watch] = await Promise.all([
    listObservations(access.team.id, experiment, page),
    listComments(access.team.id, { experimentId: experiment.id }),
    entityHistory(access.team.id, "experiment", experiment.id, 30),
    experiment.criterionChangedAfterStart ? criterionHistory(access.team.id, experiment.id) : [],
    mentionableMembers(db, access.team.id),
    watchState(access, { type: "experiment", id: experiment.id }),
  ]);
  return {
    team: access.team,
    experiment,
    observations,
    comments,
    history,
    criterionChanges,
    people,
    watch,
    today: todayDateOnly(),
    canEdit: can(access.role, "work.edit"),
    canSaveTemplate: can(access.role, "template.manage"),
  };
}

const IntentSchema = z.object({ intent: z.enum(["start", "observe", "trash-observation", "extend", "abandon", "comment", "trash", "save-template", "watch"]) });

export async function action({ request, context, params }: ActionFunctionArgs) {
  // Anyone who reads the page may watch it; every other intent changes the work.
  const { access, experiment } = await requireExperiment(request, context, params, "team.view");
  const formData = await readFormData(request);
  const intent = IntentSchema.safeParse(Object.fromEntries(formData));
  const here = `/t/${access.team.slug}/experiments/${experiment.key}`;
  if (intent.success && intent.data.intent === "watch") return watchIntent(access, { type: "experiment", id: experiment.id }, formData, here);
  if (!can(access.role, "work.edit")) throw httpError(403, "Your role in this team doesn't allow that.");
  if (!intent.success) return formFailure({}, undefined, "Unknown action.");
  const values = formValues(formData);
  return handleFormErrors(async () => {
    switch (intent.data.intent) {
      case "start": {
        const text = formText(formData);
        if (!text.ok) return formFailure(text.fieldErrors, values);
        await startExperiment(access, { id: experiment.id, version: versionFromForm(text.data) });
        break;
      }
      case "observe": {
        const text = formText(formData);
        if (!text.ok) return formFailure(text.fieldErrors, values);
        // The command names the row's fields rows.0.observedOn; the form has one row.
        await renamingFields(() => addObservations(access, { experimentId: experiment.id, rows: [observationFromForm(text.data)], via: "form" }), (field) => field.replace(/^rows\.0\./, ""));
        break;
      }
      case "trash-observation": {
        const id = idField.safeParse(formData.get("observationId"));
        if (!id.success) return formFailure({}, values, "Choose an observation.");
        await setObservationDeleted(access, { id: id.data, deleted: true });
        break;
      }
      case "extend": {
        const text = formText(formData);
        if (!text.ok) return formFailure(text.fieldErrors, values);
        await extendExperiment(access, { id: experiment.id, version: versionFromForm(text.data), endsOn: text.data.endsOn as string, reason: text.data.reason as string });
        break;
      }
      case "abandon": {
        const text = formText(formData);
        if (!text.ok) return formFailure(text.fieldErrors, values);
        await abandonExperiment(access, { id: experiment.id, version: versionFromForm(text.data), reason: text.data.reason as string });
        break;
      }
      case "comment": {
        const parsed = parseForm(formData, CommentSchema);
        if (!parsed.ok) return formFailure(parsed.fieldErrors, values);
        await addComment(access, { experimentId: experiment.id }, parsed.data.body);
        break;
      }
      case "trash":
        await setExperimentDeleted(access, { id: experiment.id, deleted: true });
        return redirect(`/t/${access.team.slug}/experiments?trashed=${experiment.key}`);
      case "save-template": {
        const text = formText(formData);
        if (!text.ok) return formFailure(text.fieldErrors, values);
        // An emptied name field takes the experiment's title, as the field started.
        const template = await saveTemplate(access, { experimentId: experiment.id, name: text.data.name || undefined });
        return redirect(`/t/${access.team.slug}/experiments/templates?saved=${template.id}`);
      }
    }
    return redirect(here);
  }, values, { actor: access, formData });
}

function CardRow({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="border-b border-zinc-100 py-3 last:border-0 dark:border-zinc-800">
      <p className="text-xs font-semibold uppercase tracking-wide text-accent-600 dark:text-accent-300">{label}</p>
      <div className="mt-1">{children}</div>
    </div>
  );
}

export default function ExperimentPage() {
  const { team, experiment, observations, comments, history, criterionChanges, people, watch, today, canEdit, canSaveTemplate } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const intent = failure?.values?.intent;
  const busy = useNavigation().state === "submitting";
  const base = `/t/${team.slug}`;
  const running = experiment.status === "RUNNING";
  const card = experiment.learningCard;
  const frozen = card ? (card.verdictSnapshot as unknown as Evaluation & { asOf: string }) : null;

  return (
    <>
      <div className="mb-2 flex items-start justify-between gap-4 text-sm">
        <Link to={`${base}/experiments`} className="shrink-0 leading-6.5">
          ← Experiments
        </Link>
        <WatchButton state={watch} subject="experiment" />
      </div>
      <PageHeader
        title={`${experiment.key} · ${experiment.title}`}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <ExperimentStatusBadge status={experiment.status} overdue={experiment.overdue} />
            <span>{describeTimebox(experiment.status, experiment.startsOn, experiment.endsOn, today)}</span>
            {experiment.criterionChangedAfterStart ? (
              <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900 ring-1 ring-amber-300 dark:bg-amber-950 dark:text-amber-100 dark:ring-amber-800">
                ⚠ Criterion changed after start
              </span>
            ) : null}
          </span>
        }
        actions={
          canEdit ? (
            <>
              {experiment.status === "DRAFT" || running ? (
                <Link to={`${base}/experiments/${experiment.key}/edit`} className="btn-secondary">
                  Edit
                </Link>
              ) : null}
              {running ? (
                <>
                  <Link to={`${base}/experiments/${experiment.key}/import`} className="btn-secondary">
                    Import CSV
                  </Link>
                  <Link to={`${base}/experiments/${experiment.key}/conclude`} className="btn-primary">
                    Conclude
                  </Link>
                </>
              ) : null}
              {experiment.status === "DRAFT" ? <StartForm version={experiment.version} /> : null}
              {experiment.status === "CONCLUDED" && card?.decision === "RETEST" ? (
                <Link to={`${base}/experiments/new?retest=${experiment.key}`} className="btn-primary">
                  Plan the retest
                </Link>
              ) : null}
            </>
          ) : null
        }
      />
      {failure?.formError && ["start", "trash-observation", "trash", "watch"].includes(intent ?? "") ? <FormError message={failure.formError} /> : null}
      {experiment.overdue ? (
        <div role="status" className="mb-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100">
          The timebox ended on <DateText date={experiment.endsOn} />. Conclude it with a learning card, or extend it with a reason.
        </div>
      ) : null}

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <section className="card px-5 py-2" aria-label="Test card">
            <CardRow label="We believe that…">
              <Link to={`${base}/hypotheses/${experiment.hypothesisKey}`} className="text-zinc-900 dark:text-zinc-100">
                <span className="font-mono text-xs text-accent-600 dark:text-accent-300">{experiment.hypothesisKey}</span> {experiment.hypothesis.statement}
              </Link>
            </CardRow>
            <CardRow label="To verify that, we will…">
              <p className="whitespace-pre-wrap">{experiment.plan}</p>
              <p className="muted mt-1 text-xs">Method: {METHOD_LABELS[experiment.method]}</p>
            </CardRow>
            <CardRow label="And measure…">
              <p>
                {experiment.metricName}
                {experiment.metricUnit ? <span className="muted"> ({experiment.metricUnit})</span> : null}
              </p>
            </CardRow>
            <CardRow label="We are right if…">
              <p className="font-medium">
                {experiment.metricName} {describeCriterion(experiment.metricKind, experiment.comparator, experiment.target, experiment.metricUnit)}
                {criterionChanges.length ? (
                  <span className="ml-2 text-xs font-medium text-amber-700 dark:text-amber-400">· changed after start</span>
                ) : experiment.status !== "DRAFT" ? (
                  <span className="muted ml-2 text-xs font-normal">· locked at start</span>
                ) : null}
              </p>
              {criterionChanges.length ? (
                <ul className="mt-1 space-y-0.5 text-xs text-amber-900 dark:text-amber-200">
                  <li>Locked at start: {criterionChanges[0].from}.</li>
                  {criterionChanges.map((change, index) => (
                    <li key={index}>
                      Changed on <DateText date={change.on} /> by {change.by} to {change.to}
                      {change.reason ? `: ${quoted(change.reason)}` : "."}
                    </li>
                  ))}
                </ul>
              ) : null}
            </CardRow>
          </section>

          {experiment.status !== "DRAFT" ? (
            <MetricChart
              kind={experiment.metricKind}
              unit={experiment.metricKind === "RATE" ? "%" : experiment.metricUnit}
              metricName={experiment.metricName}
              target={experiment.target}
              comparator={experiment.comparator === "GTE" ? "gte" : "lte"}
              points={experiment.series}
              startsOn={experiment.startsOn}
              endsOn={experiment.endsOn}
              projection={experiment.result.projection}
              today={running ? today : null}
            />
          ) : null}

          {card ? (
            <section id="learning" className="card scroll-mt-4 p-5" aria-label="Learning card">
              <div className="flex items-center justify-between">
                <h2 className="text-sm font-semibold">Learning card</h2>
                <span className="rounded-full bg-zinc-900 px-2.5 py-0.5 text-xs font-medium text-white dark:bg-white dark:text-zinc-900">
                  Decision: {DECISION_LABELS[card.decision]}
                </span>
              </div>
              <dl className="mt-3 space-y-3 text-sm">
                <div>
                  <dt className="text-xs font-semibold uppercase tracking-wide text-accent-600 dark:text-accent-300">We observed…</dt>
                  <dd className="mt-0.5 whitespace-pre-wrap">{card.observed}</dd>
                </div>
                <div>
                  <dt className="text-xs font-semibold uppercase tracking-wide text-accent-600 dark:text-accent-300">We learned…</dt>
                  <dd className="mt-0.5 whitespace-pre-wrap">{card.learned}</dd>
                </div>
                <div>
                  <dt className="text-xs font-semibold uppercase tracking-wide text-accent-600 dark:text-accent-300">Therefore, we will…</dt>
                  <dd className="mt-0.5 whitespace-pre-wrap">{card.nextSteps}</dd>
                </div>
              </dl>
              <p className="muted mt-3 text-xs">
                Written by {card.createdBy.name}. The verdict was frozen on {frozen ? <DateText date={frozen.asOf} /> : null}.
              </p>
            </section>
          ) : null}

          <Section id="evidence" title={`Evidence (${observations.total})`} description="Every observation logged, newest first.">
            {running && canEdit ? (
              <div id="log-evidence" className="mb-5 scroll-mt-4 rounded-md bg-zinc-50 p-4 dark:bg-zinc-800/40">
                <h3 className="mb-3 text-sm font-semibold">Log evidence</h3>
                <ObservationForm kind={experiment.metricKind} unit={experiment.metricUnit} today={today} failure={intent === "observe" ? failure : undefined} busy={busy} />
              </div>
            ) : experiment.status === "DRAFT" ? (
              <p className="muted mb-3 text-sm">Start the experiment to log evidence. Starting locks the criterion.</p>
            ) : null}
            {observations.observations.length === 0 ? (
              <p className="muted text-sm">No evidence logged yet.</p>
            ) : (
              <div className="-mx-4 relative overflow-x-auto">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Date</th>
                      <th scope="col" className="text-right">
                        {experiment.metricKind === "RATE" ? "Successes / trials" : "Value"}
                      </th>
                      <th scope="col">Note</th>
                      <th scope="col">Strength</th>
                      <th scope="col">Logged by</th>
                      {running && canEdit ? <th scope="col"><span className="sr-only">Remove</span></th> : null}
                    </tr>
                  </thead>
                  <tbody>
                    {observations.observations.map((observation) => (
                      <tr key={observation.id}>
                        <td className="whitespace-nowrap tabular-nums">
                          <DateText date={observation.observedOn} />
                        </td>
                        <td className="whitespace-nowrap text-right tabular-nums">
                          {observation.trials !== null
                            ? `${observation.successes} / ${observation.trials}`
                            : observation.value !== null
                              ? formatMetric(experiment.metricKind, observation.value, experiment.metricUnit)
                              : "—"}
                        </td>
                        <td className="max-w-80 text-xs">
                          {observation.note ? <span className="whitespace-pre-wrap">{observation.note}</span> : null}
                          {observation.source ? <span className="muted block">— {observation.source}</span> : null}
                        </td>
                        <td>
                          <StrengthBar strength={observation.strength} />
                        </td>
                        <td className="muted whitespace-nowrap text-xs">{observation.loggedBy.name}</td>
                        {running && canEdit ? (
                          <td className="text-right">
                            <TrashObservationForm observation={observation} />
                          </td>
                        ) : null}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <Pager
              label="Evidence pages"
              summary={`Page ${observations.page} of ${observations.pageCount}`}
              page={observations.page}
              pageCount={observations.pageCount}
              href={(page) => `?page=${page}`}
              previous="Newer"
              next="Older"
            />
          </Section>

          <Section id="comments" title="Comments">
            <Comments comments={comments} people={people} canComment={canEdit} error={intent === "comment" ? failure?.fieldErrors.body : undefined} />
          </Section>
        </div>

        <div className="min-w-0 space-y-6">
          {experiment.status === "DRAFT" ? (
            <section className="card p-4 text-sm">
              <h2 className="font-semibold">Not started</h2>
              <p className="muted mt-1">When you start, the criterion locks: changing it later needs a reason and is shown on the card for good.</p>
            </section>
          ) : frozen ? (
            <ResultSnapshot snapshot={frozen} kind={experiment.metricKind} unit={experiment.metricUnit} />
          ) : (
            <ResultPanel result={experiment.result} kind={experiment.metricKind} unit={experiment.metricUnit} />
          )}

          {running && canEdit ? (
            <Section title="Timebox">
              <ExtendForm version={experiment.version} endsOn={experiment.endsOn} failure={intent === "extend" ? failure : undefined} />
            </Section>
          ) : null}

          {canSaveTemplate ? (
            <SaveTemplateForm title={experiment.title} days={timeboxDays(experiment.startsOn, experiment.endsOn)} failure={intent === "save-template" ? failure : undefined} />
          ) : null}

          <Section title="History">
            <History events={history} />
          </Section>

          {canEdit && (experiment.status === "DRAFT" || running) ? <AbandonForm experimentKey={experiment.key} version={experiment.version} failure={intent === "abandon" ? failure : undefined} /> : null}
          {canEdit ? <TrashExperimentForm experimentKey={experiment.key} /> : null}
        </div>
      </div>
    </>
  );
}
