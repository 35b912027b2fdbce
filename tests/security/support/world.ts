/**
 * Two complete teams for the security suite, built through the app's own modules: every kind of
 * row a route can address (products, a gate with signals, criteria and a proposal, hypotheses,
 * experiments with evidence, reviews, investor updates with share links, invites, API tokens,
 * trash). Text in each team carries a marker word, so a leak shows up as text as well as ids.
 */
import { randomBytes } from "node:crypto";
import type { Role } from "~/generated/prisma/enums";
import { createApiToken, revokeApiToken } from "~/modules/api/tokens.server";
import type { AccountTokenPurpose } from "~/generated/prisma/enums";
import { issueAccountToken } from "~/modules/auth/account-tokens.server";
import { generateToken, hashToken } from "~/modules/auth/session.server";
import { addComment } from "~/modules/comments/comments.server";
import { addObservations, setObservationDeleted } from "~/modules/evidence/observations.server";
import { exportTeam } from "~/modules/export/export.server";
import { createExperiment } from "~/modules/experiments/experiments.server";
import { addDays, todayDateOnly } from "~/modules/experiments/timebox";
import { addCriterion, createProposal } from "~/modules/gate/gate.server";
import { createHypothesis, setHypothesisDeleted } from "~/modules/hypotheses/hypotheses.server";
import { createProduct } from "~/modules/products/products.server";
import { addActionItem } from "~/modules/review/action-items.server";
import { recordReview } from "~/modules/review/review.server";
import { createSignal, recordSignalPoints } from "~/modules/signals/signals.server";
import type { Actor } from "~/modules/teams/actor";
import { acceptInvite, createInvite, revokeInvite } from "~/modules/teams/invites.server";
import { createTeam } from "~/modules/teams/teams.server";
import { saveTemplate, setTemplateDeleted } from "~/modules/templates/templates.server";
import { addInvestor, investorMailKey, removeInvestor, sendUpdate } from "~/modules/updates/investors.server";
import { createWebhookEndpoint, sendTestEvent } from "~/modules/webhooks/endpoints.server";
import { composeUpdate, createShareLink, publishUpdate, revokeShareLink, saveNarrative } from "~/modules/updates/updates.server";
import { db } from "~/utils/db.server";
import { createUser } from "../../support/factories";
import { startedRateExperiment } from "../../support/loop-factories";

export type Person = { id: string; email: string; name: string; role: Role | null };

export type TeamWorld = Awaited<ReturnType<typeof buildTeam>>;

const DAY_MS = 86_400_000;

function unique(prefix: string) {
  return `${prefix}-${randomBytes(3).toString("hex")}`;
}

async function person(marker: string, label: string): Promise<Person> {
  const tag = randomBytes(3).toString("hex");
  const user = await createUser({ email: `${marker}-${label.toLowerCase()}-${tag}@example.com`, name: `${label} ${capitalise(marker)} ${tag}` });
  return { ...user, role: null };
}

function capitalise(text: string) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A running RATE experiment on the hypothesis, started three days ago, with its version. */
export async function runningExperiment(actor: Actor, hypothesisId: string, title: string) {
  const { experiment: created, startsOn } = await startedRateExperiment(actor, hypothesisId, title);
  return { id: created.id, number: created.number, key: `E-${created.number}`, version: 2, startsOn };
}

/** A draft experiment (version 1). */
export async function draftExperiment(actor: Actor, hypothesisId: string, title: string) {
  const created = await createExperiment(actor, {
    hypothesisId,
    title,
    method: "SURVEY",
    plan: "ask twenty customers in the onboarding call",
    metricName: "Yes answers",
    metricUnit: "",
    metricKind: "COUNT",
    comparator: "GTE",
    target: 12,
    startsOn: todayDateOnly(),
    endsOn: addDays(todayDateOnly(), 13),
  });
  return { id: created.id, number: created.number, key: `E-${created.number}`, version: 1 };
}

/**
 * Someone new on the team's list, sent the published update: their personal link's token, read
 * from the email as they would (only its hash is stored).
 */
async function personalLink(actor: Actor, updateId: string, group: "CURRENT" | "PROSPECT" = "CURRENT") {
  const investor = await addInvestor(actor, { name: "Listed Investor", email: `investor-${randomBytes(5).toString("hex")}@example.com`, group });
  await sendUpdate(actor, updateId, { groups: [group] }, "http://evident.test");
  const mail = await db.outboxMessage.findUniqueOrThrow({ where: { dedupeKey: investorMailKey(updateId, investor.id) }, select: { text: true } });
  const token = /\/u\/([a-z2-7]{32})/.exec(mail.text)?.[1];
  if (!token) throw new Error("No personal link in the investor update email");
  return { id: investor.id, token };
}

/** A share link of the update with the id of its row (creating one returns only the token). */
async function shareLink(actor: Actor, updateId: string, days: number) {
  const created = await createShareLink(actor, updateId, { days });
  const row = await db.shareLink.findUniqueOrThrow({ where: { tokenHash: hashToken(created.token) }, select: { id: true } });
  return { id: row.id, token: created.token };
}

export async function hypothesis(actor: Actor, productId: string, statement: string) {
  const created = await createHypothesis(actor, { productId, statement, segment: "freelancers", category: "DESIRABILITY", importance: 4 });
  return { id: created.id, number: created.number, key: `H-${created.number}`, version: 1 };
}

/** One team with an owner, an admin, a member, a viewer and a spare member nobody signs in as. */
export async function buildTeam(marker: string, teamName: string) {
  const owner = await person(marker, "Owner");
  const team = await createTeam({ userId: owner.id, name: teamName });
  const people: Record<"owner" | "admin" | "member" | "viewer" | "spare", Person> = {
    owner: { ...owner, role: "OWNER" },
    admin: { ...(await person(marker, "Admin")), role: "ADMIN" },
    member: { ...(await person(marker, "Member")), role: "MEMBER" },
    viewer: { ...(await person(marker, "Viewer")), role: "VIEWER" },
    spare: { ...(await person(marker, "Spare")), role: "MEMBER" },
  };
  for (const key of ["admin", "member", "viewer", "spare"] as const) {
    await db.membership.create({ data: { teamId: team.id, userId: people[key].id, role: people[key].role! } });
  }
  const actor: Actor = { user: { id: owner.id, name: owner.name }, team: { id: team.id, slug: team.slug }, role: "OWNER" };
  const today = todayDateOnly();

  const product = await createProduct(actor, { name: `${capitalise(marker)} invoicing`, description: `The ${marker} bet` });
  const product2 = await createProduct(actor, { name: `${capitalise(marker)} payroll`, description: "" });
  const signal = await createSignal(actor, { productId: product.id, name: `${capitalise(marker)} paying customers`, unit: "", direction: "UP", description: "" });
  await recordSignalPoints(actor, { signalId: signal.id, points: [0, 7, 14].map((days) => ({ date: addDays(today, -days), value: 40 + days })) });

  const h1 = await hypothesis(actor, product.id, `${capitalise(marker)} freelancers will click a get-paid-faster button.`);
  const h2 = await hypothesis(actor, product.id, `${capitalise(marker)} agencies will pay for reminders.`);
  const trashedHypothesis = await hypothesis(actor, product2.id, `${capitalise(marker)} accountants will refer clients.`);
  await setHypothesisDeleted(actor, { id: trashedHypothesis.id, deleted: true });

  const criterion = await addCriterion(actor, product.id, { kind: "SIGNAL_SUSTAINED", signalId: signal.id, comparator: "GTE", threshold: 30, weeks: 1 });
  const proposal = await createProposal(actor, product.id, { title: `${capitalise(marker)} read replica`, description: "", signalId: signal.id, comparator: "GTE", threshold: 1000, weeks: 2 });

  const running = await runningExperiment(actor, h1.id, `${capitalise(marker)} fake door`);
  const draft = await draftExperiment(actor, h2.id, `${capitalise(marker)} survey`);
  await addObservations(actor, {
    experimentId: running.id,
    rows: [
      { observedOn: running.startsOn, successes: 4, trials: 30, value: null, note: null, source: null, strength: 2 },
      { observedOn: addDays(running.startsOn, 1), successes: 6, trials: 30, value: null, note: null, source: null, strength: 2 },
      { observedOn: addDays(running.startsOn, 2), successes: null, trials: null, value: null, note: `${capitalise(marker)} customer quote`, source: "Interview", strength: 1 },
    ],
    via: "form",
  });
  const observations = await db.observation.findMany({ where: { experimentId: running.id }, orderBy: { observedOn: "asc" }, select: { id: true } });
  await setObservationDeleted(actor, { id: observations[2].id, deleted: true });
  const runningVersion = (await db.experiment.findUniqueOrThrow({ where: { id: running.id }, select: { version: true } })).version;
  const template = await saveTemplate(actor, { experimentId: running.id, name: `${capitalise(marker)} fake door template` });
  const trashedTemplate = await saveTemplate(actor, { experimentId: draft.id, name: `${capitalise(marker)} survey template` });
  await setTemplateDeleted(actor, { id: trashedTemplate.id, deleted: true });
  await addComment(actor, { hypothesisId: h1.id }, `${capitalise(marker)} comment on the belief`);
  await addComment(actor, { experimentId: running.id }, `${capitalise(marker)} comment on the test`);
  // The spare member mentions the member: an entry in the member's inbox, which no one else may mark or open.
  const inboxEntry = await mentionOf(people.member, { user: people.spare, team: actor.team, role: "MEMBER" }, h1.id, marker);

  const review = await recordReview(actor, { heldOn: today, attendees: `${capitalise(marker)} team`, notes: `${capitalise(marker)} notes`, decisions: "" });
  const published = await composeUpdate(actor, { title: `${capitalise(marker)} update`, periodStart: addDays(today, -30), periodEnd: today });
  await saveNarrative(actor, published.id, { title: `${capitalise(marker)} update`, highlights: "", lowlights: "", asks: "- Intros to accountants\n- A design partner", version: 1 });
  await publishUpdate(actor, published.id, { version: 2 });
  const draftUpdate = await composeUpdate(actor, { title: `${capitalise(marker)} draft update`, periodStart: addDays(today, -30), periodEnd: today });

  const link = () => shareLink(actor, published.id, 30);
  const shareValid = await link();
  const shareSpare = await link();
  const shareRevoked = await link();
  await revokeShareLink(actor, published.id, shareRevoked.id);
  const shareExpired = await link();
  await db.shareLink.update({ where: { id: shareExpired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });

  const personal = await personalLink(actor, published.id);
  const removedPersonal = await personalLink(actor, published.id);
  await removeInvestor(actor, { investorId: removedPersonal.id });

  const inviteValid = await createInvite(actor, { role: "MEMBER" });
  const inviteSpare = await createInvite(actor, { role: "VIEWER" });
  const inviteRevoked = await createInvite(actor, { role: "MEMBER" });
  await revokeInvite(actor, { inviteId: inviteRevoked.id });
  const inviteExpired = await createInvite(actor, { role: "MEMBER" }, { now: new Date(Date.now() - 8 * DAY_MS) });
  const inviteUsed = await createInvite(actor, { role: "VIEWER" });
  const joiner = await person(marker, "Joiner");
  await acceptInvite({ token: inviteUsed.token, user: joiner });

  const memberToken = await createApiToken(actor, { name: `${capitalise(marker)} sync`, role: "MEMBER" });
  const viewerToken = await createApiToken(actor, { name: `${capitalise(marker)} dashboard`, role: "VIEWER" });
  const spareToken = await createApiToken(actor, { name: `${capitalise(marker)} spare`, role: "VIEWER" });
  const revokedToken = await createApiToken(actor, { name: `${capitalise(marker)} old`, role: "MEMBER" });
  await revokeApiToken(actor, revokedToken.id);

  const webhook = await webhookEndpoint(actor, `${capitalise(marker)} alerts`);
  const failedDelivery = await failedWebhookDelivery(actor, webhook.id);
  const webhookSecret = (await db.webhookEndpoint.findUniqueOrThrow({ where: { id: webhook.id }, select: { secret: true } })).secret;

  const links = {
    reset: await accountLink("PASSWORD_RESET"),
    confirm: await accountLink("EMAIL_VERIFICATION"),
    emailChange: await accountLink("EMAIL_CHANGE"),
    unsubscribe: await unsubscribeLink(),
  };

  const teamRow = await db.team.findUniqueOrThrow({ where: { id: team.id }, select: { id: true, slug: true, name: true, version: true } });
  return {
    marker,
    team: teamRow,
    base: `/t/${teamRow.slug}`,
    actor,
    people: { ...people, joiner: { ...joiner, role: "VIEWER" as Role } },
    today,
    product: { id: product.id, version: 1 },
    product2: { id: product2.id, version: 1 },
    signal: { id: signal.id },
    criterion: { id: criterion.id },
    proposal: { id: proposal.id, version: 1 },
    h1,
    h2,
    trashedHypothesis,
    running: { ...running, version: runningVersion },
    draft,
    observation: { id: observations[0].id },
    trashedObservation: { id: observations[2].id },
    template: { id: template.id, version: 1 },
    trashedTemplate: { id: trashedTemplate.id },
    review: { id: review.id },
    update: { id: published.id },
    draftUpdate: { id: draftUpdate.id, version: 1 },
    share: { valid: shareValid, spare: shareSpare, revoked: shareRevoked, expired: shareExpired },
    /** A current investor who was sent the published update, and one since removed from the list. */
    personal: { investorId: personal.id, token: personal.token, removedToken: removedPersonal.token },
    invite: { valid: inviteValid, spare: inviteSpare, revoked: inviteRevoked, expired: inviteExpired, used: inviteUsed },
    tokens: { member: memberToken, viewer: viewerToken, spare: spareToken, revoked: revokedToken },
    /** The member's inbox entry for a mention by the spare member. */
    inboxEntry,
    /** A webhook endpoint (at a public address, never called here) with a failed test delivery. */
    webhook: { id: webhook.id, version: 1, secret: webhookSecret, failedDelivery },
    /** Emailed links of accounts outside both teams: they name no team's data. */
    links,
    /** A valid export document of this team, as the settings import expects it. */
    exportDocument: JSON.stringify(await exportTeam(team.id)),
  };
}

/** A webhook endpoint at a public address (the suite's server delivers nothing), version 1. */
async function webhookEndpoint(actor: Actor, description: string) {
  return createWebhookEndpoint(actor, { url: `https://93.184.216.34/hooks/${randomBytes(3).toString("hex")}`, description, format: "STANDARD", events: ["experiment.started", "comment.added"] });
}

/** A test delivery to the endpoint that failed: one "Send again" may queue. */
async function failedWebhookDelivery(actor: Actor, endpointId: string) {
  await settleTestEvents(endpointId);
  const { deliveryId } = await sendTestEvent(actor, { id: endpointId });
  await db.webhookDelivery.update({ where: { id: deliveryId }, data: { status: "FAILED", attempts: 1 } });
  return deliveryId;
}

/** Fails the endpoint's waiting test event, as its one attempt would: one test event waits per endpoint at a time. */
async function settleTestEvents(endpointId: string) {
  await db.webhookDelivery.updateMany({ where: { endpointId, eventType: "webhook.test", status: { in: ["QUEUED", "SENDING"] } }, data: { status: "FAILED", attempts: 1 } });
}

/** A comment by `author` mentioning `person` on the hypothesis, and the inbox entry it made for them. */
async function mentionOf(person: { id: string; name: string }, author: Actor, hypothesisId: string, marker: string) {
  await addComment(author, { hypothesisId }, `${capitalise(marker)} question for @${person.name}`);
  return db.notification.findFirstOrThrow({ where: { teamId: author.team.id, userId: person.id, reason: "mention" }, orderBy: { createdAt: "desc" }, select: { id: true } });
}

/** An emailed account link (reset, address confirmation, email change) of a new account outside both teams. */
async function accountLink(purpose: AccountTokenPurpose): Promise<string> {
  const user = await createUser({ name: "Linked Person" });
  if (purpose === "EMAIL_VERIFICATION") await db.user.update({ where: { id: user.id }, data: { emailVerifiedAt: null } });
  const email = purpose === "EMAIL_CHANGE" ? `changed-${randomBytes(4).toString("hex")}@example.com` : undefined;
  return db.$transaction((tx) => issueAccountToken(tx, { userId: user.id, purpose, email }));
}

/** The token of an unsubscribe link, on an invitation sent to an address outside both teams. */
async function unsubscribeLink(): Promise<string> {
  const token = generateToken();
  await db.outboxMessage.create({
    data: {
      kind: "invitation",
      dedupeKey: `security-suite:${token}`,
      toAddress: `invitee-${randomBytes(4).toString("hex")}@example.com`,
      subject: "An invitation",
      html: "",
      text: "",
      unsubscribeTokenHash: hashToken(token),
      status: "SENT",
    },
  });
  return token;
}

/** Rows that allowed writes consume, made fresh for each write so that no cell depends on another. */
export const fresh = {
  accountLink,
  unsubscribeLink,
  async running(world: TeamWorld) {
    return runningExperiment(world.actor, world.h1.id, unique("Fresh running"));
  },
  async draft(world: TeamWorld) {
    return draftExperiment(world.actor, world.h2.id, unique("Fresh draft"));
  },
  async hypothesis(world: TeamWorld) {
    return hypothesis(world.actor, world.product.id, `Fresh belief ${unique("h")} about invoices.`);
  },
  async actionItem(world: TeamWorld) {
    const created = await addActionItem(world.actor, { title: unique("Fresh follow-up") });
    return { id: created.id, version: 1 };
  },
  /** A template of the team (its names are unique: each gets its own). */
  async template(world: TeamWorld) {
    const created = await saveTemplate(world.actor, { experimentId: world.running.id, name: unique("Fresh template") });
    return { id: created.id, version: 1 };
  },
  async trashedTemplate(world: TeamWorld) {
    const created = await saveTemplate(world.actor, { experimentId: world.running.id, name: unique("Trashed template") });
    await setTemplateDeleted(world.actor, { id: created.id, deleted: true });
    return created;
  },
  async trashedHypothesis(world: TeamWorld) {
    const created = await hypothesis(world.actor, world.product.id, `Trashed belief ${unique("h")} about invoices.`);
    await setHypothesisDeleted(world.actor, { id: created.id, deleted: true });
    return created;
  },
  async observation(world: TeamWorld) {
    await addObservations(world.actor, {
      experimentId: world.running.id,
      rows: [{ observedOn: world.running.startsOn, successes: null, trials: null, value: null, note: unique("Fresh note"), source: null, strength: 1 }],
      via: "form",
    });
    return db.observation.findFirstOrThrow({ where: { experimentId: world.running.id }, orderBy: { createdAt: "desc" }, select: { id: true } });
  },
  async criterion(world: TeamWorld) {
    return addCriterion(world.actor, world.product.id, { kind: "SIGNAL_SUSTAINED", signalId: world.signal.id, comparator: "GTE", threshold: 5, weeks: 1 });
  },
  /** A proposal whose evidence is met, made by the owner (the fixture's actor) or by the spare member. */
  async proposal(world: TeamWorld, by: "owner" | "spare" = "owner") {
    const author = by === "owner" ? world.actor : { user: world.people.spare, team: world.actor.team, role: "MEMBER" as const };
    const created = await createProposal(author, world.product.id, { title: unique("Fresh proposal"), description: "", signalId: world.signal.id, comparator: "GTE", threshold: 1, weeks: 1 });
    return { id: created.id, version: 1 };
  },
  async product(world: TeamWorld) {
    const created = await createProduct(world.actor, { name: unique("Fresh product"), description: "" });
    return { id: created.id, version: 1 };
  },
  async draftUpdate(world: TeamWorld) {
    const created = await composeUpdate(world.actor, { title: unique("Fresh update"), periodStart: addDays(world.today, -7), periodEnd: world.today });
    return { id: created.id, version: 1 };
  },
  async shareLink(world: TeamWorld) {
    return shareLink(world.actor, world.update.id, 7);
  },
  async investor(world: TeamWorld) {
    return addInvestor(world.actor, { name: unique("Fresh prospect"), email: `prospect-${randomBytes(5).toString("hex")}@example.com`, group: "PROSPECT" });
  },
  async personalLink(world: TeamWorld) {
    return (await personalLink(world.actor, world.update.id)).token;
  },
  async invite(world: TeamWorld, role: Role = "MEMBER") {
    return createInvite(world.actor, { role });
  },
  async token(world: TeamWorld) {
    return createApiToken(world.actor, { name: unique("Fresh token"), role: "VIEWER" });
  },
  /** A new member of the team (for role changes and removals). */
  async member(world: TeamWorld) {
    const user = await person(world.marker, "Fresh");
    await db.membership.create({ data: { teamId: world.team.id, userId: user.id, role: "MEMBER" } });
    return user;
  },
  async webhook(world: TeamWorld) {
    const created = await webhookEndpoint(world.actor, unique("Fresh hook"));
    return { id: created.id, version: 1 };
  },
  /** The team's endpoint, ready for a test event (the last one settled). */
  async webhookReadyForTest(world: TeamWorld) {
    await settleTestEvents(world.webhook.id);
    return world.webhook.id;
  },
  async failedWebhookDelivery(world: TeamWorld) {
    return failedWebhookDelivery(world.actor, world.webhook.id);
  },
  /** A new inbox entry of `who` (a mention by the spare member): the entry a read, unread or open consumes. */
  async inboxEntry(world: TeamWorld, who: { id: string; name: string }) {
    return mentionOf(who, { user: world.people.spare, team: world.actor.team, role: "MEMBER" }, world.h1.id, world.marker);
  },
  async teamVersion(world: TeamWorld) {
    return db.team.findUniqueOrThrow({ where: { id: world.team.id }, select: { version: true } });
  },
};
