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
  `${TEAM}/inbox`,
  `${TEAM}/learnings`,
  `${TEAM}/search?q=invoices`,
  `${TEAM}/settings`,
  `${TEAM}/settings/members`,
  `${TEAM}/settings/products`,
  `${TEAM}/settings/tokens`,
  `${TEAM}/settings/webhooks`,
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
  // A webhook endpoint with a test event in its log (added through the page when the demo has none).
  await page.goto(`${TEAM}/settings/webhooks`);
  let endpoint = page.locator("main table a[href*='/settings/webhooks/']").first();
  if ((await endpoint.count()) === 0) {
    await page.getByLabel("Address").fill(`https://93.184.216.34/hooks/${"a-rather-long-path-segment/".repeat(6)}layout`);
    await page.getByLabel("Description").fill("Relays every experiment result to the #product-updates channel, and the gate decisions to #leadership");
    await page.getByRole("checkbox", { name: /Experiment started/ }).check();
    await page.getByRole("button", { name: "Add endpoint" }).click();
    endpoint = page.locator("main table a[href*='/settings/webhooks/']").first();
    await expect(endpoint).toBeVisible();
  }
  const endpointPath = (await endpoint.getAttribute("href"))!;
  await page.goto(endpointPath);
  await page.getByRole("button", { name: "Send test event" }).click();
  await expect(page.getByText("Test event queued.")).toBeVisible();
  paths.push(endpointPath);

  const wide: string[] = [];
  for (const width of WIDTHS) {
    for (const path of paths) {
      const extra = await overflow(page, path, width);
      if (extra > 0) wide.push(`${path} at ${width} px is ${extra} px too wide`);
    }
  }
  expect(wide).toEqual([]);
});
