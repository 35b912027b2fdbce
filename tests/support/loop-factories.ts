import type { Role } from "~/generated/prisma/enums";
import { createExperiment, startExperiment } from "~/modules/experiments/experiments.server";
import { addDays, todayDateOnly } from "~/modules/experiments/timebox";
import { createHypothesis } from "~/modules/hypotheses/hypotheses.server";
import { createProduct } from "~/modules/products/products.server";
import { actorFor, createTeamWith } from "./factories";

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
  const startsOn = addDays(todayDateOnly(), -3);
  const experiment = await createExperiment(owner, {
    hypothesisId: hypothesis.id,
    title: "Fake door",
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
  await startExperiment(owner, { id: experiment.id, version: 1 });
  return { ...setup, actor: owner, product, hypothesis, experiment, startsOn };
}
