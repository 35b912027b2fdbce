import { expect, test } from "@playwright/test";
import { newTeamWithProduct } from "./helpers";

test("the validation loop: believe, test, measure, conclude", async ({ page }) => {
  const team = await newTeamWithProduct(page, "Rita Researcher", `Loop ${Date.now()}`);

  // We believe that…
  await page.goto(`${team}/hypotheses/new`);
  await page.getByLabel("We believe that…").fill("Freelancers will click a button that promises faster payment.");
  await page.getByLabel("Category").selectOption("DESIRABILITY");
  await page.getByLabel("Importance").selectOption("5");
  await page.getByRole("button", { name: "Save hypothesis" }).click();
  await expect(page.getByRole("heading", { name: "H-1" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Belief" }).getByText("Untested", { exact: true })).toBeVisible();

  // To verify that, we will… with a RATE criterion of at least 10 %.
  await page.getByRole("link", { name: "Plan an experiment" }).click();
  await page.getByLabel("Title").fill("Get-paid-faster fake door");
  await page.getByLabel("Method").selectOption("FAKE_DOOR");
  await page.getByLabel("To verify that, we will…").fill("show the button to every new account for two weeks");
  await page.getByLabel("Metric").fill("Click-through");
  await page.getByLabel("Measured as").selectOption("RATE");
  await page.getByLabel("We are right if it is").selectOption("GTE");
  await page.getByLabel("Target").fill("10");
  await page.getByRole("button", { name: "Save as draft" }).click();
  await expect(page.getByRole("heading", { name: /E-1 · Get-paid-faster fake door/ })).toBeVisible();
  await expect(page.getByText("Click-through ≥ 10.0 %")).toBeVisible();

  // Start: the criterion locks.
  await page.getByRole("button", { name: "Start experiment" }).click();
  await expect(page.getByText("Running", { exact: true })).toBeVisible();
  await expect(page.getByText("· locked at start")).toBeVisible();

  // Log evidence and see the verdict and the chart.
  await page.getByLabel("Successes").fill("30");
  await page.getByLabel("Trials").fill("100");
  await page.getByRole("button", { name: "Log evidence" }).click();
  await expect(page.getByRole("cell", { name: "30 / 100" })).toBeVisible();
  const verdict = page.getByRole("region", { name: "Verdict so far" });
  await expect(verdict.getByText(/✓\s*Met$/)).toBeVisible();
  await expect(verdict.getByText("30.0 %")).toBeVisible();
  await expect(page.getByRole("img", { name: /Click-through/ })).toBeVisible();
  await expect(page.locator(".recharts-surface").first()).toBeVisible();

  // Conclude with a learning card; the hypothesis follows.
  await page.getByRole("link", { name: "Conclude" }).click();
  await page.getByLabel("We observed…").fill("30 of 100 new accounts clicked the button.");
  await page.getByLabel("We learned…").fill("Getting paid faster is a pain worth solving.");
  await page.getByLabel("Therefore, we will…").fill("Build automatic reminders next.");
  await page.getByLabel(/Persevere/).check();
  await page.getByRole("button", { name: "Conclude and save the learning card" }).click();
  await expect(page.getByRole("region", { name: "Learning card" })).toBeVisible();
  await expect(page.getByText("Decision: Persevere")).toBeVisible();
  await page.getByRole("link", { name: /H-1/ }).first().click();
  await expect(page.getByRole("region", { name: "Belief" }).getByText("Validated", { exact: true })).toBeVisible();
});
