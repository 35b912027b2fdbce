import { Form } from "@remix-run/react";
import { OWN_PROPOSAL } from "~/modules/teams/permissions";

type OpenProposal = { id: string; version: number; evidence: { met: boolean } };

/**
 * Approves or rejects an open proposal. Its author may only withdraw it (no one approves
 * their own), and approval waits until the cited evidence meets its threshold.
 * Failures show at the top of the page, as the proposal may have moved on.
 */
export function ProposalDecisionForm({ proposal, byAuthor }: { proposal: OpenProposal; byAuthor: boolean }) {
  const { met } = proposal.evidence;
  return (
    <Form method="post" className="mt-2 flex flex-wrap items-center gap-2">
      <input type="hidden" name="intent" value="decide-proposal" />
      <input type="hidden" name="proposalId" value={proposal.id} />
      <input type="hidden" name="version" value={proposal.version} />
      <label className="sr-only" htmlFor={`note-${proposal.id}`}>
        Note
      </label>
      <input id={`note-${proposal.id}`} name="note" placeholder="Note (optional)" className="input w-60 py-1.5" />
      {byAuthor ? null : (
        <button type="submit" name="verdict" value="APPROVED" className="btn-primary" disabled={!met} title={met ? undefined : "The cited evidence does not meet its threshold yet"}>
          Approve
        </button>
      )}
      <button type="submit" name="verdict" value="REJECTED" className="btn-secondary">
        {byAuthor ? "Withdraw" : "Reject"}
      </button>
      {byAuthor ? <span className="muted text-xs">{OWN_PROPOSAL}</span> : !met ? <span className="muted text-xs">Approval waits for the evidence.</span> : null}
    </Form>
  );
}
