-- 0007: indexes for statistics and delivery metrics (Storage Database+Statistics), so they stay an
-- index range scan however long the release history grows.

-- Releases started in a period (the summary and the per-day series).
CREATE INDEX releaseByStart ON release (startedAt) WHERE startedAt IS NOT NULL;
-- Releases of one environment that finished in a range of weeks (delivery metrics).
CREATE INDEX releaseByEnvironmentFinish ON release (environmentID, finishedAt) WHERE finishedAt IS NOT NULL;
-- The next success of an application in an environment after a failure (time to restore).
CREATE INDEX releaseBySuccess ON release (applicationID, environmentID, finishedAt) WHERE state = 'succeeded';
