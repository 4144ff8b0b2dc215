-- Several appliance nodes share one database and one set of queues (Jobs:Storage = postgres).
-- A node holds a lease, renewed every third of Jobs:LeaseSeconds; its claims (websites.claimed_by = its name) live
-- as long as the lease. When a lease lapses, another node hands those claims back to pending (Jobs/NodeLease.cs).
CREATE TABLE appliance_nodes (
    name          text        PRIMARY KEY,
    started_at    timestamptz NOT NULL DEFAULT now(),
    heartbeat_at  timestamptz NOT NULL DEFAULT now(),
    lease_until   timestamptz NOT NULL
);

-- Which node finished each row, for each node's share of the work (and to find hand-offs a dead node never queued).
ALTER TABLE websites ADD COLUMN scraped_by text, ADD COLUMN generated_by text;

-- Claims are few at any moment: reclaiming a node's rows reads only them.
CREATE INDEX idx_websites_claimed_by ON websites (claimed_by) WHERE claimed_by IS NOT NULL;
