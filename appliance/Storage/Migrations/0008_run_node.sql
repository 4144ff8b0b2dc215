-- The node that measures a run (its RunExecutor started it). While it runs, every other node sharing the database
-- records its own samples for it too (Telemetry/RunFollower), so metric_samples holds one row per node per second:
-- the key names the node. Rows stored before 0007 have node null; they were one node's and stay unique.
ALTER TABLE runs ADD COLUMN node text;

ALTER TABLE metric_samples DROP CONSTRAINT metric_samples_pkey;
CREATE UNIQUE INDEX metric_samples_run_ts_node ON metric_samples (run_id, ts, node);

-- What each node looks for every few seconds: at most a handful of rows are ever running.
CREATE INDEX idx_runs_running ON runs (id) WHERE state = 'running';
