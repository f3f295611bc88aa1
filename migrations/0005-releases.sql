-- 0005: the release engine (DESIGN "Release engine"). A release keeps the snapshot it runs (the
-- application's settings as the hosts need them, the version), where it stands (the batch being
-- rolled, when a bake pause ends, why it stopped, how an abort treats running hosts) and, when the
-- promotion gate was overridden, the reason given. Every job of a release exists from the start,
-- `pending` until the engine dispatches it; a retry supersedes a job with a new attempt, and the
-- hosts an automatic rollback returns are jobs of the `undo` phase.

-- release.state keeps no CHECK (see 0001): every write goes through Core's state machine.
ALTER TABLE release ADD COLUMN version TEXT NOT NULL DEFAULT '';
-- Core's AgentJob.Target as JSON: the application as it was when the release was made.
ALTER TABLE release ADD COLUMN target TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(target) AND json_type(target) = 'object');
ALTER TABLE release ADD COLUMN batchCount INTEGER NOT NULL DEFAULT 0 CHECK (batchCount >= 0);
ALTER TABLE release ADD COLUMN currentBatch INTEGER NOT NULL DEFAULT 0 CHECK (currentBatch >= 0);
-- A pause with a bake time ends on its own at this time.
ALTER TABLE release ADD COLUMN resumeAt INTEGER;
-- 'finish' (running hosts complete) or 'stop' (they are told to stop), once an abort was asked.
ALTER TABLE release ADD COLUMN abortMode TEXT CHECK (abortMode IS NULL OR abortMode IN ('finish', 'stop'));
-- Why the release stands where it does, for people ("failure limit of 1 passed: 2 hosts failed").
ALTER TABLE release ADD COLUMN message TEXT;
-- Set when an admin overrode the promotion gate.
ALTER TABLE release ADD COLUMN overrideReason TEXT;
ALTER TABLE release ADD COLUMN approvedAt INTEGER;
-- Bumped on every change, so a waiting client can tell "changed" from "still the same".
ALTER TABLE release ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
CREATE INDEX releaseByCreation ON release (createdAt, id);
CREATE INDEX releaseUnfinished ON release (finishedAt) WHERE finishedAt IS NULL;
CREATE INDEX releaseByRollbackOf ON release (rollbackOf);

-- 'main' jobs are the release's own; 'undo' jobs return hosts after the failure limit passed.
ALTER TABLE job ADD COLUMN phase TEXT NOT NULL DEFAULT 'main' CHECK (phase IN ('main', 'undo'));
-- 0 once a retry made a newer attempt for the same host and phase.
ALTER TABLE job ADD COLUMN isCurrent INTEGER NOT NULL DEFAULT 1 CHECK (isCurrent IN (0, 1));
-- When the engine made the job runnable (pending → queued).
ALTER TABLE job ADD COLUMN queuedAt INTEGER;
CREATE INDEX jobByReleaseState ON job (releaseID, isCurrent, phase, batch, state);
-- Unfinished jobs whose host timeout passes; the engine marks them unreachable.
CREATE INDEX jobByLease ON job (leaseUntil) WHERE leaseUntil IS NOT NULL;
