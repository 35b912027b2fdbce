/**
 * Queuing webhook deliveries: one row per endpoint that chose the event's type, in the event's own
 * transaction, holding the exact body to post (signed at send time; the same bytes on every retry).
 */
import type { EventType } from "~/modules/events/catalog";
import type { TestPayload, WebhookPayload } from "~/modules/events/payload";
import type { WebhookFormat } from "~/generated/prisma/enums";
import type { Transaction } from "~/utils/db.server";
import { prefixedId } from "~/utils/ids.server";
import { slackMessage } from "./slack";

export function deliveryBody(format: WebhookFormat, payload: WebhookPayload | TestPayload): string {
  return JSON.stringify(format === "SLACK" ? slackMessage(payload) : payload);
}

export async function queueWebhookDeliveries(tx: Transaction, event: { teamId: string; eventId: string; type: EventType; payload: WebhookPayload }): Promise<number> {
  const endpoints = await tx.webhookEndpoint.findMany({ where: { teamId: event.teamId, enabled: true, events: { has: event.type } }, select: { id: true, format: true } });
  if (endpoints.length === 0) return 0;
  const created = await tx.webhookDelivery.createMany({
    data: endpoints.map((endpoint) => ({
      id: prefixedId("msg"),
      teamId: event.teamId,
      endpointId: endpoint.id,
      eventId: event.eventId,
      eventType: event.type,
      body: deliveryBody(endpoint.format, event.payload),
    })),
    skipDuplicates: true,
  });
  return created.count;
}
