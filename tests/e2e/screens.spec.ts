/**
 * Small screens that must not contradict themselves: a missing page inside a team keeps the
 * team's navigation; the experiment form asks for a unit only where one means something; the
 * evidence import's preview names strengths and shows the verdict the import would produce; a
 * filter bar's actions line up; dates read one way, the same on the server and in the browser.
 */
import { expect, test, type Page } from "@playwright/test";

const DEMO = { email: "maya@ledgerly.example", password: "evidence-first" };
const TEAM = "/t/ledgerly";

async function signIn(page: Page) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(DEMO.email);
  await page.getByLabel("Password").fill(DEMO.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`${TEAM}$`));
}

/** Hydration mismatches and other errors the browser reports while a test runs. */
function consoleErrors(page: Page) {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

test.describe("a page that is not there", () => {
  test("inside a team, it is a 404 inside the team's shell, with ways back", async ({ page }) => {
    await signIn(page);

    const experiment = await page.goto(`${TEAM}/experiments/E-999`);
    expect(experiment?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    const nav = page.getByRole("navigation", { name: "Team" });
    await expect(nav.getByRole("link", { name: "Experiments" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Hypotheses" })).toBeVisible();
    await expect(page.getByText("There is no such page in Ledgerly.")).toBeVisible();
    await page.getByRole("link", { name: "Back to Experiments" }).click();
    await expect(page).toHaveURL(new RegExp(`${TEAM}/experiments$`));
    await expect(page.getByRole("heading", { name: "Experiments", level: 1 })).toBeVisible();

    const nonsense = await page.goto(`${TEAM}/nonsense`);
    expect(nonsense?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Team" }).getByRole("link", { name: "Dashboard" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Back to" })).toHaveCount(0);
    await page.getByRole("link", { name: "Go to the dashboard" }).click();
    await expect(page).toHaveURL(new RegExp(`${TEAM}$`));
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();

    // Deeper unknown addresses under a real page are the same.
    const deeper = await page.goto(`${TEAM}/hypotheses/H-1/nonsense`);
    expect(deeper?.status()).toBe(404);
    await expect(page.getByRole("link", { name: "Back to Hypotheses" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Team" })).toBeVisible();
  });

  test("signed out, a team address asks to sign in and an unknown one is a plain 404 with ways in", async ({ page }) => {
    await page.goto(`${TEAM}/nonsense`);
    await expect(page).toHaveURL(/\/signin/);

    const unknown = await page.goto("/no/such/page");
    expect(unknown?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Team" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Go to Evident" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Your teams" })).toBeVisible();
  });
});

test.describe("the experiment form's unit", () => {
  test("is hidden for a rate and shown for a count or a mean, as the kind changes", async ({ page }) => {
    await signIn(page);
    await page.goto(`${TEAM}/experiments/new`);
    const kind = page.getByLabel("Measured as");
    await expect(kind).toHaveValue("RATE");
    await expect(page.getByLabel("Unit")).toBeHidden();
    await kind.selectOption("COUNT");
    await expect(page.getByLabel("Unit")).toBeVisible();
    await kind.selectOption("MEAN");
    await expect(page.getByLabel("Unit")).toBeVisible();
    await kind.selectOption("RATE");
    await expect(page.getByLabel("Unit")).toBeHidden();
  });

  test("the kind's options are read whole, not cut off", async ({ page }) => {
    await signIn(page);
    for (const width of [1440, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${TEAM}/experiments/new`);
      const kind = page.getByLabel("Measured as");
      for (const value of ["RATE", "COUNT", "MEAN"]) {
        await kind.selectOption(value);
        // The select is at least as wide as the text of the option it shows.
        const fits = await kind.evaluate((select: HTMLSelectElement) => {
          const probe = document.createElement("span");
          probe.textContent = select.selectedOptions[0].textContent;
          probe.style.cssText = `position:absolute;visibility:hidden;white-space:nowrap;font:${getComputedStyle(select).font}`;
          document.body.append(probe);
          const text = probe.getBoundingClientRect().width;
          probe.remove();
          const style = getComputedStyle(select);
          const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
          return { text, room };
        });
        expect(fits.text, `${value} at ${width} px`).toBeLessThanOrEqual(fits.room);
      }
    }
  });

  test("works without JavaScript: hidden for a rate, and a rate saved with a unit typed earlier keeps none", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page);
    await page.goto(`${TEAM}/experiments/new`);
    await expect(page.getByLabel("Unit")).toBeHidden();
    await page.getByLabel("Hypothesis it tests").selectOption({ index: 1 });
    await page.getByLabel("Title").fill("Unit-free rate");
    await page.getByLabel("Method").selectOption("FAKE_DOOR");
    await page.getByLabel("Metric").fill("Signed up");
    await page.getByLabel("Measured as").selectOption("COUNT");
    await expect(page.getByLabel("Unit")).toBeVisible();
    await page.getByLabel("Unit").fill("visitors");
    await page.getByLabel("Measured as").selectOption("RATE");
    await expect(page.getByLabel("Unit")).toBeHidden();
    await page.getByLabel("Target").fill("10");
    await page.getByRole("button", { name: "Save as draft" }).click();
    await expect(page.getByRole("heading", { name: /· Unit-free rate/ })).toBeVisible();
    const card = page.getByRole("region", { name: "Test card" });
    await expect(card).toContainText("Signed up ≥ 10.0 %");
    await expect(card).not.toContainText("visitors");
    await context.close();
  });
});

test("the evidence import's preview names each strength and shows the verdict after the import", async ({ page }) => {
  await signIn(page);
  // E-7, the client-portal fake door: a running RATE experiment at about 10 % against ≥ 10 %, too early to call.
  await page.goto(`${TEAM}/experiments/E-7/import`);
  const today = new Date().toISOString().slice(0, 10);
  const csv = `observed_on,successes,trials,note,strength\r\n${today},300,1000,Menu click-through,did\r\n${today},2,4,Said they would use it,1\r\n`;
  await page.getByRole("button", { name: "CSV file" }).setInputFiles({ name: "portal.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Check the file" }).click();

  const preview = page.getByRole("region", { name: /Preview: 2 rows from portal\.csv/ });
  await expect(preview).toBeVisible();
  const rows = preview.locator("tbody tr");
  await expect(rows.nth(0).locator("td").last()).toHaveText("Did");
  await expect(rows.nth(1).locator("td").last()).toHaveText("Said");
  await expect(preview.getByRole("columnheader").last()).toHaveText("Strength");

  const verdict = page.getByRole("region", { name: "Verdict after the import" });
  await expect(verdict).toBeVisible();
  await expect(verdict).toContainText("Met");
  await expect(verdict).toContainText(/1,\d{3}/); // the trials after the import, the experiment's own and the file's
  const now = page.getByRole("region", { name: "Verdict now" });
  await expect(now).toContainText("Too early");
  await expect(now).toContainText("This import changes the verdict.");
  await expect(page.getByRole("button", { name: "Import 2 rows" })).toBeVisible();
});

test.describe("filter bars", () => {
  for (const width of [1440, 390]) {
    test(`Apply and Clear filters line up at ${width} px`, async ({ page }) => {
      await signIn(page);
      await page.setViewportSize({ width, height: 900 });
      for (const path of [`${TEAM}/hypotheses?status=UNTESTED`, `${TEAM}/experiments?status=RUNNING`]) {
        await page.goto(path);
        const apply = await page.getByRole("button", { name: "Apply" }).boundingBox();
        const clear = await page.getByRole("link", { name: "Clear filters" }).boundingBox();
        expect(apply && clear, path).toBeTruthy();
        expect(Math.abs(apply!.y - clear!.y), `${path}: tops`).toBeLessThanOrEqual(1);
        expect(Math.abs(apply!.y + apply!.height - (clear!.y + clear!.height)), `${path}: bottoms`).toBeLessThanOrEqual(1);
        // The actions sit at the foot of the controls beside them.
        const select = await page.getByLabel("Status").boundingBox();
        if (select && Math.abs(select.y - apply!.y) < select.height) {
          expect(Math.abs(select.y + select.height - (apply!.y + apply!.height)), `${path}: with the controls`).toBeLessThanOrEqual(1);
        }
      }
    });
  }
});

test("dates read as one absolute date, with how long ago on hover, and hydrate without a mismatch", async ({ page }) => {
  const errors = consoleErrors(page);
  await signIn(page);
  await page.goto(`${TEAM}/activity`);
  const first = page.locator("main time").first();
  await expect(first).toHaveText(/^\d{1,2} [A-Z][a-z]{2} \d{4}$/);
  await expect(first).toHaveAttribute("datetime", /^\d{4}-\d{2}-\d{2}T/);
  await expect(first).toHaveAttribute("title", /(ago|just now|yesterday) · \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC$/);

  await page.goto(`${TEAM}/experiments/E-7`);
  await expect(page.getByRole("region", { name: "Test card" })).toBeVisible();
  const observed = page
    .getByRole("region", { name: /^Evidence/ })
    .locator("table time")
    .first();
  await expect(observed).toHaveText(/^\d{1,2} [A-Z][a-z]{2} \d{4}$/);
  await expect(observed).toHaveAttribute("datetime", /^\d{4}-\d{2}-\d{2}$/);
  await page.waitForLoadState("networkidle");
  expect(errors.filter((text) => /hydrat|did not match|server rendered/i.test(text))).toEqual([]);
});
