/**
 * A webhook endpoint's delivery log: newest first, each delivery with its status in words (and a
 * colour), folded open with <details> — no JavaScript needed — to its attempts and the exact body
 * posted; a Slack body also as the message Slack shows.
 */
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { EVENT_TYPES, isEventType } from "~/modules/events/catalog";
import { ExactTime } from "./dates";
import { SlackText } from "./slack-text";

export type DeliveryAttempt = { attempt: number; statusCode: number | null; message: string; durationMs: number; ok: boolean; createdAt: string | Date };
export type DeliveryRow = {
  id: string;
  eventType: string;
  body: string;
  status: "QUEUED" | "SENDING" | "SENT" | "FAILED";
  attempts: number;
  nextAttemptAt: string | Date;
  deliveredAt: string | Date | null;
  createdAt: string | Date;
  attemptLog: DeliveryAttempt[];
};

const PILL = "inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset";
export const TONES = {
  green: "bg-green-50 text-green-800 ring-green-200 dark:bg-green-950 dark:text-green-200 dark:ring-green-900",
  amber: "bg-amber-50 text-amber-900 ring-amber-200 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-900",
  red: "bg-red-50 text-red-800 ring-red-200 dark:bg-red-950 dark:text-red-200 dark:ring-red-900",
  blue: "bg-blue-50 text-blue-800 ring-blue-200 dark:bg-blue-950 dark:text-blue-200 dark:ring-blue-900",
  grey: "bg-zinc-100 text-zinc-700 ring-zinc-200 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700",
} as const;

export function Pill({ tone, children }: { tone: keyof typeof TONES; children: ReactNode }) {
  return <span className={`${PILL} ${TONES[tone]}`}>{children}</span>;
}

export const TEST_EVENT = "webhook.test";

/** "Experiment started", "Test event", or the type itself for one the catalog no longer has. */
export function eventLabel(type: string): string {
  if (type === TEST_EVENT) return "Test event";
  return isEventType(type) ? EVENT_TYPES[type].label : type;
}

/** What a delivery's status reads as; `held` when it waits for an endpoint that is off. */
export function DeliveryStatus({ delivery, held }: { delivery: Pick<DeliveryRow, "status" | "attempts" | "nextAttemptAt">; held?: boolean }) {
  switch (delivery.status) {
    case "SENT":
      return <Pill tone="green">Delivered</Pill>;
    case "FAILED":
      return <Pill tone="red">Failed</Pill>;
    case "SENDING":
      return <Pill tone="blue">Sending</Pill>;
    default:
      if (held) return <Pill tone="grey">Waiting — endpoint off</Pill>;
      return delivery.attempts > 0 ? (
        <Pill tone="amber">
          Retrying at <ExactTime date={delivery.nextAttemptAt} />
        </Pill>
      ) : (
        <Pill tone="grey">Queued</Pill>
      );
  }
}

/** The body as posted, indented when it is JSON. */
export function prettyBody(body: string): { text: string; json: unknown } {
  try {
    const json: unknown = JSON.parse(body);
    return { text: JSON.stringify(json, null, 2), json };
  } catch {
    return { text: body, json: undefined };
  }
}

/** Every attempt logged (a delivery sent again keeps the attempts of its first round). */
function attemptsText(delivery: Pick<DeliveryRow, "attempts" | "status" | "attemptLog">): string {
  const count = Math.max(delivery.attempts, delivery.attemptLog.length);
  if (count === 0) return delivery.status === "FAILED" ? "never sent" : "not tried yet";
  return count === 1 ? "1 attempt" : `${count} attempts`;
}

/** The one sentence a delivery's body says about what happened: a Standard payload's summary, a Slack message's text. */
export function bodySummary(json: unknown): string | null {
  if (!json || typeof json !== "object") return null;
  const body = json as { data?: { summary?: unknown }; text?: unknown };
  if (typeof body.data?.summary === "string") return body.data.summary;
  return typeof body.text === "string" ? body.text : null;
}

function AttemptResult({ attempt }: { attempt: DeliveryAttempt }) {
  if (attempt.statusCode === null) return <span className="text-red-700 dark:text-red-300">No answer</span>;
  return <span className={attempt.ok ? "text-green-700 dark:text-green-300" : "text-red-700 dark:text-red-300"}>HTTP {attempt.statusCode}</span>;
}

function Attempts({ attempts, failed }: { attempts: DeliveryAttempt[]; failed: boolean }) {
  if (attempts.length === 0)
    return <p className="muted text-sm">{failed ? "Never sent: the endpoint was turned off before this delivery's turn. Send it again once the endpoint works." : "Not tried yet."}</p>;
  return (
    <>
      {/* A phone reads each attempt as a short card; wider screens get the table. */}
      <ol className="space-y-2 sm:hidden">
        {attempts.map((attempt, index) => (
          <li key={index} className="rounded-md border border-zinc-200 p-2.5 text-sm dark:border-zinc-800">
            <p className="flex flex-wrap items-baseline gap-x-2">
              <span className="font-medium">Attempt {attempt.attempt}</span>
              <AttemptResult attempt={attempt} />
              <span className="muted tabular-nums">{attempt.durationMs.toLocaleString("en-US")} ms</span>
            </p>
            <p className="muted text-xs">
              <ExactTime date={attempt.createdAt} />
            </p>
            {attempt.message ? <p className="mt-1 font-mono text-xs [overflow-wrap:anywhere]">{attempt.message}</p> : null}
          </li>
        ))}
      </ol>
      <div className="hidden overflow-x-auto rounded-md border border-zinc-200 sm:block dark:border-zinc-800">
        <table className="table">
          <thead>
            <tr>
              <th scope="col" className="w-10">
                #
              </th>
              <th scope="col">Result</th>
              <th scope="col" className="text-right">
                Took
              </th>
              <th scope="col">When</th>
              <th scope="col">Answer</th>
            </tr>
          </thead>
          <tbody>
            {attempts.map((attempt, index) => (
              <tr key={index} className="align-top">
                <td className="tabular-nums">{attempt.attempt}</td>
                <td className="whitespace-nowrap">
                  <AttemptResult attempt={attempt} />
                </td>
                <td className="whitespace-nowrap text-right tabular-nums">{attempt.durationMs.toLocaleString("en-US")} ms</td>
                <td className="whitespace-nowrap text-xs">
                  <ExactTime date={attempt.createdAt} />
                </td>
                <td className="min-w-48 max-w-md font-mono text-xs [overflow-wrap:anywhere]">{attempt.message || <span className="muted font-sans">(empty)</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function DeliveryDetails({ delivery, slack, maxAttempts }: { delivery: DeliveryRow; slack: boolean; maxAttempts: number }) {
  const body = prettyBody(delivery.body);
  return (
    <div className="mt-3 space-y-4 sm:pl-5">
      <div className="space-y-2">
        <h4 className="text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">Attempts</h4>
        <Attempts attempts={delivery.attemptLog} failed={delivery.status === "FAILED"} />
        {delivery.status === "QUEUED" && delivery.attempts > 0 ? (
          <p className="muted text-xs">
            Next attempt <ExactTime date={delivery.nextAttemptAt} />, {delivery.attempts} of {maxAttempts} used.
          </p>
        ) : null}
        {delivery.deliveredAt ? (
          <p className="muted text-xs">
            Delivered <ExactTime date={delivery.deliveredAt} />.
          </p>
        ) : null}
      </div>
      {slack ? <SlackText body={body.json} /> : null}
      <div className="space-y-2">
        <h4 className="text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{slack ? "Body sent to Slack" : "Body sent"}</h4>
        <pre
          tabIndex={0}
          aria-label={`Body of the ${eventLabel(delivery.eventType)} delivery`}
          className="max-h-96 overflow-auto whitespace-pre-wrap break-words rounded-md bg-zinc-50 p-3 font-mono text-xs dark:bg-zinc-950"
        >
          {body.text}
        </pre>
      </div>
    </div>
  );
}

export function DeliveryLog({
  deliveries,
  slack,
  endpointEnabled,
  maxAttempts,
  retrying,
}: {
  deliveries: DeliveryRow[];
  slack: boolean;
  endpointEnabled: boolean;
  maxAttempts: number;
  /** The delivery whose "Send again" just failed: its details stay open. */
  retrying?: string;
}) {
  return (
    <ol className="-my-3 divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Deliveries, newest first">
      {deliveries.map((delivery) => {
        const held = !endpointEnabled && delivery.status === "QUEUED" && delivery.eventType !== TEST_EVENT;
        const summary = bodySummary(prettyBody(delivery.body).json);
        return (
          <li key={delivery.id} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-start sm:justify-between sm:gap-4">
            <details className="group min-w-0 flex-1" open={retrying === delivery.id}>
              <summary className="flex cursor-pointer list-none items-start gap-2.5 rounded-sm [&::-webkit-details-marker]:hidden">
                <span aria-hidden className="muted mt-1 inline-block w-2 shrink-0 text-xs transition-transform group-open:rotate-90">
                  ▸
                </span>
                <span className="min-w-0 flex-1">
                  <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
                    <DeliveryStatus delivery={delivery} held={held} />
                    <span className="min-w-0">
                      <span className="font-medium">{eventLabel(delivery.eventType)}</span> <code className="muted text-xs">{delivery.eventType}</code>
                    </span>
                    <span className="muted text-xs">
                      {attemptsText(delivery)} · <ExactTime date={delivery.createdAt} />
                    </span>
                  </span>
                  {summary ? <span className="muted mt-0.5 block truncate text-xs">{summary}</span> : null}
                </span>
              </summary>
              <DeliveryDetails delivery={delivery} slack={slack} maxAttempts={maxAttempts} />
            </details>
            {delivery.status === "FAILED" ? (
              <Form method="post" className="shrink-0 pl-[1.125rem] sm:pl-0">
                <input type="hidden" name="intent" value="retry" />
                <input type="hidden" name="deliveryId" value={delivery.id} />
                <button type="submit" className="btn-secondary">
                  Send again<span className="sr-only">: {eventLabel(delivery.eventType)}</span>
                </button>
              </Form>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
