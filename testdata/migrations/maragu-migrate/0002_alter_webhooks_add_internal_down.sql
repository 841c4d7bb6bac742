ALTER TABLE webhooks DROP COLUMN webhook_internal;
