/**
 * Webhooks in the browser: an owner adds an endpoint with the keyboard alone (a private address
 * is refused under its field first), sees it listed, opens it, sends a test event and finds it in
 * the delivery log, opened to its attempts and body; the secret shows on request. Both pages pass
 * axe in the light and the dark colour scheme.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { newTeamWithProduct } from "./helpers";

const ADDRESS = "https://93.184.216.34/hooks/evident";

async function noSeriousViolations(page: Page) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const blocking = results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
    expect(blocking.map((violation) => `${scheme}: ${violation.id} ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`)).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

test("add an endpoint with the keyboard, open it, send a test event and see it in the log", async ({ page }) => {
  // Signing up, two pages checked by axe in two colour schemes: more than the default minute on a busy machine.
  test.setTimeout(150_000);
  const team = await newTeamWithProduct(page, "Wes Webhooks", `Webhooks ${Date.now()}`);
  await page.goto(`${team}/settings`);
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Webhooks" }).click();
  await expect(page).toHaveURL(new RegExp(`${team}/settings/webhooks$`));
  await expect(page.getByText("No webhook endpoints yet.")).toBeVisible();
  await noSeriousViolations(page);

  const address = page.getByLabel("Address");
  await page.getByRole("checkbox", { name: /Experiment concluded/ }).focus();
  await page.keyboard.press("Space");
  // The test server runs as in production, unless someone allowed private receivers for it.
  if (!process.env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES) {
    await address.focus();
    await page.keyboard.type("http://127.0.0.1:9/x");
    await page.getByRole("button", { name: "Add endpoint" }).focus();
    await page.keyboard.press("Enter");
    await expect(page.getByText("127.0.0.1 is a private, loopback or link-local address; Evident does not send webhooks there.")).toBeVisible();
    // Focus lands on the field to fix, which keeps what was typed, and the box stays ticked.
    await expect(address).toBeFocused();
    await expect(address).toHaveAttribute("aria-invalid", "true");
    await expect(address).toHaveValue("http://127.0.0.1:9/x");
    await expect(page.getByRole("checkbox", { name: /Experiment concluded/ })).toBeChecked();
    await page.keyboard.press("ControlOrMeta+a");
  } else {
    await address.focus();
  }
  await page.keyboard.type(ADDRESS);
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Description")).toBeFocused();
  await page.keyboard.type("Product channel relay");
  // The format: Standard Webhooks is chosen; arrow keys move within the group.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("radio", { name: /Standard Webhooks/ })).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("radio", { name: /Slack incoming webhook/ })).toBeChecked();
  await page.keyboard.press("ArrowLeft");
  await expect(page.getByRole("radio", { name: /Standard Webhooks/ })).toBeChecked();
  for (const name of [/Experiment started/, /Verdict reached/]) {
    await page.getByRole("checkbox", { name }).focus();
    await page.keyboard.press("Space");
  }
  await page.getByRole("button", { name: "Add endpoint" }).focus();
  await page.keyboard.press("Enter");

  await expect(page.getByText("Added the endpoint for 93.184.216.34/hooks/evident.")).toBeVisible();
  const row = page.getByRole("row", { name: /93\.184\.216\.34\/hooks\/evident/ });
  await expect(row).toContainText("Product channel relay");
  await expect(row).toContainText("Signed JSON");
  await expect(row).toContainText("3 events");
  await expect(row).toContainText("On");
  await expect(row).toContainText("Nothing sent yet");
  // The form emptied itself after saving.
  await expect(page.getByLabel("Address")).toHaveValue("");

  await row.getByRole("link", { name: "93.184.216.34/hooks/evident" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "93.184.216.34/hooks/evident" })).toBeVisible();
  await expect(page.getByText("Nothing sent yet.")).toBeVisible();

  await page.getByRole("button", { name: "Send test event" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByText("Test event queued.")).toBeVisible();
  const log = page.getByRole("list", { name: "Deliveries, newest first" });
  const entry = log.getByRole("listitem").first();
  await expect(entry).toContainText("Test event");
  await expect(entry).toContainText(/Queued|Sending|Retrying at|Delivered|Failed/);
  // Opened with the keyboard: its attempts and the signed JSON body.
  await entry.locator("summary").focus();
  await page.keyboard.press("Enter");
  await expect(entry.getByRole("heading", { name: "Attempts" })).toBeVisible();
  await expect(entry.getByLabel(/Body of the Test event delivery/)).toContainText('"type": "webhook.test"');
  await noSeriousViolations(page);

  // The secret, on request.
  await page.getByRole("link", { name: "Show secret" }).click();
  await expect(page.getByRole("textbox", { name: "Signing secret" })).toHaveValue(/^whsec_/);
  await expect(page.getByText("new Webhook(secret).verify(body, headers)")).toBeVisible();
});
