ALTER TABLE webauthn_devices DROP COLUMN aaguid;
