import { z } from "zod";
import type { Role } from "~/generated/prisma/enums";
import { recordActivity } from "~/modules/activity/activity.server";
import { generateToken, hashToken } from "~/modules/auth/session.server";
import { assertCan, type Actor } from "~/modules/teams/actor";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/errors";
import { quoted } from "~/utils/quote";

export const TOKEN_PREFIX = "evd_";

export const CreateTokenSchema = z.object({
  name: z.string({ error: "Name the token." }).trim().min(2, "Name the token (e.g. “Stripe sync”).").max(60, "Keep the name under 60 characters."),
  role: z.enum(["MEMBER", "VIEWER"], { error: "Choose what the token may do." }),
});

/** Creates a token and returns it once; only its hash is kept. */
export async function createApiToken(actor: Actor, input: z.infer<typeof CreateTokenSchema>) {
  assertCan(actor, "tokens.manage");
  const token = `${TOKEN_PREFIX}${generateToken()}`;
  const created = await db.$transaction(async (tx) => {
    const row = await tx.apiToken.create({
      data: { teamId: actor.team.id, name: input.name, role: input.role, tokenHash: hashToken(token), prefix: token.slice(0, 10), createdById: actor.user.id },
      select: { id: true },
    });
    await recordActivity(tx, {
      teamId: actor.team.id,
      actorId: actor.user.id,
      action: "api_token.created",
      entityType: "api_token",
      entityId: row.id,
      summary: `created the API token ${quoted(input.name)} (${input.role.toLowerCase()})`,
      after: input,
    });
    return row;
  });
  return { id: created.id, token };
}

export async function revokeApiToken(actor: Actor, tokenId: string) {
  assertCan(actor, "tokens.manage");
  await db.$transaction(async (tx) => {
    const token = await tx.apiToken.findFirst({ where: { id: tokenId, teamId: actor.team.id }, select: { id: true, name: true, revokedAt: true } });
    if (!token) throw notFound("That token no longer exists.");
    if (token.revokedAt) return;
    await tx.apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
    await recordActivity(tx, { teamId: actor.team.id, actorId: actor.user.id, action: "api_token.revoked", entityType: "api_token", entityId: token.id, summary: `revoked the API token ${quoted(token.name)}` });
  });
}

export function listApiTokens(teamId: string) {
  return db.apiToken.findMany({
    where: { teamId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, role: true, lastUsedAt: true, revokedAt: true, createdAt: true, createdBy: { select: { name: true } } },
  });
}

export type TokenActor = Actor & { tokenId: string };

/** The actor behind a bearer token, or null when it is unknown or revoked. Records last use (at most once a minute). */
export async function authenticateToken(token: string): Promise<TokenActor | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, role: true, revokedAt: true, lastUsedAt: true, team: { select: { id: true, slug: true } }, createdBy: { select: { id: true, name: true } } },
  });
  if (!row || row.revokedAt) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return { tokenId: row.id, team: row.team, role: row.role as Role, user: row.createdBy };
}
