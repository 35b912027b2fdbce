/**
 * How far a team is along the first run — a product, a hypothesis about it, an experiment testing
 * it — so the dashboard can show the next step, and never greets an empty team as if it had evidence.
 */
import { db } from "~/utils/db.server";

export type FirstRun = { products: number; hypotheses: number; experiments: number };

export async function firstRunProgress(teamId: string): Promise<FirstRun> {
  const [products, hypotheses, experiments] = await Promise.all([
    db.product.count({ where: { teamId, deletedAt: null } }),
    db.hypothesis.count({ where: { teamId, deletedAt: null } }),
    db.experiment.count({ where: { teamId, deletedAt: null } }),
  ]);
  return { products, hypotheses, experiments };
}
