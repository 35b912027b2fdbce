-- Who turned an endpoint off is state, not a sentence to compare.
CREATE TYPE "WebhookDisabledBy" AS ENUM ('ADMIN', 'FAILURES');

ALTER TABLE "WebhookEndpoint" ADD COLUMN "disabledBy" "WebhookDisabledBy";

UPDATE "WebhookEndpoint"
   SET "disabledBy" = CASE WHEN "disabledReason" LIKE 'Turned off after %' THEN 'FAILURES'::"WebhookDisabledBy" ELSE 'ADMIN'::"WebhookDisabledBy" END
 WHERE NOT enabled;
