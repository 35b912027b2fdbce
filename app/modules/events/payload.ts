/**
 * The body of every event as a webhook receives it, in the Standard Webhooks shape
 * `{ type, timestamp, data }`. The same schemas build the bodies (every body is parsed through its
 * schema before it is queued) and document them under `webhooks` in the OpenAPI document.
 */
import { z } from "zod";
import { EVENT_TYPE_NAMES, EVENT_TYPES, type EventType } from "./catalog";

export const Person = z.object({ id: z.string(), name: z.string() }).meta({ description: "A team member." });

export const Subject = z
  .object({
    type: z.enum(["hypothesis", "experiment", "product", "review", "update", "proposal"]),
    id: z.string(),
    /** H-12, E-7; null for subjects without a short key. */
    key: z.string().nullable(),
    title: z.string(),
    url: z.url(),
  })
  .meta({ description: "What the event is about, with a link to its page in Evident." });

const DateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).meta({ format: "date", example: "2026-03-02" });
const Comment = z.string().meta({ description: "The comment as written (mentions are `@Name`)." });
const HypothesisStatus = z.enum(["untested", "testing", "validated", "invalidated", "inconclusive"]);

/** What each type adds to the common fields. */
export const EVENT_DETAILS = {
  "experiment.started": z.object({ endsOn: DateOnly, criterion: z.string() }),
  "experiment.ending_soon": z.object({ endsOn: DateOnly, daysLeft: z.int().min(0) }),
  "experiment.overdue": z.object({ endsOn: DateOnly, daysOver: z.int().min(1) }),
  "experiment.concluded": z.object({ decision: z.enum(["persevere", "pivot", "kill", "retest"]), verdict: z.enum(["met", "not_met", "too_early"]), learned: z.string() }),
  "verdict.reached": z.object({ verdict: z.enum(["met", "not_met"]), criterion: z.string(), observations: z.int().min(0) }),
  "evidence.imported": z.object({ count: z.int().min(1), via: z.enum(["csv", "api"]) }),
  "hypothesis.status_changed": z.object({ from: HypothesisStatus, to: HypothesisStatus }),
  "gate.ready": z.object({ criteriaMet: z.int().min(0) }),
  "gate.opened": z.object({ rationale: z.string() }),
  "gate.held": z.object({ rationale: z.string() }),
  "proposal.decided": z.object({ status: z.enum(["approved", "rejected"]), note: z.string() }),
  "review.recorded": z.object({ decisions: z.int().min(0) }),
  "update.published": z.object({ period: z.string() }),
  "comment.added": z.object({ comment: Comment }),
  mention: z.object({ comment: Comment, mentioned: z.array(Person) }),
} satisfies Record<EventType, z.ZodObject>;

export type EventDetails<T extends EventType> = z.input<(typeof EVENT_DETAILS)[T]>;

const Common = {
  eventId: z.string().meta({ description: "The event's id; every delivery of it carries the same one." }),
  team: z.object({ slug: z.string(), name: z.string() }),
  actor: Person.nullable().meta({ description: "Who caused it; null when the calendar did (an experiment ending soon, a gate turning ready)." }),
  subject: Subject,
  summary: z.string().meta({ description: "One sentence, as the inbox shows it." }),
  people: z.array(Person).meta({ description: "The people involved: the subject's owner, the people mentioned or the proposer." }),
};

function payloadSchema<T extends string>(type: T, details: z.ZodObject, description: string) {
  return z.object({ type: z.literal(type), timestamp: z.iso.datetime(), data: z.object({ ...Common, details }) }).meta({ description });
}

/** Per event type, the body a webhook receives. */
export const WEBHOOK_PAYLOADS = Object.fromEntries(EVENT_TYPE_NAMES.map((type) => [type, payloadSchema(type, EVENT_DETAILS[type], EVENT_TYPES[type].description)])) as Record<
  EventType,
  ReturnType<typeof payloadSchema>
>;

/** "Send test event": the same common fields about the team, so a receiver can be tried end to end. */
export const TEST_EVENT_TYPE = "webhook.test";
export const TEST_PAYLOAD = z
  .object({ type: z.literal(TEST_EVENT_TYPE), timestamp: z.iso.datetime(), data: z.object({ eventId: z.string(), team: Common.team, actor: Person.nullable(), summary: z.string() }) })
  .meta({ description: "Sent when an admin presses “Send test event”; it says nothing happened." });

export type WebhookPayload = { type: EventType; timestamp: string; data: z.input<ReturnType<typeof payloadSchema>>["data"] };
export type TestPayload = z.input<typeof TEST_PAYLOAD>;
