import { expect, type Page } from "@playwright/test";
import { linkIn, waitForMail } from "./mailbox";

export function uniqueEmail(name: string) {
  return `${name}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

/**
 * Signs up a new person the whole way: the form, then the confirmation link from the email they
 * get, which signs them in and leads to creating a team.
 */
export async function signUp(page: Page, name: string, email = uniqueEmail(name.split(" ")[0].toLowerCase()), password = "a sturdy passphrase") {
  await page.goto("/signup");
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await confirmAddress(page, email);
}

/** Opens the address confirmation link emailed to `email`, and confirms. */
export async function confirmAddress(page: Page, email: string) {
  const mail = await waitForMail(page, email, /Confirm your email address/);
  await page.goto(linkIn(mail, "/verify-email/"));
  await page.getByRole("button", { name: "Confirm my address" }).click();
  // Signed in only once the answer has arrived (and set the session cookie).
  await page.waitForURL((url) => !url.pathname.startsWith("/verify-email/"));
}

/** Signs up a new person, creates a team with one product, and returns the team's path. */
export async function newTeamWithProduct(page: Page, person: string, teamName: string) {
  await signUp(page, person);
  await page.getByLabel("Team name").fill(teamName);
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  const team = new URL(page.url()).pathname;
  await page.goto(`${team}/settings/products`);
  await page.getByLabel("Name").fill("Invoicing");
  await page.getByRole("button", { name: "Add product" }).click();
  await expect(page.getByText("MVP stage")).toBeVisible();
  return team;
}

/** Writes an importance-5 desirability hypothesis and plans a RATE experiment (≥ 10 % click-through) on it, as a draft. */
export async function planFakeDoor(page: Page, team: string) {
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
}
