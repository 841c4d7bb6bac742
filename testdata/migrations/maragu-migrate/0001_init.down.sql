DROP TABLE repos; DROP TABLE webhooks;
