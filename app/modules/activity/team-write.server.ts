/**
 * The envelope of every change a team member makes: the permission asked of the one permission
 * table, the typed input validated against its schema, then one transaction in which the change
 * and its activity record land together (or neither does).
 */
import type { z } from "zod";
import { assertCan, type Actor } from "~/modules/teams/actor";
import type { Permission } from "~/modules/teams/permissions";
import { db, type Transaction } from "~/utils/db.server";
import { invalid } from "~/utils/errors";
import { recordActivity, type ActivityInput } from "./activity.server";

/** What a change says about itself in the activity log; the team and the actor are the write's. */
export type Change = Omit<ActivityInput, "teamId" | "actorId">;

export type Log = (change: Change) => Promise<void>;

/** Field errors keyed by the input's own paths ("endsOn", "rows.3.trials"), the first message per field. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) fields[issue.path.join(".") || "form"] ??= issue.message;
  return fields;
}

/** The input as its schema reads it, or a 400 `invalid` error naming every bad field. */
export function validInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw invalid(fieldErrors(result.error));
  return result.data;
}

/** One transaction for a team's change, with `log` recording activity as the actor, in it. */
export async function teamWrite<T>(actor: Actor, permission: Permission, run: (tx: Transaction, log: Log) => Promise<T>): Promise<T> {
  assertCan(actor, permission);
  return db.$transaction((tx) => run(tx, (change) => recordActivity(tx, { teamId: actor.team.id, actorId: actor.user.id, ...change })));
}

/**
 * A domain command: asks the permission table, validates the typed input, then runs. Every
 * adapter (form, API, CSV, import) calls it; none checks these rules again.
 */
export function teamCommand<S extends z.ZodType, R>(options: { permission: Permission; input: S }, run: (actor: Actor, input: z.output<S>) => Promise<R>) {
  return async (actor: Actor, input: z.input<S>): Promise<R> => {
    assertCan(actor, options.permission);
    return run(actor, validInput(options.input, input));
  };
}
