/** The dashboard of a new team says what is true of it, and shows the way to its first experiment. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHypothesis } from "~/modules/hypotheses/hypotheses.server";
import { createProduct } from "~/modules/products/products.server";
import { actorFor, createTeamWith } from "../support/factories";
import { startTestServer, type TestServer } from "../support/http";
import { runningRateExperiment } from "../support/loop-factories";
import { signedIn } from "../support/loop-http-helpers";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/\s+/g, " ");

describe("a new team's dashboard", () => {
  it("does not welcome it back or call its zero hypotheses tested, and walks it from product to experiment", async () => {
    const { team, owner } = await createTeamWith();
    const client = await signedIn(server.url, owner.email);
    const empty = text(await (await client.get(`/t/${team.slug}`)).text());
    expect(empty).toContain(`Welcome, Olivia. ${team.name} has no evidence yet`);
    expect(empty).not.toContain("Welcome back");
    expect(empty).not.toContain("Every hypothesis has been tested");
    expect(empty).toContain("No hypotheses yet: write down what must be true for the product to work.");
    expect(empty).toContain("Get started");
    expect(empty).toContain("Add a product");
    expect(empty.match(/\(done\)/g) ?? []).toHaveLength(0);
    // No hypothesis to pick yet: the empty list says so, and points up to the steps.
    expect(empty).not.toContain("Pick the riskiest hypothesis");
    expect(empty).toContain("Nothing is running yet: the steps above lead to the team's first experiment.");

    const actor = actorFor(owner, team, "OWNER");
    const product = await createProduct(actor, { name: "Invoicing", description: "" });
    await createHypothesis(actor, { productId: product.id, statement: "Freelancers lose hours chasing invoices.", segment: "", category: "DESIRABILITY", importance: 5 });
    const halfway = text(await (await client.get(`/t/${team.slug}`)).text());
    expect(halfway.match(/\(done\)/g) ?? []).toHaveLength(2);
    expect(halfway).toContain("Plan an experiment");
    expect(halfway).toContain("Freelancers lose hours chasing invoices.");
    expect(halfway).toContain(`Olivia, here is what ${team.name}'s evidence says today.`);
  });

  it("leaves the first steps out once the team has an experiment", async () => {
    const world = await runningRateExperiment();
    const client = await signedIn(server.url, world.owner.email);
    const page = text(await (await client.get(`/t/${world.team.slug}`)).text());
    expect(page).not.toContain("Get started");
    expect(page).toContain("Every hypothesis has been tested or is being tested.");
  });
});
