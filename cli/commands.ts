/**
 * The admin commands. Each one validates with the app's schemas and changes data through the
 * app's modules, so the CLI enforces exactly the rules the web app does.
 */
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { recordActivity } from "~/modules/activity/activity.server";
import { createApiToken, CreateTokenSchema } from "~/modules/api/tokens.server";
import { EmailSchema } from "~/modules/auth/password";
import { hashPassword } from "~/modules/auth/password.server";
import { SignUpSchema } from "~/modules/auth/schemas";
import type { Actor } from "~/modules/teams/actor";
import { ROLE_LABELS } from "~/modules/teams/permissions";
import { RoleSchema, TeamNameSchema } from "~/modules/teams/schemas";
import { slugify } from "~/modules/teams/slug";
import { mailStatus } from "~/modules/mail/status.server";
import { sendDueReminders } from "~/modules/reminders/reminders.server";
import { sendDigestNow } from "~/modules/review/digest.server";
import { composeDueUpdates } from "~/modules/updates/cadence.server";
import { createTeam } from "~/modules/teams/teams.server";
import { db } from "~/utils/db.server";
import { backgroundOrigin } from "~/utils/origin.server";
import { readBackupHeader, restoreBackup, writeBackup } from "../server/backup";
import { migrateDatabase } from "../server/migrate";
import { defineCommand, type Command } from "./args";
import { CliError, validate } from "./errors";
import { loadExportModule } from "./export-module";

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === "P2002";

const SlugSchema = z.string().trim().min(1, "Give the team's slug (the part of its address after /t/).");

/** Paths given on the command line are relative to where the person typed them, not to npm's cwd. */
function resolveUserPath(file: string): string {
  return path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
}

async function findUser(email: string) {
  const user = await db.user.findUnique({ where: { email }, select: { id: true, name: true, email: true, placeholderTeamId: true } });
  // A placeholder from an imported team is a name on past work, not an account.
  if (!user || user.placeholderTeamId !== null) throw new CliError(`No user has the email ${email}. Create one with user:create.`);
  return user;
}

async function findTeam(slug: string) {
  const team = await db.team.findUnique({ where: { slug }, select: { id: true, slug: true, name: true } });
  if (!team) throw new CliError(`No team has the slug "${slug}".`);
  return team;
}

/** The team's longest-standing owner: the actor for module functions that need one. */
async function ownerActor(team: { id: string; slug: string }): Promise<Actor> {
  const owner = await db.membership.findFirst({
    where: { teamId: team.id, role: "OWNER" },
    orderBy: { createdAt: "asc" },
    select: { user: { select: { id: true, name: true } } },
  });
  if (!owner) throw new CliError(`Team "${team.slug}" has no owner; add one with member:add --role OWNER.`);
  return { user: owner.user, team: { id: team.id, slug: team.slug }, role: "OWNER" };
}

const userCreate = defineCommand({
  name: "user:create",
  summary: "Create a user account (same rules as sign-up).",
  details: [
    "Without --password a strong random password is generated and printed once, on stdout.",
    "A password given with --password stays in your shell history; prefer the generated one.",
  ],
  options: {
    email: { value: "email", description: "Email address (must not belong to another account).", required: true },
    name: { value: "name", description: "The person's name.", required: true },
    password: { value: "password", description: "At least 8 characters, not a common password.", required: false },
  },
  async run(values, context) {
    const generated = values.password === undefined;
    // 18 random bytes: 144 bits, 24 URL-safe characters, so it can be pasted anywhere.
    const password = values.password ?? randomBytes(18).toString("base64url");
    const input = validate(SignUpSchema, { email: values.email, name: values.name, password });
    await context.connect();

    const duplicate = () => new CliError(`An account with the email ${input.email} already exists.`);
    if (await db.user.findUnique({ where: { email: input.email }, select: { id: true } })) throw duplicate();
    const passwordHash = await hashPassword(input.password);
    try {
      // The operator vouches for the address: accounts made here need no confirmation email.
      await db.user.create({ data: { email: input.email, name: input.name, passwordHash, emailVerifiedAt: new Date() }, select: { id: true } });
    } catch (error) {
      // Created by someone else since the check: the unique index decides.
      if (isUniqueViolation(error)) throw duplicate();
      throw error;
    }
    context.say(`Created the account ${input.name} <${input.email}>.`);
    if (generated) {
      context.say("Generated password (shown only this once; they can change it after signing in):");
      context.out(password);
    }
  },
});

const teamCreate = defineCommand({
  name: "team:create",
  summary: "Create a team owned by an existing user; prints its slug.",
  options: {
    name: { value: "name", description: "Team name; the slug is derived from it and made unique.", required: true },
    owner: { value: "email", description: "Email of the user who will own the team.", required: true },
  },
  async run(values, context) {
    const input = validate(z.object({ name: TeamNameSchema, owner: EmailSchema }), values);
    await context.connect();
    const owner = await findUser(input.owner);
    const team = await createTeam({ userId: owner.id, name: input.name });
    context.say(`Created the team “${team.name}”, owned by ${owner.email}.`);
    context.out(team.slug);
  },
});

const memberAdd = defineCommand({
  name: "member:add",
  summary: "Add an existing user to a team with a role.",
  details: ["Someone who is already a member keeps their role; nothing changes. Change roles in the app's Members page."],
  options: {
    team: { value: "slug", description: "The team's slug.", required: true },
    email: { value: "email", description: "Email of the user to add.", required: true },
    role: { value: "OWNER|ADMIN|MEMBER|VIEWER", description: "Their role in the team.", required: true },
  },
  async run(values, context) {
    const input = validate(z.object({ team: SlugSchema, email: EmailSchema, role: RoleSchema }), {
      ...values,
      role: values.role.toUpperCase(),
    });
    await context.connect();
    const team = await findTeam(input.team);
    const user = await findUser(input.email);

    const add = () =>
      db.$transaction(async (tx) => {
        const existing = await tx.membership.findUnique({ where: { teamId_userId: { teamId: team.id, userId: user.id } }, select: { role: true } });
        if (existing) return existing.role;
        await tx.membership.create({ data: { teamId: team.id, userId: user.id, role: input.role } });
        // No signed-in person did this, so no actor; the summary says where it came from.
        await recordActivity(tx, {
          teamId: team.id,
          actorId: null,
          action: "member.added",
          entityType: "member",
          entityId: user.id,
          summary: `added ${user.name} to the team as ${ROLE_LABELS[input.role].toLowerCase()} (admin command line)`,
          after: { role: input.role, via: "cli" },
        });
        return null;
      });

    let existingRole;
    try {
      existingRole = await add();
    } catch (error) {
      // Joined (e.g. through an invite) between the check and the insert.
      if (!isUniqueViolation(error)) throw error;
      existingRole = (await db.membership.findUniqueOrThrow({ where: { teamId_userId: { teamId: team.id, userId: user.id } }, select: { role: true } })).role;
    }
    if (existingRole) {
      context.say(`${user.email} is already a member of “${team.name}” (${ROLE_LABELS[existingRole].toLowerCase()}); nothing changed.`);
    } else {
      context.say(`Added ${user.email} to “${team.name}” as ${ROLE_LABELS[input.role].toLowerCase()}.`);
    }
  },
});

const tokenCreate = defineCommand({
  name: "token:create",
  summary: "Create an API token for a team; prints only the token.",
  details: [
    "The token is recorded as created by the team's longest-standing owner and shown only once.",
    "Only the token goes to stdout, so TOKEN=$(npm run -s cli -- token:create …) works.",
  ],
  options: {
    team: { value: "slug", description: "The team's slug.", required: true },
    name: { value: "name", description: "What the token is for, e.g. \"Stripe sync\".", required: true },
    role: { value: "MEMBER|VIEWER", description: "MEMBER may record work, VIEWER only reads (default: MEMBER).", required: false },
  },
  async run(values, context) {
    const slug = validate(SlugSchema, values.team, { "": "team" });
    // Members by default: a token exists to push evidence; ask for VIEWER to read only.
    const input = validate(CreateTokenSchema, { name: values.name, role: (values.role ?? "MEMBER").toUpperCase() });
    await context.connect();
    const team = await findTeam(slug);
    const actor = await ownerActor(team);
    const { token } = await createApiToken(actor, input);
    context.say(`Created the ${input.role.toLowerCase()} API token “${input.name}” for “${team.name}”. It is shown only this once.`);
    context.out(token);
  },
});

const exportCommand = defineCommand({
  name: "export",
  summary: "Write a team's JSON export (to stdout unless --out is given).",
  options: {
    team: { value: "slug", description: "The team's slug.", required: true },
    out: { value: "file", description: "Write to this file (replaced if it exists; a new file is readable by you only).", required: false },
  },
  async run(values, context) {
    const slug = validate(SlugSchema, values.team, { "": "team" });
    await context.connect();
    const team = await findTeam(slug);
    const { exportTeam } = await loadExportModule();
    const json = `${JSON.stringify(await exportTeam(team.id), null, 2)}\n`;
    if (values.out === undefined) {
      context.out(json.trimEnd());
    } else {
      const file = resolveUserPath(values.out);
      // The export holds the team's whole history and member emails: keep it private.
      await writeFile(file, json, { mode: 0o600 });
      context.say(`Exported “${team.name}” to ${file}.`);
    }
  },
});

const importCommand = defineCommand({
  name: "import",
  summary: "Import a JSON export as a new team; prints the new team's slug.",
  details: [
    "--owner is required only when the database has more than one user; with a single user, that",
    "user owns the imported team.",
  ],
  options: {
    file: { value: "file", description: "A file written by the export command.", required: true },
    as: { value: "slug", description: "Slug for the new team (default: derived from the exported name).", required: false },
    owner: { value: "email", description: "Email of the user who will own the new team.", required: false },
  },
  async run(values, context) {
    const file = resolveUserPath(values.file);
    let text;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      throw new CliError(`Can't read ${file}: ${(error as Error).message}`);
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (error) {
      throw new CliError(`${file} is not valid JSON: ${(error as Error).message}`);
    }

    const { importTeam, parseTeamExport } = await loadExportModule();
    // Check the file before touching the database, so a wrong file fails fast.
    parseTeamExport(doc);
    const ownerEmail = values.owner === undefined ? undefined : validate(EmailSchema, values.owner, { "": "owner" });
    await context.connect();
    let ownerUserId: string;
    if (ownerEmail !== undefined) {
      ownerUserId = (await findUser(ownerEmail)).id;
    } else {
      const users = await db.user.findMany({ select: { id: true }, take: 2 });
      if (users.length === 0) throw new CliError("There are no users yet. Create the owner first with user:create.");
      if (users.length > 1) throw new CliError("This database has several users: say who owns the imported team with --owner <email>.");
      ownerUserId = users[0].id;
    }

    const result = await importTeam(doc, { ownerUserId, ...(values.as !== undefined ? { slug: values.as } : {}) });
    // The module falls back to a slug from the team name when the wanted one is taken or reserved.
    if (values.as?.trim() && slugify(values.as) !== result.slug) {
      context.say(`The slug "${slugify(values.as)}" is taken or reserved, so the team got "${result.slug}".`);
    }
    const counts = Object.entries(result.counts)
      .filter(([, count]) => count > 0)
      .map(([kind, count]) => `${count} ${kind}`);
    context.say(`Imported ${file} as the team "${result.slug}"${counts.length > 0 ? `: ${counts.join(", ")}` : ""}.`);
    context.out(result.slug);
  },
});

const migrate = defineCommand({
  name: "migrate",
  summary: "Apply pending database migrations (Evident also does this when it starts).",
  details: ["Each migration is applied in one transaction with its record, so an interrupted run changes nothing."],
  options: {},
  async run(_values, context) {
    const database = await context.connect();
    // An embedded folder opened by this command was migrated on opening; a running app migrated at its start.
    const { applied } = database.embedded ? { applied: [] } : await migrateDatabase(database.url, { log: context.say });
    context.say(applied.length > 0 ? `Applied ${count(applied.length, "migration")}.` : "The database is up to date.");
  },
});

const count = (n: number, noun: string) => `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;

function rowSummary(rows: Record<string, number>) {
  const total = Object.values(rows).reduce((sum, n) => sum + n, 0);
  return `${count(total, "row")} in ${count(Object.keys(rows).length, "table")} (${count(rows.User ?? 0, "account")}, ${count(rows.Team ?? 0, "team")})`;
}

const backup = defineCommand({
  name: "backup",
  summary: "Write a consistent snapshot of the whole instance to a file (safe while Evident runs).",
  details: [
    "Everything is included: accounts and password hashes, sessions, teams, memberships, invites, API",
    "tokens (hashed) and all evidence. Keep the file as private as the database itself.",
    "The file appears only once it is complete; restore it with: npm run cli -- restore --file <file>",
  ],
  options: {
    out: { value: "file", description: "Where to write it (default: evident-<date-time>.backup.gz here; replaced if it exists).", required: false },
  },
  async run(values, context) {
    const file = resolveUserPath(values.out ?? `evident-${new Date().toISOString().slice(0, 19).replaceAll(":", "-")}.backup.gz`);
    const database = await context.connect();
    const { rows } = await writeBackup(database.url, file);
    context.say(`Backed up ${rowSummary(rows)} to ${file}.`);
    context.out(file);
  },
});

const restore = defineCommand({
  name: "restore",
  summary: "Restore a backup into an empty data folder or database.",
  details: [
    "Embedded database: stop Evident and point EVIDENT_DATA_DIR at a new folder (or move ./data aside);",
    "the folder is created. PostgreSQL: give an empty database in DATABASE_URL.",
    "All or nothing: the rows are checked against the backup's own counts before anything is kept.",
    "A backup from an older version is brought up to date by the migrations made since.",
  ],
  options: {
    file: { value: "file", description: "A file written by the backup command.", required: true },
  },
  async run(values, context) {
    const file = resolveUserPath(values.file);
    // Check the file before touching any database, so a wrong file fails fast.
    const header = await readBackupHeader(file);
    const database = await context.connect({
      // A folder created for the restore gets the backup's schema, not the newest one.
      initialize: async (url) => void (await migrateDatabase(url, { upTo: header.migrations.at(-1) })),
      migrate: false,
    });
    if (database.embedded === "app") {
      throw new CliError("Evident is running on this data folder. Stop it, then restore into a new folder (set EVIDENT_DATA_DIR).");
    }
    const rows = await restoreBackup(database.url, file, context.say);
    context.say(`Restored ${rowSummary(rows)} from ${file} (backed up ${header.createdAt}).`);
  },
});

const mailStatusCommand = defineCommand({
  name: "mail:status",
  summary: "Show email deliveries: how many are queued, sent and failed, and the latest failures with their reasons.",
  details: ["Mail goes to SMTP_URL; without it, the running app writes each message (links included) to its log."],
  options: {},
  async run(_values, context) {
    await context.connect();
    const status = await mailStatus();
    const { QUEUED, SENDING, SENT, FAILED } = status.counts;
    context.out(`queued ${QUEUED} · sending ${SENDING} · sent ${SENT} · failed ${FAILED}`);
    if (status.oldestQueuedAt) context.out(`oldest waiting since ${status.oldestQueuedAt.toISOString()}`);
    if (status.recentFailures.length === 0) return context.out("no delivery errors");
    context.out("latest delivery errors:");
    for (const failure of status.recentFailures) {
      const outcome = failure.status === "FAILED" ? "gave up" : "retrying";
      context.out(`  ${failure.updatedAt.toISOString()}  ${outcome} after ${count(failure.attempts, "attempt")}  ${failure.kind} to ${failure.toAddress}: ${failure.lastError}`);
    }
  },
});

const remindersCommand = defineCommand({
  name: "reminders:send",
  summary: "Queue the reminders that are due now (experiments ending or past their end, gates ready, investor updates due); each is sent once, however often this runs.",
  details: ["The app runs the same scan every 10 minutes. Links point at APP_URL (else http://localhost:PORT)."],
  options: {},
  async run(_values, context) {
    await context.connect();
    const origin = backgroundOrigin(Number(process.env.PORT ?? 3000));
    const run = await sendDueReminders({ origin });
    const drafts = await composeDueUpdates({ origin });
    context.out(`queued ${count(run.endingSoon, "ending-soon reminder")}, ${count(run.overdue, "overdue reminder")}, ${count(run.gateReady, "gate-ready reminder")}; composed ${count(drafts, "investor update draft")} now due`);
  },
});

const digestCommand = defineCommand({
  name: "digest:send",
  summary: "Email this week's review agenda to every member of a team now (once per team and week, like the scheduled one).",
  details: ["Teams with a review day get it on that morning by themselves; this sends it on demand. Links point at APP_URL (else http://localhost:PORT)."],
  options: {
    team: { value: "slug", description: "The team's slug.", required: true },
    force: { value: "", description: "Send it again, even if this week's was sent.", required: false, flag: true },
  },
  async run(values, context) {
    const slug = validate(SlugSchema, values.team, { "": "team" });
    await context.connect();
    const team = await findTeam(slug);
    const { week, queued } = await sendDigestNow(team.slug, { origin: backgroundOrigin(Number(process.env.PORT ?? 3000)), force: values.force === "true" });
    context.out(queued > 0 ? `queued ${count(queued, "digest")} for ${week}` : `no digest queued for ${week}: every member who takes it has this week's already (--force sends it again)`);
  },
});

export const COMMANDS: readonly Command[] = [userCreate, teamCreate, memberAdd, tokenCreate, exportCommand, importCommand, backup, restore, migrate, mailStatusCommand, remindersCommand, digestCommand];
