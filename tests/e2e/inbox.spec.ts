/**
 * Mentions and the inbox in the browser, on the demo team: typing "@" in a comment offers the
 * team's members (a combobox: ↑/↓ move, Enter or Tab insert, Esc closes, a click picks), the
 * comment posts with the mention marked, and the person mentioned sees the bell's count, opens
 * the inbox and the entry, which lands on the comment and is read from then on.
 */
import { expect, test, type Page } from "@playwright/test";

const TEAM = "/t/ledgerly";
const PASSWORD = "evidence-first";
const SAM = "sam@ledgerly.example";
const PRIYA = "priya@ledgerly.example";

async function signIn(page: Page, email: string) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`${TEAM}$`));
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin$/);
}

/** The sidebar's bell: its name carries the count ("Inbox, 3 unread"). */
const bell = (page: Page) => page.getByRole("link", { name: /^Inbox(, \d+ unread)?$/ });

/** The comment box once the page is live: the plain textarea becomes a combobox. */
async function commentBox(page: Page) {
  const box = page.getByRole("combobox", { name: "Comment" });
  await expect(box).toBeVisible();
  return box;
}

test.describe("mentions and the inbox", () => {
  test("@ offers the members, the keyboard picks one, and the person mentioned finds it in their inbox", async ({ page }) => {
    // Priya starts with nothing unread, so the count that follows is this mention's.
    await signIn(page, PRIYA);
    await page.goto(`${TEAM}/inbox`);
    const markAll = page.getByRole("button", { name: "Mark all as read" });
    if (await markAll.isVisible()) await markAll.click();
    await expect(bell(page)).toHaveAccessibleName("Inbox");
    await signOut(page);

    await signIn(page, SAM);
    await page.goto(`${TEAM}/experiments/E-1`);
    const box = await commentBox(page);
    await expect(box).toHaveAttribute("aria-expanded", "false");
    await box.click();
    await box.pressSequentially("Can you double-check the interview notes, @");

    const listbox = page.locator(`[id="${await box.getAttribute("aria-controls")}"]`);
    await expect(listbox).toHaveAttribute("role", "listbox");
    await expect(listbox).toBeVisible();
    await expect(box).toHaveAttribute("aria-expanded", "true");
    // Everyone but the writer, by name; the first is highlighted.
    await expect(listbox.getByRole("option")).toHaveText([/Maya Okafor$/, /Priya Raman$/]);
    const maya = listbox.getByRole("option", { name: "Maya Okafor" });
    const priya = listbox.getByRole("option", { name: "Priya Raman" });
    await expect(maya).toHaveAttribute("aria-selected", "true");
    await expect(box).toHaveAttribute("aria-activedescendant", (await maya.getAttribute("id"))!);

    // ↓ moves to Priya, ↑ back and ↓ again; Enter inserts her full name and a space.
    await page.keyboard.press("ArrowDown");
    await expect(priya).toHaveAttribute("aria-selected", "true");
    await expect(box).toHaveAttribute("aria-activedescendant", (await priya.getAttribute("id"))!);
    await page.keyboard.press("ArrowUp");
    await expect(maya).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await expect(box).toHaveValue("Can you double-check the interview notes, @Priya Raman ");
    await expect(listbox).toBeHidden();
    await expect(box).toHaveAttribute("aria-expanded", "false");
    await box.pressSequentially("before Monday?");
    await page.getByRole("button", { name: "Comment", exact: true }).click();

    // The comment shows the mention marked; the box is empty again.
    const posted = page.locator("#comments li").filter({ hasText: "before Monday?" });
    await expect(posted).toBeVisible();
    await expect(posted.locator("span", { hasText: "@Priya Raman" })).toBeVisible();
    await expect(box).toHaveValue("");
    await signOut(page);

    await signIn(page, PRIYA);
    await expect(bell(page)).toHaveAccessibleName("Inbox, 1 unread");
    await expect(bell(page).getByTestId("inbox-count")).toHaveText("1");
    await bell(page).click();
    await expect(page).toHaveURL(new RegExp(`${TEAM}/inbox$`));
    await expect(page.getByRole("heading", { name: "Inbox", level: 1 })).toBeVisible();
    const entry = page.getByRole("listitem").filter({ hasText: "Sam Lindqvist mentioned Priya Raman on E-1" });
    await expect(entry).toBeVisible();
    await expect(entry.locator("blockquote")).toContainText("@Priya Raman before Monday?");
    await entry.getByRole("button", { name: /^E-1 · / }).click();

    await expect(page).toHaveURL(new RegExp(`${TEAM}/experiments/E-1#comments$`));
    await expect(page.locator("#comments li").filter({ hasText: "before Monday?" })).toBeVisible();
    await expect(bell(page)).toHaveAccessibleName("Inbox");
  });

  test("Tab inserts too, Esc closes until the next @, and a click picks a member", async ({ page }) => {
    await signIn(page, SAM);
    await page.goto(`${TEAM}/hypotheses/H-1`);
    const box = await commentBox(page);
    const listbox = page.getByRole("listbox", { name: "Mention a team member" });
    await box.click();

    await box.pressSequentially("@ma");
    await expect(listbox.getByRole("option")).toHaveText([/Maya Okafor$/]);
    await page.keyboard.press("Tab");
    await expect(box).toHaveValue("@Maya Okafor ");
    await expect(box).toBeFocused();

    await box.pressSequentially("and @");
    await expect(listbox).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(listbox).toBeHidden();
    await box.pressSequentially("p");
    await expect(listbox).toBeHidden();

    await box.pressSequentially(" or @r");
    await expect(listbox.getByRole("option")).toHaveText([/Priya Raman$/]);
    await listbox.getByRole("option", { name: "Priya Raman" }).click();
    await expect(box).toHaveValue("@Maya Okafor and @p or @Priya Raman ");
    await expect(box).toBeFocused();
    await expect(listbox).toBeHidden();
  });
});
