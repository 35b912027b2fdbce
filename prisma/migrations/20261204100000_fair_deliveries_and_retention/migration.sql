-- Evidence writes compare the verdict with the last one announced, under the row lock.
ALTER TABLE "Experiment" ADD COLUMN "announcedVerdict" "Verdict";

-- Claims take a few due deliveries per endpoint; pruning finds old read entries and settled deliveries.
CREATE INDEX "Notification_readAt_idx" ON "Notification"("readAt");
CREATE INDEX "WebhookDelivery_endpointId_status_nextAttemptAt_idx" ON "WebhookDelivery"("endpointId", "status", "nextAttemptAt");
CREATE INDEX "WebhookDelivery_status_updatedAt_idx" ON "WebhookDelivery"("status", "updatedAt");

-- The activity log keeps a webhook URL's scheme and host only (its path can be its credential),
-- for the entries written before it did too.
UPDATE "ActivityEvent"
   SET "after" = jsonb_set(
         "after", '{url}',
         to_jsonb(substring("after"->>'url' FROM '^[a-z]+://[^/?#]+') ||
                  CASE WHEN "after"->>'url' ~ '^[a-z]+://[^/?#]+/?$' THEN '' ELSE '/…' END))
 WHERE action IN ('webhook.created', 'webhook.updated')
   AND jsonb_typeof("after"->'url') = 'string'
   AND "after"->>'url' !~ '/…$';
