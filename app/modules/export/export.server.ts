/** Team export: everything a team recorded, read in pages, as one self-contained document (document.ts). */
import { Prisma } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/errors";
import { toDateOnly } from "~/utils/date-only";
import { EXPORT_FORMAT, EXPORT_VERSION, remapJson, type Snapshot, type TeamExport } from "./document";

/** Rows read per query while exporting, so a team with 100,000+ observations is read in pages. */
const READ_PAGE = 10_000;

const iso = (date: Date) => date.toISOString();
const isoOrNull = (date: Date | null) => (date ? date.toISOString() : null);
const dayOrNull = (date: Date | null) => (date ? toDateOnly(date) : null);

/** Reads all of a query's rows in pages of READ_PAGE, ordered so that a cursor is stable. */
async function readAll<T extends { id: string }>(page: (cursor: { cursor?: { id: string }; skip?: number; take: number }) => Promise<T[]>): Promise<T[]> {
  const rows: T[] = [];
  for (let cursor: string | undefined; ; ) {
    const batch = await page({ take: READ_PAGE, ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}) });
    rows.push(...batch);
    if (batch.length < READ_PAGE) return rows;
    cursor = batch[batch.length - 1].id;
  }
}

// Creation order, ties broken by id. The import hands out ids that sort in document order, so
// exporting an imported team lists every row in the same order as the file it came from.
const created = () => [{ createdAt: "asc" as const }, { id: "asc" as const }];

/** Everything the team recorded, as a self-contained document. */
export async function exportTeam(teamId: string): Promise<TeamExport> {
  const team = await db.team.findUnique({ where: { id: teamId }, select: { id: true, name: true, slug: true, hypothesisSeq: true, experimentSeq: true } });
  if (!team) throw notFound("That team no longer exists.");
  const where = { teamId };
  const orderBy = created();
  const [memberships, products, hypotheses, experiments, learningCards, comments, signals, gateCriteria, gateDecisions, scaleProposals, reviews, actionItems, investorUpdates, templates] = await Promise.all([
    db.membership.findMany({ where, select: { userId: true, role: true } }),
    db.product.findMany({ where, orderBy }),
    db.hypothesis.findMany({ where, orderBy: { number: "asc" } }),
    db.experiment.findMany({ where, orderBy: { number: "asc" } }),
    db.learningCard.findMany({ where, orderBy }),
    db.comment.findMany({ where, orderBy }),
    db.signal.findMany({ where, orderBy }),
    db.gateCriterion.findMany({ where, orderBy }),
    db.gateDecision.findMany({ where, orderBy }),
    db.scaleProposal.findMany({ where, orderBy }),
    db.review.findMany({ where, orderBy }),
    db.actionItem.findMany({ where, orderBy }),
    // Share links are deliberately not read: their tokens are secrets of the source team.
    db.investorUpdate.findMany({ where, orderBy }),
    db.experimentTemplate.findMany({ where, orderBy }),
  ]);
  const observations = await readAll((page) => db.observation.findMany({ where, orderBy, ...page }));
  const signalPoints = await readAll((page) => db.signalPoint.findMany({ where, orderBy, ...page }));
  const activity = await readAll((page) => db.activityEvent.findMany({ where, orderBy, ...page }));

  // People: everyone the team's rows point at, plus its members, by email.
  const userIds = new Set<string>(memberships.map((m) => m.userId));
  const addUser = (id: string | null) => id !== null && userIds.add(id);
  hypotheses.forEach((h) => (addUser(h.ownerId), addUser(h.createdById)));
  experiments.forEach((e) => addUser(e.createdById));
  observations.forEach((o) => addUser(o.loggedById));
  learningCards.forEach((c) => addUser(c.createdById));
  comments.forEach((c) => addUser(c.authorId));
  gateDecisions.forEach((d) => addUser(d.decidedById));
  scaleProposals.forEach((p) => (addUser(p.createdById), addUser(p.decidedById)));
  reviews.forEach((r) => addUser(r.createdById));
  actionItems.forEach((a) => (addUser(a.ownerId), addUser(a.createdById)));
  investorUpdates.forEach((u) => addUser(u.createdById));
  templates.forEach((t) => addUser(t.createdById));
  activity.forEach((a) => addUser(a.actorId));
  const users = await db.user.findMany({ where: { id: { in: [...userIds] } }, select: { id: true, email: true, name: true }, orderBy: { email: "asc" } });
  // Activity about members ("removed Sam") points at the member's user id: name them too when they still exist.
  const memberEntityIds = activity.filter((a) => a.entityType === "member" && !userIds.has(a.entityId)).map((a) => a.entityId);
  if (memberEntityIds.length > 0) {
    users.push(...(await db.user.findMany({ where: { id: { in: [...new Set(memberEntityIds)] } }, select: { id: true, email: true, name: true } })));
    users.sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
  }

  // Source id → export-local id.
  const ids = new Map<string, string>([[team.id, "team:1"]]);
  const assign = (kind: string, rows: { id: string }[]) => rows.forEach((row, index) => ids.set(row.id, `${kind}:${index + 1}`));
  assign("person", users);
  assign("product", products);
  // Hypotheses and experiments by their team number, so "hypothesis:12" is H-12.
  hypotheses.forEach((h) => ids.set(h.id, `hypothesis:${h.number}`));
  experiments.forEach((e) => ids.set(e.id, `experiment:${e.number}`));
  assign("card", learningCards);
  assign("comment", comments);
  assign("signal", signals);
  assign("criterion", gateCriteria);
  assign("decision", gateDecisions);
  assign("proposal", scaleProposals);
  assign("review", reviews);
  assign("action", actionItems);
  assign("update", investorUpdates);
  assign("template", templates);
  const ref = (id: string) => {
    const local = ids.get(id);
    if (local === undefined) throw new Error(`export: ${id} is referenced but was not exported`);
    return local;
  };
  const refOrNull = (id: string | null) => (id === null ? null : ref(id));
  const snapshot = (value: Prisma.JsonValue) => remapJson(value, ids) as Snapshot;
  const snapshotOrNull = (value: Prisma.JsonValue | null) => (value === null ? null : snapshot(value));
  const numberOf = new Map(experiments.map((e) => [e.id, e.number]));

  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: new Date().toISOString(),
    team: { name: team.name, slug: team.slug, hypothesisSeq: team.hypothesisSeq, experimentSeq: team.experimentSeq },
    people: users.map((u) => ({ id: ref(u.id), email: u.email, name: u.name })),
    memberships: memberships
      .map((m) => ({ person: ref(m.userId), role: m.role }))
      .sort((a, b) => Number(a.person.split(":")[1]) - Number(b.person.split(":")[1])),
    products: products.map((p) => ({
      id: ref(p.id), name: p.name, description: p.description, stage: p.stage, version: p.version,
      deletedAt: isoOrNull(p.deletedAt), createdAt: iso(p.createdAt), updatedAt: iso(p.updatedAt),
    })),
    hypotheses: hypotheses.map((h) => ({
      id: ref(h.id), number: h.number, product: ref(h.productId), statement: h.statement, segment: h.segment, category: h.category,
      importance: h.importance, owner: refOrNull(h.ownerId), status: h.status, statusOverridden: h.statusOverridden,
      evidenceStrength: h.evidenceStrength, version: h.version, createdBy: ref(h.createdById),
      deletedAt: isoOrNull(h.deletedAt), createdAt: iso(h.createdAt), updatedAt: iso(h.updatedAt),
    })),
    experiments: experiments.map((e) => ({
      id: ref(e.id), number: e.number, hypothesis: ref(e.hypothesisId), title: e.title, method: e.method, plan: e.plan,
      metricName: e.metricName, metricUnit: e.metricUnit, metricKind: e.metricKind, comparator: e.comparator, target: e.target,
      startsOn: toDateOnly(e.startsOn), endsOn: toDateOnly(e.endsOn), status: e.status,
      startedAt: isoOrNull(e.startedAt), concludedAt: isoOrNull(e.concludedAt),
      criterionChangedAfterStart: e.criterionChangedAfterStart, finalVerdict: e.finalVerdict,
      observationCount: e.observationCount, successes: e.successes, trials: e.trials, valueCount: e.valueCount,
      valueSum: e.valueSum, valueSumSquares: e.valueSumSquares, lastObservedOn: dayOrNull(e.lastObservedOn),
      maxStrength: e.maxStrength, version: e.version, createdBy: ref(e.createdById),
      retestOf: e.retestOfId === null ? null : (numberOf.get(e.retestOfId) ?? null),
      deletedAt: isoOrNull(e.deletedAt), createdAt: iso(e.createdAt), updatedAt: iso(e.updatedAt),
    })),
    observations: observations.map((o) => ({
      experiment: ref(o.experimentId), observedOn: toDateOnly(o.observedOn), successes: o.successes, trials: o.trials, value: o.value,
      note: o.note, source: o.source, strength: o.strength, loggedBy: ref(o.loggedById), idempotencyKey: o.idempotencyKey,
      deletedAt: isoOrNull(o.deletedAt), createdAt: iso(o.createdAt),
    })),
    learningCards: learningCards.map((c) => ({
      id: ref(c.id), experiment: ref(c.experimentId), observed: c.observed, learned: c.learned, nextSteps: c.nextSteps,
      decision: c.decision, verdictSnapshot: snapshot(c.verdictSnapshot), createdBy: ref(c.createdById), createdAt: iso(c.createdAt),
    })),
    comments: comments.map((c) => ({
      id: ref(c.id), hypothesis: refOrNull(c.hypothesisId), experiment: refOrNull(c.experimentId), author: ref(c.authorId),
      body: c.body, deletedAt: isoOrNull(c.deletedAt), createdAt: iso(c.createdAt),
    })),
    signals: signals.map((s) => ({
      id: ref(s.id), product: ref(s.productId), name: s.name, unit: s.unit, direction: s.direction, description: s.description,
      version: s.version, deletedAt: isoOrNull(s.deletedAt), createdAt: iso(s.createdAt), updatedAt: iso(s.updatedAt),
    })),
    signalPoints: signalPoints.map((p) => ({ signal: ref(p.signalId), date: toDateOnly(p.date), value: p.value, note: p.note, createdAt: iso(p.createdAt) })),
    gateCriteria: gateCriteria.map((c) => ({
      id: ref(c.id), product: ref(c.productId), kind: c.kind, signal: refOrNull(c.signalId), hypothesis: refOrNull(c.hypothesisId),
      threshold: c.threshold, comparator: c.comparator, weeks: c.weeks, deletedAt: isoOrNull(c.deletedAt), createdAt: iso(c.createdAt),
    })),
    gateDecisions: gateDecisions.map((d) => ({
      id: ref(d.id), product: ref(d.productId), action: d.action, rationale: d.rationale, snapshot: snapshot(d.snapshot),
      decidedBy: ref(d.decidedById), createdAt: iso(d.createdAt),
    })),
    scaleProposals: scaleProposals.map((p) => ({
      id: ref(p.id), product: ref(p.productId), title: p.title, description: p.description, signal: ref(p.signalId),
      threshold: p.threshold, comparator: p.comparator, weeks: p.weeks, status: p.status, decisionNote: p.decisionNote,
      evidenceSnapshot: snapshotOrNull(p.evidenceSnapshot), decidedBy: refOrNull(p.decidedById), decidedAt: isoOrNull(p.decidedAt),
      createdBy: ref(p.createdById), version: p.version, createdAt: iso(p.createdAt),
    })),
    reviews: reviews.map((r) => ({
      id: ref(r.id), heldOn: toDateOnly(r.heldOn), attendees: r.attendees, notes: r.notes, decisions: r.decisions,
      agenda: snapshot(r.agenda), minutes: snapshotOrNull(r.minutes), createdBy: ref(r.createdById), createdAt: iso(r.createdAt),
    })),
    actionItems: actionItems.map((a) => ({
      id: ref(a.id), title: a.title, owner: refOrNull(a.ownerId), dueOn: a.dueOn ? toDateOnly(a.dueOn) : null,
      experiment: refOrNull(a.experimentId), hypothesis: refOrNull(a.hypothesisId), status: a.status, doneAt: isoOrNull(a.doneAt),
      raisedIn: refOrNull(a.raisedInReviewId), closedIn: refOrNull(a.closedInReviewId), version: a.version, createdBy: ref(a.createdById), createdAt: iso(a.createdAt),
    })),
    investorUpdates: investorUpdates.map((u) => ({
      id: ref(u.id), title: u.title, periodStart: toDateOnly(u.periodStart), periodEnd: toDateOnly(u.periodEnd),
      highlights: u.highlights, lowlights: u.lowlights, asks: u.asks, status: u.status, snapshot: snapshotOrNull(u.snapshot),
      publishedAt: isoOrNull(u.publishedAt), version: u.version, createdBy: ref(u.createdById), createdAt: iso(u.createdAt), updatedAt: iso(u.updatedAt),
    })),
    templates: templates.map((t) => ({
      id: ref(t.id), name: t.name, method: t.method, plan: t.plan, metricName: t.metricName, metricUnit: t.metricUnit, metricKind: t.metricKind,
      comparator: t.comparator, target: t.target, days: t.days, version: t.version, createdBy: ref(t.createdById),
      deletedAt: isoOrNull(t.deletedAt), createdAt: iso(t.createdAt), updatedAt: iso(t.updatedAt),
    })),
    activity: activity.map((a) => ({
      actor: refOrNull(a.actorId), imported: a.imported, action: a.action, entityType: a.entityType, entityId: ids.get(a.entityId) ?? a.entityId,
      summary: a.summary, before: snapshotOrNull(a.before), after: snapshotOrNull(a.after), createdAt: iso(a.createdAt),
    })),
  };
}

/** A file name for the export download: "ledgerly-2026-01-15.evident.json". */
export function exportFileName(slug: string, now = new Date()): string {
  return `${slug}-${toDateOnly(now)}.evident.json`;
}
