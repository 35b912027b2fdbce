/**
 * The demo team: three people validating "Ledgerly", an invoicing tool for small businesses.
 * Seeded on a fresh embedded database so a new user has something real to look around.
 * Run directly (`npm run seed`) to seed the database in DATABASE_URL or the embedded one.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { hashPassword } from "~/modules/auth/password.server";
import { acceptInvite, createInvite } from "~/modules/teams/invites.server";
import { createTeam } from "~/modules/teams/teams.server";
import { db } from "~/utils/db.server";
import { seedGateReviewUpdates } from "./seed-gate-review-updates";
import { seedValidationLoop } from "./seed-validation-loop";
import { setReviewSchedule } from "~/modules/review/digest.server";
import { setUpdateCadence } from "~/modules/updates/cadence.server";

export const DEMO_LOGIN = { email: "maya@ledgerly.example", password: "evidence-first" } as const;
export const DEMO_TEAM_SLUG = "ledgerly";

const PEOPLE = [
  { email: DEMO_LOGIN.email, name: "Maya Okafor" },
  { email: "sam@ledgerly.example", name: "Sam Lindqvist" },
  { email: "priya@ledgerly.example", name: "Priya Raman" },
] as const;

// An advisory lock key of its own: app processes starting together on one database take turns.
const SEED_LOCK = 0x5eed;

/**
 * Seeds the demo team unless it exists. Returns true when it created it. Several processes may
 * start at once on a new database: they take turns on an advisory lock (on a connection of its
 * own, outside the app's pool), and the later ones find the team there.
 */
export async function seedDemo(): Promise<boolean> {
  const lock = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await lock.connect();
  try {
    await lock.query("SELECT pg_advisory_lock($1)", [SEED_LOCK]);
    const existing = await db.user.findUnique({ where: { email: DEMO_LOGIN.email }, select: { id: true } });
    if (existing) return false;
    await seedDemoTeam();
    return true;
  } finally {
    await lock.end().catch(() => undefined);
  }
}

async function seedDemoTeam() {
  const passwordHash = await hashPassword(DEMO_LOGIN.password);
  // Made by the operator, like accounts from the admin CLI: their addresses count as confirmed.
  const emailVerifiedAt = new Date();
  const [maya, sam, priya] = await Promise.all(
    PEOPLE.map((person) => db.user.create({ data: { ...person, passwordHash, emailVerifiedAt }, select: { id: true, name: true } })),
  );

  const team = await createTeam({ userId: maya.id, name: "Ledgerly" });
  const owner = { user: maya, team, role: "OWNER" as const };
  for (const [person, role] of [
    [sam, "ADMIN"],
    [priya, "MEMBER"],
  ] as const) {
    const invite = await createInvite(owner, { role });
    await acceptInvite({ token: invite.token, user: person });
  }
  // One open invite, so the members page shows how inviting works.
  await createInvite(owner, { role: "VIEWER" });
  const cast = { maya: owner, sam: { user: sam, team, role: "ADMIN" as const }, priya: { user: priya, team, role: "MEMBER" as const } };
  await seedValidationLoop(cast);
  await seedGateReviewUpdates(cast);
  // The team meets on Mondays; its members get the agenda by email that morning.
  await setReviewSchedule(owner, { weekday: 1, time: "10:00", timeZone: "Europe/London" });
  // It writes to its investors monthly; the next draft is composed when the month ends.
  await setUpdateCadence(owner, { months: 1 });
}

/** Whether the demo login exists (it is shown on the sign-in page only then). */
export async function demoPresent(): Promise<boolean> {
  return (await db.user.count({ where: { email: DEMO_LOGIN.email } })) > 0;
}

async function runFromCommandLine() {
  const { openCommandDatabase } = await import("../server/command-database");
  const { migrateDatabase } = await import("../server/migrate");
  const say = (text: string) => console.error(text);
  const database = await openCommandDatabase({ say });
  try {
    if (!database.embedded) await migrateDatabase(database.url, { log: say });
    console.log((await seedDemo()) ? "Seeded the demo team." : "The demo team is already there.");
  } finally {
    await database.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runFromCommandLine().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
