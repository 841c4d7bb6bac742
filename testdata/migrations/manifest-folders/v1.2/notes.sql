-- scratch notes, not listed in the manifest
DROP TABLE cluster;
