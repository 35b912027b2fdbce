import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { AgendaExperiment, AgendaHypothesis } from "~/modules/review/agenda";
import type { ActionFailure } from "~/utils/http.server";
import { AbandonForm } from "../experiment/abandon-form";
import { ExtendForm } from "../experiment/extend-form";
import { Field, FormError, SelectField } from "../form";

export type Member = { id: string; name: string };

/** What every decision form on the agenda needs: who can own things, the last failure, and where conclude comes back to. */
export type DecideContext = { members: Member[]; failure?: ActionFailure; base: string; from: "review" | "present" };

/** The failure of the form in this place on the page, if the last submit was that form's. */
export function failureAt(failure: ActionFailure | undefined, scope: string, intent?: string): ActionFailure | undefined {
  if (!failure?.values || failure.values.scope !== scope) return undefined;
  return intent === undefined || failure.values.intent === intent ? failure : undefined;
}

/** A folded decision: a button-like summary that opens its form in place. */
function Fold({ label, open, children, tone = "secondary", name }: { label: string; open: boolean; children: ReactNode; tone?: "secondary" | "danger"; name: string }) {
  return (
    <details open={open} className="group open:order-last open:basis-full" data-decision={name}>
      <summary className={`${tone === "danger" ? "btn-danger" : "btn-secondary"} cursor-pointer list-none text-xs`}>{label}</summary>
      <div className="mt-2 w-full max-w-md rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-700">{children}</div>
    </details>
  );
}

/** A new action item, optionally about one experiment or hypothesis. */
export function ActionItemForm({ scope, context, link }: { scope: string; context: DecideContext; link?: { experimentId?: string; hypothesisId?: string } }) {
  const failure = failureAt(context.failure, scope, "add-action");
  const v = failure?.values ?? {};
  return (
    <Form method="post" className="space-y-3" noValidate preventScrollReset>
      <input type="hidden" name="intent" value="add-action" />
      <input type="hidden" name="scope" value={scope} />
      {link?.experimentId ? <input type="hidden" name="experimentId" value={link.experimentId} /> : null}
      {link?.hypothesisId ? <input type="hidden" name="hypothesisId" value={link.hypothesisId} /> : null}
      {failure ? <FormError message={failure.formError} fieldErrors={failure.fieldErrors} /> : null}
      <Field label="Action item" name="title" id={`${scope}-title`} defaultValue={v.title ?? ""} placeholder="Call three customers who churned" error={failure?.fieldErrors.title} />
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField label="Owner" name="ownerId" id={`${scope}-owner`} defaultValue={v.ownerId ?? ""} placeholder="Nobody yet" options={context.members.map((m) => ({ value: m.id, label: m.name }))} error={failure?.fieldErrors.ownerId} />
        <Field label="Due" name="dueOn" id={`${scope}-due`} type="date" defaultValue={v.dueOn ?? ""} error={failure?.fieldErrors.dueOn} />
      </div>
      <button type="submit" className="btn-primary">
        Add action item
      </button>
    </Form>
  );
}

/** The decisions that fit a running experiment, in place: conclude, extend, abandon, an action item. */
export function ExperimentDecisions({ experiment, scope, context }: { experiment: AgendaExperiment; scope: string; context: DecideContext }) {
  if (experiment.status !== "RUNNING" || experiment.version === undefined) {
    return <ActionItemFold scope={scope} context={context} link={{ experimentId: experiment.id }} />;
  }
  const extendFailure = failureAt(context.failure, scope, "extend");
  const abandonFailure = failureAt(context.failure, scope, "abandon");
  return (
    <div className="flex flex-wrap items-start gap-2" role="group" aria-label={`Decide on ${experiment.key}`}>
      <Link to={`${context.base}/experiments/${experiment.key}/conclude?from=${context.from}`} className="btn-primary text-xs" data-decision="conclude">
        Conclude…
      </Link>
      <Fold label="Extend…" name="extend" open={extendFailure !== undefined}>
        <ExtendForm version={experiment.version} endsOn={experiment.endsOn} failure={extendFailure} target={{ experimentId: experiment.id, scope }} />
      </Fold>
      <div data-decision="abandon" className="[&_summary]:text-xs has-[details[open]]:order-last has-[details[open]]:basis-full">
        <AbandonForm experimentKey={experiment.key} version={experiment.version} failure={abandonFailure} target={{ experimentId: experiment.id, scope }} />
      </div>
      <ActionItemFold scope={scope} context={context} link={{ experimentId: experiment.id }} />
    </div>
  );
}

function ActionItemFold({ scope, context, link }: { scope: string; context: DecideContext; link: { experimentId?: string; hypothesisId?: string } }) {
  return (
    <Fold label="Action item…" name="action-item" open={failureAt(context.failure, scope, "add-action") !== undefined}>
      <ActionItemForm scope={scope} context={context} link={link} />
    </Fold>
  );
}

/** The decisions that fit an untested hypothesis: who owns testing it, and an action item. */
export function HypothesisDecisions({ hypothesis, scope, context }: { hypothesis: AgendaHypothesis; scope: string; context: DecideContext }) {
  const failure = failureAt(context.failure, scope, "assign-owner");
  return (
    <div className="flex flex-wrap items-start gap-2" role="group" aria-label={`Decide on ${hypothesis.key}`}>
      {hypothesis.version !== undefined ? (
        <Fold label={hypothesis.ownerName ? "Change owner…" : "Assign an owner…"} name="owner" open={failure !== undefined}>
          <Form method="post" className="space-y-3" noValidate preventScrollReset>
            <input type="hidden" name="intent" value="assign-owner" />
            <input type="hidden" name="scope" value={scope} />
            <input type="hidden" name="hypothesisId" value={hypothesis.id} />
            <input type="hidden" name="version" value={hypothesis.version} />
            {failure ? <FormError message={failure.formError} fieldErrors={failure.fieldErrors} /> : null}
            <SelectField label="Owner" name="ownerId" id={`${scope}-ownerId`} defaultValue={failure?.values?.ownerId ?? hypothesis.ownerId ?? ""} placeholder="Nobody" options={context.members.map((m) => ({ value: m.id, label: m.name }))} error={failure?.fieldErrors.ownerId} />
            <button type="submit" className="btn-primary">
              Save owner
            </button>
          </Form>
        </Fold>
      ) : null}
      <ActionItemFold scope={scope} context={context} link={{ hypothesisId: hypothesis.id }} />
    </div>
  );
}
