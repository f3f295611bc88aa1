-- 0004: the agent protocol (DESIGN "Agent protocol"). Machines get a connectivity state that the
-- liveness sweep moves between online and offline, and their history gets those changes and the
-- agents' own notes; agents remember when they last reported; jobs carry the snapshot an agent
-- runs (`spec`), which agent session they were handed to, their message and log size; each job's
-- steps get a table of their own.

-- 'unknown': never heard from. Written by heartbeats (online) and the liveness sweep (offline).
ALTER TABLE machine ADD COLUMN connectivity TEXT NOT NULL DEFAULT 'unknown'
    CHECK (connectivity IN ('unknown', 'online', 'offline'));
CREATE INDEX machineByConnectivity ON machine (connectivity, lastSeenAt);

ALTER TABLE agent ADD COLUMN lastSeenAt INTEGER;

-- machineEvent.kind gains 'online', 'offline' and 'agentNote'; a CHECK cannot be altered, so the
-- table is rebuilt as 0003 rebuilt package.
CREATE TABLE machineEventRebuilt (
    id INTEGER PRIMARY KEY,
    machineID INTEGER NOT NULL REFERENCES machine (id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('created', 'updated', 'moved', 'stateChanged', 'enrolled',
                                       'online', 'offline', 'agentNote')),
    detail TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail) AND json_type(detail) = 'object')
) STRICT;
INSERT INTO machineEventRebuilt (id, machineID, at, kind, detail) SELECT id, machineID, at, kind, detail FROM machineEvent;
DROP TABLE machineEvent;
ALTER TABLE machineEventRebuilt RENAME TO machineEvent;
CREATE INDEX machineEventByMachine ON machineEvent (machineID, at);

-- What the agent is given (Core's AgentJob as JSON), fixed when the job is made.
ALTER TABLE job ADD COLUMN spec TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(spec) AND json_type(spec) = 'object');
-- The agent session (a random id per agent process) the job was last handed to; a poll from
-- another session gets the job again.
ALTER TABLE job ADD COLUMN deliveredTo TEXT;
ALTER TABLE job ADD COLUMN deliveredAt INTEGER;
-- One line for people: why it failed, or what it did.
ALTER TABLE job ADD COLUMN message TEXT;
-- Bytes of log held in logPath; chunks are appended only at this offset.
ALTER TABLE job ADD COLUMN logBytes INTEGER NOT NULL DEFAULT 0 CHECK (logBytes >= 0);
-- The jobs an agent polls for: its machine's unfinished ones.
CREATE INDEX jobByMachineState ON job (machineID, state, id);

-- A job's steps as the agent reported them (Core's StepRecord); one row per step.
CREATE TABLE jobStep (
    jobID INTEGER NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    step TEXT NOT NULL CHECK (step IN ('download', 'verify', 'unpack', 'stop', 'switch', 'start', 'healthCheck', 'cleanup')),
    startedAt INTEGER NOT NULL,
    finishedAt INTEGER,
    outcome TEXT CHECK (outcome IS NULL OR outcome IN ('succeeded', 'failed', 'interrupted', 'refused')),
    exitStatus INTEGER,
    message TEXT,
    PRIMARY KEY (jobID, step)
) STRICT, WITHOUT ROWID;
