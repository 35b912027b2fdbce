/**
 * Experiment templates over real HTTP against the built app: saving an experiment's design,
 * refusing a name twice, starting a new experiment pre-filled from a team template and from a
 * built-in one, roles, other teams' templates, renaming and deleting (to the trash and back).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, todayDateOnly } from "~/modules/experiments/timebox";
import { BUILT_IN_TEMPLATES } from "~/modules/templates/built-in";
import { saveTemplate } from "~/modules/templates/templates.server";
import { db } from "~/utils/db.server";
import { startTestServer, type Client, type TestServer } from "../support/http";
import { runningRateExperiment, startedRateExperiment } from "../support/loop-factories";
import { signedIn } from "../support/loop-http-helpers";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const decode = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** What the page's form shows in a field: an input's value, a textarea's text, a select's chosen option. */
function field(html: string, name: string): string | null {
  const input = new RegExp(`<input[^>]*\\bname="${name}"[^>]*>`).exec(html)?.[0];
  if (input) return decode(/\bvalue="([^"]*)"/.exec(input)?.[1] ?? "");
  const textarea = new RegExp(`<textarea[^>]*\\bname="${name}"[^>]*>([^<]*)</textarea>`).exec(html);
  if (textarea) return decode(textarea[1]);
  const select = new RegExp(`<select[^>]*\\bname="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html);
  if (select) return decode(/<option[^>]*value="([^"]*)"[^>]*selected=""/.exec(select[1])?.[1] ?? "");
  return null;
}

const FORM_FIELDS = ["hypothesisId", "title", "method", "plan", "metricName", "metricUnit", "metricKind", "comparator", "target", "startsOn", "endsOn"];

/** The new-experiment form as the page filled it in. */
const formOn = (html: string) => Object.fromEntries(FORM_FIELDS.map((name) => [name, field(html, name)]));

type World = Awaited<ReturnType<typeof world>>;

/** A team with a member and a viewer, a running fake door E-1, and E-2 "Get-paid-faster button" (RATE ≥ 10 %, 14 days). */
async function world() {
  const loop = await runningRateExperiment(["MEMBER", "VIEWER"]);
  const [member, viewer] = loop.members;
  const second = await startedRateExperiment(loop.actor, loop.hypothesis.id, "Get-paid-faster button");
  return { ...loop, second: second.experiment, base: `/t/${loop.team.slug}`, member, viewer };
}

async function saveFromPage(client: Client, w: World, name: string, key = "E-2") {
  return client.post(`${w.base}/experiments/${key}`, { intent: "save-template", name });
}

describe("saving an experiment as a template", () => {
  let w: World;
  let member: Client;
  beforeAll(async () => {
    w = await world();
    member = await signedIn(server.url, w.member.email);
  });

  it("offers the form to members, named after the experiment, with a submission key", async () => {
    const html = await (await member.get(`${w.base}/experiments/E-2`)).text();
    expect(html).toContain("Save as template");
    expect(field(html, "name")).toBe("Get-paid-faster button");
    expect(html).toMatch(/name="intent" value="save-template"/);
    expect(html).toMatch(/name="submission" value="[A-Za-z0-9_-]{16,}"/);
  });

  it("stores the design and the timebox length, named after the experiment when the name is left empty", async () => {
    const response = await saveFromPage(member, w, "");
    expect(response.status).toBe(302);
    const template = await db.experimentTemplate.findFirstOrThrow({ where: { teamId: w.team.id } });
    expect(response.headers.get("location")).toBe(`${w.base}/experiments/templates?saved=${template.id}`);
    expect(template).toMatchObject({
      name: "Get-paid-faster button",
      method: "FAKE_DOOR",
      plan: "show the button to every new account",
      metricName: "Click-through",
      metricUnit: "",
      metricKind: "RATE",
      comparator: "GTE",
      target: 0.1,
      days: 14,
      createdById: w.member.id,
      deletedAt: null,
    });
    const event = await db.activityEvent.findFirstOrThrow({ where: { teamId: w.team.id, action: "template.saved" } });
    expect(event).toMatchObject({ entityType: "template", entityId: template.id, summary: "saved E-2 as the template “Get-paid-faster button”", actorId: w.member.id });

    const list = await (await member.get(response.headers.get("location")!)).text();
    expect(list).toContain("Saved the template “Get-paid-faster button”");
    expect(list).toContain("Click-through ≥ 10.0 % · 14 days");
  });

  it("refuses a name the team already uses (in any case) with a field error, and saves nothing", async () => {
    const before = await db.experimentTemplate.count({ where: { teamId: w.team.id } });
    const events = await db.activityEvent.count({ where: { teamId: w.team.id } });
    for (const name of ["Get-paid-faster button", "GET-PAID-FASTER BUTTON", "  get-paid-faster button  "]) {
      const response = await saveFromPage(member, w, name);
      expect(response.status, name).toBe(400);
      const html = await response.text();
      expect(html).toContain("This team already has a template called “Get-paid-faster button”. Choose another name.");
      expect(html).toMatch(/id="save-template-name"[^>]*aria-invalid="true"/);
    }
    // The experiment titled like a built-in template cannot take its name either.
    const builtIn = await saveFromPage(member, w, "", "E-1");
    expect(builtIn.status).toBe(400);
    expect(await builtIn.text()).toContain("“Fake door” is the name of a built-in template. Choose another name.");
    expect(await db.experimentTemplate.count({ where: { teamId: w.team.id } })).toBe(before);
    expect(await db.activityEvent.count({ where: { teamId: w.team.id } })).toBe(events);
  });

  it("compares names as text: “_” and “%” match only themselves", async () => {
    for (const name of ["Get_paid_faster_button", "Get-paid-faster%"]) expect((await saveFromPage(member, w, name)).status, name).toBe(302);
    expect(await db.experimentTemplate.count({ where: { teamId: w.team.id, name: { in: ["Get_paid_faster_button", "Get-paid-faster%"] } } })).toBe(2);
  });

  it("refuses a name too long, and a name for an experiment of another team is a 404", async () => {
    const long = await saveFromPage(member, w, "x".repeat(121));
    expect(long.status).toBe(400);
    expect(await long.text()).toContain("Keep the name under 120 characters.");
    const other = await runningRateExperiment();
    expect((await member.post(`/t/${other.team.slug}/experiments/E-1`, { intent: "save-template", name: "Borrowed" })).status).toBe(404);
    expect(await db.experimentTemplate.count({ where: { teamId: other.team.id } })).toBe(0);
  });

  it("is not for viewers: no form, 403 on a post, nothing saved", async () => {
    const viewer = await signedIn(server.url, w.viewer.email);
    const html = await (await viewer.get(`${w.base}/experiments/E-2`)).text();
    expect(html).not.toContain("Save as template");
    const before = await db.experimentTemplate.count({ where: { teamId: w.team.id } });
    const response = await saveFromPage(viewer, w, "A viewer's template");
    expect(response.status).toBe(403);
    expect(await db.experimentTemplate.count({ where: { teamId: w.team.id } })).toBe(before);
    // Viewers read the list, without the forms that change it.
    const list = await viewer.get(`${w.base}/experiments/templates`);
    expect(list.status).toBe(200);
    const text = await list.text();
    expect(text).toContain("Get-paid-faster button");
    expect(text).not.toContain("Rename…");
    expect(text).not.toContain("Start an experiment");
    expect((await viewer.get(`${w.base}/experiments/new?template=${BUILT_IN_TEMPLATES[0].id}`)).status).toBe(403);
  });
});

describe("starting a new experiment from a template", () => {
  let w: World;
  let member: Client;
  let templateId: string;
  beforeAll(async () => {
    w = await world();
    member = await signedIn(server.url, w.member.email);
    // E-2 runs 21 days this time.
    await db.experiment.update({
      where: { id: w.second.id },
      data: { endsOn: new Date(`${addDays(todayDateOnly(), 40)}T00:00:00.000Z`), startsOn: new Date(`${addDays(todayDateOnly(), 20)}T00:00:00.000Z`) },
    });
    const template = await saveTemplate({ user: w.member, team: w.team, role: "MEMBER" }, { experimentId: w.second.id, name: "Button on the invoice page" });
    templateId = template.id;
  });

  it("offers the built-in templates first, then the team's, as links", async () => {
    const html = await (await member.get(`${w.base}/experiments/new`)).text();
    const positions = [...BUILT_IN_TEMPLATES.map((t) => t.name), "Button on the invoice page"].map((name) => html.indexOf(`>${name}<`));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(html).toContain(`href="${w.base}/experiments/new?template=${templateId}"`);
    expect(html).toContain(`href="${w.base}/experiments/new?template=${BUILT_IN_TEMPLATES[0].id}"`);
    // Nothing is pre-filled without a choice.
    expect(formOn(html)).toMatchObject({ method: "", plan: "", metricName: "", target: "", endsOn: "" });
  });

  it("pre-fills from a team template (endsOn = startsOn + days − 1), and the filled form plans it", async () => {
    const response = await member.get(`${w.base}/experiments/new?template=${templateId}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const today = todayDateOnly();
    expect(formOn(html)).toEqual({
      hypothesisId: "",
      title: "",
      method: "FAKE_DOOR",
      plan: "show the button to every new account",
      metricName: "Click-through",
      metricUnit: "",
      metricKind: "RATE",
      comparator: "GTE",
      target: "10",
      startsOn: today,
      endsOn: addDays(today, 20),
    });
    expect(html).toContain("Pre-filled from the template “Button on the invoice page”");
    expect(html).toMatch(/aria-current="true"[^>]*>[\s\S]{0,200}Button on the invoice page/);

    const filled = { ...(formOn(html) as Record<string, string>), hypothesisId: w.hypothesis.id, title: "Invoice page button, take two" };
    const created = await member.post(`${w.base}/experiments/new`, filled);
    expect(created.status).toBe(302);
    expect(created.headers.get("location")).toBe(`${w.base}/experiments/E-3`);
    const experiment = await db.experiment.findFirstOrThrow({ where: { teamId: w.team.id, number: 3 } });
    expect(experiment).toMatchObject({ method: "FAKE_DOOR", metricKind: "RATE", comparator: "GTE", target: 0.1, plan: "show the button to every new account", status: "DRAFT" });
    expect(experiment.endsOn.toISOString().slice(0, 10)).toBe(addDays(today, 20));
  });

  it("pre-fills from a built-in template, and keeps the hypothesis asked for", async () => {
    const concierge = BUILT_IN_TEMPLATES.find((t) => t.name === "Concierge")!;
    const html = await (await member.get(`${w.base}/experiments/new?hypothesis=H-1&template=${concierge.id}`)).text();
    const today = todayDateOnly();
    expect(formOn(html)).toMatchObject({
      hypothesisId: w.hypothesis.id,
      method: "CONCIERGE",
      plan: concierge.plan,
      metricName: "Customers who pay to continue",
      metricUnit: "customers",
      metricKind: "COUNT",
      comparator: "GTE",
      target: "3",
      startsOn: today,
      endsOn: addDays(today, 13),
    });
    // The other choices keep the hypothesis too.
    expect(html).toContain(`href="${w.base}/experiments/new?hypothesis=H-1&amp;template=${templateId}"`);
    const fakeDoor = await (await member.get(`${w.base}/experiments/new?template=builtin-fake-door`)).text();
    expect(formOn(fakeDoor)).toMatchObject({ method: "FAKE_DOOR", metricKind: "RATE", target: "10", metricName: "Click-through" });
  });

  it("answers 404 for another team's template or no template at all, and never pre-fills", async () => {
    const otherWorld = await runningRateExperiment();
    const theirs = await saveTemplate(otherWorld.actor, { experimentId: otherWorld.experiment.id, name: "Their secret plan" });
    for (const id of [theirs.id, "builtin-nothing", "c".repeat(25), "%00", "x".repeat(300), "../../etc"]) {
      const response = await member.get(`${w.base}/experiments/new?template=${id}`);
      expect(response.status, id).toBe(404);
      const html = await response.text();
      expect(html).not.toContain("Their secret plan");
      expect(html).not.toContain('name="metricName"');
    }
    // Under their own team the owner gets it, as a check that the id is real.
    const owner = await signedIn(server.url, otherWorld.owner.email);
    expect((await owner.get(`/t/${otherWorld.team.slug}/experiments/new?template=${theirs.id}`)).status).toBe(200);
  });
});

describe("the templates list: rename and delete", () => {
  let w: World;
  let member: Client;
  let id: string;
  const list = () => `${w.base}/experiments/templates`;
  beforeAll(async () => {
    w = await world();
    member = await signedIn(server.url, w.member.email);
    id = (await saveTemplate(w.actor, { experimentId: w.second.id, name: "Invoice button" })).id;
    await saveTemplate(w.actor, { experimentId: w.second.id, name: "Reminder email" });
  });

  it("renames, from the version the form showed", async () => {
    const html = await (await member.get(list())).text();
    expect(html).toContain("Rename…");
    const renamed = await member.post(list(), { intent: "rename", id, version: "1", name: "Invoice page button" });
    expect(renamed.status).toBe(302);
    expect(await db.experimentTemplate.findUniqueOrThrow({ where: { id } })).toMatchObject({ name: "Invoice page button", version: 2 });
    expect(await db.activityEvent.count({ where: { teamId: w.team.id, action: "template.renamed", entityId: id } })).toBe(1);

    // From an outdated form: a conflict that names the current name; nothing changes.
    const stale = await member.post(list(), { intent: "rename", id, version: "1", name: "Something else" });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("it is now called “Invoice page button”");
    // To a name in use: a field error.
    const taken = await member.post(list(), { intent: "rename", id, version: "2", name: "reminder email" });
    expect(taken.status).toBe(400);
    const takenHtml = await taken.text();
    expect(takenHtml).toContain("This team already has a template called “Reminder email”.");
    expect(takenHtml).toMatch(new RegExp(`id="rename-${id}"[^>]*aria-invalid="true"`));
    // Junk: field errors, never a 500.
    for (const form of [
      { intent: "rename", id, version: "abc", name: "Fine name" } as Record<string, string>,
      { intent: "rename", id: "", version: "2", name: "Fine name" },
      { intent: "rename", id, version: "2", name: "" },
      { intent: "nope" },
    ]) {
      expect((await member.post(list(), form)).status, JSON.stringify(form)).toBe(400);
    }
    expect(await db.experimentTemplate.findUniqueOrThrow({ where: { id } })).toMatchObject({ name: "Invoice page button", version: 2 });
  });

  it("deletes to the trash: gone from the list and the picker, its name kept until it is restored", async () => {
    const deleted = await member.post(list(), { intent: "trash", id });
    expect(deleted.status).toBe(302);
    expect(deleted.headers.get("location")).toBe(`${list()}?trashed=${id}`);
    expect((await db.experimentTemplate.findUniqueOrThrow({ where: { id } })).deletedAt).not.toBeNull();
    const html = await (await member.get(deleted.headers.get("location")!)).text();
    expect(html).toContain("“Invoice page button” was moved to the trash.");
    expect(html).not.toContain(`rename-${id}`);
    expect((await member.get(`${w.base}/experiments/new?template=${id}`)).status).toBe(404);
    expect(await (await member.get(`${w.base}/settings/trash`)).text()).toContain("Invoice page button");

    const again = await saveFromPage(member, w, "Invoice page button");
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("A template called “Invoice page button” is in the trash.");

    expect((await member.post(`${w.base}/settings/trash`, { kind: "template", id })).status).toBe(302);
    expect((await db.experimentTemplate.findUniqueOrThrow({ where: { id } })).deletedAt).toBeNull();
    expect((await member.get(`${w.base}/experiments/new?template=${id}`)).status).toBe(200);
  });

  it("frees the name of a template trashed longer ago than the trash keeps things", async () => {
    const old = await saveTemplate(w.actor, { experimentId: w.second.id, name: "Old idea" });
    await db.experimentTemplate.update({ where: { id: old.id }, data: { deletedAt: new Date(Date.now() - 31 * 86_400_000) } });
    const response = await saveFromPage(member, w, "Old idea");
    expect(response.status).toBe(302);
    expect(await db.experimentTemplate.count({ where: { id: old.id } })).toBe(0);
    expect(await db.activityEvent.count({ where: { teamId: w.team.id, action: "template.purged", entityId: old.id } })).toBe(1);
  });

  it("refuses viewers and other teams: nothing changes", async () => {
    const viewer = await signedIn(server.url, w.viewer.email);
    const target = await db.experimentTemplate.findFirstOrThrow({ where: { teamId: w.team.id, name: "Reminder email" } });
    expect((await viewer.post(list(), { intent: "rename", id: target.id, version: String(target.version), name: "Viewer's name" })).status).toBe(403);
    expect((await viewer.post(list(), { intent: "trash", id: target.id })).status).toBe(403);

    // Another team's owner, in their own team, naming this team's template.
    const other = await runningRateExperiment();
    const outsider = await signedIn(server.url, other.owner.email);
    const theirList = `/t/${other.team.slug}/experiments/templates`;
    expect((await outsider.post(theirList, { intent: "rename", id: target.id, version: String(target.version), name: "Hijacked" })).status).toBe(404);
    expect((await outsider.post(theirList, { intent: "trash", id: target.id })).status).toBe(404);
    expect((await outsider.post(`/t/${other.team.slug}/settings/trash`, { kind: "template", id: target.id })).status).toBe(400);
    expect((await outsider.get(list())).status).toBe(404);
    expect(await db.experimentTemplate.findUniqueOrThrow({ where: { id: target.id } })).toMatchObject({ name: "Reminder email", deletedAt: null, version: target.version });
  });
});
