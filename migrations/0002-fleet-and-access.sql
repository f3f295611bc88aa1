-- 0002: fleet and access. Adds creation times to machines and API tokens (the machine list sorts by
-- it; a token list shows it), a machine history table, the sign-in failures the throttle counts, and
-- the indexes the machine list needs at 10,000 rows.

-- Existing rows get 0 ("before records began").
ALTER TABLE machine ADD COLUMN createdAt INTEGER NOT NULL DEFAULT 0;
ALTER TABLE apiToken ADD COLUMN createdAt INTEGER NOT NULL DEFAULT 0;

-- A machine's timeline for its page: created, edited, moved, state changes, enrollment. Goes with the
-- machine; the audit log is the durable record of who did what.
CREATE TABLE machineEvent (
    id INTEGER PRIMARY KEY,
    machineID INTEGER NOT NULL REFERENCES machine (id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('created', 'updated', 'moved', 'stateChanged', 'enrolled')),
    detail TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail) AND json_type(detail) = 'object')
) STRICT;
CREATE INDEX machineEventByMachine ON machineEvent (machineID, at);

-- Failed sign-ins, counted per login and per address by Core's SignInThrottle. Kept apart from the
-- audit log (which records them too) because they are pruned once older than the throttle window.
-- `login` is stored lowercased; it need not name an existing user.
CREATE TABLE signInFailure (
    id INTEGER PRIMARY KEY,
    login TEXT NOT NULL,
    remoteAddress TEXT NOT NULL,
    at INTEGER NOT NULL
) STRICT;
CREATE INDEX signInFailureByLogin ON signInFailure (login, at);
CREATE INDEX signInFailureByAddress ON signInFailure (remoteAddress, at);
CREATE INDEX signInFailureByAt ON signInFailure (at);

-- The machine list: each sort order has an index ending in the rowid, so a keyset page
-- `WHERE (key, id) > (?, ?) ORDER BY key, id LIMIT n` walks the index and stops after n rows.
-- machineByHostname (0001) already serves the hostname order. Never-seen machines sort as 0.
CREATE INDEX machineByLastSeen ON machine (ifnull(lastSeenAt, 0));
CREATE INDEX machineByCreatedAt ON machine (createdAt);
CREATE INDEX machineByDatacenter ON machine (datacenter);
