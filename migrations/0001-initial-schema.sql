-- 0001: the first cut of the data model in DESIGN.md ("Data model"): users with their sessions and API
-- tokens; product groups and memberships; environments; machines with their agents and enrollment
-- tokens; applications, packages, releases and jobs; the append-only audit log.
--
-- Conventions, for this file and every later one:
-- * Tables and columns are singular camelCase and match the Swift properties; ids are
--   INTEGER PRIMARY KEY (the rowid), references are `<noun>ID` (DESIGN's `createdBy`, `requestedBy`,
--   `approvedBy` and `rollbackOf` keep their names).
-- * Timestamps are INTEGER unix milliseconds, UTC, in columns named `…At` or `…Until`; NULL means
--   "not yet" or "never". Integers compare and index cheaply (leases, liveness sweeps, the audit
--   timeline), have one canonical form (the audit hash covers them), and are what GRDB writes with
--   `databaseDateEncodingStrategy = .millisecondsSince1970`. Read them by hand with
--   `datetime(x / 1000, 'unixepoch')`.
-- * Booleans are INTEGER 0 or 1. JSON columns are TEXT checked with json_valid().
-- * Secrets are never stored: tokens are kept as `tokenHash` (hex SHA-256 of the token), UNIQUE.
-- * Tables are STRICT, so a value of the wrong type (a date written as text, say) fails loudly.
-- * Names people type (logins, groups, environments) are unique without regard to ASCII case.
-- * Every foreign key says what a delete does. Credentials and memberships go with their owner
--   (CASCADE). Anything else refuses a delete that would orphan rows, so history (packages, releases,
--   jobs) is never deleted from under: users and machines that have acted are disabled instead.
--   That is spelled ON DELETE NO ACTION: for these immediate keys it refuses exactly like RESTRICT,
--   but SQLite reports it as SQLITE_CONSTRAINT_FOREIGNKEY, where RESTRICT reports
--   SQLITE_CONSTRAINT_TRIGGER; callers get one code to map to a conflict.
-- * Release and job `state` have no CHECK yet: Core's state machine owns those sets, and SQLite cannot
--   alter a CHECK without rebuilding the table, so a later migration adds them once Core settles.

CREATE TABLE user (
    id INTEGER PRIMARY KEY,
    login TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (login <> ''),
    name TEXT NOT NULL DEFAULT '',
    -- NULL: no password login (an account that only uses API tokens).
    passwordHash TEXT,
    isAdmin INTEGER NOT NULL DEFAULT 0 CHECK (isAdmin IN (0, 1)),
    isAuditor INTEGER NOT NULL DEFAULT 0 CHECK (isAuditor IN (0, 1)),
    disabledAt INTEGER,
    createdAt INTEGER NOT NULL
) STRICT;

-- A browser session; the cookie holds the token, this row only its hash.
CREATE TABLE session (
    tokenHash TEXT PRIMARY KEY NOT NULL,
    userID INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
    csrfToken TEXT NOT NULL,
    expiresAt INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX sessionByUser ON session (userID);
CREATE INDEX sessionByExpiry ON session (expiresAt);

-- Tokens for CI and the CLI: shown once, stored hashed, revoked by deleting the row.
CREATE TABLE apiToken (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (name <> ''),
    userID INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
    tokenHash TEXT NOT NULL UNIQUE,
    -- A JSON array of scope names.
    scopes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(scopes) AND json_type(scopes) = 'array'),
    expiresAt INTEGER,
    lastUsedAt INTEGER,
    UNIQUE (userID, name)
) STRICT;

-- Product lines; they may nest. Names are unique across the whole tree, not only among siblings:
-- the CLI, the API and enrollment address a group by its name alone.
CREATE TABLE productGroup (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (name <> ''),
    -- A group with subgroups cannot be deleted. Deeper cycles are refused by Core before writing.
    parentID INTEGER REFERENCES productGroup (id) ON DELETE NO ACTION CHECK (parentID <> id),
    description TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX productGroupByParent ON productGroup (parentID);

-- One role per user per group.
CREATE TABLE membership (
    groupID INTEGER NOT NULL REFERENCES productGroup (id) ON DELETE CASCADE,
    userID INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('owner', 'deployer', 'viewer')),
    PRIMARY KEY (groupID, userID)
) STRICT, WITHOUT ROWID;
CREATE INDEX membershipByUser ON membership (userID);

-- `rank` orders promotion (test < staging < production) and is unique, so "the environment ranked
-- below" is always one environment.
CREATE TABLE environment (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (name <> ''),
    rank INTEGER NOT NULL UNIQUE,
    isProtected INTEGER NOT NULL DEFAULT 0 CHECK (isProtected IN (0, 1)),
    needsApproval INTEGER NOT NULL DEFAULT 0 CHECK (needsApproval IN (0, 1))
) STRICT;

-- A managed host. Hostnames are facts the agent reports, not identity (the agent is), so they are
-- indexed but not unique.
CREATE TABLE machine (
    id INTEGER PRIMARY KEY,
    hostname TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    datacenter TEXT NOT NULL DEFAULT '',
    os TEXT NOT NULL DEFAULT '',
    arch TEXT NOT NULL DEFAULT '',
    groupID INTEGER NOT NULL REFERENCES productGroup (id) ON DELETE NO ACTION,
    environmentID INTEGER NOT NULL REFERENCES environment (id) ON DELETE NO ACTION,
    -- A JSON object of string keys to string values, e.g. {"role": "web", "rack": "r12"}.
    labels TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(labels) AND json_type(labels) = 'object'),
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'active', 'disabled')),
    lastSeenAt INTEGER,
    facts TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(facts) AND json_type(facts) = 'object'),
    agentVersion TEXT
) STRICT;
-- Release targets: the active machines of a group in one environment.
CREATE INDEX machineByGroup ON machine (groupID, environmentID, state);
CREATE INDEX machineByEnvironment ON machine (environmentID);
CREATE INDEX machineByHostname ON machine (hostname);

-- The credentials of the agent on a machine: one per machine, gone with the machine.
CREATE TABLE agent (
    id INTEGER PRIMARY KEY,
    machineID INTEGER NOT NULL UNIQUE REFERENCES machine (id) ON DELETE CASCADE,
    tokenHash TEXT NOT NULL UNIQUE,
    enrolledAt INTEGER NOT NULL
) STRICT;

-- Lets a new host enroll into a group and environment. Always bounded: a number of uses and an expiry.
CREATE TABLE enrollmentToken (
    id INTEGER PRIMARY KEY,
    tokenHash TEXT NOT NULL UNIQUE,
    groupID INTEGER NOT NULL REFERENCES productGroup (id) ON DELETE CASCADE,
    environmentID INTEGER NOT NULL REFERENCES environment (id) ON DELETE CASCADE,
    usesLeft INTEGER NOT NULL CHECK (usesLeft >= 0),
    expiresAt INTEGER NOT NULL
) STRICT;
CREATE INDEX enrollmentTokenByGroup ON enrollmentToken (groupID);
CREATE INDEX enrollmentTokenByEnvironment ON enrollmentToken (environmentID);

-- Application names are unique across all groups: `capstan push <application> <version>` names an
-- application alone, and the name is a directory on every host (`<root>/<application>/releases/…`),
-- so it is also restricted to lowercase letters, digits, '.', '_' and '-'.
CREATE TABLE application (
    id INTEGER PRIMARY KEY,
    groupID INTEGER NOT NULL REFERENCES productGroup (id) ON DELETE NO ACTION,
    name TEXT NOT NULL UNIQUE CHECK (
        length(name) BETWEEN 1 AND 64 AND name GLOB '[a-z0-9]*' AND NOT name GLOB '*[^a-z0-9._-]*'
    ),
    runAs TEXT NOT NULL CHECK (runAs <> ''),
    installRoot TEXT NOT NULL CHECK (installRoot GLOB '/*'),
    startCommand TEXT NOT NULL DEFAULT '',
    stopCommand TEXT NOT NULL DEFAULT '',
    -- NULL: no health check.
    healthCheck TEXT CHECK (healthCheck IS NULL OR json_valid(healthCheck)),
    keepReleases INTEGER NOT NULL DEFAULT 5 CHECK (keepReleases >= 1),
    defaultStrategy TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(defaultStrategy))
) STRICT;
CREATE INDEX applicationByGroup ON application (groupID);

-- A numbered build of an application. The artifact columns never change: a fix is a new version.
CREATE TABLE package (
    id INTEGER PRIMARY KEY,
    applicationID INTEGER NOT NULL REFERENCES application (id) ON DELETE NO ACTION,
    version TEXT NOT NULL CHECK (length(version) BETWEEN 1 AND 128),
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64 AND NOT sha256 GLOB '*[^0-9a-f]*'),
    size INTEGER NOT NULL CHECK (size >= 0),
    -- Relative to the data directory; chosen by the server, never taken from user input.
    storagePath TEXT NOT NULL UNIQUE,
    -- A JSON object: commit, branch, build URL, notes.
    metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata) AND json_type(metadata) = 'object'),
    createdBy INTEGER NOT NULL REFERENCES user (id) ON DELETE NO ACTION,
    createdAt INTEGER NOT NULL,
    UNIQUE (applicationID, version)
) STRICT;
CREATE TRIGGER packageArtifactIsImmutable
BEFORE UPDATE OF applicationID, version, sha256, size, storagePath ON package
BEGIN
    SELECT RAISE(ABORT, 'package versions are immutable');
END;

-- One deployment (or rollback) of a package to an environment.
CREATE TABLE release (
    id INTEGER PRIMARY KEY,
    applicationID INTEGER NOT NULL REFERENCES application (id) ON DELETE NO ACTION,
    packageID INTEGER NOT NULL REFERENCES package (id) ON DELETE NO ACTION,
    environmentID INTEGER NOT NULL REFERENCES environment (id) ON DELETE NO ACTION,
    strategy TEXT NOT NULL CHECK (json_valid(strategy) AND json_type(strategy) = 'object'),
    state TEXT NOT NULL CHECK (state <> ''),
    requestedBy INTEGER NOT NULL REFERENCES user (id) ON DELETE NO ACTION,
    -- Protected environments need an approval from someone other than the requester.
    approvedBy INTEGER REFERENCES user (id) ON DELETE NO ACTION CHECK (approvedBy <> requestedBy),
    rollbackOf INTEGER REFERENCES release (id) ON DELETE NO ACTION,
    previousPackageID INTEGER REFERENCES package (id) ON DELETE NO ACTION,
    createdAt INTEGER NOT NULL,
    startedAt INTEGER,
    -- Set exactly when the release reaches a final state (succeeded, failed, aborted, rejected…).
    finishedAt INTEGER
) STRICT;
CREATE INDEX releaseByApplication ON release (applicationID, environmentID, state);
CREATE INDEX releaseByPackage ON release (packageID);
-- "One release at a time per application and environment", held by the database so two concurrent
-- requests cannot both start one: the loser gets a UNIQUE violation to report as a conflict.
CREATE UNIQUE INDEX releaseOneUnfinished ON release (applicationID, environmentID) WHERE finishedAt IS NULL;

-- One action on one machine within a release. Jobs go with their release; a machine with jobs is
-- disabled rather than deleted, so release history always names its hosts.
CREATE TABLE job (
    id INTEGER PRIMARY KEY,
    releaseID INTEGER NOT NULL REFERENCES release (id) ON DELETE CASCADE,
    machineID INTEGER NOT NULL REFERENCES machine (id) ON DELETE NO ACTION,
    batch INTEGER NOT NULL CHECK (batch >= 0),
    action TEXT NOT NULL CHECK (action IN ('deploy', 'rollback', 'command')),
    state TEXT NOT NULL CHECK (state <> ''),
    attempt INTEGER NOT NULL DEFAULT 1 CHECK (attempt >= 1),
    leaseUntil INTEGER,
    exitCode INTEGER,
    startedAt INTEGER,
    finishedAt INTEGER,
    -- Relative to the data directory.
    logPath TEXT
) STRICT;
CREATE INDEX jobByRelease ON job (releaseID, batch);
CREATE INDEX jobByMachine ON job (machineID, state);

-- Append-only. Each row's hash covers the previous row's hash, so tampering is detectable; UNIQUE on
-- previousHash keeps the chain from forking. `actor` is text (a login, "agent:12", "system"), not a
-- foreign key, so the record outlives whoever acted.
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    targetType TEXT,
    targetID TEXT,
    detail TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail)),
    remoteAddress TEXT,
    previousHash TEXT NOT NULL UNIQUE,
    hash TEXT NOT NULL UNIQUE
) STRICT;
CREATE INDEX auditByAt ON audit (at);
CREATE INDEX auditByTarget ON audit (targetType, targetID);
CREATE TRIGGER auditIsAppendOnlyOnUpdate BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit rows are append-only');
END;
CREATE TRIGGER auditIsAppendOnlyOnDelete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit rows are append-only');
END;
