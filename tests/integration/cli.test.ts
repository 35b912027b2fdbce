/**
 * The admin CLI, run as a real child process against this file's database. Commands run one at
 * a time: with the embedded database the server lives in this process and serves them in turn.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { authenticateToken } from "~/modules/api/tokens.server";
import { verifyPassword } from "~/modules/auth/password.server";
import { createHypothesis } from "~/modules/hypotheses/hypotheses.server";
import { createProduct } from "~/modules/products/products.server";
import { db } from "~/utils/db.server";
import { lockDataFolder } from "../../server/data-folder";
import { startEmbeddedDatabase } from "../../server/embedded-database";
import { actorFor, createTeamWith } from "../support/factories";
import { startedRateExperiment } from "../support/loop-factories";

const root = path.resolve(import.meta.dirname, "../..");
const scratch = mkdtempSync(path.join(tmpdir(), "evident-cli-test-"));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type CliResult = { code: number | null; stdout: string; stderr: string };

/** Runs `cli/main.ts` with this file's DATABASE_URL; `env` entries set to undefined are removed. */
function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const key of Object.keys(childEnv)) if (childEnv[key] === undefined) delete childEnv[key];
  // Asynchronous on purpose: the embedded test database is served by this process's event loop.
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "cli/main.ts", ...args], { cwd: root, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const unique = () => randomBytes(4).toString("hex");

describe("the command line", () => {
  it("prints usage for --help and help <command>, and exits 2 on what it does not understand", async () => {
    const [help, commandHelp, unknownCommand, unknownOption, missingOption] = await Promise.all([
      runCli(["--help"]),
      runCli(["help", "import"]),
      runCli(["frobnicate"]),
      runCli(["team:create", "--name", "Acme", "--owner", "a@example.com", "--colour", "red"]),
      runCli(["member:add", "--team", "acme", "--email", "a@example.com"]),
    ]);
    expect(help.code).toBe(0);
    for (const command of ["user:create", "team:create", "member:add", "token:create", "export", "import"]) {
      expect(help.stdout).toContain(command);
    }
    expect(commandHelp.code).toBe(0);
    expect(commandHelp.stdout).toMatch(/--owner <email>/);
    expect(commandHelp.stdout).toMatch(/more than one user/);

    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toContain('Unknown command "frobnicate"');
    expect(unknownCommand.stderr).toContain("Usage:");
    expect(unknownCommand.stdout).toBe("");
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toContain('Unknown option "--colour"');
    expect(missingOption.code).toBe(2);
    expect(missingOption.stderr).toContain("Missing --role");
  });
});

describe("setting up a team from the command line", () => {
  it("creates a user, a team, a member and an API token that authenticates for the team", async () => {
    const ownerEmail = `owner-${unique()}@example.com`;
    const memberEmail = `member-${unique()}@example.com`;

    // No --password: one is generated and is the only thing on stdout.
    const owner = await runCli(["user:create", "--email", ownerEmail.toUpperCase(), "--name", "Olivia Owner"]);
    expect(owner.code, owner.stderr).toBe(0);
    const password = owner.stdout.trim();
    expect(password).toMatch(/^\S{20,}$/);
    const stored = await db.user.findUniqueOrThrow({ where: { email: ownerEmail }, select: { passwordHash: true } });
    expect(await verifyPassword(stored.passwordHash, password)).toBe(true);

    const member = await runCli(["user:create", "--email", memberEmail, "--name", "Max Member", "--password", "correct horse battery"]);
    expect(member.code, member.stderr).toBe(0);
    expect(member.stdout).toBe("");

    const team = await runCli(["team:create", "--name", "Acme Invoicing", "--owner", ownerEmail]);
    expect(team.code, team.stderr).toBe(0);
    const slug = team.stdout.trim();
    expect(slug).toMatch(/^acme-invoicing/);
    const created = await db.team.findUniqueOrThrow({ where: { slug }, select: { id: true, memberships: { select: { role: true, user: { select: { email: true } } } } } });
    expect(created.memberships).toEqual([{ role: "OWNER", user: { email: ownerEmail } }]);

    const added = await runCli(["member:add", "--team", slug, "--email", memberEmail, "--role", "ADMIN"]);
    expect(added.code, added.stderr).toBe(0);
    const again = await runCli(["member:add", "--team", slug, "--email", memberEmail, "--role", "VIEWER"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/already a member/);
    const membership = await db.membership.findFirstOrThrow({ where: { teamId: created.id, user: { email: memberEmail } }, select: { role: true } });
    expect(membership.role).toBe("ADMIN");
    const events = await db.activityEvent.findMany({ where: { teamId: created.id, action: "member.added" }, select: { after: true } });
    expect(events).toEqual([{ after: { role: "ADMIN", via: "cli" } }]);

    const token = await runCli(["token:create", "--team", slug, "--name", "Stripe sync", "--role", "MEMBER"]);
    expect(token.code, token.stderr).toBe(0);
    expect(token.stdout).toMatch(/^evd_\S+\n$/);
    const actor = await authenticateToken(token.stdout.trim());
    expect(actor).toMatchObject({ team: { id: created.id, slug }, role: "MEMBER" });
  }, 90_000);

  it("refuses a duplicate or invalid user with exit code 1 and says why", async () => {
    const email = `taken-${unique()}@example.com`;
    expect((await runCli(["user:create", "--email", email, "--name", "First"])).code).toBe(0);

    const duplicate = await runCli(["user:create", "--email", email, "--name", "Second", "--password", "correct horse battery"]);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain(`An account with the email ${email} already exists`);

    // The sign-up rules, including the common-password list.
    const weak = await runCli(["user:create", "--email", `weak-${unique()}@example.com`, "--name", "Weak", "--password", "password123"]);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/--password: .*too common/);
    expect(await db.user.count({ where: { name: { in: ["Second", "Weak"] } } })).toBe(0);
  });
});

describe("mail:status", () => {
  it("counts deliveries by status and names the latest failures with their reasons", async () => {
    const stamp = unique();
    const row = (status: "QUEUED" | "SENT" | "FAILED", extra: object = {}) => ({
      kind: "invitation",
      dedupeKey: `cli-${stamp}-${Math.random()}`,
      toAddress: `cli-${stamp}@example.com`,
      subject: "An invitation",
      html: "",
      text: "",
      status,
      ...extra,
    });
    await db.outboxMessage.createMany({ data: [row("SENT"), row("SENT"), row("QUEUED"), row("FAILED", { attempts: 8, lastError: "550 Mailbox unavailable" })] });
    const result = await runCli(["mail:status"]);
    expect(result.code, result.stderr).toBe(0);
    const counts = await db.outboxMessage.groupBy({ by: ["status"], _count: { _all: true } });
    const count = (status: string) => counts.find((group) => group.status === status)?._count._all ?? 0;
    expect(result.stdout).toContain(`queued ${count("QUEUED")} · sending 0 · sent ${count("SENT")} · failed ${count("FAILED")}`);
    expect(result.stdout).toMatch(new RegExp(`gave up after 8 attempts\\s+invitation to cli-${stamp}@example.com: 550 Mailbox unavailable`));
  });
});

describe("reminders:send", () => {
  it("queues the reminders due now, and none again on a second run", async () => {
    const { team, owner } = await createTeamWith();
    const actor = actorFor(owner, team, "OWNER");
    const product = await createProduct(actor, { name: "Invoicing", description: "" });
    const hypothesis = await createHypothesis(actor, { productId: product.id, statement: "Freelancers will pay to get paid faster.", segment: "", category: "DESIRABILITY", importance: 4 });
    await startedRateExperiment(actor, hypothesis.id, "Ends in two days", { endsIn: 2 });
    const first = await runCli(["reminders:send"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/queued [1-9]\d* ending-soon reminders?/);
    expect(await db.outboxMessage.findMany({ where: { toAddress: owner.email }, select: { kind: true, subject: true } })).toEqual([
      { kind: "experiment_ending", subject: "E-1 ends in 2 days: Ends in two days" },
    ]);
    const second = await runCli(["reminders:send"]);
    expect(second.stdout).toContain("queued 0 ending-soon reminders, 0 overdue reminders, 0 gate-ready reminders; composed 0 investor update drafts now due");
  });
});

describe("digest:send", () => {
  it("emails this week's review agenda once, and again with --force", async () => {
    const { team, owner } = await createTeamWith();
    const first = await runCli(["digest:send", "--team", team.slug]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^queued 1 digest for \d{4}-W\d{2}\n$/);
    expect((await runCli(["digest:send", "--team", team.slug])).stdout).toMatch(/^no digest queued for \d{4}-W\d{2}/);
    expect((await runCli(["digest:send", "--team", team.slug, "--force"])).stdout).toMatch(/^queued 1 digest/);
    expect(await db.outboxMessage.count({ where: { kind: "review_digest", toAddress: owner.email } })).toBe(2);
    const unknown = await runCli(["digest:send", "--team", "no-such-team"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No team has the slug "no-such-team"');
  }, 90_000);
});

describe("export and import", () => {
  it("round-trips a team into a second team with the same hypotheses", async () => {
    const { team, owner } = await createTeamWith();
    const actor = actorFor(owner, team, "OWNER");
    const product = await createProduct(actor, { name: "Invoicing", description: "" });
    for (const statement of ["Freelancers will pay to get paid faster.", "Agencies want recurring invoices."]) {
      await createHypothesis(actor, { productId: product.id, statement, segment: "", category: "DESIRABILITY", importance: 4 });
    }

    const toStdout = await runCli(["export", "--team", team.slug]);
    expect(toStdout.code, toStdout.stderr).toBe(0);
    expect((JSON.parse(toStdout.stdout) as { hypotheses: unknown[] }).hypotheses).toHaveLength(2);

    const file = path.join(scratch, "export.json");
    const exported = await runCli(["export", "--team", team.slug, "--out", file]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ team: { slug: team.slug } });

    // This database has many users, so the owner must be named.
    const ownerless = await runCli(["import", "--file", file]);
    expect(ownerless.code).toBe(1);
    expect(ownerless.stderr).toContain("--owner");

    const wanted = `imported-${unique()}`;
    const imported = await runCli(["import", "--file", file, "--as", wanted, "--owner", owner.email]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout.trim()).toBe(wanted);
    const copy = await db.team.findUniqueOrThrow({ where: { slug: wanted }, select: { id: true, memberships: { select: { userId: true, role: true } } } });
    expect(copy.id).not.toBe(team.id);
    expect(copy.memberships).toEqual([{ userId: owner.id, role: "OWNER" }]);
    expect(await db.hypothesis.count({ where: { teamId: copy.id } })).toBe(await db.hypothesis.count({ where: { teamId: team.id } }));
    expect(await db.hypothesis.count({ where: { teamId: copy.id } })).toBe(2);
  });
});

describe("without DATABASE_URL", () => {
  it("opens, migrates and closes the embedded database of the data dir, or uses the one the running app serves", async () => {
    const dataDir = path.join(scratch, "data");
    const embeddedEnv = { DATABASE_URL: undefined, EVIDENT_EMBEDDED: undefined, EVIDENT_DATA_DIR: dataDir };

    const first = await runCli(["user:create", "--email", "solo@example.com", "--name", "Solo Admin"], embeddedEnv);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/applying migration/);
    // Stopped at the end: the folder's lock is free again.
    const after = lockDataFolder(dataDir, "app");
    if (!("lock" in after)) throw new Error("the CLI left the data folder locked");

    // As Evident does when it runs on that folder: the CLI must join its server, not open the files.
    const running = await startEmbeddedDatabase({ dataDir, log: () => undefined });
    try {
      after.lock.update({ port: Number(new URL(running.url).port) });
      const team = await runCli(["team:create", "--name", "Solo", "--owner", "solo@example.com"], embeddedEnv);
      expect(team.code, team.stderr).toBe(0);
      expect(team.stdout.trim()).toBe("solo");
      expect(team.stderr).not.toMatch(/opening the embedded database/);

      // A port that is not this folder's database (another program took it) is never used.
      const stranger = net.createServer((socket) => socket.destroy());
      await new Promise<void>((resolve) => stranger.listen(0, "127.0.0.1", resolve));
      try {
        after.lock.update({ port: (stranger.address() as net.AddressInfo).port });
        const refused = await runCli(["team:create", "--name", "Other", "--owner", "solo@example.com"], embeddedEnv);
        expect(refused.code).toBe(1);
        expect(refused.stderr).toContain(`pid ${process.pid}`);
        expect(refused.stderr).toMatch(/does not answer as its database/);
      } finally {
        stranger.close();
      }
    } finally {
      await running.stop();
      after.lock.release();
    }
  }, 90_000);

  it("refuses, naming the holder, while another command holds the data folder", async () => {
    const dataDir = path.join(scratch, "busy");
    const embeddedEnv = { DATABASE_URL: undefined, EVIDENT_EMBEDDED: undefined, EVIDENT_DATA_DIR: dataDir };
    const held = lockDataFolder(dataDir, "cli");
    if (!("lock" in held)) throw new Error("expected a free folder");
    try {
      const refused = await runCli(["user:create", "--email", "late@example.com", "--name", "Late"], embeddedEnv);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`an Evident CLI command (pid ${process.pid}`);
      expect(existsSync(path.join(dataDir, "pglite"))).toBe(false);
    } finally {
      held.lock.release();
    }
  }, 60_000);
});
