ALTER TABLE webauthn_devices RENAME COLUMN aaguid TO attestation_format;
