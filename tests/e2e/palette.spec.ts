/**
 * The command palette on the demo team's pages: Ctrl-K / ⌘-K opens it from anywhere, typing
 * searches what the team wrote, ↑/↓ and Enter open an item or an action, and Esc gives the focus
 * back to where it was. Without JavaScript the sidebar offers a plain search form instead.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";

const DEMO = { email: "maya@ledgerly.example", password: "evidence-first" };
const TEAM = "/t/ledgerly";

async function signIn(page: Page) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(DEMO.email);
  await page.getByLabel("Password").fill(DEMO.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`${TEAM}$`));
}

/** Goes to a team page and waits until it is live (the sidebar's trigger replaces the no-script form). */
async function visit(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByRole("button", { name: "Search…" })).toBeVisible();
}

const palette = (page: Page) => page.getByRole("dialog", { name: "Search and commands" });

/** Presses ↓ until `option` is the highlighted one, as a person would. */
async function highlight(page: Page, option: Locator) {
  const input = palette(page).getByRole("combobox");
  for (let presses = 0; presses < 30 && (await option.getAttribute("aria-selected")) !== "true"; presses++) await page.keyboard.press("ArrowDown");
  await expect(option).toHaveAttribute("aria-selected", "true");
  await expect(input).toHaveAttribute("aria-activedescendant", (await option.getAttribute("id"))!);
}

test.describe("command palette", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page);
  });

  test("Control+K, a word of a hypothesis, ↓ and Enter open the hypothesis", async ({ page }) => {
    await visit(page, `${TEAM}/experiments`);
    await page.keyboard.press("Control+K");
    const dialog = palette(page);
    const input = dialog.getByRole("combobox");
    await expect(input).toBeFocused();
    await expect(input).toHaveAttribute("aria-expanded", "true");
    const listbox = page.locator(`[id="${await input.getAttribute("aria-controls")}"]`);
    await expect(listbox).toHaveAttribute("role", "listbox");

    await input.pressSequentially("spreadsheets");
    const hypothesis = listbox.getByRole("option", { name: /H-11 Small businesses will leave their spreadsheets/ });
    await expect(hypothesis).toBeVisible();
    // Grouped by type, under the group's label; the matched word is marked.
    await expect(listbox.getByRole("group", { name: "Hypotheses" }).getByRole("option", { name: /H-11/ })).toBeVisible();
    await expect(hypothesis.locator("mark").first()).toBeVisible();

    await highlight(page, hypothesis);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`${TEAM}/hypotheses/H-11$`));
    await expect(dialog).toBeHidden();
  });

  test("Meta+K, a word of an experiment, ↓ and Enter open the experiment", async ({ page }) => {
    await visit(page, TEAM);
    await page.keyboard.press("Meta+K");
    const input = palette(page).getByRole("combobox");
    await expect(input).toBeFocused();
    await input.pressSequentially("concierge");
    const experiment = palette(page).getByRole("option", { name: /E-8 Concierge bank reconciliation/ });
    await highlight(page, experiment);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`${TEAM}/experiments/E-8$`));
    await expect(page.getByRole("heading", { name: /E-8 · Concierge bank reconciliation/ })).toBeVisible();
  });

  test("Esc closes and gives the focus back, also to a text field the shortcut was pressed in", async ({ page }) => {
    await visit(page, `${TEAM}/hypotheses/new`);
    const link = page.getByRole("navigation", { name: "Team" }).getByRole("link", { name: "Gate" });
    await link.focus();
    await page.keyboard.press("Control+K");
    await expect(palette(page).getByRole("combobox")).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(palette(page)).toBeHidden();
    await expect(link).toBeFocused();

    // From inside a text field too; a plain "/" there is just a character.
    const statement = page.getByLabel("We believe that…");
    await statement.click();
    await page.keyboard.type("Bakers / florists");
    await expect(palette(page)).toBeHidden();
    await page.keyboard.press("Control+K");
    await expect(palette(page)).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(statement).toBeFocused();
    await expect(statement).toHaveValue("Bakers / florists");
  });

  test("focus stays inside while open; the close button and the backdrop close it", async ({ page }) => {
    await visit(page, TEAM);
    const trigger = page.getByRole("button", { name: "Search…" });
    await trigger.click();
    const dialog = palette(page);
    const input = dialog.getByRole("combobox");
    const close = dialog.getByRole("button", { name: "Close" });
    await expect(input).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(close).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(input).toBeFocused();
    await page.keyboard.press("Shift+Tab");
    await expect(close).toBeFocused();
    await close.click();
    await expect(dialog).toBeHidden();
    await expect(trigger).toBeFocused();

    await trigger.click();
    await expect(dialog).toBeVisible();
    await page.mouse.click(5, 5);
    await expect(dialog).toBeHidden();
  });

  test("an action by keyboard: Go to gate, from the list and by typing", async ({ page }) => {
    await visit(page, `${TEAM}/experiments`);
    await page.keyboard.press("Control+K");
    // With nothing typed: recently changed items and the actions.
    const dialog = palette(page);
    await expect(dialog.getByRole("group", { name: "Recently changed" }).getByRole("option").first()).toBeVisible();
    const actions = dialog.getByRole("group", { name: "Actions" });
    const names = await actions.getByRole("option").evaluateAll((options) => options.map((option) => option.querySelector("span:not([aria-hidden])")?.textContent));
    expect(names).toEqual(["New hypothesis", "New experiment", "Go to gate", "Go to review", "Go to learnings", "Go to updates", "Go to settings"]);
    await highlight(page, actions.getByRole("option", { name: "Go to gate" }));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`${TEAM}/gate`));
    await expect(dialog).toBeHidden();

    await visit(page, `${TEAM}/experiments`);
    await page.keyboard.press("Control+K");
    await page.keyboard.type("go to rev");
    await expect(dialog.getByRole("option", { name: "Go to review" })).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`${TEAM}/review`));
  });

  test("Log evidence on E-7 opens the experiment at its evidence form", async ({ page }) => {
    await visit(page, TEAM);
    await page.keyboard.press("Control+K");
    await page.keyboard.type("log evidence on e7");
    const action = palette(page).getByRole("option", { name: "Log evidence on E-7" });
    await expect(action).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`${TEAM}/experiments/E-7#log-evidence$`));
    await expect(page.getByRole("textbox", { name: "Date", exact: true })).toBeFocused();
  });

  test("Enter on the last option opens the search page with the query", async ({ page }) => {
    await visit(page, TEAM);
    await page.keyboard.press("Control+K");
    await page.keyboard.type("invoice");
    const all = palette(page).getByRole("option", { name: "See all results for “invoice”" });
    await page.keyboard.press("ArrowUp");
    await expect(all).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`${TEAM}/search\\?q=invoice$`));
  });

  test("the open palette passes axe, in light and dark", async ({ page }) => {
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      await visit(page, TEAM);
      await page.keyboard.press("Control+K");
      await page.keyboard.type("invoice");
      await expect(palette(page).getByRole("group").nth(1)).toBeVisible();
      const results = await new AxeBuilder({ page }).include("dialog").withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      const serious = results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
      expect(serious.map((violation) => `${violation.id}: ${violation.help} — ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`)).toEqual([]);
      await page.keyboard.press("Escape");
    }
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the sidebar offers a search form to the search page", async ({ page }) => {
    await signIn(page);
    await page.goto(`${TEAM}/experiments`);
    const form = page.getByRole("search", { name: "Search the team" });
    await form.getByRole("searchbox", { name: "Search" }).fill("concierge");
    await form.getByRole("searchbox", { name: "Search" }).press("Enter");
    await expect(page).toHaveURL(new RegExp(`${TEAM}/search\\?q=concierge$`));
    await expect(page.getByRole("link", { name: /Concierge bank reconciliation/ }).first()).toBeVisible();
  });
});
