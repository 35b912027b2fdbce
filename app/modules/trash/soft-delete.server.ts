/**
 * Moving to the trash and restoring from it, once for every kind of item: nothing a person
 * deletes is gone; its `deletedAt` is set (or cleared) in a team write that records the change.
 * Doing it twice (a double click, two people at once) changes nothing the second time.
 */
import { teamWrite, type Change } from "~/modules/activity/team-write.server";
import type { Actor } from "~/modules/teams/actor";
import type { Permission } from "~/modules/teams/permissions";
import type { Transaction } from "~/utils/db.server";
import { notFound } from "~/utils/errors";

/** How long a deleted item stays in the trash, restorable. */
export const TRASH_DAYS = 30;

export type SoftDeletable<Row extends { deletedAt: Date | null }> = {
  /** The permission moving it asks for (`work.edit` unless told). */
  permission?: Permission;
  /** Said when the item does not exist in the actor's team. */
  missing: string;
  /** Reads the item (locking what its removal changes). */
  find: (tx: Transaction, teamId: string, id: string) => Promise<Row | null>;
  /** Throws when the item may not move now (a closed experiment's evidence). */
  guard?: (row: Row) => void;
  mark: (tx: Transaction, id: string, deletedAt: Date | null) => Promise<unknown>;
  /** The activity record of the move. */
  change: (row: Row, deleted: boolean) => Change;
  /** What else follows from it, in the same transaction: aggregates, a hypothesis's status. */
  then?: (tx: Transaction, actor: Actor, row: Row, deleted: boolean) => Promise<void>;
};

/** A command that trashes (`deleted: true`) or restores an item of one kind. */
export function softDeletion<Row extends { deletedAt: Date | null }>(kind: SoftDeletable<Row>) {
  return (actor: Actor, input: { id: string; deleted: boolean }) =>
    teamWrite(actor, kind.permission ?? "work.edit", async (tx, log) => {
      const row = await kind.find(tx, actor.team.id, input.id);
      if (!row) throw notFound(kind.missing);
      if ((row.deletedAt !== null) === input.deleted) return row;
      kind.guard?.(row);
      await kind.mark(tx, input.id, input.deleted ? new Date() : null);
      await log(kind.change(row, input.deleted));
      await kind.then?.(tx, actor, row, input.deleted);
      return row;
    });
}
