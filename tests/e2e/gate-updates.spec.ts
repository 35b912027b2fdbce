import { expect, test } from "@playwright/test";
import { newTeamWithProduct, uniqueEmail } from "./helpers";
import { linkIn, waitForMail } from "./mailbox";

test("a gate turns READY with evidence, and opening it moves the product to growth", async ({ page }) => {
  const team = await newTeamWithProduct(page, "Gina Gatekeeper", `Gate ${Date.now()}`);
  await page.goto(`${team}/gate`);
  await expect(page.getByRole("heading", { name: "Invoicing · scale gate" })).toBeVisible();
  await expect(page.getByText("HOLD · Keep it simple")).toBeVisible();

  await page.getByText("Track a new signal").click();
  await page.locator("#signal-name").fill("Paying customers");
  await page.locator("#signal-unit").fill("customers");
  await page.getByRole("button", { name: "Track signal" }).click();

  await page.getByText("Add a criterion").click();
  // The form shows the chosen kind's fields only.
  await page.locator("#criterion-kind").selectOption("HYPOTHESIS_VALIDATED");
  await expect(page.locator("#criterion-hypothesis")).toBeVisible();
  await expect(page.locator("#criterion-threshold")).toBeHidden();
  await page.locator("#criterion-kind").selectOption("SIGNAL_SUSTAINED");
  await expect(page.locator("#criterion-hypothesis")).toBeHidden();
  await page.locator("#criterion-signal").selectOption({ label: "Paying customers (customers)" });
  await page.locator("#criterion-comparator").selectOption("GTE");
  await page.locator("#criterion-threshold").fill("20");
  await page.locator("#criterion-weeks").fill("1");
  await page.getByRole("button", { name: "Add criterion" }).click();
  await expect(page.getByText("Paying customers ≥ 20 customers for 1 full week")).toBeVisible();
  await expect(page.getByRole("button", { name: "Open the gate" })).toBeDisabled();

  // Not enough yet: 12 customers. The saved form empties, so it is not sent twice by mistake.
  const value = page.getByLabel("Value (customers)");
  await value.fill("12");
  await page.getByRole("button", { name: "Record Paying customers" }).click();
  await expect(page.getByText("Short by 8 customers")).toBeVisible();
  await expect(page.getByText("HOLD · Keep it simple")).toBeVisible();
  await expect(value).toHaveValue("");

  // A second value for the same day is refused until the person says to replace it.
  await value.fill("24");
  await page.getByRole("button", { name: "Record Paying customers" }).click();
  await expect(page.getByText("Paying customers already has 12 customers for")).toBeVisible();
  await page.getByLabel("Replace the recorded value").check();
  await page.getByRole("button", { name: "Record Paying customers" }).click();
  // 24 today, yet one value entered today sustains nothing: the week has not ended.
  await expect(page.getByText("This week counts once it ends on")).toBeVisible();
  await expect(page.getByText("HOLD · Keep it simple")).toBeVisible();

  // The evidence for a whole week: last week's reading.
  const today = await page.getByLabel("Date").inputValue();
  const weekAgo = new Date(Date.parse(`${today}T00:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("Date").fill(weekAgo);
  await value.fill("22");
  await page.getByRole("button", { name: "Record Paying customers" }).click();
  await expect(page.getByText("READY · Evidence met — decide")).toBeVisible();
  await expect(page.getByText("Paying customers has been ≥ 20 customers for 1 full week, meeting the 1 required (now 24 customers).")).toBeVisible();

  await page.locator("#decision-rationale").fill("24 paying customers: the evidence now demands growth-stage work.");
  await page.getByRole("button", { name: "Open the gate" }).click();
  await expect(page.getByText("OPEN · Scaling")).toBeVisible();
  await expect(page.getByText("Growth stage")).toBeVisible();
  await expect(page.getByText("“24 paying customers: the evidence now demands growth-stage work.”")).toBeVisible();
});

test("an investor update is composed, published, sent to current investors and opened from the email, shared by link and revoked", async ({ page, browser }) => {
  const team = await newTeamWithProduct(page, "Gina Gatekeeper", `Gate ${Date.now()}`);
  await page.goto(`${team}/updates`);
  await page.getByLabel("Title").fill("Invoicing — first update");
  await page.getByRole("button", { name: "Compose from the evidence" }).click();
  await expect(page.getByText("Draft — evidence is live until you publish")).toBeVisible();
  await page.getByRole("textbox", { name: "Highlights" }).fill("- Three paying customers from our network.");
  await page.getByRole("textbox", { name: "Lowlights" }).fill("- Runway is nine months.");
  await page.getByRole("checkbox", { name: "Lowlights" }).check();
  await page.getByRole("textbox", { name: "Asks" }).fill("- Intros to accountants.");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("article").getByText("Current investors only")).toBeVisible();
  // The narrative is Markdown: the "- " lines are a list.
  await expect(page.getByRole("article").getByRole("listitem").filter({ hasText: "Three paying customers from our network." })).toBeVisible();
  // Publishing goes through the preview: the update exactly as recipients will see it.
  await page.getByRole("link", { name: "Preview and publish…" }).click();
  await expect(page.getByText("This is the update exactly as its recipients will see it.")).toBeVisible();
  await expect(page.getByRole("article").getByRole("listitem").filter({ hasText: "Intros to accountants." })).toBeVisible();
  await page.getByRole("button", { name: "Publish it as it is" }).click();
  await expect(page.getByText("Published — frozen")).toBeVisible();
  const updateUrl = page.url();

  // The investor list: a current investor and a prospect.
  await page.getByRole("link", { name: "Add the people who get your updates" }).click();
  await expect(page.getByRole("heading", { name: "Investor list" })).toBeVisible();
  const investorEmail = uniqueEmail("nia");
  await page.getByLabel("Name", { exact: true }).fill("Nia Investor");
  await page.getByLabel("Email").fill(investorEmail);
  await page.getByLabel("Group", { exact: true }).selectOption("CURRENT");
  await page.getByRole("button", { name: "Add to the list" }).click();
  await expect(page.getByRole("heading", { name: "Current investors (1)" })).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill("Pete Prospect");
  await page.getByLabel("Email").fill(uniqueEmail("pete"));
  await page.getByLabel("Group", { exact: true }).selectOption("PROSPECT");
  await page.getByRole("button", { name: "Add to the list" }).click();
  await expect(page.getByRole("heading", { name: "Prospects (1)" })).toBeVisible();

  // Sent to the current investors only: one email, with a personal link.
  await page.goto(updateUrl);
  await page.getByRole("checkbox", { name: /Current investors/ }).check();
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.getByText("Sent to 1 person.")).toBeVisible();
  await expect(page.getByText("Opened by 0: a person's link was followed.")).toBeVisible();
  const mail = await waitForMail(page, investorEmail, /first update/);
  expect(mail.text).toContain("Runway is nine months.");
  const personal = linkIn(mail, "/u/");

  // The investor opens it signed out; the founder sees that they did.
  const inbox = await browser.newContext();
  const investor = await inbox.newPage();
  expect((await investor.goto(personal))?.status()).toBe(200);
  await expect(investor.getByRole("heading", { name: "Invoicing — first update" })).toBeVisible();
  await expect(investor.getByText("Runway is nine months.")).toBeVisible();
  await expect(investor.getByText(/Sent to Nia Investor/)).toBeVisible();
  await investor.getByRole("link", { name: "Every update sent to you" }).click();
  await expect(investor.getByRole("link", { name: "Invoicing — first update" })).toBeVisible();
  await inbox.close();
  await page.reload();
  await expect(page.getByText("Opened by 1: a person's link was followed.")).toBeVisible();
  await expect(page.locator("li", { hasText: "Nia Investor" })).toContainText(/Opened \d{1,2} [A-Z][a-z]{2} \d{4}/);

  await page.getByRole("button", { name: "Create link" }).click();
  const shareUrl = await page.getByLabel("Share link").inputValue();
  expect(shareUrl).toMatch(/\/share\/[a-z2-7]+$/);
  await expect(page.getByRole("button", { name: "Copy" })).toBeVisible();
  await expect(page.getByText(/It works until \d{1,2} [A-Z][a-z]{2} \d{4}\./)).toBeVisible();

  // Anyone holding the link sees the update, read-only, without an account.
  const stranger = await browser.newContext();
  const reader = await stranger.newPage();
  const shown = await reader.goto(shareUrl);
  expect(shown?.status()).toBe(200);
  await expect(reader.getByRole("heading", { name: "Invoicing — first update" })).toBeVisible();
  await expect(reader.getByText("Intros to accountants.")).toBeVisible();
  await expect(reader.getByText(/this link works until \d{1,2} [A-Z][a-z]{2} \d{4}/)).toBeVisible();
  await expect(reader.getByRole("button")).toHaveCount(0);

  await page.reload();
  await page.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByText("No active links.")).toBeVisible();
  const revoked = await reader.goto(shareUrl);
  expect(revoked?.status()).toBe(404);
  await stranger.close();
});
