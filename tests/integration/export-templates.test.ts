/** Experiment templates in the team export: exported with their authors, imported back identically, refused when broken. */
import { beforeAll, describe, expect, it } from "vitest";
import type { TeamExport } from "~/modules/export/document";
import { exportTeam } from "~/modules/export/export.server";
import { importTeam } from "~/modules/export/import.server";
import { renameTemplate, saveTemplate, setTemplateDeleted } from "~/modules/templates/templates.server";
import { db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { runningRateExperiment, startedRateExperiment } from "../support/loop-factories";

type Setup = Awaited<ReturnType<typeof runningRateExperiment>> & { exported: TeamExport };
let setup: Setup;

const roundTrip = (document: TeamExport): TeamExport => JSON.parse(JSON.stringify(document));

beforeAll(async () => {
  const loop = await runningRateExperiment(["MEMBER"]);
  const member = { user: loop.members[0], team: loop.team, role: "MEMBER" as const };
  const second = await startedRateExperiment(loop.actor, loop.hypothesis.id, "Invoice page button");
  const kept = await saveTemplate(member, { experimentId: second.experiment.id });
  await renameTemplate(loop.actor, { id: kept.id, version: 1, name: "Invoice button, two weeks" });
  const trashed = await saveTemplate(loop.actor, { experimentId: loop.experiment.id, name: "First fake door" });
  await setTemplateDeleted(loop.actor, { id: trashed.id, deleted: true });
  setup = { ...loop, exported: await exportTeam(loop.team.id) };
});

async function expectRejected(document: unknown, message: RegExp) {
  const before = await db.experimentTemplate.count();
  const teams = await db.team.count();
  const error = await importTeam(document, { ownerUserId: setup.owner.id }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).status).toBe(400);
  expect((error as AppError).message).toMatch(message);
  expect(await db.experimentTemplate.count()).toBe(before);
  expect(await db.team.count()).toBe(teams);
}

describe("templates in the team export", () => {
  it("holds every template, trashed ones too, with export-local ids and their authors", () => {
    const { templates, people, activity } = setup.exported;
    expect(templates.map((t) => [t.id, t.name, t.deletedAt !== null])).toEqual([
      ["template:1", "Invoice button, two weeks", false],
      ["template:2", "First fake door", true],
    ]);
    expect(templates[0]).toMatchObject({ method: "FAKE_DOOR", metricName: "Click-through", metricUnit: "", metricKind: "RATE", comparator: "GTE", target: 0.1, days: 14, version: 2 });
    expect(people.find((p) => p.id === templates[0].createdBy)?.email).toBe(setup.members[0].email);
    // The history names templates by their local ids, so it still points at them after an import.
    expect(activity.filter((a) => a.entityType === "template").map((a) => [a.action, a.entityId])).toEqual([
      ["template.saved", "template:1"],
      ["template.renamed", "template:1"],
      ["template.saved", "template:2"],
      ["template.trashed", "template:2"],
    ]);
  });

  it("imports them back identically", async () => {
    const imported = await importTeam(roundTrip(setup.exported), { ownerUserId: setup.owner.id });
    expect(imported.counts.templates).toBe(2);
    const again = await exportTeam(imported.teamId);
    expect(again.templates).toEqual(setup.exported.templates);
    const rows = await db.experimentTemplate.findMany({ where: { teamId: imported.teamId }, orderBy: { createdAt: "asc" }, select: { name: true, deletedAt: true, createdById: true } });
    expect(rows.map((r) => [r.name, r.deletedAt !== null, r.createdById])).toEqual([
      ["Invoice button, two weeks", false, setup.members[0].id],
      ["First fake door", true, setup.owner.id],
    ]);
  });

  it("imports a file from before templates existed (version 1 without the array)", async () => {
    const { templates: _templates, ...older } = roundTrip(setup.exported);
    const imported = await importTeam({ ...older, activity: older.activity.filter((a) => a.entityType !== "template") }, { ownerUserId: setup.owner.id });
    expect(imported.counts.templates).toBe(0);
    expect(await db.experimentTemplate.count({ where: { teamId: imported.teamId } })).toBe(0);
  });

  it("refuses two templates of one name, an unknown author or an impossible timebox, and writes nothing", async () => {
    const twice = roundTrip(setup.exported);
    twice.templates[1].name = "INVOICE BUTTON, TWO WEEKS";
    await expectRejected(twice, /templates\[1\]\.name: repeats the template name "INVOICE BUTTON, TWO WEEKS"/);

    const stranger = roundTrip(setup.exported);
    stranger.templates[0].createdBy = "person:99";
    await expectRejected(stranger, /templates\[0\]\.createdBy: refers to person person:99, which is not in the file/);

    const long = roundTrip(setup.exported);
    long.templates[0].days = 0;
    await expectRejected(long, /templates\[0\]\.days/);

    const shared = roundTrip(setup.exported);
    shared.templates[0].id = "experiment:1";
    await expectRejected(shared, /templates\[0\]\.id: repeats the id experiment:1/);
  });
});
