/**
 * Experiment templates in the browser: save an experiment's design as a template, then start a
 * new experiment from it and see the form filled in — the hypothesis already chosen comes along,
 * with JavaScript and without. Both template pages pass axe in the light and the dark colour scheme.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { newTeamWithProduct, planFakeDoor } from "./helpers";

const plusDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function noSeriousViolations(page: Page) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const blocking = results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
    expect(blocking.map((violation) => `${scheme}: ${violation.id} ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`)).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

test("save an experiment as a template, then start a new experiment from it", async ({ page }) => {
  const team = await newTeamWithProduct(page, "Tess Templater", `Templates ${Date.now()}`);
  await planFakeDoor(page, team);

  // On the experiment page: the name starts as the experiment's title.
  const name = page.getByLabel("Template name");
  await expect(name).toHaveValue("Get-paid-faster fake door");
  await name.fill("Fake door, our way");
  await page.getByRole("button", { name: "Save as template" }).click();
  await expect(page).toHaveURL(new RegExp(`${team}/experiments/templates\\?saved=`));
  await expect(page.getByText("Saved the template “Fake door, our way”.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Fake door, our way" })).toBeVisible();
  await expect(page.getByText("Click-through ≥ 10.0 % · 14 days").first()).toBeVisible();
  await noSeriousViolations(page);

  // The same name again is refused under the field.
  await page.goto(`${team}/experiments/E-1`);
  await page.getByLabel("Template name").fill("fake door, OUR way");
  await page.getByRole("button", { name: "Save as template" }).click();
  await expect(page.getByText("This team already has a template called “Fake door, our way”. Choose another name.")).toBeVisible();
  await expect(page.getByLabel("Template name")).toHaveAttribute("aria-invalid", "true");

  // A new experiment: choose the hypothesis first, then the template; both stay.
  await page.goto(`${team}/experiments/new`);
  const picker = page.getByRole("region", { name: "Start from a template" });
  await expect(picker.getByRole("link", { name: /Fake door, our way/ })).toBeVisible();
  await noSeriousViolations(page);
  await page.getByLabel("Hypothesis it tests").selectOption({ label: "H-1 — Freelancers will click a button that promises faster payment." });
  await picker.getByRole("link", { name: /Fake door, our way/ }).click();
  await expect(page).toHaveURL(/template=/);
  await expect(page).toHaveURL(/hypothesis=H-1/);
  await expect(page.getByText("Pre-filled from the template “Fake door, our way”.")).toBeVisible();
  await expect(picker.getByRole("link", { name: /Fake door, our way/ })).toHaveAttribute("aria-current", "true");

  await expect(page.getByLabel("Hypothesis it tests")).toHaveValue(/.+/);
  await expect(page.getByLabel("Method")).toHaveValue("FAKE_DOOR");
  await expect(page.getByLabel("To verify that, we will…")).toHaveValue("show the button to every new account for two weeks");
  await expect(page.getByLabel("Metric")).toHaveValue("Click-through");
  await expect(page.getByLabel("Measured as")).toHaveValue("RATE");
  await expect(page.getByLabel("We are right if it is")).toHaveValue("GTE");
  await expect(page.getByLabel("Target")).toHaveValue("10");
  const startsOn = await page.getByLabel("Starts on").inputValue();
  await expect(page.getByLabel("Ends on")).toHaveValue(plusDays(startsOn, 13));

  await page.getByLabel("Title").fill("Fake door on the invoice page");
  await page.getByRole("button", { name: "Save as draft" }).click();
  await expect(page.getByRole("heading", { name: /E-2 · Fake door on the invoice page/ })).toBeVisible();
  await expect(page.getByText("Click-through ≥ 10.0 %")).toBeVisible();
  await expect(page.getByRole("link", { name: /H-1/ }).first()).toBeVisible();

  // A built-in one fills in its own design.
  await page.goto(`${team}/experiments/new`);
  await page
    .getByRole("region", { name: "Start from a template" })
    .getByRole("link", { name: /Problem interviews/ })
    .click();
  await expect(page.getByLabel("Method")).toHaveValue("INTERVIEW");
  await expect(page.getByLabel("Measured as")).toHaveValue("COUNT");
  await expect(page.getByLabel("Target")).toHaveValue("6");
  await expect(page.getByLabel("Unit")).toHaveValue("interviewees");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("choosing a template is a link that renders the form filled in, the hypothesis kept", async ({ page }) => {
    await page.goto("/signin");
    await page.getByLabel("Email").fill("maya@ledgerly.example");
    await page.getByLabel("Password").fill("evidence-first");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/t\/ledgerly$/);

    await page.goto("/t/ledgerly/experiments/new?hypothesis=H-1");
    await page
      .getByRole("region", { name: "Start from a template" })
      .getByRole("link", { name: /Pre-sale/ })
      .click();
    await expect(page).toHaveURL(/hypothesis=H-1&template=builtin-pre-sale/);
    await expect(page.getByLabel("Hypothesis it tests")).not.toHaveValue("");
    await expect(page.getByLabel("Method")).toHaveValue("PRE_SALE");
    await expect(page.getByLabel("Metric")).toHaveValue("Prospects who pay a deposit");
    await expect(page.getByLabel("Target")).toHaveValue("5");
    await expect(page.getByLabel("To verify that, we will…")).toHaveValue(/With 100 prospects, 10 deposits or more/);
  });
});
