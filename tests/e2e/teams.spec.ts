import { expect, test } from "@playwright/test";
import { confirmAddress, signUp, uniqueEmail } from "./helpers";

test("a team grows by invite, and stays invisible to outsiders", async ({ browser }) => {
  // A signs up and creates a team.
  const aContext = await browser.newContext();
  const a = await aContext.newPage();
  await signUp(a, "Alex Founder", uniqueEmail("alex"));
  await expect(a).toHaveURL(/\/teams\/new$/);
  const teamName = `Tally ${Date.now()}`;
  await a.getByLabel("Team name").fill(teamName);
  await a.getByRole("button", { name: "Create team" }).click();
  await expect(a.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  const teamPath = new URL(a.url()).pathname;
  expect(teamPath).toMatch(/^\/t\/tally-\d+$/);

  // A creates an invite link for a member, to share by hand.
  await a.getByRole("link", { name: "Invite a teammate" }).click();
  await a.getByLabel("Role", { exact: true }).selectOption("MEMBER");
  await a.getByRole("button", { name: "Create invite" }).click();
  const inviteUrl = await a.getByLabel("Invite link").inputValue();
  expect(inviteUrl).toMatch(/\/invite\/[a-z2-7]+$/);

  // B opens it in another browser, signs up on the way, confirms the address from the email,
  // comes back to the invite and joins as a member.
  const bContext = await browser.newContext();
  const b = await bContext.newPage();
  await b.goto(inviteUrl);
  await expect(b.getByRole("heading", { name: `Join ${teamName} on Evident` })).toBeVisible();
  const bea = uniqueEmail("bea");
  await b.getByLabel("Your name").fill("Bea Builder");
  await b.getByLabel("Work email").fill(bea);
  await b.getByLabel("Password").fill("another sturdy passphrase");
  await b.getByRole("button", { name: `Create account and join ${teamName}` }).click();
  await expect(b.getByText(`brings you back here to join ${teamName}`)).toBeVisible();
  await confirmAddress(b, bea);
  await expect(b).toHaveURL(new RegExp(`/invite/`));
  await b.getByRole("button", { name: `Join ${teamName} as Bea Builder` }).click();
  await expect(b).toHaveURL(new RegExp(`${teamPath}$`));
  await expect(b.getByText(teamName).first()).toBeVisible();
  await b.goto(`${teamPath}/settings/members`);
  const beaRow = b.getByRole("row", { name: /Bea Builder/ });
  await expect(beaRow.getByText("Member", { exact: true })).toBeVisible();

  // The link was single-use.
  const again = await browser.newContext();
  const againPage = await again.newPage();
  await againPage.goto(inviteUrl);
  await expect(againPage.getByRole("heading", { name: "This invite can't be used" })).toBeVisible();

  // C is signed in but not a member: every team URL is a 404.
  const cContext = await browser.newContext();
  const c = await cContext.newPage();
  await signUp(c, "Cory Outsider", uniqueEmail("cory"));
  await expect(c).toHaveURL(/\/teams\/new$/);
  for (const suffix of ["", "/activity", "/settings", "/settings/members"]) {
    const response = await c.goto(teamPath + suffix);
    expect(response?.status(), `${teamPath}${suffix}`).toBe(404);
    await expect(c.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }

  // The team's activity log shows what happened, in words.
  await a.goto(`${teamPath}/activity`);
  await expect(a.getByText("joined the team as member")).toBeVisible();
  await expect(a.getByText("created an invite link for a new member")).toBeVisible();

  await Promise.all([aContext.close(), bContext.close(), again.close(), cContext.close()]);
});

test("the demo login opens the seeded Ledgerly team", async ({ page }) => {
  await page.goto("/signin");
  await expect(page.getByText("Demo mode")).toBeVisible();
  await page.getByLabel("Email").fill("maya@ledgerly.example");
  await page.getByLabel("Password").fill("evidence-first");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/t\/ledgerly$/);
  await expect(page.getByRole("heading", { name: /Running experiments/ })).toBeVisible();
  await page.goto("/t/ledgerly/settings/members");
  await expect(page.getByText("sam@ledgerly.example")).toBeVisible();
  await expect(page.getByText("priya@ledgerly.example")).toBeVisible();
});

test("forms explain bad input next to the field, without JavaScript too", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/signup");
  await page.getByLabel("Your name").fill("Dana");
  await page.getByLabel("Work email").fill("dana-at-example");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter a valid email address, like name@company.com.")).toBeVisible();
  await expect(page.getByText("Use at least 8 characters.")).toBeVisible();
  await expect(page.getByLabel("Work email")).toHaveValue("dana-at-example");
  await expect(page.getByLabel("Password")).toHaveValue("");

  await page.goto("/signin");
  await page.getByLabel("Email").fill("nobody@example.com");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("Email or password is incorrect.");
  await context.close();
});
