-- 0003: packages share files. Two versions with the same bytes point at one content-addressed file
-- (artifacts/sha256/ab/<sha256>), so package.storagePath can no longer be UNIQUE. SQLite cannot drop
-- a constraint: the table is rebuilt (new table, copy, drop, rename) and its trigger recreated as in
-- 0001. The Migrator runs this with foreign keys off and checks them before committing.

CREATE TABLE packageRebuilt (
    id INTEGER PRIMARY KEY,
    applicationID INTEGER NOT NULL REFERENCES application (id) ON DELETE NO ACTION,
    version TEXT NOT NULL CHECK (length(version) BETWEEN 1 AND 128),
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64 AND NOT sha256 GLOB '*[^0-9a-f]*'),
    size INTEGER NOT NULL CHECK (size >= 0),
    -- Relative to the data directory; chosen by the server, never taken from user input. Shared by
    -- every version with the same bytes.
    storagePath TEXT NOT NULL,
    -- A JSON object: commit, branch, build URL, notes.
    metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata) AND json_type(metadata) = 'object'),
    createdBy INTEGER NOT NULL REFERENCES user (id) ON DELETE NO ACTION,
    createdAt INTEGER NOT NULL,
    UNIQUE (applicationID, version)
) STRICT;
INSERT INTO packageRebuilt (id, applicationID, version, sha256, size, storagePath, metadata, createdBy, createdAt)
    SELECT id, applicationID, version, sha256, size, storagePath, metadata, createdBy, createdAt FROM package;
DROP TABLE package;
ALTER TABLE packageRebuilt RENAME TO package;

CREATE TRIGGER packageArtifactIsImmutable
BEFORE UPDATE OF applicationID, version, sha256, size, storagePath ON package
BEGIN
    SELECT RAISE(ABORT, 'package versions are immutable');
END;

-- Whether a file is still used, before deleting it.
CREATE INDEX packageBySHA256 ON package (sha256);
