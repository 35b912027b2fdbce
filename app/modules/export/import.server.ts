/**
 * Team import: a checked export document (document.ts) becomes a NEW team, in one transaction (all
 * or nothing). People are credited as themselves only when they already share a team with the
 * importer; everyone else becomes a named placeholder that owns nothing.
 */
import { Prisma } from "~/generated/prisma/client";
import { recordActivity } from "~/modules/activity/activity.server";
import { insertObservationRows } from "~/modules/evidence/observations.server";
import { slugify, uniqueSlug } from "~/modules/teams/slug";
import { TeamNameSchema } from "~/modules/teams/schemas";
import { db, type Transaction } from "~/utils/db.server";
import { orderedIds } from "~/utils/ids.server";
import { AppError, conflict } from "~/utils/errors";
import { fromDateOnly } from "~/utils/date-only";
import { parseTeamExport, remapJson, withRecountedAggregates, type TeamExport } from "./document";

/** Rows per INSERT while importing, at most. */
const WRITE_CHUNK = 5_000;
/**
 * Bind parameters (one per column per row) above which Prisma splits a createMany itself and
 * sends the parts concurrently on the transaction's one connection (pg deprecates that).
 */
const MAX_BIND_PARAMETERS = 32_766;
/** A large import is one long transaction; Prisma's 5 s default would abort it. */
const IMPORT_TIMEOUT_MS = 10 * 60_000;

const date = (value: string) => new Date(value);
const dateOrNull = (value: string | null) => (value === null ? null : new Date(value));
const dayOrNullIn = (value: string | null) => (value === null ? null : fromDateOnly(value));
/** Nullable JSON columns take Prisma.DbNull for "no value". */
const jsonOrDbNull = (value: unknown) => (value === null ? Prisma.DbNull : (value as Prisma.InputJsonValue));

/** Inserts in chunks of WRITE_CHUNK rows, fewer for wide rows (see MAX_BIND_PARAMETERS). */
async function insertChunked<T, D extends object>(rows: T[], toData: (row: T) => D, insert: (data: D[]) => Promise<unknown>) {
  if (rows.length === 0) return;
  const columns = Object.keys(toData(rows[0])).length;
  const size = Math.min(WRITE_CHUNK, Math.floor(MAX_BIND_PARAMETERS / columns));
  for (let start = 0; start < rows.length; start += size) await insert(rows.slice(start, start + size).map(toData));
}

export type ImportResult = { teamId: string; slug: string; counts: Record<string, number> };

/**
 * Creates a new team from an export, owned by `ownerUserId`; nothing outside it changes. Validates
 * the whole document first (AppError 400 naming the first problem), then writes it in one
 * transaction. Nobody but the owner becomes a member (the owner invites people later); the file's
 * people are credited as described at creditableAccounts, or kept as the new team's placeholders.
 */
export async function importTeam(doc: unknown, options: { ownerUserId: string; name?: string; slug?: string }): Promise<ImportResult> {
  const document = withRecountedAggregates(parseTeamExport(doc));
  const name = options.name?.trim() ? TeamNameSchema.safeParse(options.name) : null;
  if (name && !name.success) throw new AppError(400, "invalid", name.error.issues[0].message, { name: name.error.issues[0].message });
  const teamName = name?.data ?? document.team.name;
  const owner = await db.user.findUnique({ where: { id: options.ownerUserId }, select: { id: true } });
  if (!owner) throw new AppError(400, "invalid", "The person importing the team no longer exists.");

  const accounts = await creditableAccounts(owner.id, document.people);

  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await db.$transaction((tx) => writeTeam(tx, document, { ownerId: owner.id, name: teamName, slug: options.slug, accounts }), {
        timeout: IMPORT_TIMEOUT_MS,
        maxWait: 30_000,
      });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      // Another team took the slug between our check and our insert: pick again.
      if (code === "P2002") continue;
      // A value the database refused despite validation (out of range, too long…) is still the file's fault.
      if (typeof code === "string" && /^P20(00|03|07|11|12|13|20)$/.test(code)) {
        throw new AppError(400, "invalid_export", `This file can't be imported: the database refused one of its values (${(error as Error).message.split("\n").pop()?.slice(0, 200)}).`);
      }
      throw error;
    }
  }
  throw conflict("Couldn't find a free address for the imported team. Try a different name.");
}

/**
 * The accounts the file's people may be credited as, by the file's local id: a person whose email
 * belongs to the importer, or to someone who already shares a team with the importer, is that
 * account. The file decides nothing else: anyone else becomes a placeholder (see writeTeam), so a
 * crafted file can neither credit an unrelated account with work nor learn its name from the export.
 */
async function creditableAccounts(importerId: string, people: TeamExport["people"]): Promise<Map<string, string>> {
  const emails = [...new Set(people.map((person) => person.email.toLowerCase()))];
  const found = await db.user.findMany({
    where: {
      email: { in: emails },
      placeholderTeamId: null,
      OR: [{ id: importerId }, { memberships: { some: { team: { memberships: { some: { userId: importerId } } } } } }],
    },
    select: { id: true, email: true },
  });
  const byEmail = new Map(found.map((user) => [user.email, user.id]));
  const accounts = new Map<string, string>();
  for (const person of people) {
    const account = byEmail.get(person.email.toLowerCase());
    if (account) accounts.set(person.id, account);
  }
  return accounts;
}

/** A placeholder's address: unique, never deliverable (.invalid), and no one can sign in with it. */
const placeholderEmail = (id: string) => `imported-${id}@placeholder.invalid`;
/** Not an argon2 hash: no password ever verifies against it (and sign-in refuses placeholders anyway). */
const NO_PASSWORD = "!";

async function chooseSlug(tx: Transaction, name: string, wanted: string | undefined): Promise<string> {
  const taken = async (base: string) => new Set((await tx.team.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map((row) => row.slug));
  if (wanted?.trim()) {
    const slug = slugify(wanted);
    if (uniqueSlug(slug, await taken(slug)) === slug) return slug;
  }
  const base = slugify(name);
  return uniqueSlug(base, await taken(base));
}

async function writeTeam(
  tx: Transaction,
  doc: TeamExport,
  input: { ownerId: string; name: string; slug: string | undefined; accounts: ReadonlyMap<string, string> },
): Promise<ImportResult> {
  const slug = await chooseSlug(tx, input.name, input.slug);
  const maxNumber = (rows: { number: number }[]) => rows.reduce((max, row) => Math.max(max, row.number), 0);
  const team = await tx.team.create({
    data: {
      name: input.name,
      slug,
      // Never behind the numbers in use, or the next H-/E- number would collide.
      hypothesisSeq: Math.max(doc.team.hypothesisSeq, maxNumber(doc.hypotheses)),
      experimentSeq: Math.max(doc.team.experimentSeq, maxNumber(doc.experiments)),
      memberships: { create: { userId: input.ownerId, role: "OWNER" } },
    },
    select: { id: true, slug: true },
  });
  const teamId = team.id;

  // Export-local id → new database id, for columns and for ids inside JSON snapshots.
  const nextId = orderedIds();
  // Everyone who is not a creditable account gets a placeholder of this team, named as in the file.
  const people = new Map(input.accounts);
  const placeholders = new Set<string>();
  const newPeople = doc.people.filter((person) => !people.has(person.id));
  for (const person of newPeople) {
    const id = nextId();
    people.set(person.id, id);
    placeholders.add(id);
  }
  await insertChunked(newPeople, (person) => {
    const id = people.get(person.id)!;
    return { id, email: placeholderEmail(id), name: person.name.trim().slice(0, 200) || "Someone", passwordHash: NO_PASSWORD, placeholderTeamId: teamId };
  }, (data) => tx.user.createMany({ data }));
  const ids = new Map<string, string>([["team:1", teamId], ...people]);
  const give = (rows: { id: string }[]) => rows.forEach((row) => ids.set(row.id, nextId()));
  give(doc.products);
  give(doc.hypotheses);
  give(doc.experiments);
  give(doc.learningCards);
  give(doc.comments);
  give(doc.signals);
  give(doc.gateCriteria);
  give(doc.gateDecisions);
  give(doc.scaleProposals);
  give(doc.reviews);
  give(doc.actionItems);
  give(doc.investorUpdates);
  give(doc.templates);
  // Validation guarantees every reference resolves.
  const id = (local: string) => ids.get(local)!;
  const idOrNull = (local: string | null) => (local === null ? null : id(local));
  const person = (local: string) => people.get(local)!;
  const personOrNull = (local: string | null) => (local === null ? null : person(local));
  // A placeholder owns nothing: a hypothesis they owned in the file has no owner here.
  const ownerOrNull = (local: string | null) => {
    const id = personOrNull(local);
    return id !== null && placeholders.has(id) ? null : id;
  };
  const remap = (value: unknown) => remapJson(value, ids) as Prisma.InputJsonValue;
  const remapOrDbNull = (value: unknown) => (value === null ? Prisma.DbNull : remap(value));
  const experimentByNumber = new Map(doc.experiments.map((e) => [e.number, id(e.id)]));

  await insertChunked(doc.products, (p) => ({
    id: id(p.id), teamId, name: p.name, description: p.description, stage: p.stage, version: p.version,
    deletedAt: dateOrNull(p.deletedAt), createdAt: date(p.createdAt), updatedAt: date(p.updatedAt),
  }), (data) => tx.product.createMany({ data }));
  await insertChunked(doc.hypotheses, (h) => ({
    id: id(h.id), teamId, number: h.number, productId: id(h.product), statement: h.statement, segment: h.segment,
    category: h.category, importance: h.importance, ownerId: ownerOrNull(h.owner), status: h.status,
    statusOverridden: h.statusOverridden, evidenceStrength: h.evidenceStrength, version: h.version, createdById: person(h.createdBy),
    deletedAt: dateOrNull(h.deletedAt), createdAt: date(h.createdAt), updatedAt: date(h.updatedAt),
  }), (data) => tx.hypothesis.createMany({ data }));
  await insertChunked(doc.experiments, (e) => ({
    id: id(e.id), teamId, number: e.number, hypothesisId: id(e.hypothesis), title: e.title, method: e.method, plan: e.plan,
    metricName: e.metricName, metricUnit: e.metricUnit, metricKind: e.metricKind, comparator: e.comparator, target: e.target,
    startsOn: fromDateOnly(e.startsOn), endsOn: fromDateOnly(e.endsOn), status: e.status,
    startedAt: dateOrNull(e.startedAt), concludedAt: dateOrNull(e.concludedAt),
    criterionChangedAfterStart: e.criterionChangedAfterStart, finalVerdict: e.finalVerdict,
    observationCount: e.observationCount, successes: e.successes, trials: e.trials, valueCount: e.valueCount,
    valueSum: e.valueSum, valueSumSquares: e.valueSumSquares, lastObservedOn: dayOrNullIn(e.lastObservedOn),
    maxStrength: e.maxStrength, version: e.version, createdById: person(e.createdBy),
    retestOfId: e.retestOf === null ? null : (experimentByNumber.get(e.retestOf) ?? null),
    deletedAt: dateOrNull(e.deletedAt), createdAt: date(e.createdAt), updatedAt: date(e.updatedAt),
  }), (data) => tx.experiment.createMany({ data }));
  await insertObservationRows(
    tx,
    doc.observations.map((o) => ({
      id: nextId(), teamId, experimentId: id(o.experiment), observedOn: o.observedOn, successes: o.successes, trials: o.trials,
      value: o.value, note: o.note, source: o.source, strength: o.strength, loggedById: person(o.loggedBy),
      idempotencyKey: o.idempotencyKey, deletedAt: o.deletedAt, createdAt: o.createdAt,
    })),
  );
  // The chart's per-day sums are derived data: rebuilt from the evidence, not read from the file.
  await tx.$executeRaw`
    INSERT INTO "ExperimentDay" ("teamId", "experimentId", "day", "successes", "trials", "valueCount", "valueSum", "valueSumSquares")
    SELECT "teamId", "experimentId", "observedOn",
           COALESCE(SUM("successes"), 0)::double precision, COALESCE(SUM("trials"), 0)::double precision,
           COUNT("value")::integer, COALESCE(SUM("value"), 0), COALESCE(SUM("value" * "value"), 0)
    FROM "Observation"
    WHERE "teamId" = ${teamId} AND "deletedAt" IS NULL
    GROUP BY "teamId", "experimentId", "observedOn"`;
  await insertChunked(doc.learningCards, (c) => ({
    id: id(c.id), teamId, experimentId: id(c.experiment), observed: c.observed, learned: c.learned, nextSteps: c.nextSteps,
    decision: c.decision, verdictSnapshot: remap(c.verdictSnapshot), createdById: person(c.createdBy), createdAt: date(c.createdAt),
  }), (data) => tx.learningCard.createMany({ data }));
  await insertChunked(doc.comments, (c) => ({
    id: id(c.id), teamId, hypothesisId: idOrNull(c.hypothesis), experimentId: idOrNull(c.experiment), authorId: person(c.author),
    body: c.body, deletedAt: dateOrNull(c.deletedAt), createdAt: date(c.createdAt),
  }), (data) => tx.comment.createMany({ data }));
  await insertChunked(doc.signals, (s) => ({
    id: id(s.id), teamId, productId: id(s.product), name: s.name, unit: s.unit, direction: s.direction, description: s.description,
    version: s.version, deletedAt: dateOrNull(s.deletedAt), createdAt: date(s.createdAt), updatedAt: date(s.updatedAt),
  }), (data) => tx.signal.createMany({ data }));
  await insertChunked(doc.signalPoints, (p) => ({ id: nextId(), teamId, signalId: id(p.signal), date: fromDateOnly(p.date), value: p.value, note: p.note, createdAt: date(p.createdAt) }), (data) => tx.signalPoint.createMany({ data }));
  await insertChunked(doc.gateCriteria, (c) => ({
    id: id(c.id), teamId, productId: id(c.product), kind: c.kind, signalId: idOrNull(c.signal), hypothesisId: idOrNull(c.hypothesis),
    threshold: c.threshold, comparator: c.comparator, weeks: c.weeks, deletedAt: dateOrNull(c.deletedAt), createdAt: date(c.createdAt),
  }), (data) => tx.gateCriterion.createMany({ data }));
  await insertChunked(doc.gateDecisions, (d) => ({
    id: id(d.id), teamId, productId: id(d.product), action: d.action, rationale: d.rationale, snapshot: remap(d.snapshot),
    decidedById: person(d.decidedBy), createdAt: date(d.createdAt),
  }), (data) => tx.gateDecision.createMany({ data }));
  await insertChunked(doc.scaleProposals, (p) => ({
    id: id(p.id), teamId, productId: id(p.product), title: p.title, description: p.description, signalId: id(p.signal),
    threshold: p.threshold, comparator: p.comparator, weeks: p.weeks, status: p.status, decisionNote: p.decisionNote,
    evidenceSnapshot: remapOrDbNull(p.evidenceSnapshot), decidedById: personOrNull(p.decidedBy), decidedAt: dateOrNull(p.decidedAt),
    createdById: person(p.createdBy), version: p.version, createdAt: date(p.createdAt),
  }), (data) => tx.scaleProposal.createMany({ data }));
  await insertChunked(doc.reviews, (r) => ({
    id: id(r.id), teamId, heldOn: fromDateOnly(r.heldOn), attendees: r.attendees, notes: r.notes, decisions: r.decisions,
    agenda: remap(r.agenda), minutes: remapOrDbNull(r.minutes), createdById: person(r.createdBy), createdAt: date(r.createdAt),
  }), (data) => tx.review.createMany({ data }));
  await insertChunked(doc.actionItems, (a) => ({
    id: id(a.id), teamId, title: a.title, ownerId: ownerOrNull(a.owner), dueOn: a.dueOn === null ? null : fromDateOnly(a.dueOn),
    experimentId: idOrNull(a.experiment), hypothesisId: idOrNull(a.hypothesis), status: a.status, doneAt: dateOrNull(a.doneAt),
    raisedInReviewId: idOrNull(a.raisedIn), closedInReviewId: idOrNull(a.closedIn), version: a.version, createdById: person(a.createdBy), createdAt: date(a.createdAt),
  }), (data) => tx.actionItem.createMany({ data }));
  await insertChunked(doc.investorUpdates, (u) => ({
    id: id(u.id), teamId, title: u.title, periodStart: fromDateOnly(u.periodStart), periodEnd: fromDateOnly(u.periodEnd),
    highlights: u.highlights, lowlights: u.lowlights, asks: u.asks, status: u.status, snapshot: remapOrDbNull(u.snapshot),
    publishedAt: dateOrNull(u.publishedAt), version: u.version, createdById: person(u.createdBy), createdAt: date(u.createdAt), updatedAt: date(u.updatedAt),
  }), (data) => tx.investorUpdate.createMany({ data }));
  await insertChunked(doc.templates, (t) => ({
    id: id(t.id), teamId, name: t.name, method: t.method, plan: t.plan, metricName: t.metricName, metricUnit: t.metricUnit, metricKind: t.metricKind,
    comparator: t.comparator, target: t.target, days: t.days, version: t.version, createdById: person(t.createdBy),
    deletedAt: dateOrNull(t.deletedAt), createdAt: date(t.createdAt), updatedAt: date(t.updatedAt),
  }), (data) => tx.experimentTemplate.createMany({ data }));
  // The file's history is kept, marked as imported: this server did not see it happen. A member
  // entry names a person by a local id; any other id there is the file's word, and is kept inert
  // (the export names the people behind member entries, and must never look up such an id).
  await insertChunked(doc.activity, (a) => ({
    id: nextId(), teamId, actorId: personOrNull(a.actor), imported: true, action: a.action, entityType: a.entityType,
    entityId: ids.get(a.entityId) ?? (a.entityType === "member" ? `unresolved:${a.entityId}` : a.entityId), summary: a.summary,
    before: remapOrDbNull(a.before), after: remapOrDbNull(a.after), createdAt: date(a.createdAt),
  }), (data) => tx.activityEvent.createMany({ data }));

  const counts: Record<string, number> = {
    products: doc.products.length,
    hypotheses: doc.hypotheses.length,
    experiments: doc.experiments.length,
    observations: doc.observations.length,
    learningCards: doc.learningCards.length,
    comments: doc.comments.length,
    signals: doc.signals.length,
    signalPoints: doc.signalPoints.length,
    gateCriteria: doc.gateCriteria.length,
    gateDecisions: doc.gateDecisions.length,
    scaleProposals: doc.scaleProposals.length,
    reviews: doc.reviews.length,
    actionItems: doc.actionItems.length,
    investorUpdates: doc.investorUpdates.length,
    templates: doc.templates.length,
    activity: doc.activity.length,
  };
  await recordActivity(tx, {
    teamId,
    actorId: input.ownerId,
    action: "team.imported",
    entityType: "team",
    entityId: teamId,
    summary: "imported the team from an export",
    after: { sourceTeam: doc.team.name, exportedAt: doc.exportedAt, counts, placeholders: placeholders.size },
  });
  return { teamId, slug: team.slug, counts };
}
