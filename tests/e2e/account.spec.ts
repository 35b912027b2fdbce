import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";
import { linkIn, waitForMail } from "./mailbox";

test("forgot password: the emailed link resets it and signs the person in", async ({ page }) => {
  const email = uniqueEmail("rita");
  await signUp(page, "Rita Resetter", email);
  await page.context().clearCookies();

  await page.goto("/signin");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  // The sign-in page has an Email field too: fill the one on the page the link opened.
  await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a reset link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expect(page.getByText("If an account uses")).toBeVisible();

  const mail = await waitForMail(page, email, /Reset your Evident password/);
  await page.goto(linkIn(mail, "/reset-password/"));
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await page.getByLabel("New password").fill("a completely new passphrase");
  await page.getByLabel("The same password again").fill("a completely new passphrase");
  await page.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(page).toHaveURL(/\/account\?password-changed$/);
  await expect(page.getByText("Password changed.")).toBeVisible();

  // The old password no longer works; the new one does.
  await page.context().clearCookies();
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a sturdy passphrase");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Email or password is incorrect.")).toBeVisible();
  await page.getByLabel("Password").fill("a completely new passphrase");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/teams\/new$/);
});
