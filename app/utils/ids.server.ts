import { randomBytes } from "node:crypto";

/**
 * Ids shaped like cuids that sort in the order they are handed out (a fixed time prefix, then a
 * counter, then randomness), for rows written in bulk without Prisma's per-row id generation.
 * Rows keep their insertion order wherever the app breaks ties by id.
 */
export function orderedIds(): () => string {
  const prefix = `c${Date.now().toString(36).padStart(9, "0")}`;
  let counter = 0;
  return () => {
    const random = [...randomBytes(8)].map((byte) => (byte % 36).toString(36)).join("");
    return `${prefix}${(counter++).toString(36).padStart(7, "0")}${random}`;
  };
}

/** A random id with a readable prefix (`evt_…`, `msg_…`): unguessable, and unique enough for a receiver to dedupe by. */
export function prefixedId(prefix: "evt" | "msg"): string {
  return `${prefix}_${randomBytes(16).toString("base64url")}`;
}
