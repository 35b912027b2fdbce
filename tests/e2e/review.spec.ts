import { expect, test } from "@playwright/test";
import { newTeamWithProduct, planFakeDoor } from "./helpers";
import { formatDate } from "../../app/utils/dates";

const DAY = 86_400_000;
const todayDateOnly = () => new Date().toISOString().slice(0, 10);
const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

test("a weekly review is run from the agenda: decide in place, present, raise and close action items, record", async ({ page }) => {
  const team = await newTeamWithProduct(page, "Rhea Reviewer", `Review ${Date.now()}`);
  const today = todayDateOnly();

  // A running experiment whose evidence already meets its target.
  await planFakeDoor(page, team);
  await page.getByRole("button", { name: "Start experiment" }).click();
  await page.getByLabel("Successes").fill("30");
  await page.getByLabel("Trials").fill("100");
  await page.getByRole("button", { name: "Log evidence" }).click();
  await expect(page.getByRole("cell", { name: "30 / 100" })).toBeVisible();

  // The agenda carries the verdict, the estimate against the target and a chart.
  await page.goto(`${team}/review`);
  const changed = page.locator("#agenda-verdictChanges li").first();
  await expect(changed.getByText("Met", { exact: false }).first()).toBeVisible();
  await expect(changed.getByText("30.0 %", { exact: true })).toBeVisible();
  await expect(changed.getByText("≥ 10.0 %")).toBeVisible();
  await expect(changed.getByRole("img", { name: /Estimate 30\.0 %, 95 % interval/ })).toBeVisible();

  // Decide in place: a too-early end date is refused beside the field; a later one extends it.
  await changed.getByText("Extend…").click();
  await changed.getByLabel("New end date").fill(addDays(today, 1));
  await changed.getByLabel("Why extend?").fill("Traffic dipped over the holidays.");
  await changed.getByRole("button", { name: "Extend timebox" }).click();
  await expect(page.locator("#agenda-verdictChanges li").first().getByText(/Choose a date after the current end/)).toBeVisible();
  const again = page.locator("#agenda-verdictChanges li").first();
  await again.getByLabel("New end date").fill(addDays(today, 20));
  await again.getByRole("button", { name: "Extend timebox" }).click();
  await expect(page.locator("#agenda-verdictChanges li").first().getByText(`ends ${formatDate(addDays(today, 20))}`)).toBeVisible();

  // An action item about the experiment, owned and due.
  const card = page.locator("#agenda-learningCardsToWrite li").first();
  await card.getByText("Action item…").click();
  await card.getByLabel("Action item").fill("Ask the ten clickers what they expected");
  await card.getByLabel("Owner").selectOption({ label: "Rhea Reviewer" });
  await card.getByLabel("Due").fill(addDays(today, 5));
  await card.getByRole("button", { name: "Add action item" }).click();
  const actions = page.locator("#agenda-actions");
  await expect(actions.getByText("Ask the ten clickers what they expected")).toBeVisible();
  await expect(actions.getByText("raised since the last review")).toBeVisible();

  // Present mode: one item at a time, moved with the keyboard; d decides, Esc closes then leaves.
  await page.getByRole("link", { name: "Present" }).click();
  await expect(page.getByText(/^Item 1 of \d+$/)).toBeVisible();
  await expect(page.getByRole("heading", { name: /E-1 Get-paid-faster fake door/ })).toBeVisible();
  await expect(page.getByText("Verdicts that changed", { exact: true })).toBeVisible();
  await expect(page.getByRole("timer", { name: "Meeting time" })).toBeVisible();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByText(/^Item 2 of \d+$/)).toBeVisible();
  await page.keyboard.press("ArrowLeft");
  await expect(page.getByText(/^Item 1 of \d+$/)).toBeVisible();
  await page.keyboard.press("d");
  await expect(page.getByRole("link", { name: "Conclude…" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("link", { name: "Conclude…" })).toBeHidden();
  await page.keyboard.press("Escape");
  await expect(page).toHaveURL(new RegExp(`${team}/review$`));

  // Record: the review keeps the decision and the action item raised in it.
  await page.getByRole("button", { name: "Record review" }).click();
  await expect(page.getByRole("heading", { name: `Weekly review · ${formatDate(today)}` })).toBeVisible();
  await expect(page.getByText(`extended E-1 to ${addDays(today, 20)}: “Traffic dipped over the holidays.”`)).toBeVisible();
  const raised = page.getByRole("region", { name: "Action items" });
  await expect(raised.getByText("Ask the ten clickers what they expected")).toBeVisible();

  // Next week: the item is carried until done; done, the next review records it as done.
  await page.getByRole("link", { name: "← This week's review" }).click();
  await expect(actions.getByText("carried from an earlier review")).toBeVisible();
  await actions.getByRole("button", { name: "Mark done: Ask the ten clickers what they expected" }).click();
  await expect(actions.getByText("Done since the last review")).toBeVisible();
  await expect(actions.getByText("No open action items.")).toBeVisible();
  await page.getByRole("button", { name: "Record review" }).click();
  await expect(page.getByText("Done (1)")).toBeVisible();
  await expect(page.getByText("Carried, still open (0)")).toBeVisible();
});
