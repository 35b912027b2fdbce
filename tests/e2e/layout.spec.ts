/**
 * Every page of the demo team fits a phone (390 px) and a desktop (1440 px) without sideways
 * scrolling: wide tables scroll inside their card, and nothing pokes out of it.
 */
import { expect, test, type Page } from "@playwright/test";

const DEMO = { email: "maya@ledgerly.example", password: "evidence-first" };
const TEAM = "/t/ledgerly";
const WIDTHS = [390, 1440] as const;

/** Pages reached through the first matching link of a list page, as a person would open them. */
const FIRST_OF: [list: string, pattern: RegExp][] = [
  [`${TEAM}/experiments`, /\/experiments\/E-\d+$/],
  [`${TEAM}/hypotheses`, /\/hypotheses\/H-\d+$/],
  [`${TEAM}/updates`, /\/updates\/(?!investors$)[^/]+$/],
  [`${TEAM}/review`, /\/review\/[^/]+$/],
];

const PAGES = [
  "/",
  TEAM,
  `${TEAM}/hypotheses`,
  `${TEAM}/hypotheses/map`,
  `${TEAM}/hypotheses/new`,
  `${TEAM}/experiments`,
  `${TEAM}/experiments/new`,
  `${TEAM}/gate`,
  `${TEAM}/review`,
  `${TEAM}/review/present`,
  `${TEAM}/updates`,
  `${TEAM}/updates/investors`,
  `${TEAM}/activity`,
  `${TEAM}/learnings`,
  `${TEAM}/search?q=invoices`,
  `${TEAM}/settings`,
  `${TEAM}/settings/members`,
  `${TEAM}/settings/products`,
  `${TEAM}/settings/tokens`,
  `${TEAM}/settings/data`,
  `${TEAM}/settings/trash`,
  "/account",
  "/account/notifications",
  "/docs/api",
];

async function overflow(page: Page, path: string, width: number) {
  await page.setViewportSize({ width, height: 900 });
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(400);
  await page.waitForLoadState("networkidle");
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test("every page of the demo team fits 390 px and 1440 px without sideways scrolling", async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto("/signin");
  await page.getByLabel("Email").fill(DEMO.email);
  await page.getByLabel("Password").fill(DEMO.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`${TEAM}$`));

  const paths = [...PAGES];
  for (const [list, pattern] of FIRST_OF) {
    await page.goto(list);
    const landed = new URL(page.url()).pathname;
    const hrefs = await page.locator("main a[href]").evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
    const found = pattern.test(landed) ? landed : hrefs.find((href) => pattern.test(href));
    expect(found, `a link matching ${pattern} on ${list}`).toBeTruthy();
    paths.push(found!);
  }
  const gate = await page.goto(`${TEAM}/gate`).then(() => new URL(page.url()).pathname);
  paths.push(gate);

  const wide: string[] = [];
  for (const width of WIDTHS) {
    for (const path of paths) {
      const extra = await overflow(page, path, width);
      if (extra > 0) wide.push(`${path} at ${width} px is ${extra} px too wide`);
    }
  }
  expect(wide).toEqual([]);
});
