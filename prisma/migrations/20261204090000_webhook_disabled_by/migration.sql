-- Who turned an endpoint off is state, not a sentence to compare.
CREATE TYPE "WebhookDisabledBy" AS ENUM ('ADMIN', 'FAILURES');

ALTER TABLE "WebhookEndpoint" ADD COLUMN "disabledBy" "WebhookDisabledBy";

UPDATE "WebhookEndpoint"
   SET "disabledBy" = CASE WHEN "disabledReason" = 'Turned off by an admin.' THEN 'ADMIN'::"WebhookDisabledBy" ELSE 'FAILURES'::"WebhookDisabledBy" END
 WHERE NOT enabled;
