/** Team export → import → export, the document's validation, the CSV exports and their guards. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseObservationCsv } from "~/modules/evidence/csv";
import { addObservations, setObservationDeleted } from "~/modules/evidence/observations.server";
import { createExperiment } from "~/modules/experiments/experiments.server";
import { addDays, todayDateOnly, toDateOnly } from "~/modules/experiments/timebox";
import {
  EXPERIMENTS_CSV_COLUMNS,
  experimentsCsv,
  HYPOTHESES_CSV_COLUMNS,
  hypothesesCsv,
  OBSERVATIONS_CSV_COLUMNS,
  observationsCsv,
} from "~/modules/export/csv-export.server";
import type { TeamExport } from "~/modules/export/document";
import { exportTeam } from "~/modules/export/export.server";
import { importTeam } from "~/modules/export/import.server";
import { createHypothesis, overrideHypothesisStatus, setHypothesisDeleted } from "~/modules/hypotheses/hypotheses.server";
import type { Actor } from "~/modules/teams/actor";
import { createShareLink } from "~/modules/updates/updates.server";
import { tokenizeCsv } from "~/utils/csv-table";
import { db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { DEMO_LOGIN, DEMO_TEAM_SLUG, seedDemo } from "../../prisma/seed";
import { actorFor, createTeamWith, createUser } from "../support/factories";
import { Client, startTestServer, type TestServer } from "../support/http";
import { postMultipart, signedIn } from "../support/loop-http-helpers";

type Demo = { teamId: string; maya: Actor; exported: TeamExport };
let demo: Demo;

/** The demo team, with trash, an overridden status, a retest and a share link added. */
async function demoTeam(): Promise<Demo> {
  await seedDemo();
  const team = await db.team.findUniqueOrThrow({ where: { slug: DEMO_TEAM_SLUG }, select: { id: true, slug: true } });
  const user = await db.user.findUniqueOrThrow({ where: { email: DEMO_LOGIN.email }, select: { id: true, name: true } });
  const maya = actorFor(user, team, "OWNER");
  const h10 = await db.hypothesis.findFirstOrThrow({ where: { teamId: team.id, number: 10 } });
  await setHypothesisDeleted(maya, { id: h10.id, deleted: true });
  const h6 = await db.hypothesis.findFirstOrThrow({ where: { teamId: team.id, number: 6 } });
  await overrideHypothesisStatus(maya, { id: h6.id, status: "INCONCLUSIVE", reason: "Two accountants were lukewarm on a call.", version: h6.version });
  const e5 = await db.experiment.findFirstOrThrow({ where: { teamId: team.id, number: 5 } });
  const first = await db.observation.findFirstOrThrow({ where: { experimentId: e5.id }, orderBy: { observedOn: "asc" } });
  await setObservationDeleted(maya, { id: first.id, deleted: true });
  const e4 = await db.experiment.findFirstOrThrow({ where: { teamId: team.id, number: 4 } });
  await createExperiment(maya, {
    hypothesisId: e4.hypothesisId, title: "Reminder A/B over a month", method: "AB_TEST", plan: "every founding customer's invoices for a month",
    metricName: "Days until paid", metricUnit: "days", metricKind: "MEAN", comparator: "LTE", target: 20,
    startsOn: addDays(todayDateOnly(), 2), endsOn: addDays(todayDateOnly(), 32), retestOfId: e4.id,
  });
  const update = await db.investorUpdate.findFirstOrThrow({ where: { teamId: team.id } });
  await createShareLink(maya, update.id, { days: 7 });
  return { teamId: team.id, maya, exported: await exportTeam(team.id) };
}

/**
 * What must survive a round trip: everything but the export time, the address, the members, and
 * the mark an import puts on the history it brought along.
 */
function comparable(document: TeamExport) {
  const { exportedAt: _exportedAt, memberships: _memberships, team, activity, ...rest } = document;
  return { ...rest, team: { ...team, slug: "" }, activity: activity.filter((event) => event.action !== "team.imported").map(({ imported: _imported, ...event }) => event) };
}

const roundTrip = (document: TeamExport): unknown => JSON.parse(JSON.stringify(document));

async function rowCounts() {
  const [teams, hypotheses, experiments, observations, days, activity] = await Promise.all([
    db.team.count(), db.hypothesis.count(), db.experiment.count(), db.observation.count(), db.experimentDay.count(), db.activityEvent.count(),
  ]);
  return { teams, hypotheses, experiments, observations, days, activity };
}

async function expectImportRejected(document: unknown, message: RegExp) {
  const before = await rowCounts();
  const error = await importTeam(document, { ownerUserId: demo.maya.user.id }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).status).toBe(400);
  expect((error as AppError).message).toMatch(message);
  expect(await rowCounts()).toEqual(before);
}

beforeAll(async () => {
  demo = await demoTeam();
});

describe("export and import", () => {
  it("round-trips the demo team: exporting the imported team gives the same document", async () => {
    const first = demo.exported;
    expect(first.hypotheses.some((h) => h.deletedAt !== null)).toBe(true);
    expect(first.observations.some((o) => o.deletedAt !== null)).toBe(true);
    expect(first.experiments.find((e) => e.retestOf !== null)?.retestOf).toBe(4);
    expect(first.hypotheses.find((h) => h.number === 6)?.statusOverridden).toBe(true);
    expect(first.actionItems.map((a) => [a.status, a.raisedIn !== null, a.closedIn !== null])).toEqual([
      ["OPEN", true, false],
      ["DONE", true, true],
      ["OPEN", false, false],
    ]);
    expect(first.reviews.every((r) => r.minutes !== null)).toBe(true);
    expect(JSON.stringify(first)).not.toMatch(/tokenHash|passwordHash/);

    const imported = await importTeam(roundTrip(first), { ownerUserId: demo.maya.user.id });
    expect(imported.slug).toBe("ledgerly-2");
    expect(imported.counts.observations).toBe(first.observations.length);
    const second = await exportTeam(imported.teamId);
    expect(comparable(second)).toEqual(comparable(first));

    // Only the importing owner is a member; share links (secrets) stayed behind.
    expect(second.memberships).toEqual([{ person: first.people.find((p) => p.email === DEMO_LOGIN.email)!.id, role: "OWNER" }]);
    expect(await db.shareLink.count({ where: { teamId: imported.teamId } })).toBe(0);
    expect(second.activity.at(-1)).toMatchObject({ action: "team.imported", summary: "imported the team from an export", imported: false });
    expect(second.activity.slice(0, -1).every((event) => event.imported)).toBe(true);
    // Maya shares the team with everyone in it: all are credited as themselves, no placeholders.
    expect(await db.user.count({ where: { placeholderTeamId: imported.teamId } })).toBe(0);

    // The chart's per-day sums were rebuilt from the live evidence.
    const days = async (teamId: string) =>
      (await db.experimentDay.findMany({ where: { teamId }, include: { experiment: { select: { number: true } } } }))
        .filter((d) => d.trials !== 0 || d.valueCount !== 0)
        .map((d) => ({ e: d.experiment.number, day: toDateOnly(d.day), s: d.successes, t: d.trials, n: d.valueCount, sum: d.valueSum, sq: d.valueSumSquares }))
        .sort((a, b) => a.e - b.e || a.day.localeCompare(b.day));
    expect(await days(imported.teamId)).toEqual(await days(demo.teamId));

    // The new team carries on numbering where the source left off.
    const copy = await db.team.findUniqueOrThrow({ where: { id: imported.teamId }, select: { id: true, slug: true } });
    const product = await db.product.findFirstOrThrow({ where: { teamId: copy.id } });
    const next = await createHypothesis(actorFor(demo.maya.user, copy, "OWNER"), { productId: product.id, statement: "A new belief after the import.", segment: "", category: "VIABILITY", importance: 2 });
    expect(next.number).toBe(first.team.hypothesisSeq + 1);
  });

  it("keeps people the importer shares no team with as named placeholders, and honours name and slug", async () => {
    const stranger = await createUser({ name: "Stranger" });
    const document = roundTrip(demo.exported) as TeamExport;
    const sam = document.people.find((p) => p.email === "sam@ledgerly.example")!;
    sam.email = "nobody-with-an-account@example.com";
    const imported = await importTeam(document, { ownerUserId: stranger.id, name: "Ledgerly copy", slug: "ledgerly-archive" });
    expect(imported.slug).toBe("ledgerly-archive");
    const exported = await exportTeam(imported.teamId);
    expect(exported.team.name).toBe("Ledgerly copy");
    // Nobody in the file is credited as an account here: the stranger shares no team with them.
    const emails = exported.people.map((p) => p.email);
    for (const email of ["nobody-with-an-account@example.com", "sam@ledgerly.example", "priya@ledgerly.example", DEMO_LOGIN.email]) expect(emails).not.toContain(email);
    expect(exported.people.map((p) => p.name).sort()).toEqual([...document.people.map((p) => p.name), "Stranger"].sort());
    // Placeholders own nothing: Sam's and Priya's hypotheses have no owner in the copy.
    expect(exported.hypotheses.find((h) => h.number === 4)!.owner).toBeNull();
    expect(exported.hypotheses.find((h) => h.number === 3)!.owner).toBeNull();
    const h4 = await db.hypothesis.findFirstOrThrow({ where: { teamId: imported.teamId, number: 4 }, select: { createdBy: { select: { name: true, placeholderTeamId: true } } } });
    expect(h4.createdBy).toEqual({ name: document.people.find((p) => p.id === document.hypotheses.find((h) => h.number === 4)!.createdBy)!.name, placeholderTeamId: imported.teamId });
    expect(await db.membership.findMany({ where: { teamId: imported.teamId }, select: { userId: true, role: true } })).toEqual([{ userId: stranger.id, role: "OWNER" }]);

    // The same slug again is taken: the name decides, with a suffix.
    const again = await importTeam(roundTrip(demo.exported), { ownerUserId: stranger.id, slug: "ledgerly-archive" });
    expect(again.slug).toBe("ledgerly-3");
  });

  it("imports more observations than one INSERT chunk holds", async () => {
    const document = roundTrip(demo.exported) as TeamExport;
    const e3 = document.experiments.find((e) => e.number === 3)!;
    const template = document.observations.find((o) => o.experiment === e3.id)!;
    const extra = Array.from({ length: 12_000 }, (_, i) => ({ ...template, value: 1, idempotencyKey: `bulk-${i}`, deletedAt: null }));
    document.observations.push(...extra);
    const imported = await importTeam(document, { ownerUserId: demo.maya.user.id });
    const experiment = await db.experiment.findFirstOrThrow({ where: { teamId: imported.teamId, number: 3 } });
    expect(await db.observation.count({ where: { experimentId: experiment.id } })).toBe(document.observations.filter((o) => o.experiment === e3.id).length);
    const day = await db.experimentDay.findFirstOrThrow({ where: { experimentId: experiment.id, day: new Date(`${template.observedOn}T00:00:00Z`) } });
    expect(day.valueCount).toBeGreaterThan(12_000);
  }, 120_000);

  it("rejects another format or version with a clear 400 and creates nothing", async () => {
    await expectImportRejected({ ...roundTrip(demo.exported) as object, version: 2 }, /version: must be 1/);
    await expectImportRejected({ ...roundTrip(demo.exported) as object, format: "something-else" }, /format: must be "evident.team-export"/);
    await expectImportRejected([1, 2, 3], /not a JSON object/);
  });

  it("rejects a dangling reference, naming where it is, and writes nothing", async () => {
    const document = roundTrip(demo.exported) as TeamExport;
    document.experiments[2].hypothesis = "hypothesis:999";
    await expectImportRejected(document, /experiments\[2\]\.hypothesis: refers to hypothesis hypothesis:999, which is not in the file/);

    const clash = roundTrip(demo.exported) as TeamExport;
    clash.observations.push({ ...clash.observations[0], idempotencyKey: "k" }, { ...clash.observations[0], idempotencyKey: "k" });
    await expectImportRejected(clash, /observations\[\d+\]\.idempotencyKey: repeats the idempotency key/);

    const followUp = roundTrip(demo.exported) as TeamExport;
    followUp.actionItems[0].closedIn = "review:999";
    await expectImportRejected(followUp, /actionItems\[0\]\.closedIn: refers to review review:999, which is not in the file/);

    // One id for two rows of different kinds would let one row's references land on the other.
    const shared = roundTrip(demo.exported) as TeamExport;
    shared.actionItems[0].id = shared.reviews[0].id;
    await expectImportRejected(shared, /actionItems\[0\]\.id: repeats the id review:1/);

    const badDate = roundTrip(demo.exported) as TeamExport;
    badDate.observations[1].observedOn = "2026-02-30";
    await expectImportRejected(badDate, /observations\[1\]\.observedOn: Use a real date as YYYY-MM-DD/);
  });
});

describe("CSV exports", () => {
  it("has the documented headers and one row per hypothesis and experiment not in the trash", async () => {
    const hypotheses = await hypothesesCsv(demo.teamId);
    const experiments = await experimentsCsv(demo.teamId);
    expect(hypotheses.split("\r\n")[0]).toBe(HYPOTHESES_CSV_COLUMNS.join(","));
    expect(experiments.split("\r\n")[0]).toBe(EXPERIMENTS_CSV_COLUMNS.join(","));
    const records = (csv: string) => {
      const parsed = tokenizeCsv(csv.trimEnd());
      if (!parsed.ok) throw new Error("not valid CSV");
      return parsed.records.map((r) => r.fields);
    };
    expect(records(hypotheses)).toHaveLength(1 + (await db.hypothesis.count({ where: { teamId: demo.teamId, deletedAt: null } })));
    const rows = records(experiments);
    expect(rows).toHaveLength(1 + (await db.experiment.count({ where: { teamId: demo.teamId, deletedAt: null } })));
    const column = (name: (typeof EXPERIMENTS_CSV_COLUMNS)[number]) => EXPERIMENTS_CSV_COLUMNS.indexOf(name);
    const e1 = rows.find((r) => r[0] === "E-1")!;
    expect(e1[column("hypothesis")]).toBe("H-1");
    expect(e1[column("verdict")]).toBe("met"); // frozen at conclusion
    expect(e1[column("criterion")]).toBe("≥ 50.0 %");
    expect(Number(e1[column("n")])).toBe(20);
    expect(Number(e1[column("estimate")])).toBeCloseTo(0.75);
    expect(Number(e1[column("interval_low")])).toBeLessThan(0.75);
  });

  it("writes evidence that parses back with the evidence import", async () => {
    const e5 = await db.experiment.findFirstOrThrow({ where: { teamId: demo.teamId, number: 5 } });
    const options = { kind: e5.metricKind, experimentId: e5.id, startsOn: toDateOnly(e5.startsOn), endsOn: toDateOnly(e5.endsOn), today: todayDateOnly() };
    const single = parseObservationCsv(await observationsCsv(demo.teamId, { experimentNumber: 5 }), options);
    if (!single.ok) throw new Error(JSON.stringify(single.errors));
    expect(single.rows).toHaveLength(e5.observationCount);
    expect(single.rows.reduce((sum, row) => sum + (row.trials ?? 0), 0)).toBe(e5.trials);
    expect(single.rows.reduce((sum, row) => sum + (row.successes ?? 0), 0)).toBe(e5.successes);
    expect(single.rows.some((row) => row.note?.startsWith("“Take my money"))).toBe(true);

    // The whole-team file: the same rows behind an experiment column.
    const all = await observationsCsv(demo.teamId);
    const [header, ...lines] = all.split("\r\n").filter(Boolean);
    expect(header).toBe(OBSERVATIONS_CSV_COLUMNS.join(","));
    const e5Lines = lines.filter((line) => line.startsWith("E-5,")).map((line) => line.slice("E-5,".length));
    const reparsed = parseObservationCsv([OBSERVATIONS_CSV_COLUMNS.slice(1).join(","), ...e5Lines].join("\r\n"), options);
    if (!reparsed.ok) throw new Error(JSON.stringify(reparsed.errors));
    expect(reparsed.rows.map((row) => row.idempotencyKey)).toEqual(single.rows.map((row) => row.idempotencyKey));
  });

  it("defuses spreadsheet formulas in text but leaves numbers alone", async () => {
    const { team, owner } = await createTeamWith();
    const actor = actorFor(owner, team, "OWNER");
    const product = await db.product.create({ data: { teamId: team.id, name: "=cmd|' /C calc'!A0" } });
    const hypothesis = await createHypothesis(actor, { productId: product.id, statement: "@SUM(1+1) people will click, with a comma", segment: "-minus", category: "DESIRABILITY", importance: 3 });
    const experiment = await createExperiment(actor, {
      hypothesisId: hypothesis.id, title: "+title", method: "OTHER", plan: "p", metricName: "Temperature", metricUnit: "", metricKind: "MEAN",
      comparator: "GTE", target: -5, startsOn: addDays(todayDateOnly(), -2), endsOn: addDays(todayDateOnly(), 10),
    });
    await db.experiment.update({ where: { id: experiment.id }, data: { status: "RUNNING" } });
    await addObservations(actor, { experimentId: experiment.id, rows: [{ observedOn: addDays(todayDateOnly(), -1), successes: null, trials: null, value: -3.5, note: '=HYPERLINK("x")', source: "said \"hi\"", strength: 2 }], via: "form" });

    const hypotheses = await hypothesesCsv(team.id);
    expect(hypotheses).toContain(",'=cmd|' /C calc'!A0,");
    expect(hypotheses).toContain(`"'@SUM(1+1) people will click, with a comma"`);
    expect(hypotheses).toContain(",'-minus,");
    expect(await experimentsCsv(team.id)).toContain(",'+title,");
    const observations = await observationsCsv(team.id);
    expect(observations).toContain(`,,,-3.5,"'=HYPERLINK(""x"")","said ""hi""",2\r\n`);
  });
});

describe("over HTTP", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  const urls = (slug: string) => [`/t/${slug}/export.json`, `/t/${slug}/export/hypotheses.csv`, `/t/${slug}/export/experiments.csv`, `/t/${slug}/export/observations.csv`, `/t/${slug}/settings/data`];

  it("hides every export and the data page from a member of another team", async () => {
    const { owner } = await createTeamWith();
    const outsider = await signedIn(server.url, owner.email);
    for (const url of urls(DEMO_TEAM_SLUG)) expect((await outsider.get(url)).status, url).toBe(404);
    const signedOut = new Client(server.url);
    expect((await signedOut.get(urls(DEMO_TEAM_SLUG)[0])).status).toBe(302);
  });

  it("lets a viewer download, and only an admin import", async () => {
    const { team, members } = await createTeamWith(["VIEWER"]);
    const viewer = await signedIn(server.url, members[0].email);
    const response = await viewer.get(`/t/${team.slug}/export.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="[^"]+\.json"$/);
    const document = await response.json();
    expect(document).toMatchObject({ format: "evident.team-export", version: 1 });
    const csv = await viewer.get(`/t/${team.slug}/export/observations.csv`);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(await csv.text()).toBe(`${OBSERVATIONS_CSV_COLUMNS.join(",")}\r\n`);
    expect((await viewer.get(`/t/${team.slug}/settings/data`)).status).toBe(200);

    const form = new FormData();
    form.append("file", new Blob([JSON.stringify(document)], { type: "application/json" }), "team.json");
    expect((await postMultipart(viewer, `/t/${team.slug}/settings/data`, form)).status).toBe(403);
  });

  it("imports an uploaded export as a new team and shows a bad file as a form error", async () => {
    const maya = new Client(server.url);
    expect((await maya.post("/signin", { email: DEMO_LOGIN.email, password: DEMO_LOGIN.password })).status).toBe(302);
    const exported = await maya.get(`/t/${DEMO_TEAM_SLUG}/export.json`);
    expect(exported.status).toBe(200);
    const text = await exported.text();

    const upload = (body: string, fileName = "ledgerly.json") => {
      const form = new FormData();
      form.append("file", new Blob([body], { type: "application/json" }), fileName);
      form.append("name", "Ledgerly over HTTP");
      return postMultipart(maya, `/t/${DEMO_TEAM_SLUG}/settings/data`, form);
    };
    const teamsBefore = await db.team.count();
    const notJson = await upload("this is not json", "notes.txt");
    expect(notJson.status).toBe(400);
    expect(await notJson.text()).toContain("is not a JSON file");
    const wrongVersion = await upload(text.replace('"version": 1', '"version": 7'));
    expect(wrongVersion.status).toBe(400);
    expect(await wrongVersion.text()).toContain("version: must be 1");
    expect(await db.team.count()).toBe(teamsBefore);

    const created = await upload(text);
    expect(created.status).toBe(302);
    expect(created.headers.get("location")).toBe("/t/ledgerly-over-http");
    expect((await maya.get("/t/ledgerly-over-http")).status).toBe(200);
  });
});
