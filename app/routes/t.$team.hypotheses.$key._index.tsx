import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { HypothesisStatusBadge, StrengthBar } from "~/components/badges";
import { ExperimentTable } from "~/components/experiment-table";
import { Comments, History } from "~/components/comments";
import { FormError, SelectField, TextareaField } from "~/components/form";
import { EmptyState, PageHeader, Section } from "~/components/page";
import { entityHistory } from "~/modules/activity/history.server";
import { addComment, CommentSchema, listComments, mentionableMembers } from "~/modules/comments/comments.server";
import { listExperiments } from "~/modules/experiments/experiments.server";
import { todayDateOnly } from "~/modules/experiments/timebox";
import { overrideHypothesisStatus, setHypothesisDeleted } from "~/modules/hypotheses/hypotheses.server";
import { OverrideStatusSchema } from "~/modules/hypotheses/schemas";
import { CATEGORY_LABELS, STATUSES, STATUS_LABELS } from "~/modules/hypotheses/vocabulary";
import { STRENGTH_HELP } from "~/modules/evidence/schemas";
import { can } from "~/modules/teams/permissions";
import { parseForm } from "~/utils/forms";
import { formFailure, formValues, handleFormErrors, httpError, readFormData } from "~/utils/http.server";
import { requireHypothesis } from "~/modules/hypotheses/guard.server";
import { watchState } from "~/modules/notifications/watch.server";
import { watchIntent } from "~/modules/notifications/watch-form.server";
import { db } from "~/utils/db.server";
import { WatchButton } from "~/components/watch-button";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.hypothesis.key ?? "Hypothesis"} · Evident` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { access, hypothesis } = await requireHypothesis(request, context, params, "team.view");
  const [{ experiments, total: experimentCount }, comments, history, people, watch] = await Promise.all([
    listExperiments(access.team.id, { hypothesisId: hypothesis.id }),
    listComments(access.team.id, { hypothesisId: hypothesis.id }),
    entityHistory(access.team.id, "hypothesis", hypothesis.id),
    mentionableMembers(db, access.team.id),
    watchState(access, { type: "hypothesis", id: hypothesis.id }),
  ]);
  return { team: access.team, hypothesis, experiments, experimentCount, comments, history, people, watch, today: todayDateOnly(), canEdit: can(access.role, "work.edit") };
}

const IntentSchema = z.object({ intent: z.enum(["comment", "override", "trash", "watch"]) });

export async function action({ request, context, params }: ActionFunctionArgs) {
  // Anyone who reads the page may watch it; every other intent changes the work.
  const { access, hypothesis } = await requireHypothesis(request, context, params, "team.view");
  const formData = await readFormData(request);
  const intent = IntentSchema.safeParse(Object.fromEntries(formData));
  const here = `/t/${access.team.slug}/hypotheses/${hypothesis.key}`;
  if (intent.success && intent.data.intent === "watch") return watchIntent(access, { type: "hypothesis", id: hypothesis.id }, formData, here);
  if (!can(access.role, "work.edit")) throw httpError(403, "Your role in this team doesn't allow that.");
  if (!intent.success) return formFailure({}, undefined, "Unknown action.");
  const values = { ...formValues(formData) };
  return handleFormErrors(async () => {
    switch (intent.data.intent) {
      case "comment": {
        const parsed = parseForm(formData, CommentSchema);
        if (!parsed.ok) return formFailure(parsed.fieldErrors, values);
        await addComment(access, { hypothesisId: hypothesis.id }, parsed.data.body);
        break;
      }
      case "override": {
        const parsed = parseForm(formData, OverrideStatusSchema);
        if (!parsed.ok) return formFailure(parsed.fieldErrors, values);
        await overrideHypothesisStatus(access, { id: hypothesis.id, ...parsed.data });
        break;
      }
      case "trash":
        await setHypothesisDeleted(access, { id: hypothesis.id, deleted: true });
        return redirect(`/t/${access.team.slug}/hypotheses?trashed=${hypothesis.key}`);
    }
    return redirect(here);
  }, values, { actor: access, formData });
}

export default function HypothesisPage() {
  const { team, hypothesis, experiments, experimentCount, comments, history, people, watch, today, canEdit } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const intent = failure?.values?.intent;
  const base = `/t/${team.slug}`;
  const evidenceTotal = hypothesis.evidence.reduce((sum, row) => sum + row.count, 0);
  return (
    <>
      <div className="mb-2 flex items-start justify-between gap-4 text-sm">
        <Link to={`${base}/hypotheses`} className="shrink-0 leading-6.5">
          ← Hypotheses
        </Link>
        <WatchButton state={watch} subject="hypothesis" />
      </div>
      <PageHeader
        title={hypothesis.key}
        description={`${hypothesis.product.name} · ${CATEGORY_LABELS[hypothesis.category]} · importance ${hypothesis.importance} of 5${hypothesis.owner ? ` · owned by ${hypothesis.owner.name}` : ""}`}
        actions={
          canEdit ? (
            <>
              <Link to={`${base}/hypotheses/${hypothesis.key}/edit`} className="btn-secondary">
                Edit
              </Link>
              <Link to={`${base}/experiments/new?hypothesis=${hypothesis.key}`} className="btn-primary">
                Plan an experiment
              </Link>
            </>
          ) : null
        }
      />
      {failure?.formError && intent !== "override" && intent !== "comment" ? <FormError message={failure.formError} /> : null}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <section className="card p-5" aria-label="Belief">
            <p className="text-xs font-semibold uppercase tracking-wide text-accent-600 dark:text-accent-300">We believe that…</p>
            <p className="mt-2 text-lg leading-relaxed">{hypothesis.statement}</p>
            {hypothesis.segment ? <p className="muted mt-2 text-sm">Segment: {hypothesis.segment}</p> : null}
            <div className="mt-4 flex items-center gap-2 text-sm">
              <HypothesisStatusBadge status={hypothesis.status} />
              {hypothesis.statusOverridden ? <span className="muted text-xs">set by hand — see history for the reason</span> : <span className="muted text-xs">follows its experiments</span>}
            </div>
          </section>

          <Section title="Experiments" description="To verify that, we will…">
            {experiments.length === 0 ? (
              <EmptyState action={canEdit ? <Link to={`${base}/experiments/new?hypothesis=${hypothesis.key}`} className="btn-primary">Plan the first experiment</Link> : null}>
                Untested. A two-week experiment with a success criterion fixed in advance turns this belief into evidence.
              </EmptyState>
            ) : (
              <div className="-m-4 relative overflow-x-auto">
                <ExperimentTable experiments={experiments} base={base} today={today} compact />
                {experimentCount > experiments.length ? (
                  <p className="muted border-t border-zinc-200 px-4 py-3 text-sm dark:border-zinc-800">
                    The {experiments.length} newest of {experimentCount.toLocaleString("en")} experiments.
                  </p>
                ) : null}
              </div>
            )}
          </Section>

          <Section id="comments" title="Comments">
            <Comments comments={comments} people={people} canComment={canEdit} error={intent === "comment" ? failure?.fieldErrors.body : undefined} />
          </Section>
        </div>

        <div className="min-w-0 space-y-6">
          <Section title="Evidence" description={`${evidenceTotal} observation${evidenceTotal === 1 ? "" : "s"} across its experiments`}>
            <ul className="space-y-2">
              {[...hypothesis.evidence].reverse().map((row) => (
                <li key={row.strength} className="flex items-center justify-between gap-2 text-sm" title={STRENGTH_HELP[row.strength]}>
                  <StrengthBar strength={row.strength} />
                  <span className="tabular-nums">{row.count}</span>
                </li>
              ))}
            </ul>
          </Section>

          {canEdit ? (
            <Section title="Override status" description="The status follows the experiments. Override it only with a reason; it is logged.">
              <Form method="post" className="space-y-3" noValidate>
                {intent === "override" ? <FormError message={failure?.formError} fieldErrors={failure?.fieldErrors} /> : null}
                <input type="hidden" name="intent" value="override" />
                <input type="hidden" name="version" value={hypothesis.version} />
                <SelectField label="Status" name="status" defaultValue={hypothesis.status} options={STATUSES.map((status) => ({ value: status, label: STATUS_LABELS[status] }))} error={intent === "override" ? failure?.fieldErrors.status : undefined} />
                <TextareaField label="Reason" name="reason" rows={2} defaultValue={intent === "override" ? failure?.values?.reason : ""} error={intent === "override" ? failure?.fieldErrors.reason : undefined} />
                <button type="submit" className="btn-secondary">
                  Override status
                </button>
              </Form>
            </Section>
          ) : null}

          <Section title="History">
            <History events={history} />
          </Section>

          {canEdit ? (
            <Form method="post">
              <input type="hidden" name="intent" value="trash" />
              <details>
                <summary className="btn-danger cursor-pointer list-none">Move to trash…</summary>
                <div className="mt-2 text-sm">
                  <p className="muted">It can be restored from Settings → Trash for 30 days.</p>
                  <button type="submit" className="btn-danger mt-2">
                    Move {hypothesis.key} to trash
                  </button>
                </div>
              </details>
            </Form>
          ) : null}
        </div>
      </div>
    </>
  );
}
