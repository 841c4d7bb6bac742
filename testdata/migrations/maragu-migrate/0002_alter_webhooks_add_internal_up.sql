ALTER TABLE webhooks ADD COLUMN webhook_internal boolean NOT NULL DEFAULT false;
