/**
 * Every kind of event Evident records, once: what it is called, who hears of it in their inbox,
 * and whether that person also gets an email. The inbox, the email preferences, the webhook
 * settings and the OpenAPI document's webhooks all read this table (ADR 031).
 */

/**
 * Who is told:
 * - watchers: the people watching the subject (owners and commenters start watching by themselves);
 * - deciders: the admins and owners, who decide gates;
 * - team: every member;
 * - named: only the people the event names (the person mentioned, the proposer).
 */
export type Audience = "watchers" | "deciders" | "team" | "named";

export type EventInfo = {
  label: string;
  /** For the webhook settings: when it is sent. */
  description: string;
  audience: Audience;
  /**
   * Whether the inbox entry is also emailed (per the person's preferences). Events that already
   * have their own reminder email (ending soon, overdue, gate ready) stay in the inbox only.
   */
  email: boolean;
};

export const EVENT_TYPES = {
  "experiment.started": { label: "Experiment started", description: "An experiment starts; its success criterion is now locked.", audience: "watchers", email: true },
  "experiment.ending_soon": { label: "Experiment ending soon", description: "Two days before a running experiment's timebox ends.", audience: "watchers", email: false },
  "experiment.overdue": { label: "Experiment overdue", description: "A running experiment passed its end date without a learning card.", audience: "watchers", email: false },
  "experiment.concluded": { label: "Experiment concluded", description: "An experiment is concluded with a learning card and a decision.", audience: "watchers", email: true },
  "verdict.reached": {
    label: "Verdict reached",
    description: "A running experiment's evidence now meets, or fails, its success criterion with enough sample to say so.",
    audience: "watchers",
    email: true,
  },
  "evidence.imported": { label: "Evidence imported", description: "Observations arrive from a CSV file (every import), or through the API (the first import of each day on an experiment).", audience: "watchers", email: false },
  "hypothesis.status_changed": { label: "Hypothesis status changed", description: "A hypothesis becomes testing, validated, invalidated or inconclusive.", audience: "watchers", email: true },
  "gate.ready": { label: "Gate ready", description: "Every criterion of a product's scale gate is met.", audience: "deciders", email: false },
  "gate.opened": { label: "Gate opened", description: "An admin opens a product's scale gate: it moves to growth.", audience: "team", email: false },
  "gate.held": { label: "Gate held", description: "An admin holds a product's scale gate.", audience: "team", email: false },
  "proposal.decided": { label: "Scale proposal decided", description: "A scale proposal is approved or rejected.", audience: "named", email: true },
  "review.recorded": { label: "Review recorded", description: "The weekly review's minutes are recorded.", audience: "team", email: false },
  "update.published": { label: "Investor update published", description: "An investor update is published.", audience: "team", email: false },
  "comment.added": { label: "Comment", description: "Someone comments on a hypothesis or an experiment.", audience: "watchers", email: true },
  mention: { label: "Mention", description: "Someone mentions a team member in a comment.", audience: "named", email: true },
} as const satisfies Record<string, EventInfo>;

export type EventType = keyof typeof EVENT_TYPES;

export const EVENT_TYPE_NAMES = Object.keys(EVENT_TYPES) as EventType[];

export function isEventType(value: string): value is EventType {
  return Object.hasOwn(EVENT_TYPES, value);
}

export function eventInfo(type: EventType): EventInfo {
  return EVENT_TYPES[type];
}

/** What an event is about: the page its links open. */
export type SubjectType = "hypothesis" | "experiment" | "product" | "review" | "update" | "proposal";
