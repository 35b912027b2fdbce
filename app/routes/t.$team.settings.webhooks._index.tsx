import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ExactTime } from "~/components/dates";
import { FormError, SubmissionKey, useClearAfterSave } from "~/components/form";
import { EmptyState, Notice, Section } from "~/components/page";
import { DeliveryStatus, eventLabel, Pill } from "~/components/webhook-deliveries";
import { endpointAddress, endpointField, endpointFormValues, endpointFromForm, endpointValuesFrom, WebhookEndpointFields } from "~/components/webhook-endpoint-form";
import { EVENT_TYPE_NAMES } from "~/modules/events/catalog";
import { requireMembership } from "~/modules/teams/guard.server";
import { createWebhookEndpoint, listWebhookEndpoints, MAX_ENDPOINTS } from "~/modules/webhooks/endpoints.server";
import { renamingFields } from "~/utils/errors";
import { idParam } from "~/utils/fields";
import { formText } from "~/utils/forms";
import { formFailure, formValues, handleFormErrors, readFormData } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Webhooks · Evident" }];

const QuerySchema = z.object({ added: z.string().max(64).optional().catch(undefined), removed: z.string().max(8).optional().catch(undefined) });

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requireMembership(request, context, params.team, "webhooks.manage");
  const query = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const endpoints = await listWebhookEndpoints(access);
  const addedId = idParam(query.added);
  const added = addedId ? endpoints.find((endpoint) => endpoint.id === addedId) : undefined;
  return {
    team: access.team,
    endpoints: endpoints.map(({ id, url, description, format, events, enabled, disabledReason, lastDelivery }) => ({
      id,
      url,
      description,
      format,
      events: events.length,
      enabled,
      disabledReason,
      lastDelivery,
    })),
    added: added ? { id: added.id, address: endpointAddress(added.url) } : null,
    removed: query.removed !== undefined,
    maxEndpoints: MAX_ENDPOINTS,
    eventCount: EVENT_TYPE_NAMES.length,
  };
}

const IntentSchema = z.object({ intent: z.enum(["create"]) });

export async function action({ request, context, params }: ActionFunctionArgs) {
  const access = await requireMembership(request, context, params.team, "webhooks.manage");
  const formData = await readFormData(request);
  if (!IntentSchema.safeParse(Object.fromEntries(formData)).success) return formFailure({}, undefined, "Unknown action.");
  const values = endpointFormValues(formData, formValues(formData));
  const text = formText(formData);
  if (!text.ok) return formFailure(text.fieldErrors, values);
  return handleFormErrors(
    async () => {
      const created = await renamingFields(() => createWebhookEndpoint(access, endpointFromForm(formData, text.data)), endpointField);
      return redirect(`/t/${access.team.slug}/settings/webhooks?added=${encodeURIComponent(created.id)}`);
    },
    values,
    { actor: access, formData }
  );
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["endpoints"][number];

function eventCountText(count: number, all: number): string {
  if (count === all) return `All ${all} events`;
  return count === 1 ? "1 event" : `${count} events`;
}

function FormatPill({ format }: { format: Row["format"] }) {
  return <Pill tone="grey">{format === "SLACK" ? "Slack" : "Signed JSON"}</Pill>;
}

/** On, or turned off with the reason in the warning colour. */
function EndpointState({ enabled, reason }: { enabled: boolean; reason: string | null }) {
  if (enabled) return <span className="block text-sm text-green-700 dark:text-green-300">On</span>;
  return (
    <span className="block text-sm text-amber-800 dark:text-amber-300">
      <span className="font-medium">Turned off</span>
      {reason ? <span className="block text-xs [overflow-wrap:anywhere]">{reason}</span> : null}
    </span>
  );
}

function LastDelivery({ delivery }: { delivery: Row["lastDelivery"] }) {
  if (!delivery) return <span className="muted block text-xs">Nothing sent yet</span>;
  return (
    <span className="block">
      <DeliveryStatus delivery={delivery} />
      <span className="muted block text-xs">
        {eventLabel(delivery.eventType)}, <ExactTime date={delivery.createdAt} />
      </span>
    </span>
  );
}

const EMPTY = { url: "", description: "", format: "STANDARD", events: [] as string[] };

export default function Webhooks() {
  const { team, endpoints, added, removed, maxEndpoints, eventCount } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const form = useClearAfterSave();
  const base = `/t/${team.slug}/settings/webhooks`;
  const full = endpoints.length >= maxEndpoints;
  return (
    <div className="max-w-5xl">
      {added ? (
        <Notice tone="success">
          <span className="text-links">
            {`Added the endpoint for ${added.address}. `}
            <Link to={`${base}/${added.id}`}>Open it</Link> to copy its signing secret and send a test event.
          </span>
        </Notice>
      ) : null}
      {removed ? <Notice>The endpoint was removed. Nothing more is sent to it.</Notice> : null}

      <Section
        title="Webhooks"
        description="Evident posts your team's events — experiments started and concluded, verdicts, gate decisions, comments — to these addresses as they happen: to Slack, or signed JSON for your own service."
        actions={
          full ? null : (
            <a href="#add-endpoint" className="btn-secondary">
              Add endpoint
            </a>
          )
        }
      >
        {endpoints.length === 0 ? (
          <EmptyState action={<a href="#add-endpoint">Add the first endpoint</a>}>
            No webhook endpoints yet. An endpoint tells Slack or your own service when something happens in {team.name}, without anyone copying it over.
          </EmptyState>
        ) : (
          <div className="-m-4 overflow-x-auto">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Endpoint</th>
                  <th scope="col" className="hidden md:table-cell">
                    Format
                  </th>
                  <th scope="col" className="hidden md:table-cell">
                    Events
                  </th>
                  <th scope="col" className="hidden md:table-cell">
                    Status
                  </th>
                  <th scope="col" className="hidden md:table-cell">
                    Last delivery
                  </th>
                </tr>
              </thead>
              <tbody>
                {endpoints.map((endpoint) => (
                  <tr key={endpoint.id} className="align-top">
                    <td className="md:min-w-56 md:max-w-md">
                      <Link to={`${base}/${endpoint.id}`} className="font-medium [overflow-wrap:anywhere]">
                        {endpointAddress(endpoint.url)}
                      </Link>
                      {endpoint.description ? <span className="muted block text-xs [overflow-wrap:anywhere]">{endpoint.description}</span> : null}
                      {/* On a phone the other columns fold in under the address. */}
                      <div className="mt-2 space-y-1.5 md:hidden">
                        <p className="flex flex-wrap items-center gap-2 text-xs">
                          <FormatPill format={endpoint.format} />
                          <span>{eventCountText(endpoint.events, eventCount)}</span>
                        </p>
                        <EndpointState enabled={endpoint.enabled} reason={endpoint.disabledReason} />
                        <LastDelivery delivery={endpoint.lastDelivery} />
                      </div>
                    </td>
                    <td className="hidden md:table-cell">
                      <FormatPill format={endpoint.format} />
                    </td>
                    <td className="hidden whitespace-nowrap tabular-nums md:table-cell">{eventCountText(endpoint.events, eventCount)}</td>
                    <td className="hidden min-w-40 max-w-xs md:table-cell">
                      <EndpointState enabled={endpoint.enabled} reason={endpoint.disabledReason} />
                    </td>
                    <td className="hidden min-w-44 md:table-cell">
                      <LastDelivery delivery={endpoint.lastDelivery} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>

      <Section
        id="add-endpoint"
        title="Add an endpoint"
        description="Events are posted as they happen, retried for about a day when the receiver fails, and the endpoint is turned off if it keeps failing."
      >
        {full ? (
          <p className="muted text-sm">A team can have up to {maxEndpoints} endpoints. Remove one to add another.</p>
        ) : (
          <Form method="post" noValidate ref={form} className="space-y-5">
            <input type="hidden" name="intent" value="create" />
            <SubmissionKey />
            {failure && !failure.ok ? <FormError message={Object.keys(failure.fieldErrors).length ? undefined : failure.formError} fieldErrors={failure.fieldErrors} /> : null}
            <WebhookEndpointFields
              idPrefix="new-endpoint"
              values={endpointValuesFrom(failure && !failure.ok ? failure.values : undefined, EMPTY)}
              errors={failure && !failure.ok ? failure.fieldErrors : undefined}
            />
            <button type="submit" className="btn-primary" disabled={busy}>
              Add endpoint
            </button>
          </Form>
        )}
      </Section>
    </div>
  );
}
