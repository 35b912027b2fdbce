import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { GateBadge, MetMark } from "~/components/badges";
import { SignalChart, Sparkline } from "~/components/charts";
import { RelativeTime } from "~/components/dates";
import { Field, FormError, SelectField, TextareaField } from "~/components/form";
import { EmptyState, PageHeader, Section } from "~/components/page";
import { todayDateOnly } from "~/modules/experiments/timebox";
import { addCriterion, CriterionSchema, createProposal, decideGate, decideProposal, DecisionSchema, ProposalDecisionSchema, ProposalSchema, productGate, removeCriterion } from "~/modules/gate/gate.server";
import { hypothesisOptions } from "~/modules/hypotheses/hypotheses.server";
import { hypothesisKey } from "~/modules/hypotheses/vocabulary";
import { createSignal, recordSignalPoints, SignalFieldsSchema, SignalPointSchema } from "~/modules/signals/signals.server";
import { requireMembership } from "~/modules/teams/guard.server";
import { can, OWN_PROPOSAL } from "~/modules/teams/permissions";
import { idField, idParam } from "~/utils/fields";
import { parseForm } from "~/utils/forms";
import { formFailure, formValues, handleFormErrors, httpError, readFormData } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.gate.product.name ?? "Gate"} gate · Evident` }];

const KIND_LABELS = { SIGNAL_SUSTAINED: "Signal sustained", BOTTLENECK: "Measured bottleneck", HYPOTHESIS_VALIDATED: "Hypothesis validated" } as const;

async function load(request: Request, context: Parameters<typeof requireMembership>[1], params: { team?: string; product?: string }, permission: "team.view" | "work.edit") {
  const access = await requireMembership(request, context, params.team, permission);
  const productId = idParam(params.product);
  const gate = productId ? await productGate(access.team.id, productId) : null;
  if (!gate) throw httpError(404);
  return { access, gate };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { access, gate } = await load(request, context, params, "team.view");
  // Suggestions only: any of the team's hypotheses can be named by its key.
  const hypotheses = await hypothesisOptions(access.team.id, { productId: gate.product.id, riskiest: 50 });
  return {
    team: access.team,
    gate,
    today: todayDateOnly(),
    hypotheses: hypotheses.map((h) => ({ value: hypothesisKey(h.number), label: h.statement.slice(0, 80) })),
    me: access.user.id,
    canEdit: can(access.role, "work.edit"),
    canPropose: can(access.role, "proposals.create"),
    canDecideGate: can(access.role, "gate.decide"),
    canDecideProposals: can(access.role, "proposals.decide"),
  };
}

const IntentSchema = z.object({ intent: z.enum(["add-signal", "record-point", "add-criterion", "remove-criterion", "decide", "propose", "decide-proposal"]) });

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { access, gate } = await load(request, context, params, "work.edit");
  const formData = await readFormData(request);
  const intent = IntentSchema.safeParse(Object.fromEntries(formData));
  if (!intent.success) return formFailure({}, undefined, "Unknown action.");
  const values = formValues(formData);
  const productId = gate.product.id;
  return handleFormErrors(async () => {
    switch (intent.data.intent) {
      case "add-signal": {
        const parsed = parseForm(formData, SignalFieldsSchema.omit({ productId: true }));
        if (!parsed.ok) return formFailure(parsed.fieldErrors, values);
        await createSignal(access, { ...parsed.data, productId });
        break;
      }
      case "record-point": {
        const parsed = parseForm(formData, SignalPointSchema.extend({ signalId: z.string().min(1).max(64) }));
        if (!parsed.ok) return formFailure(parsed.fieldErrors, values);
        const { signalId, ...point } = parsed.data;
        await recordSignalPoints(access, { signalId, points: [point] });
        break;
      }
      case "add-criterion": {
        const parsed = parseForm(formData, CriterionSchema);
        if (!parsed.ok) return formFailure(parsed.fieldErrors, values);
        await addCriterion(access, productId, parsed.data);
        break;
      }
      case "remove-criterion": {
        const id = idField.safeParse(formData.get("criterionId"));
        if (!id.success) return formFailure({}, values, "Choose a criterion.");
        await removeCriterion(access, id.data);
        break;
      }
      case "decide": {
        const parsed = parseForm(formData, DecisionSchema);
        if (!parsed.ok) return formFailure(parsed.fieldErrors, values);
        await decideGate(access, productId, parsed.data);
        break;
      }
      case "propose": {
        const parsed = parseForm(formData, ProposalSchema);
        if (!parsed.ok) return formFailure(parsed.fieldErrors, values);
        await createProposal(access, productId, parsed.data);
        break;
      }
      case "decide-proposal": {
        const parsed = parseForm(formData, ProposalDecisionSchema);
        if (!parsed.ok) return formFailure(parsed.fieldErrors, values);
        await decideProposal(access, productId, parsed.data);
        break;
      }
    }
    return redirect(`/t/${access.team.slug}/gate/${productId}`);
  }, values);
}

function formatValue(value: number | null, unit: string) {
  if (value === null) return "—";
  const text = Number(value.toFixed(2)).toLocaleString("en");
  return unit === "%" ? `${text} %` : unit ? `${text} ${unit}` : text;
}

export default function GatePage() {
  const { team, gate, hypotheses, me, canEdit, canPropose, canDecideGate, canDecideProposals } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const intent = failure?.values?.intent;
  const busy = useNavigation().state === "submitting";
  const errorsFor = (name: string) => (intent === name ? failure : undefined);
  const signalOptions = gate.signals.map((signal) => ({ value: signal.id, label: signal.unit ? `${signal.name} (${signal.unit})` : signal.name }));
  const { product, evaluation } = gate;
  return (
    <>
      <PageHeader
        title={`${product.name} · scale gate`}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <GateBadge status={evaluation.status} size="lg" />
            <span>{evaluation.headline}</span>
            <span className="muted">· {product.stage === "GROWTH" ? "Growth stage" : "MVP stage"}</span>
          </span>
        }
      />
      {evaluation.status === "HOLD" ? (
        <p className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100">
          Keep the architecture boring: one monolith, one database. Scale when these criteria say the evidence demands it — not before.
        </p>
      ) : null}
      {failure?.formError && ["remove-criterion", "decide-proposal"].includes(intent ?? "") ? <FormError message={failure.formError} /> : null}

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Section title="Criteria" description="All must be met before the gate can open.">
            {gate.criteria.length === 0 ? (
              <EmptyState>No criteria yet. Define what evidence would demand growth-stage engineering: paying customers sustained, a key hypothesis validated, a measured bottleneck.</EmptyState>
            ) : (
              <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {gate.criteria.map((criterion) => {
                  const signal = criterion.signalId ? gate.signals.find((s) => s.id === criterion.signalId) : undefined;
                  const input = criterion.input;
                  return (
                    <li key={criterion.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                      <div className="min-w-0 flex-1">
                        <p className="text-sm font-medium">
                          {input.kind === "HYPOTHESIS_VALIDATED"
                            ? `${input.hypothesisKey} is validated`
                            : `${input.label} ${input.direction === "gte" ? "≥" : "≤"} ${formatValue(input.threshold, input.unit)} for ${input.weeks} week${input.weeks === 1 ? "" : "s"}`}
                          <span className="muted ml-2 text-xs font-normal">{KIND_LABELS[criterion.kind]}</span>
                        </p>
                        <p className="muted mt-0.5 text-sm">{criterion.result.summary}</p>
                      </div>
                      {signal && input.kind !== "HYPOTHESIS_VALIDATED" ? <Sparkline points={signal.points} label={signal.name} threshold={input.threshold} /> : null}
                      <MetMark met={criterion.result.met} />
                      {canEdit ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="remove-criterion" />
                          <input type="hidden" name="criterionId" value={criterion.id} />
                          <button type="submit" className="btn-link text-xs" aria-label="Remove this criterion">
                            Remove
                          </button>
                        </Form>
                      ) : null}
                    </li>
                  );
                })}
              </ul>
            )}
            {canEdit ? (
              <details className="mt-4" open={intent === "add-criterion"}>
                <summary className="btn-secondary cursor-pointer list-none">Add a criterion</summary>
                <Form method="post" className="mt-3 grid gap-3 sm:grid-cols-2" noValidate>
                  <input type="hidden" name="intent" value="add-criterion" />
                  <div className="sm:col-span-2">
                    <FormError message={errorsFor("add-criterion")?.formError} fieldErrors={errorsFor("add-criterion")?.fieldErrors} />
                  </div>
                  <SelectField
                    label="Kind"
                    name="kind"
                    id="criterion-kind"
                    defaultValue={errorsFor("add-criterion")?.values?.kind ?? "SIGNAL_SUSTAINED"}
                    options={[
                      { value: "SIGNAL_SUSTAINED", label: "A signal meets a threshold for N weeks" },
                      { value: "HYPOTHESIS_VALIDATED", label: "A hypothesis is validated" },
                      { value: "BOTTLENECK", label: "A measured bottleneck (e.g. p95 latency beyond a limit)" },
                    ]}
                    error={errorsFor("add-criterion")?.fieldErrors.kind}
                  />
                  <SelectField label="Signal" name="signalId" id="criterion-signal" placeholder="For signal criteria" options={signalOptions} error={errorsFor("add-criterion")?.fieldErrors.signalId} />
                  <SelectField label="Comparator" name="comparator" id="criterion-comparator" defaultValue="GTE" options={[{ value: "GTE", label: "at least (≥)" }, { value: "LTE", label: "at most (≤)" }]} />
                  <Field label="Threshold" name="threshold" id="criterion-threshold" inputMode="decimal" className="input text-right" defaultValue={errorsFor("add-criterion")?.values?.threshold ?? ""} error={errorsFor("add-criterion")?.fieldErrors.threshold} />
                  <Field label="Sustained for (weeks)" name="weeks" id="criterion-weeks" type="number" min={1} max={26} defaultValue={errorsFor("add-criterion")?.values?.weeks ?? "4"} error={errorsFor("add-criterion")?.fieldErrors.weeks} />
                  <Field
                    label="Hypothesis"
                    name="hypothesisId"
                    id="criterion-hypothesis"
                    list="criterion-hypotheses"
                    placeholder="H-12"
                    autoComplete="off"
                    help="For hypothesis criteria: its key. Suggestions are this product's riskiest."
                    defaultValue={errorsFor("add-criterion")?.values?.hypothesisId ?? ""}
                    error={errorsFor("add-criterion")?.fieldErrors.hypothesisId}
                  />
                  <datalist id="criterion-hypotheses">
                    {hypotheses.map((h) => (
                      <option key={h.value} value={h.value} label={h.label} />
                    ))}
                  </datalist>
                  <div className="sm:col-span-2">
                    <button type="submit" className="btn-primary" disabled={busy}>
                      Add criterion
                    </button>
                  </div>
                </Form>
              </details>
            ) : null}
          </Section>

          <Section title="Signals" description="Product metrics over time. Record values by hand here, or push them through the API.">
            {gate.signals.length === 0 ? (
              <EmptyState>No signals yet. Track what would prove traction or a bottleneck: paying customers, MRR, weekly actives, p95 latency.</EmptyState>
            ) : (
              <div className="space-y-6">
                {gate.signals.map((signal) => {
                  const thresholds = gate.criteria
                    .filter((c) => c.signalId === signal.id && c.input.kind !== "HYPOTHESIS_VALIDATED")
                    .map((c) => {
                      const input = c.input as { direction: "gte" | "lte"; threshold: number };
                      return { label: `gate: ${input.direction === "gte" ? "≥" : "≤"} ${formatValue(input.threshold, signal.unit)}`, value: input.threshold };
                    });
                  const recording = intent === "record-point" && failure?.values?.signalId === signal.id;
                  return (
                    <div key={signal.id} className="space-y-2">
                      <SignalChart name={signal.name} unit={signal.unit} points={signal.points} thresholds={thresholds} />
                      {canEdit ? (
                        <Form method="post" className="flex flex-wrap items-end gap-2" noValidate>
                          <input type="hidden" name="intent" value="record-point" />
                          <input type="hidden" name="signalId" value={signal.id} />
                          <Field label="Date" name="date" id={`date-${signal.id}`} type="date" defaultValue={recording ? failure?.values?.date : todayDateOnly()} error={recording ? failure?.fieldErrors.date : undefined} />
                          <Field label={`Value${signal.unit ? ` (${signal.unit})` : ""}`} name="value" id={`value-${signal.id}`} inputMode="decimal" className="input text-right" defaultValue={recording ? failure?.values?.value : ""} error={recording ? failure?.fieldErrors.value : undefined} />
                          <button type="submit" className="btn-secondary" aria-label={`Record ${signal.name}`}>
                            Record
                          </button>
                          <Link to={`/t/${team.slug}/gate/${product.id}/import?signal=${signal.id}`} className="btn-link self-center">
                            Import CSV
                          </Link>
                        </Form>
                      ) : null}
                    </div>
                  );
                })}
              </div>
            )}
            {canEdit ? (
              <details className="mt-4" open={intent === "add-signal"}>
                <summary className="btn-secondary cursor-pointer list-none">Track a new signal</summary>
                <Form method="post" className="mt-3 grid gap-3 sm:grid-cols-2" noValidate>
                  <input type="hidden" name="intent" value="add-signal" />
                  <div className="sm:col-span-2">
                    <FormError message={errorsFor("add-signal")?.formError} fieldErrors={errorsFor("add-signal")?.fieldErrors} />
                  </div>
                  <Field label="Name" name="name" id="signal-name" placeholder="Paying customers" defaultValue={errorsFor("add-signal")?.values?.name ?? ""} error={errorsFor("add-signal")?.fieldErrors.name} />
                  <Field label="Unit" name="unit" id="signal-unit" placeholder="customers, $, %, ms" defaultValue={errorsFor("add-signal")?.values?.unit ?? ""} error={errorsFor("add-signal")?.fieldErrors.unit} />
                  <SelectField label="Better when" name="direction" id="signal-direction" defaultValue="UP" options={[{ value: "UP", label: "Higher is better" }, { value: "DOWN", label: "Lower is better" }]} />
                  <Field label="Description" name="description" id="signal-description" placeholder="Optional" defaultValue={errorsFor("add-signal")?.values?.description ?? ""} />
                  <div className="sm:col-span-2">
                    <button type="submit" className="btn-primary">
                      Track signal
                    </button>
                  </div>
                </Form>
              </details>
            ) : null}
          </Section>

          <Section title="Scale proposals" description="Infrastructure changes someone wants. Each must cite the measured evidence that demands it; an admin or owner other than its author approves it, and only once that evidence meets its threshold.">
            {gate.proposals.length === 0 ? (
              <p className="muted text-sm">No proposals. “We might need this” is not evidence; a signal beyond its limit is.</p>
            ) : (
              <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {gate.proposals.map((proposal) => (
                  <li key={proposal.id} className="py-3 text-sm">
                    <div className="flex flex-wrap items-start justify-between gap-2">
                      <div>
                        <p className="font-medium">{proposal.title}</p>
                        <p className="muted text-xs">
                          Proposed by {proposal.createdBy.name} <RelativeTime date={proposal.createdAt} /> · cites {proposal.signalName} {proposal.comparator === "GTE" ? "≥" : "≤"}{" "}
                          {formatValue(proposal.threshold, proposal.unit)} for {proposal.weeks} week{proposal.weeks === 1 ? "" : "s"}
                        </p>
                      </div>
                      <span className="text-xs font-medium">
                        {proposal.status === "PROPOSED" ? <MetMark met={proposal.evidence.met} /> : proposal.status === "APPROVED" ? "Approved" : "Rejected"}
                      </span>
                    </div>
                    {proposal.description ? <p className="mt-1">{proposal.description}</p> : null}
                    <p className="mt-1">
                      <span className="muted">Evidence:</span> {proposal.evidence.summary}
                    </p>
                    {proposal.status !== "PROPOSED" ? (
                      <p className="muted mt-1 text-xs">
                        {proposal.status === "APPROVED" ? "Approved" : "Rejected"} by {proposal.decidedBy?.name}
                        {proposal.decisionNote ? `: “${proposal.decisionNote}”` : ""}
                      </p>
                    ) : canDecideProposals ? (
                      <Form method="post" className="mt-2 flex flex-wrap items-center gap-2">
                        <input type="hidden" name="intent" value="decide-proposal" />
                        <input type="hidden" name="proposalId" value={proposal.id} />
                        <input type="hidden" name="version" value={proposal.version} />
                        <label className="sr-only" htmlFor={`note-${proposal.id}`}>
                          Note
                        </label>
                        <input id={`note-${proposal.id}`} name="note" placeholder="Note (optional)" className="input w-60 py-1.5" />
                        {proposal.createdById === me ? null : (
                          <button type="submit" name="verdict" value="APPROVED" className="btn-primary" disabled={!proposal.evidence.met} title={proposal.evidence.met ? undefined : "The cited evidence does not meet its threshold yet"}>
                            Approve
                          </button>
                        )}
                        <button type="submit" name="verdict" value="REJECTED" className="btn-secondary">
                          {proposal.createdById === me ? "Withdraw" : "Reject"}
                        </button>
                        {proposal.createdById === me ? (
                          <span className="muted text-xs">{OWN_PROPOSAL}</span>
                        ) : !proposal.evidence.met ? (
                          <span className="muted text-xs">Approval waits for the evidence.</span>
                        ) : null}
                      </Form>
                    ) : (
                      <p className="muted mt-1 text-xs">Awaiting a decision by an admin or owner.</p>
                    )}
                  </li>
                ))}
              </ul>
            )}
            {canPropose && gate.signals.length ? (
              <details className="mt-4" open={intent === "propose"}>
                <summary className="btn-secondary cursor-pointer list-none">Propose a change</summary>
                <Form method="post" className="mt-3 grid gap-3 sm:grid-cols-2" noValidate>
                  <input type="hidden" name="intent" value="propose" />
                  <div className="sm:col-span-2">
                    <FormError message={errorsFor("propose")?.formError} fieldErrors={errorsFor("propose")?.fieldErrors} />
                  </div>
                  <div className="sm:col-span-2">
                    <Field label="Change" name="title" id="proposal-title" placeholder="Add a read replica" defaultValue={errorsFor("propose")?.values?.title ?? ""} error={errorsFor("propose")?.fieldErrors.title} />
                  </div>
                  <div className="sm:col-span-2">
                    <TextareaField label="Why" name="description" id="proposal-description" rows={2} defaultValue={errorsFor("propose")?.values?.description ?? ""} />
                  </div>
                  <SelectField label="Evidence that demands it" name="signalId" id="proposal-signal" placeholder="Choose a signal" options={signalOptions} error={errorsFor("propose")?.fieldErrors.signalId} />
                  <SelectField label="Beyond" name="comparator" id="proposal-comparator" defaultValue="GTE" options={[{ value: "GTE", label: "at least (≥)" }, { value: "LTE", label: "at most (≤)" }]} />
                  <Field label="Threshold" name="threshold" id="proposal-threshold" inputMode="decimal" className="input text-right" defaultValue={errorsFor("propose")?.values?.threshold ?? ""} error={errorsFor("propose")?.fieldErrors.threshold} />
                  <Field label="For (weeks)" name="weeks" id="proposal-weeks" type="number" min={1} max={26} defaultValue="2" error={errorsFor("propose")?.fieldErrors.weeks} />
                  <div className="sm:col-span-2">
                    <button type="submit" className="btn-primary">
                      Propose
                    </button>
                  </div>
                </Form>
              </details>
            ) : null}
          </Section>
        </div>

        <div className="space-y-6">
          {canDecideGate ? (
            <Section title="Decide" description={evaluation.status === "READY" ? "Every criterion is met. Open the gate, or hold it, on the record." : "Record why the gate stays as it is, or revisit it."}>
              <Form method="post" className="space-y-3" noValidate>
                <input type="hidden" name="intent" value="decide" />
                <FormError message={errorsFor("decide")?.formError} fieldErrors={errorsFor("decide")?.fieldErrors} />
                <TextareaField label="Rationale" name="rationale" id="decision-rationale" rows={3} defaultValue={errorsFor("decide")?.values?.rationale ?? ""} error={errorsFor("decide")?.fieldErrors.rationale} />
                <div className="flex flex-wrap gap-2">
                  {product.stage === "MVP" ? (
                    <button type="submit" name="action" value="OPEN" className="btn-primary" disabled={evaluation.status !== "READY"}>
                      Open the gate
                    </button>
                  ) : null}
                  <button type="submit" name="action" value="HOLD" className="btn-secondary">
                    {product.stage === "GROWTH" ? "Close the gate (back to MVP)" : "Hold the gate"}
                  </button>
                </div>
                {product.stage === "MVP" && evaluation.status !== "READY" ? <p className="muted text-xs">The gate opens only when every criterion is met.</p> : null}
              </Form>
            </Section>
          ) : null}
          <Section title="Decision history" description="Permanent: who decided, when, why, and the evidence then.">
            {gate.decisions.length === 0 ? (
              <p className="muted text-sm">No decisions yet.</p>
            ) : (
              <ol className="space-y-4">
                {gate.decisions.map((decision) => {
                  const snapshot = decision.snapshot as { asOf: string; headline: string; criteria: { label: string; met: boolean; summary: string }[] };
                  return (
                    <li key={decision.id} className="text-sm">
                      <p>
                        <span className="font-medium">{decision.action === "OPEN" ? "Opened" : "Held"}</span> by {decision.decidedBy.name}{" "}
                        <span className="muted text-xs">
                          <RelativeTime date={decision.createdAt} />
                        </span>
                      </p>
                      <p className="mt-0.5">“{decision.rationale}”</p>
                      <details className="mt-1">
                        <summary className="btn-link cursor-pointer text-xs">Evidence on {snapshot.asOf}</summary>
                        <ul className="muted mt-1 list-disc pl-5 text-xs">
                          <li>{snapshot.headline}</li>
                          {snapshot.criteria.map((c, index) => (
                            <li key={index}>
                              {c.met ? "Met" : "Not met"} — {c.summary}
                            </li>
                          ))}
                        </ul>
                      </details>
                    </li>
                  );
                })}
              </ol>
            )}
          </Section>
          <p className="text-sm">
            <Link to={`/t/${team.slug}/gate`}>All products' gates</Link>
          </p>
        </div>
      </div>
    </>
  );
}
