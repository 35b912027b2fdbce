/**
 * The learning library on the demo team: reached from the sidebar, filtered with its filter bar
 * (with and without JavaScript), "changed our mind" leading to the cards it counts, readable at
 * phone and desktop widths, and free of serious accessibility problems in both colour schemes.
 *
 * The demo's four learning cards: E-1 met · persevere, E-2 not met · pivot, E-3 met · persevere,
 * E-4 too early · retest.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";

const DEMO = { email: "maya@ledgerly.example", password: "evidence-first" };
const TEAM = "/t/ledgerly";

const CARDS = {
  "E-1": "Problem interviews with 20 freelancers",
  "E-2": "Unmoderated first-invoice test",
  "E-3": "Founding-customer pre-sale",
  "E-4": "Reminder A/B on founding customers",
} as const;

async function signIn(page: Page) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(DEMO.email);
  await page.getByLabel("Password").fill(DEMO.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`${TEAM}$`));
}

/** The card headings on the page, in order ("E-4 Reminder A/B on founding customers", …). */
function cardHeadings(page: Page) {
  return page.getByRole("list", { name: "Learning cards, newest first" }).getByRole("heading", { level: 2 });
}

const headingsOf = (...keys: (keyof typeof CARDS)[]) => keys.map((key) => `${key} ${CARDS[key]}`);

/** One signed-in page for the tests that only look (signing in for each would be slow). */
let shared: Page | null = null;
async function signedInPage(browser: Browser) {
  if (!shared) {
    shared = await (await browser.newContext()).newPage();
    await signIn(shared);
  }
  return shared;
}

test.afterAll(async () => {
  await shared?.context().close();
});

test("opens from the sidebar and narrows as filters are picked", async ({ browser }) => {
  const page = await signedInPage(browser);
  await page.goto(TEAM);
  await page.getByRole("link", { name: "Learnings", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Learnings", level: 1 })).toBeVisible();
  await expect(cardHeadings(page)).toHaveText(headingsOf("E-4", "E-3", "E-2", "E-1"));

  // Each card says what it was judged against and what was decided.
  const pivot = page.getByRole("article", { name: `E-2 ${CARDS["E-2"]}` });
  await expect(pivot.getByText("Not met against Completed first invoice unaided ≥ 80.0 %")).toBeVisible();
  await expect(pivot.getByText("Decision: Pivot")).toBeVisible();
  await expect(pivot.getByText("Asking for tax details before the first invoice blocks new users.")).toBeVisible();

  await page.getByLabel("Decision").selectOption({ label: "Pivot" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/decision=PIVOT/);
  await expect(cardHeadings(page)).toHaveText(headingsOf("E-2"));

  // Another filter on top: nothing both pivoted and persevered.
  await page.getByLabel("Decision").selectOption({ label: "Persevere" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(cardHeadings(page)).toHaveText(headingsOf("E-3", "E-1"));
  await page.getByLabel("Outcome").selectOption({ label: "Inconclusive" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText("No learning cards match these filters.")).toBeVisible();
  await expect(cardHeadings(page)).toHaveCount(0);

  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(new RegExp(`${TEAM}/learnings$`));
  await expect(cardHeadings(page)).toHaveCount(4);
  // The filters say what the list shows.
  await expect(page.getByLabel("Decision")).toHaveValue("");
  await expect(page.getByLabel("Outcome")).toHaveValue("");
});

test("changed our mind leads to the pivots and kills it counts, and a card to its evidence", async ({ browser }) => {
  const page = await signedInPage(browser);
  await page.goto(`${TEAM}/learnings`);
  const summary = page.getByRole("region", { name: "Changed our mind" });
  await expect(summary).toContainText("1 of 4 decisions changed our mind");
  await summary.getByRole("link", { name: /Show the pivots and kills of Q[1-4] \d{4}/ }).click();
  await expect(page).toHaveURL(/decision=CHANGED&period=\d{4}-Q[1-4]/);
  await expect(page.getByLabel("Decision")).toHaveValue("CHANGED");
  await expect(cardHeadings(page)).toHaveText(headingsOf("E-2"));

  await page.getByRole("link", { name: "See the evidence (3 observations) of E-2" }).click();
  await expect(page).toHaveURL(new RegExp(`${TEAM}/experiments/E-2#evidence$`));
  await expect(page.getByRole("heading", { name: "Evidence (3)" })).toBeVisible();
});

test("filters without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page);
  await page.goto(`${TEAM}/learnings`);
  await page.getByLabel("Outcome").selectOption("VALIDATED");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/outcome=VALIDATED/);
  await expect(cardHeadings(page)).toHaveText(headingsOf("E-3", "E-1"));
  await expect(page.getByText("Validated: the criterion was met and the team persevered.")).toBeVisible();
  await context.close();
});

test("fits a phone and a desktop, and has no serious accessibility problem in either colour scheme", async ({ browser }) => {
  const page = await signedInPage(browser);
  for (const width of [390, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    for (const path of [`${TEAM}/learnings`, `${TEAM}/learnings?outcome=VALIDATED&decision=PERSEVERE`]) {
      await page.goto(path);
      const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(sideways, `${path} at ${width} px scrolls sideways`).toBe(0);
    }
  }
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.goto(`${TEAM}/learnings`);
    await page.waitForLoadState("networkidle");
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const blocking = results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
    expect(
      blocking.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`),
      colorScheme
    ).toEqual([]);
  }
});
