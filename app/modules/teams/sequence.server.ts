import type { Transaction } from "~/utils/db.server";

/** The next per-team short number (H-12, E-7). The row lock serialises concurrent creates. */
export async function nextTeamNumber(tx: Transaction, teamId: string, sequence: "hypothesisSeq" | "experimentSeq"): Promise<number> {
  if (sequence === "hypothesisSeq") {
    const team = await tx.team.update({ where: { id: teamId }, data: { hypothesisSeq: { increment: 1 } }, select: { hypothesisSeq: true } });
    return team.hypothesisSeq;
  }
  const team = await tx.team.update({ where: { id: teamId }, data: { experimentSeq: { increment: 1 } }, select: { experimentSeq: true } });
  return team.experimentSeq;
}
