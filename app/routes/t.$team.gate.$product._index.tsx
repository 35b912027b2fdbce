import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { GateBadge, MetMark } from "~/components/badges";
import { SignalChart, Sparkline } from "~/components/charts";
import { RelativeTime } from "~/components/dates";
import { FormError } from "~/components/form";
import { CriterionForm } from "~/components/gate/criterion-form";
import { GateDecisionForm } from "~/components/gate/gate-decision-form";
import { ProposalDecisionForm } from "~/components/gate/proposal-decision-form";
import { ProposalForm } from "~/components/gate/proposal-form";
import { RecordPointForm } from "~/components/gate/record-point-form";
import { RemoveCriterionForm } from "~/components/gate/remove-criterion-form";
import { SignalForm } from "~/components/gate/signal-form";
import { EmptyState, PageHeader, Section } from "~/components/page";
import { todayDateOnly } from "~/modules/experiments/timebox";
import { addCriterion, CriterionSchema, createProposal, decideGate, decideProposal, DecisionSchema, ProposalDecisionSchema, ProposalSchema, productGate, removeCriterion } from "~/modules/gate/gate.server";
import { SUSTAINED_RULE } from "~/modules/gate/evaluate";
import { hypothesisOptions } from "~/modules/hypotheses/hypotheses.server";
import { hypothesisKey } from "~/modules/hypotheses/vocabulary";
import { createSignal, recordSignalPoints, SignalFieldsSchema, SignalPointSchema } from "~/modules/signals/signals.server";
import { requireMembership } from "~/modules/teams/guard.server";
import { can } from "~/modules/teams/permissions";
import { idField, idParam } from "~/utils/fields";
import { formatDate } from "~/utils/dates";
import { parseForm } from "~/utils/forms";
import { formFailure, formValues, handleFormErrors, httpError, readFormData } from "~/utils/http.server";
import { formatQuantity } from "~/utils/quantity";

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
        const parsed = parseForm(formData, SignalPointSchema.extend({ signalId: z.string().min(1).max(64), replace: z.literal("yes").optional() }));
        if (!parsed.ok) return formFailure(parsed.fieldErrors, values);
        const { signalId, replace, ...point } = parsed.data;
        await recordSignalPoints(access, { signalId, points: [point], replace: replace === "yes" });
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
  }, values, { actor: access, formData });
}



export default function GatePage() {
  const { team, gate, today, hypotheses, me, canEdit, canPropose, canDecideGate, canDecideProposals } = useLoaderData<typeof loader>();
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
          <Section title="Criteria" description={`All must be met before the gate can open. ${SUSTAINED_RULE}`}>
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
                            : `${input.label} ${input.direction === "gte" ? "≥" : "≤"} ${formatQuantity(input.threshold, input.unit)} for ${input.weeks} full week${input.weeks === 1 ? "" : "s"}`}
                          <span className="muted ml-2 text-xs font-normal">{KIND_LABELS[criterion.kind]}</span>
                        </p>
                        <p className="muted mt-0.5 text-sm">{criterion.result.summary}</p>
                      </div>
                      {signal && input.kind !== "HYPOTHESIS_VALIDATED" ? <Sparkline points={signal.points} label={signal.name} threshold={input.threshold} /> : null}
                      <MetMark met={criterion.result.met} />
                      {canEdit ? <RemoveCriterionForm criterionId={criterion.id} /> : null}
                    </li>
                  );
                })}
              </ul>
            )}
            {canEdit ? <CriterionForm signalOptions={signalOptions} hypotheses={hypotheses} failure={errorsFor("add-criterion")} busy={busy} /> : null}
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
                      return { label: `gate: ${input.direction === "gte" ? "≥" : "≤"} ${formatQuantity(input.threshold, signal.unit)}`, value: input.threshold };
                    });
                  const recording = intent === "record-point" && failure?.values?.signalId === signal.id;
                  return (
                    <div key={signal.id} className="space-y-2">
                      <SignalChart name={signal.name} unit={signal.unit} points={signal.points} thresholds={thresholds} today={today} />
                      {canEdit ? <RecordPointForm signal={signal} today={today} importHref={`/t/${team.slug}/gate/${product.id}/import?signal=${signal.id}`} failure={recording ? failure : undefined} /> : null}
                    </div>
                  );
                })}
              </div>
            )}
            {canEdit ? <SignalForm failure={errorsFor("add-signal")} /> : null}
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
                          {formatQuantity(proposal.threshold, proposal.unit)} for {proposal.weeks} week{proposal.weeks === 1 ? "" : "s"}
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
                      <ProposalDecisionForm proposal={proposal} byAuthor={proposal.createdById === me} />
                    ) : (
                      <p className="muted mt-1 text-xs">Awaiting a decision by an admin or owner.</p>
                    )}
                  </li>
                ))}
              </ul>
            )}
            {canPropose && gate.signals.length ? <ProposalForm signalOptions={signalOptions} failure={errorsFor("propose")} /> : null}
          </Section>
        </div>

        <div className="space-y-6">
          {canDecideGate ? (
            <Section title="Decide" description={evaluation.status === "READY" ? "Every criterion is met. Open the gate, or hold it, on the record." : "Record why the gate stays as it is, or revisit it."}>
              <GateDecisionForm stage={product.stage} ready={evaluation.status === "READY"} failure={errorsFor("decide")} />
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
                        <summary className="btn-link cursor-pointer text-xs">Evidence on {formatDate(snapshot.asOf)}</summary>
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
