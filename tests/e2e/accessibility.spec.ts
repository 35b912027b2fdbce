/**
 * Accessibility: axe-core on the main pages of the demo team, in Chromium, in the light and the
 * dark colour scheme (dark mode follows the system). No violation of impact "serious" or
 * "critical" against WCAG 2.1 A/AA is allowed; each one is listed with its rule, help text and
 * the elements it found.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { linkIn, waitForMail } from "./mailbox";

const DEMO = { email: "maya@ledgerly.example", password: "evidence-first" };
const TEAM = "/t/ledgerly";
const SCHEMES = ["light", "dark"] as const;

type Target = {
  name: string;
  /** The path, or how to reach the page from a signed-in session when it depends on the data. */
  path: string | ((page: Page) => Promise<string>);
  signedIn: boolean;
  /** What to wait for (and do) before the page is checked, e.g. a chart drawing or a failed submit. */
  prepare?: (page: Page) => Promise<void>;
};

/** The first link on `listPath` whose address matches `pattern` (or where `listPath` redirects, when that matches). */
function firstLink(listPath: string, pattern: RegExp) {
  return async (page: Page) => {
    await page.goto(listPath);
    const landed = new URL(page.url()).pathname;
    if (pattern.test(landed)) return landed;
    const hrefs = await page.locator("main a[href]").evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
    const href = hrefs.find((candidate) => pattern.test(candidate));
    if (!href) throw new Error(`No link matching ${pattern} on ${listPath}`);
    return href;
  };
}

/** Waits until every lazily drawn chart on the page has its SVG. */
async function chartsDrawn(page: Page) {
  const figures = page.locator("figure");
  await expect(figures.first()).toBeVisible();
  // The drawings load lazily, after the numbers; give a busy machine time.
  await expect(page.locator("figure svg.recharts-surface").first()).toBeVisible({ timeout: 30_000 });
}

/** An update's page, not the investor list beside them. */
const AN_UPDATE = /\/updates\/(?!investors$)[^/]+$/;

let shareUrl: string | null = null;

/** A share link for the demo's published update, created once through the page. */
async function sharedUpdate(page: Page) {
  if (shareUrl) return shareUrl;
  const update = await firstLink(`${TEAM}/updates`, AN_UPDATE)(page);
  await page.goto(update);
  await page.getByRole("button", { name: "Create link" }).click();
  shareUrl = new URL(await page.getByLabel("Share link").inputValue()).pathname;
  return shareUrl;
}

/** A page behind the personal link the demo's current investor was emailed (read from the test inbox). */
function personalLink(suffix: string) {
  return async (page: Page) => {
    const mail = await waitForMail(page, "olivia@northwind-ventures.example", /investor update/);
    return `${new URL(linkIn(mail, "/u/")).pathname}${suffix}`;
  };
}

/** The demo team's first webhook endpoint, added through the page (with a test event in its log) when it has none. */
async function webhookEndpoint(page: Page) {
  await page.goto(`${TEAM}/settings/webhooks`);
  const existing = await page.locator("main table a[href*='/settings/webhooks/']").first().getAttribute("href", { timeout: 1_000 }).catch(() => null);
  if (existing) return existing;
  await page.getByLabel("Address").fill("https://93.184.216.34/hooks/accessibility");
  await page.getByRole("checkbox", { name: /Experiment started/ }).check();
  await page.getByRole("button", { name: "Add endpoint" }).click();
  const link = page.locator("main table a[href*='/settings/webhooks/']").first();
  await expect(link).toBeVisible();
  const href = (await link.getAttribute("href"))!;
  await page.goto(href);
  await page.getByRole("button", { name: "Send test event" }).click();
  await expect(page.getByText("Test event queued.")).toBeVisible();
  return href;
}

const PAGES: Target[] = [
  { name: "landing", path: "/", signedIn: false },
  { name: "sign in", path: "/signin", signedIn: false },
  { name: "sign up", path: "/signup", signedIn: false },
  { name: "team dashboard", path: TEAM, signedIn: true, prepare: chartsDrawn },
  { name: "hypotheses list", path: `${TEAM}/hypotheses`, signedIn: true },
  { name: "assumptions map", path: `${TEAM}/hypotheses/map`, signedIn: true },
  { name: "a hypothesis", path: `${TEAM}/hypotheses/H-1`, signedIn: true },
  { name: "experiments list", path: `${TEAM}/experiments`, signedIn: true },
  {
    name: "an experiment with its chart",
    path: async (page) => {
      await page.goto(`${TEAM}/experiments`);
      const row = page.locator("main tr", { hasText: /running/i }).first();
      const href = await row.locator("a[href*='/experiments/E-']").first().getAttribute("href");
      if (!href) throw new Error("No running experiment in the demo team");
      return href;
    },
    signedIn: true,
    prepare: chartsDrawn,
  },
  { name: "new experiment form", path: `${TEAM}/experiments/new`, signedIn: true },
  {
    name: "new experiment form with errors",
    path: `${TEAM}/experiments/new`,
    signedIn: true,
    prepare: async (page) => {
      await page.getByLabel("Title").fill("");
      await page.getByRole("button", { name: "Save as draft" }).click();
      await expect(page.getByRole("alert").first()).toBeVisible();
    },
  },
  { name: "gate overview", path: `${TEAM}/gate`, signedIn: true },
  { name: "a gate", path: firstLink(`${TEAM}/gate`, /\/gate\/[^/]+$/), signedIn: true, prepare: chartsDrawn },
  { name: "weekly review", path: `${TEAM}/review`, signedIn: true },
  { name: "updates list", path: `${TEAM}/updates`, signedIn: true },
  { name: "an update", path: firstLink(`${TEAM}/updates`, AN_UPDATE), signedIn: true },
  { name: "investor list", path: `${TEAM}/updates/investors`, signedIn: true },
  { name: "team settings", path: `${TEAM}/settings`, signedIn: true },
  { name: "members", path: `${TEAM}/settings/members`, signedIn: true },
  { name: "API tokens", path: `${TEAM}/settings/tokens`, signedIn: true },
  { name: "webhooks", path: `${TEAM}/settings/webhooks`, signedIn: true },
  {
    name: "a webhook endpoint with its delivery log open",
    path: webhookEndpoint,
    signedIn: true,
    prepare: async (page) => {
      for (const summary of await page.locator("main li details > summary").all()) await summary.click();
    },
  },
  { name: "data and export", path: `${TEAM}/settings/data`, signedIn: true },
  { name: "trash", path: `${TEAM}/settings/trash`, signedIn: true },
  { name: "activity", path: `${TEAM}/activity`, signedIn: true },
  { name: "inbox", path: `${TEAM}/inbox`, signedIn: true },
  {
    name: "an experiment with the mention suggestions open",
    path: `${TEAM}/experiments/E-1`,
    signedIn: true,
    prepare: async (page) => {
      const box = page.getByRole("combobox", { name: "Comment" });
      await box.click();
      await box.pressSequentially("@");
      await expect(page.getByRole("listbox", { name: "Mention a team member" })).toBeVisible();
    },
  },
  { name: "learning library", path: `${TEAM}/learnings`, signedIn: true },
  { name: "search results", path: `${TEAM}/search?q=invoices`, signedIn: true },
  { name: "API docs", path: "/docs/api", signedIn: true },
  { name: "shared investor update", path: sharedUpdate, signedIn: false },
  { name: "a recipient's personal update", path: personalLink(""), signedIn: false },
  { name: "a recipient's archive", path: personalLink("/archive"), signedIn: false },
  { name: "leaving an investor list", path: personalLink("/unsubscribe"), signedIn: false },
  { name: "404 page", path: "/no/such/page", signedIn: false },
];

async function signIn(page: Page) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(DEMO.email);
  await page.getByLabel("Password").fill(DEMO.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`${TEAM}$`));
}

/** A signed-in page, shared by the tests (signing in every time would hit the login throttle). */
let member: Page | null = null;
async function memberPage(browser: Browser) {
  if (!member) {
    member = await (await browser.newContext()).newPage();
    await signIn(member);
  }
  return member;
}

test.afterAll(async () => {
  await member?.context().close();
});

for (const scheme of SCHEMES) {
  test.describe(`${scheme} colour scheme`, () => {
    for (const target of PAGES) {
      test(`${target.name}: no serious or critical violations`, async ({ browser, page }) => {
        const signedIn = await memberPage(browser);
        // Addresses that depend on the data are found by the signed-in session.
        const path = typeof target.path === "string" ? target.path : await target.path(signedIn);
        const view = target.signedIn ? signedIn : page;
        const errors: string[] = [];
        const onError = (error: Error) => errors.push(error.message);
        view.on("pageerror", onError);
        try {
          await view.emulateMedia({ colorScheme: scheme });
          const response = await view.goto(path);
          expect(response?.status(), path).toBe(target.name === "404 page" ? 404 : 200);
          await view.waitForLoadState("networkidle");
          await target.prepare?.(view);
          const results = await new AxeBuilder({ page: view }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
          const blocking = results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
          const report = blocking
            .map((violation) => `${violation.id} (${violation.impact}): ${violation.help}\n  ${violation.helpUrl}\n${violation.nodes.map((node) => `  - ${node.target.join(" ")}: ${node.failureSummary?.replace(/\s+/g, " ")}`).join("\n")}`)
            .join("\n\n");
          // A11Y_SCREENSHOTS=<dir> keeps a picture of every page checked, to look at after a visual fix.
          if (process.env.A11Y_SCREENSHOTS) await view.screenshot({ path: `${process.env.A11Y_SCREENSHOTS}/${target.name.replace(/\W+/g, "-")}-${scheme}.png`, fullPage: true });
          expect(blocking.map((violation) => violation.id), `${target.name} (${path}, ${scheme}):\n${report}`).toEqual([]);
          expect(errors, `errors in the page's scripts on ${path}`).toEqual([]);
        } catch (error) {
          await test.info().attach(`${target.name} (${scheme})`, { body: await view.screenshot({ fullPage: true }), contentType: "image/png" });
          if (errors.length) console.error(`Page errors on ${path}:\n${errors.join("\n")}`);
          throw error;
        } finally {
          view.off("pageerror", onError);
        }
      });
    }
  });
}
