import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator, type ShouldRevalidateFunction } from "@remix-run/react";
import { useEffect } from "react";
import { z } from "zod";
import { ConflictNotice } from "~/components/conflict";
import { CopyField } from "~/components/copy-field";
import { ExactTime } from "~/components/dates";
import { FormError, SubmissionKey } from "~/components/form";
import { EmptyState, Notice, Section } from "~/components/page";
import { DeliveryLog, Pill, TEST_EVENT } from "~/components/webhook-deliveries";
import { endpointAddress, endpointField, endpointFormValues, endpointFromForm, endpointValuesFrom, FORMAT_CHOICES, WebhookEndpointFields } from "~/components/webhook-endpoint-form";
import { EVENT_TYPES, isEventType } from "~/modules/events/catalog";
import { requireMembership } from "~/modules/teams/guard.server";
import { DELIVERY_LOG_DAYS, MAX_ATTEMPTS } from "~/modules/webhooks/delivery.server";
import {
  deleteWebhookEndpoint,
  retryWebhookDelivery,
  rotateWebhookSecret,
  sendTestEvent,
  setWebhookEnabled,
  updateWebhookEndpoint,
  webhookEndpointDetail,
} from "~/modules/webhooks/endpoints.server";
import { AppError, renamingFields } from "~/utils/errors";
import { idParam } from "~/utils/fields";
import { formText } from "~/utils/forms";
import { formFailure, formValues, handleFormErrors, httpError, readFormData } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? endpointAddress(data.endpoint.url) : "Webhook"} · Webhooks · Evident` }];

const DONE = ["saved", "off", "on", "rotated", "test", "retried"] as const;
const QuerySchema = z.object({
  before: z
    .string()
    .regex(/^msg_[A-Za-z0-9_-]{1,64}$/)
    .optional()
    .catch(undefined),
  secret: z.enum(["show"]).optional().catch(undefined),
  done: z.enum(DONE).optional().catch(undefined),
});

// The page can show the signing secret: no browser or proxy cache keeps a copy.
export const headers = () => ({ "Cache-Control": "private, no-store" });

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requireMembership(request, context, params.team, "webhooks.manage");
  const query = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const id = idParam(params.id);
  const detail = id ? await webhookEndpointDetail(access, id, { before: query.before }) : null;
  if (!detail) throw httpError(404);
  const { secret, ...endpoint } = detail.endpoint;
  return {
    team: access.team,
    endpoint,
    // The secret is sent to the browser only when asked for, and never for Slack (Slack does not verify it).
    secret: query.secret === "show" && endpoint.format === "STANDARD" ? secret : null,
    deliveries: detail.deliveries,
    nextBefore: detail.nextBefore,
    before: query.before ?? null,
    done: query.done ?? null,
    maxAttempts: MAX_ATTEMPTS,
    keptDays: DELIVERY_LOG_DAYS,
  };
}

/** After a refused change (a 409 above all) the page shows the endpoint as it is now, and its version. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) => (actionStatus === 409 ? true : defaultShouldRevalidate);

const IntentSchema = z.object({ intent: z.enum(["update", "disable", "enable", "rotate", "delete", "test", "retry"]) });

/** A stale version's 409, marked with the intent it refused so the page can show it where it belongs. */
async function marked<T>(intent: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AppError && error.status === 409) throw new AppError(409, error.code, error.message, error.fields, { conflict: intent });
    throw error;
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const access = await requireMembership(request, context, params.team, "webhooks.manage");
  const id = idParam(params.id);
  if (!id) throw httpError(404);
  const formData = await readFormData(request);
  const intent = IntentSchema.safeParse(Object.fromEntries(formData));
  if (!intent.success) return formFailure({}, undefined, "Unknown action.");
  const values = endpointFormValues(formData, formValues(formData));
  const text = formText(formData);
  if (!text.ok) return formFailure(text.fieldErrors, values);
  const here = `/t/${access.team.slug}/settings/webhooks/${id}`;
  const ref = { id, version: text.data.version };
  return handleFormErrors(
    async () => {
      switch (intent.data.intent) {
        case "update":
          await marked("update", () => renamingFields(() => updateWebhookEndpoint(access, { ...ref, ...endpointFromForm(formData, text.data) }), endpointField));
          return redirect(`${here}?done=saved`);
        case "disable":
        case "enable":
          await marked(intent.data.intent, () => setWebhookEnabled(access, { ...ref, enabled: intent.data.intent === "enable" }));
          return redirect(`${here}?done=${intent.data.intent === "enable" ? "on" : "off"}`);
        case "rotate":
          await marked("rotate", () => rotateWebhookSecret(access, ref));
          return redirect(`${here}?done=rotated&secret=show`);
        case "delete":
          await deleteWebhookEndpoint(access, { id });
          return redirect(`/t/${access.team.slug}/settings/webhooks?removed=1`);
        case "test":
          await sendTestEvent(access, { id });
          return redirect(`${here}?done=test`);
        case "retry": {
          await retryWebhookDelivery(access, { endpointId: id, id: text.data.deliveryId ?? "" });
          return redirect(`${here}?done=retried`);
        }
      }
    },
    values,
    intent.data.intent === "test" ? { actor: access, formData } : undefined
  );
}

const NOTICES: Record<(typeof DONE)[number], string> = {
  saved: "Saved.",
  off: "Turned off.",
  on: "Turned on. New events are sent here again.",
  rotated: "Rotated the signing secret. Deliveries from now on, retries included, are signed with the new one: put it in your receiver.",
  test: "Test event queued. It shows in the log below as it is sent.",
  retried: "Queued to be sent again.",
};

const LABELS = { url: "Address", description: "Description", format: "Format", events: "Events" };

function readable(values: { url?: string; description?: string; format?: string; events?: string | string[] }) {
  const events = typeof values.events === "string" ? values.events.split(",").filter(Boolean) : values.events ?? [];
  return {
    url: values.url ?? "",
    description: values.description ?? "",
    format: FORMAT_CHOICES.find((choice) => choice.value === values.format)?.label ?? values.format ?? "",
    events: events.map((type) => (isEventType(type) ? EVENT_TYPES[type].label : type)).join(", "),
  };
}

const VERIFY_EXAMPLE = `import { Webhook } from "standardwebhooks";

// body: the raw request body; headers: webhook-id,
// webhook-timestamp and webhook-signature.
// Throws when the signature or the timestamp is wrong.
const event = new Webhook(secret).verify(body, headers);`;

export default function WebhookEndpoint() {
  const { team, endpoint, secret, deliveries, nextBefore, before, done, maxAttempts, keptDays } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && !result.ok ? result : undefined;
  const conflictOf = (failure?.details as { conflict?: string } | undefined)?.conflict;
  const busy = useNavigation().state === "submitting";
  const base = `/t/${team.slug}/settings/webhooks`;
  const here = `${base}/${endpoint.id}`;
  const address = endpointAddress(endpoint.url);
  const slack = endpoint.format === "SLACK";
  const turnedOffByEvident = !endpoint.enabled && endpoint.disabledBy === "FAILURES";
  const editing = failure?.values?.intent === "update";
  const retrying = failure?.values?.intent === "retry" ? failure.values.deliveryId : undefined;
  // Errors of the buttons (turn off, rotate, send again…) show at the top; the edit form shows its own.
  const topError = failure && !editing ? failure.formError ?? Object.values(failure.fieldErrors)[0] : undefined;

  // While something is on its way (sending, or due within a minute), the log follows it; without JavaScript, a reload does.
  const revalidator = useRevalidator();
  useEffect(() => {
    const soon = Date.now() + 60_000;
    // A delivery waiting for an endpoint that is off (all but test events) is not on its way.
    const moving =
      !before &&
      deliveries.some(
        (delivery) => delivery.status === "SENDING" || (delivery.status === "QUEUED" && new Date(delivery.nextAttemptAt).getTime() < soon && (endpoint.enabled || delivery.eventType === TEST_EVENT))
      );
    if (!moving) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible" && revalidator.state === "idle") revalidator.revalidate();
    }, 3_000);
    return () => clearInterval(timer);
  }, [before, deliveries, endpoint.enabled, revalidator]);

  return (
    <div className="max-w-5xl">
      <p className="mb-3 text-sm">
        <Link to={base}>← Webhooks</Link>
      </p>

      <header className="mb-4 flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <h2 className="text-lg font-semibold [overflow-wrap:anywhere]">{address}</h2>
          {endpoint.description ? <p className="muted text-sm [overflow-wrap:anywhere]">{endpoint.description}</p> : null}
          <p className="mt-2 flex flex-wrap items-center gap-2 text-xs">
            <Pill tone="grey">{slack ? "Slack" : "Signed JSON"}</Pill>
            {endpoint.enabled ? <Pill tone="green">On</Pill> : <Pill tone="amber">Turned off</Pill>}
            <span className="muted">
              {endpoint.events.length === 1 ? "1 event" : `${endpoint.events.length} events`} · added <ExactTime date={endpoint.createdAt} />
            </span>
          </p>
        </div>
        <div className="flex shrink-0 flex-wrap gap-2">
          <Form method="post">
            <input type="hidden" name="intent" value="test" />
            <SubmissionKey />
            <button type="submit" className="btn-primary" disabled={busy}>
              Send test event
            </button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value={endpoint.enabled ? "disable" : "enable"} />
            <input type="hidden" name="version" value={endpoint.version} />
            <button type="submit" className="btn-secondary" disabled={busy}>
              {endpoint.enabled ? "Turn off" : "Turn on"}
            </button>
          </Form>
        </div>
      </header>

      {topError ? (
        <div className="mb-4">
          <FormError message={conflictOf ? `${topError} The page now shows the endpoint as it is.` : topError} />
        </div>
      ) : null}
      {/* Turned off: the notice below says so already. */}
      {done && done !== "off" && !failure ? (
        <Notice tone="success">{done === "retried" && !endpoint.enabled ? "Queued to be sent again once the endpoint is turned on." : NOTICES[done]}</Notice>
      ) : null}

      {turnedOffByEvident ? (
        <div role="alert" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          <p className="font-semibold">
            Evident turned this endpoint off
            {endpoint.disabledAt ? (
              <>
                {" "}
                on <ExactTime date={endpoint.disabledAt} />
              </>
            ) : null}
            .
          </p>
          <p className="mt-1 [overflow-wrap:anywhere]">{endpoint.disabledReason}</p>
          <p className="mt-2">
            Nothing is sent here until it is turned on again. Check the address, and that the receiver answers with a 2xx status within 10 seconds. Then send a test event — test events go out while it
            is off — and once it is delivered, turn the endpoint on. Deliveries that were waiting were marked failed: send again the ones you still need.
          </p>
        </div>
      ) : !endpoint.enabled ? (
        <Notice>
          Turned off
          {endpoint.disabledAt ? (
            <>
              {" "}
              on <ExactTime date={endpoint.disabledAt} />
            </>
          ) : null}{" "}
          by an admin. Events are not sent here until it is turned on again.
        </Notice>
      ) : null}

      <Section title="Deliveries" description={`Newest first, kept for ${keptDays} days. Each delivery is tried up to ${maxAttempts} times over about a day (a test event once); open one to see its attempts and the body sent.`}>
        {deliveries.length === 0 ? (
          <EmptyState>{before ? "No older deliveries." : "Nothing sent yet. Send a test event to try the receiver; events are logged here as they go out."}</EmptyState>
        ) : (
          <DeliveryLog deliveries={deliveries} slack={slack} endpointEnabled={endpoint.enabled} maxAttempts={maxAttempts} retrying={retrying} />
        )}
        {before || nextBefore ? (
          <nav aria-label="Delivery log pages" className="mt-6 flex justify-between gap-2 border-t border-zinc-100 pt-3 text-sm dark:border-zinc-800">
            {before ? (
              <Link to={here} className="btn-secondary">
                Newest
              </Link>
            ) : (
              <span />
            )}
            {nextBefore ? (
              <Link to={`${here}?before=${encodeURIComponent(nextBefore)}`} className="btn-secondary">
                Older
              </Link>
            ) : null}
          </nav>
        ) : null}
      </Section>

      {slack ? (
        <Section title="Signing" description="Slack incoming webhooks do not check signatures, so this endpoint has no secret to copy.">
          <p className="text-sm">Keep the Slack URL private: anyone who has it can post to your channel. If it leaks, create a new incoming webhook in Slack and put its URL here.</p>
        </Section>
      ) : (
        <Section title="Signing secret" description="Every delivery is signed with this secret by the Standard Webhooks scheme, so your receiver can check that it came from Evident, unchanged.">
          <div className="space-y-4 text-sm">
            {secret ? (
              <div>
                <CopyField id="signing-secret" label="Signing secret" value={secret} />
                <p className="mt-1 text-xs">
                  <Link to={here}>Hide the secret</Link>
                </p>
              </div>
            ) : (
              <p>
                <Link to={`${here}?secret=show`} className="btn-secondary">
                  Show secret
                </Link>
              </p>
            )}
            <div>
              <h3 className="font-medium">How to verify a delivery</h3>
              <p className="muted mt-1">
                With the <code>standardwebhooks</code> package (npm, PyPI and others), on the raw body before parsing it:
              </p>
              <pre tabIndex={0} aria-label="Verification example" className="mt-2 overflow-x-auto rounded-md bg-zinc-50 p-3 font-mono text-xs dark:bg-zinc-950">
                {VERIFY_EXAMPLE}
              </pre>
              <p className="muted mt-2 text-xs">Drop repeats by their webhook-id: a delivery retried keeps its id, and rarely one arrives twice.</p>
            </div>
            <details className="border-t border-zinc-100 pt-3 dark:border-zinc-800" open={failure?.values?.intent === "rotate"}>
              <summary className="btn-link w-fit">Rotate the secret…</summary>
              <Form method="post" className="mt-2 max-w-prose space-y-2">
                <input type="hidden" name="intent" value="rotate" />
                <input type="hidden" name="version" value={endpoint.version} />
                <p className="muted">The current secret stops working at once: every delivery from now on, retries included, is signed with the new one. Have your receiver ready to take it.</p>
                <button type="submit" className="btn-danger" disabled={busy}>
                  Rotate secret
                </button>
              </Form>
            </details>
          </div>
        </Section>
      )}

      <Section title="Endpoint" description="Where events go, in which format, and which events.">
        {editing && conflictOf === "update" && failure ? <ConflictNotice message={failure.formError ?? ""} theirs={readable(endpoint)} yours={readable(failure.values ?? {})} labels={LABELS} /> : null}
        <Form method="post" noValidate className="space-y-5">
          <input type="hidden" name="intent" value="update" />
          <input type="hidden" name="version" value={endpoint.version} />
          {editing && conflictOf !== "update" ? (
            <FormError message={failure?.fieldErrors.version ?? (Object.keys(failure?.fieldErrors ?? {}).length ? undefined : failure?.formError)} fieldErrors={failure?.fieldErrors} />
          ) : null}
          <WebhookEndpointFields
            idPrefix="endpoint"
            values={endpointValuesFrom(editing ? failure?.values : undefined, { url: endpoint.url, description: endpoint.description, format: endpoint.format, events: endpoint.events })}
            errors={editing ? failure?.fieldErrors : undefined}
          />
          <button type="submit" className="btn-primary" disabled={busy}>
            Save changes
          </button>
        </Form>
      </Section>

      <Section title="Remove" description="Stops every delivery to this address.">
        <details open={failure?.values?.intent === "delete"}>
          <summary className="btn-link w-fit text-sm">Remove this endpoint…</summary>
          <Form method="post" className="mt-2 max-w-prose space-y-2 text-sm">
            <input type="hidden" name="intent" value="delete" />
            <p className="muted">The endpoint and its delivery log are deleted; this cannot be undone. To pause deliveries instead, turn it off.</p>
            <button type="submit" className="btn-danger" disabled={busy}>
              Remove endpoint
            </button>
          </Form>
        </details>
      </Section>
    </div>
  );
}
