import type { Role } from "~/generated/prisma/enums";
import { createExperiment, startExperiment } from "~/modules/experiments/experiments.server";
import { addDays, todayDateOnly } from "~/modules/experiments/timebox";
import { createHypothesis } from "~/modules/hypotheses/hypotheses.server";
import { createProduct } from "~/modules/products/products.server";
import type { Actor } from "~/modules/teams/actor";
import { actorFor, createTeamWith } from "./factories";

/** A RATE experiment (≥ 10 %) on the hypothesis, 14 days long, ending in `endsIn` days (10 unless told); it is at version 2. */
export async function startedRateExperiment(actor: Actor, hypothesisId: string, title: string, options: { endsIn?: number } = {}) {
  const startsOn = addDays(todayDateOnly(), (options.endsIn ?? 10) - 13);
  const experiment = await createExperiment(actor, {
    hypothesisId,
    title,
    method: "FAKE_DOOR",
    plan: "show the button to every new account",
    metricName: "Click-through",
    metricUnit: "",
    metricKind: "RATE",
    comparator: "GTE",
    target: 0.1,
    startsOn,
    endsOn: addDays(startsOn, 13),
  });
  await startExperiment(actor, { id: experiment.id, version: 1 });
  return { experiment, startsOn };
}

/** A team with a product, a hypothesis and a running RATE experiment (≥ 10 %) that started 3 days ago. */
export async function runningRateExperiment(roles: Role[] = []) {
  const setup = await createTeamWith(roles);
  const owner = actorFor(setup.owner, setup.team, "OWNER");
  const product = await createProduct(owner, { name: "Invoicing", description: "" });
  const hypothesis = await createHypothesis(owner, {
    productId: product.id,
    statement: "Freelancers will click a get-paid-faster button.",
    segment: "",
    category: "DESIRABILITY",
    importance: 5,
  });
  const { experiment, startsOn } = await startedRateExperiment(owner, hypothesis.id, "Fake door");
  return { ...setup, actor: owner, product, hypothesis, experiment, startsOn };
}
