/**
 * Charts are honest and never empty: on the dashboard, experiment pages and the gate page, no two
 * text labels of a chart overlap (axis titles, ticks, target and threshold labels, today and the
 * end of the timebox), at a phone's width and a desktop's, before and after the interactive chart
 * has loaded; without JavaScript every chart is still drawn as SVG; an overdue experiment shows
 * its timebox end with today past it; a duration never gets a negative axis.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";

const DEMO = { email: "maya@ledgerly.example", password: "evidence-first" };
const TEAM = "/t/ledgerly";
/** E-4 "Days until paid" (a mean of days with a wide early interval), E-6 overdue, E-5 running. */
const EXPERIMENTS = ["E-4", "E-5", "E-6"].map((key) => `${TEAM}/experiments/${key}`);
const WIDTHS = [390, 1440] as const;

type Label = { text: string; role: string | null; left: number; right: number; top: number; bottom: number };
type ChartReport = {
  name: string;
  labels: Label[];
  plot: { left: number; right: number; top: number; bottom: number } | null;
  drawn: number;
  interactive: boolean;
  height: number;
};

async function signIn(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/signin");
  await page.getByLabel("Email").fill(DEMO.email);
  await page.getByLabel("Password").fill(DEMO.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`${TEAM}$`));
  await page.close();
  return context;
}

async function gatePath(context: BrowserContext): Promise<string> {
  const page = await context.newPage();
  await page.goto(`${TEAM}/gate`);
  await page.waitForURL(/\/gate\/[^/]+$/);
  const path = new URL(page.url()).pathname;
  await page.close();
  return path;
}

/** Every chart on the page: its figure's caption, its SVG text labels and what its SVG draws. */
function charts(page: Page): Promise<ChartReport[]> {
  return page.locator("figure:has(.chart-area)").evaluateAll((figures) =>
    figures.map((figure) => {
      const area = figure.querySelector(".chart-area")!;
      const labels = [...area.querySelectorAll("svg text")]
        .map((text) => {
          const r = text.getBoundingClientRect();
          return { text: text.textContent ?? "", role: text.getAttribute("data-chart-label"), left: r.left, right: r.right, top: r.top, bottom: r.bottom };
        })
        .filter((l) => l.text.trim() !== "" && l.right > l.left);
      const plotElement = area.querySelector("[data-chart-plot]");
      const plot = plotElement ? plotElement.getBoundingClientRect() : null;
      const marks = [...area.querySelectorAll("svg polyline, svg path, svg rect, svg circle")].filter((shape) => {
        const r = shape.getBoundingClientRect();
        return (
          (r.width > 0 || r.height > 0) &&
          getComputedStyle(shape).display !== "none" &&
          (shape.closest(".chart-static-data") === null || getComputedStyle(shape.closest(".chart-static-data")!).display !== "none")
        );
      });
      return {
        name: figure.querySelector("figcaption")?.textContent?.trim() ?? "(chart)",
        labels,
        plot: plot ? { left: plot.left, right: plot.right, top: plot.top, bottom: plot.bottom } : null,
        drawn: marks.length,
        interactive: area.querySelector(".recharts-surface") !== null,
        height: area.getBoundingClientRect().height,
      };
    })
  );
}

function overlaps(labels: Label[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < labels.length; i += 1) {
    for (let j = i + 1; j < labels.length; j += 1) {
      const a = labels[i];
      const b = labels[j];
      // Half a pixel of antialiasing is not an overlap.
      if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) {
        found.push(`"${a.text}" (${a.role}) overlaps "${b.text}" (${b.role})`);
      }
    }
  }
  return found;
}

/** Checks every chart on a page; returns the problems found, each naming its page and chart. */
function problems(path: string, width: number, reports: ChartReport[]): string[] {
  const found: string[] = [];
  for (const chart of reports) {
    const where = `${path} at ${width} px, "${chart.name}"`;
    if (chart.height < 100) found.push(`${where}: the chart area is ${chart.height} px tall`);
    if (chart.drawn === 0) found.push(`${where}: the SVG draws nothing`);
    for (const overlap of overlaps(chart.labels)) found.push(`${where}: ${overlap}`);
    const roles = chart.labels.map((l) => l.role);
    if (!roles.includes("y-title")) found.push(`${where}: the value axis has no title`);
    if (!roles.includes("y-tick") || !roles.includes("x-tick")) found.push(`${where}: an axis has no tick labels`);
    for (const label of chart.labels.filter((l) => l.role === "target" || l.role === "threshold")) {
      // Target and threshold labels sit in the right margin, clear of the data they would otherwise cover.
      if (chart.plot && label.left < chart.plot.right) found.push(`${where}: the "${label.text}" label is inside the plot`);
    }
    for (const tick of chart.labels.filter((l) => l.role === "y-tick")) {
      if (/^[-−]/.test(tick.text)) found.push(`${where}: negative tick ${tick.text}`);
    }
  }
  return found;
}

async function pagesToCheck(context: BrowserContext) {
  return [TEAM, ...EXPERIMENTS, await gatePath(context)];
}

test.describe("charts", () => {
  test.describe.configure({ timeout: 180_000 });

  test("with JavaScript, the interactive charts load over the static ones and no labels overlap", async ({ browser }) => {
    const context = await signIn(browser);
    const paths = await pagesToCheck(context);
    const page = await context.newPage();
    const hydrationErrors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" && /hydrat|did not match/i.test(message.text())) hydrationErrors.push(message.text());
    });
    const found: string[] = [];
    let checked = 0;
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      for (const path of paths) {
        await page.goto(path);
        const areas = page.locator(".chart-area");
        const count = await areas.count();
        expect(count, `charts on ${path}`).toBeGreaterThan(0);
        // Every chart becomes interactive: its Recharts layer draws over the static frame.
        await expect(page.locator(".chart-area .recharts-surface")).toHaveCount(count);
        const reports = await charts(page);
        expect(reports.every((r) => r.interactive)).toBe(true);
        found.push(...problems(path, width, reports));
        checked += reports.length;
      }
    }
    expect(found).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(2 * 6);
    expect(hydrationErrors).toEqual([]);
    await context.close();
  });

  test("without JavaScript, every chart is drawn as SVG, with its axes and labels", async ({ browser }) => {
    const signedIn = await signIn(browser);
    const paths = await pagesToCheck(signedIn);
    const state = await signedIn.storageState();
    await signedIn.close();
    const found: string[] = [];
    for (const width of WIDTHS) {
      const context = await browser.newContext({ storageState: state, javaScriptEnabled: false, viewport: { width, height: 900 } });
      const page = await context.newPage();
      for (const path of paths) {
        await page.goto(path);
        const figures = page.locator("figure:has(.chart-area)");
        expect(await figures.count(), `charts on ${path}`).toBeGreaterThan(0);
        for (const figure of await figures.all()) {
          await expect(figure.locator(".chart-area svg").first()).toBeVisible();
        }
        const reports = await charts(page);
        expect(reports.some((r) => r.interactive)).toBe(false);
        found.push(...problems(path, width, reports));
      }
      await context.close();
    }
    expect(found).toEqual([]);
  });

  test("an overdue experiment shows the end of its timebox with today past it", async ({ browser }) => {
    const context = await signIn(browser);
    const page = await context.newPage();
    await page.goto(`${TEAM}/experiments/E-6`);
    const area = page.locator(".chart-area");
    const end = area.locator('text[data-chart-label="end"]');
    const today = area.locator('text[data-chart-label="today"]');
    await expect(end).toHaveText("timebox end");
    await expect(today).toHaveText("today");
    const x = (kind: string) => area.locator(`line[data-chart-marker="${kind}"]`).evaluate((line) => line.getBoundingClientRect().left);
    expect(await x("today")).toBeGreaterThan(await x("end"));
    expect((await today.boundingBox())!.x).toBeGreaterThan((await end.boundingBox())!.x);
    await context.close();
  });

  test("the charts' numbers keep their distance from what follows", async ({ browser }) => {
    const context = await signIn(browser);
    const gate = await gatePath(context);
    const page = await context.newPage();
    for (const path of [TEAM, gate, EXPERIMENTS[2]]) {
      await page.goto(path);
      const gaps = await page.locator("figure:has(.chart-area)").evaluateAll((figures) =>
        figures.map((figure) => {
          const summary = figure.querySelector("summary")!.getBoundingClientRect();
          const box = figure.getBoundingClientRect();
          // The first element after the figure in the same column.
          const after = [...document.querySelectorAll("main *")].find((element) => {
            if (!(figure.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING) || figure.contains(element)) return false;
            const r = element.getBoundingClientRect();
            return r.height > 0 && r.top >= box.top && r.left < box.right && r.right > box.left;
          });
          return after ? after.getBoundingClientRect().top - summary.bottom : 999;
        })
      );
      for (const gap of gaps) expect(gap, `space under "Show the numbers" on ${path}`).toBeGreaterThanOrEqual(12);
    }
    await context.close();
  });

  test("the assumptions map's dots carry their keys, and no label overlaps another", async ({ browser }) => {
    const context = await signIn(browser);
    const page = await context.newPage();
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${TEAM}/hypotheses/map`);
      const svg = page.locator('svg[aria-label^="Assumptions map"]:visible');
      await expect(svg).toHaveCount(1);
      const dots = await svg.locator("a:has(circle)").evaluateAll((links) => links.map((link) => link.querySelector("text")?.textContent ?? ""));
      expect(dots.length).toBeGreaterThan(0);
      for (const key of dots) expect(key).toMatch(/^H-\d+$/);
      const labels = await svg.locator("text").evaluateAll((texts) =>
        texts.map((text) => {
          const r = text.getBoundingClientRect();
          return { text: text.textContent ?? "", role: null, left: r.left, right: r.right, top: r.top, bottom: r.bottom };
        })
      );
      expect(overlaps(labels), `map at ${width} px`).toEqual([]);
    }
    await context.close();
  });
});
