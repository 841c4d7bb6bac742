ALTER TABLE webauthn_devices ADD COLUMN aaguid char(36);
