import { expect, test } from "@playwright/test";
import { newTeamWithProduct, planFakeDoor } from "./helpers";

test("the validation loop: believe, test, measure, conclude", async ({ page }) => {
  const team = await newTeamWithProduct(page, "Rita Researcher", `Loop ${Date.now()}`);

  // We believe that… and, to verify that, we will… (a draft experiment).
  await planFakeDoor(page, team);
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
