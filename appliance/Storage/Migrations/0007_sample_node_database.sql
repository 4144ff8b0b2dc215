-- Which node took each sample (its host figures are that node's), and the shared database's own counters at that moment,
-- cumulative as pg_stat_database holds them (readers take differences): backends connected, transactions committed,
-- rows inserted + updated + deleted. They are the database's load while the run's nodes worked, what the K-node
-- projection prices the database's headroom from. Samples stored before this have them null.
ALTER TABLE metric_samples
    ADD COLUMN node            text,
    ADD COLUMN db_connections  bigint,
    ADD COLUMN db_commits      bigint,
    ADD COLUMN db_rows_written bigint;
