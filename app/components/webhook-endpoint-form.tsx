/**
 * The fields of a webhook endpoint — address, description, format and the events to send — for
 * adding one and for editing it. Plain inputs inside the caller's <Form>: everything posts without
 * JavaScript; with it, "Select all" and "Clear" tick the event boxes in one go.
 */
import { useRef, useSyncExternalStore } from "react";
import { EVENT_TYPES, EVENT_TYPE_NAMES, type EventType } from "~/modules/events/catalog";
import { Field } from "./form";

export type EndpointValues = { url: string; description: string; format: string; events: string[] };

/** The events in the groups a product team thinks in; anything the catalog adds later lands in "Other". */
const GROUPS: { label: string; events: EventType[] }[] = [
  { label: "Experiments", events: ["experiment.started", "experiment.ending_soon", "experiment.overdue", "experiment.concluded", "verdict.reached", "evidence.imported"] },
  { label: "Hypotheses", events: ["hypothesis.status_changed"] },
  { label: "Scale gate", events: ["gate.ready", "gate.opened", "gate.held", "proposal.decided"] },
  { label: "Conversation", events: ["comment.added", "mention"] },
  { label: "Team rituals", events: ["review.recorded", "update.published"] },
];

export function eventGroups(): { label: string; events: EventType[] }[] {
  const grouped = new Set(GROUPS.flatMap((group) => group.events));
  const rest = EVENT_TYPE_NAMES.filter((type) => !grouped.has(type));
  return [...GROUPS.map((group) => ({ ...group, events: group.events.filter((type) => type in EVENT_TYPES) })), ...(rest.length ? [{ label: "Other", events: rest }] : [])];
}

export const FORMAT_CHOICES = [
  {
    value: "STANDARD",
    label: "Standard Webhooks — signed JSON",
    help: "For your own service, Zapier or Make: each event as JSON, signed with the endpoint's secret in the webhook-id, webhook-timestamp and webhook-signature headers.",
  },
  {
    value: "SLACK",
    label: "Slack incoming webhook",
    help: "A short message in a Slack channel. Paste the URL Slack gives you (https://hooks.slack.com/services/…). Slack does not check signatures.",
  },
] as const;

const noop = () => () => undefined;

/** True once the page has hydrated: controls that need JavaScript appear only then. */
function useHydrated(): boolean {
  return useSyncExternalStore(
    noop,
    () => true,
    () => false
  );
}

export function WebhookEndpointFields({ idPrefix, values, errors = {} }: { idPrefix: string; values: EndpointValues; errors?: Record<string, string> }) {
  const hydrated = useHydrated();
  const events = useRef<HTMLFieldSetElement>(null);
  const chosen = new Set(values.events);
  const tick = (checked: boolean) => {
    for (const box of events.current?.querySelectorAll<HTMLInputElement>('input[type="checkbox"][name="events"]') ?? []) box.checked = checked;
  };
  const formatError = errors.format;
  const eventsError = errors.events;
  const firstEvent = eventGroups()[0]?.events[0];
  return (
    <div className="space-y-5">
      <Field
        label="Address"
        name="url"
        id={`${idPrefix}-url`}
        type="url"
        inputMode="url"
        autoComplete="off"
        spellCheck={false}
        placeholder="https://example.com/hooks/evident"
        maxLength={2000}
        defaultValue={values.url}
        error={errors.url}
        help="Evident posts each event here. It must be reachable from the internet: private, loopback and link-local addresses are refused."
      />
      <Field
        label="Description"
        name="description"
        id={`${idPrefix}-description`}
        maxLength={200}
        placeholder="#product-updates in Slack"
        defaultValue={values.description}
        error={errors.description}
        help="Optional: what it is for, so your team recognises it."
      />

      <fieldset className="space-y-2" aria-describedby={formatError ? `${idPrefix}-format-error` : undefined}>
        <legend className="text-sm font-medium">Format</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {FORMAT_CHOICES.map((choice, index) => (
            <label
              key={choice.value}
              className="flex items-start gap-3 rounded-md border border-zinc-200 p-3 text-sm has-[:checked]:border-accent-500 has-[:checked]:bg-accent-50/60 dark:border-zinc-700 dark:has-[:checked]:border-accent-500 dark:has-[:checked]:bg-zinc-800"
            >
              <input
                type="radio"
                name="format"
                value={choice.value}
                defaultChecked={values.format === choice.value}
                className="mt-0.5 size-4 shrink-0"
                aria-describedby={`${idPrefix}-format-${choice.value}-help`}
                {...(formatError && index === 0 ? { "aria-invalid": true as const } : {})}
              />
              <span className="min-w-0">
                <span className="block font-medium">{choice.label}</span>
                <span id={`${idPrefix}-format-${choice.value}-help`} className="muted block text-xs">
                  {choice.help}
                </span>
              </span>
            </label>
          ))}
        </div>
        {formatError ? (
          <p id={`${idPrefix}-format-error`} className="text-sm text-red-600 dark:text-red-400">
            {formatError}
          </p>
        ) : null}
      </fieldset>

      <fieldset ref={events} className="space-y-3" aria-describedby={`${idPrefix}-events-help${eventsError ? ` ${idPrefix}-events-error` : ""}`}>
        <legend className="text-sm font-medium">Events</legend>
        <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
          <p id={`${idPrefix}-events-help`} className="muted text-xs">
            Only the events ticked here are sent.
          </p>
          {hydrated ? (
            <span className="flex gap-3 text-sm">
              <button type="button" className="btn-link" onClick={() => tick(true)}>
                Select all
              </button>
              <button type="button" className="btn-link" onClick={() => tick(false)}>
                Clear
              </button>
            </span>
          ) : null}
        </div>
        {eventsError ? (
          <p id={`${idPrefix}-events-error`} className="text-sm text-red-600 dark:text-red-400">
            {eventsError}
          </p>
        ) : null}
        <div className="grid gap-x-6 gap-y-4 md:grid-cols-2">
          {eventGroups().map((group) => (
            <fieldset key={group.label} className="min-w-0 space-y-2">
              <legend className="muted mb-1 text-xs font-medium uppercase tracking-wide">{group.label}</legend>
              {group.events.map((type) => {
                const invalid = eventsError && type === firstEvent;
                return (
                  <label key={type} className="flex items-start gap-2.5 text-sm">
                    <input
                      type="checkbox"
                      name="events"
                      value={type}
                      defaultChecked={chosen.has(type)}
                      className="mt-0.5 size-4 shrink-0"
                      aria-describedby={`${idPrefix}-event-${type.replace(/\W/g, "-")}`}
                      {...(invalid ? { "aria-invalid": true as const } : {})}
                    />
                    <span className="min-w-0">
                      <span className="font-medium">{EVENT_TYPES[type].label}</span> <code className="muted text-xs">{type}</code>
                      <span id={`${idPrefix}-event-${type.replace(/\W/g, "-")}`} className="muted block text-xs">
                        {EVENT_TYPES[type].description}
                      </span>
                    </span>
                  </label>
                );
              })}
            </fieldset>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

/** The endpoint as a form posts it: the trimmed text fields and every ticked event; the command validates the rest. */
export function endpointFromForm(formData: FormData, text: Record<string, string>) {
  return {
    url: text.url ?? "",
    description: text.description ?? "",
    format: text.format as "STANDARD" | "SLACK",
    events: formData.getAll("events").filter((value): value is EventType => typeof value === "string"),
  };
}

/** The values to put back in the form after a refusal: the ticked events joined by commas. */
export function endpointFormValues(formData: FormData, values: Record<string, string>): Record<string, string> {
  return {
    ...values,
    events: formData
      .getAll("events")
      .filter((value) => typeof value === "string")
      .join(","),
  };
}

/** The refused values as the fields want them back. */
export function endpointValuesFrom(values: Record<string, string> | undefined, fallback: EndpointValues): EndpointValues {
  if (!values) return fallback;
  return { url: values.url ?? "", description: values.description ?? "", format: values.format ?? "", events: values.events ? values.events.split(",") : [] };
}

/** A command's field names as the form's: every event's own error shows under "Events". */
export function endpointField(field: string): string {
  return field.startsWith("events.") ? "events" : field;
}

/** How an endpoint is named on the pages: its host and path ("hooks.slack.com/services/T0/B0/x"). */
export function endpointAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname === "/" ? "" : parsed.pathname}`;
  } catch {
    return url;
  }
}
