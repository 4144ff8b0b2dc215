-- What the web page polls every second, kept per upload instead of recounted from all of its rows at each poll.
-- upload_progress holds how many of an upload's rows are in each (scrape state, failure reason, generate state);
-- upload_activity how many finished a stage in each second. Statement-level triggers on websites keep both, from the
-- statement's transition tables, in the statement's own transaction: every writer is covered (ingest's COPY, the
-- stages' batch claims and writes, releases, crash recovery, a node's lease lapsing, a sweep's copies, a deleted
-- upload), on every node sharing the database, and a rolled-back statement takes its counts with it. Writers of one
-- upload queue on its lock (below) until they commit; statements that change no state touch no counter row.
CREATE TABLE upload_progress (
    file_upload_id    bigint NOT NULL REFERENCES file_uploads (id) ON DELETE CASCADE,
    scraping_status   text   NOT NULL,
    failure_reason    text   NOT NULL,    -- '' for none: a key column cannot be null
    generation_status text   NOT NULL,
    row_count         bigint NOT NULL,
    PRIMARY KEY (file_upload_id, scraping_status, failure_reason, generation_status)
);

CREATE TABLE upload_activity (
    file_upload_id bigint      NOT NULL REFERENCES file_uploads (id) ON DELETE CASCADE,
    second         timestamptz NOT NULL,
    scraped        bigint      NOT NULL,   -- rows whose scrape ended (done or failed) in this second
    generated      bigint      NOT NULL,   -- rows whose generation ended
    PRIMARY KEY (file_upload_id, second)
);

CREATE FUNCTION websites_count_progress() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    upload bigint;
BEGIN
    -- One lock per upload, in id order, before any counter row: a transaction of several statements (a node's lease
    -- reclaim) then makes a concurrent writer of the same upload wait for its commit instead of deadlocking with it
    -- over counter rows taken in a different order by its two statements.
    IF TG_OP = 'DELETE' THEN
        FOR upload IN SELECT DISTINCT file_upload_id FROM old_rows ORDER BY 1 LOOP
            PERFORM pg_advisory_xact_lock(20260009, (upload % 2147483647)::int);
        END LOOP;
    ELSE
        FOR upload IN SELECT DISTINCT file_upload_id FROM new_rows ORDER BY 1 LOOP
            PERFORM pg_advisory_xact_lock(20260009, (upload % 2147483647)::int);
        END LOOP;
    END IF;

    IF TG_OP = 'INSERT' THEN
        INSERT INTO upload_progress AS p (file_upload_id, scraping_status, failure_reason, generation_status, row_count)
        SELECT file_upload_id, scraping_status, coalesce(failure_reason, ''), generation_status, count(*)
        FROM new_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ON CONFLICT (file_upload_id, scraping_status, failure_reason, generation_status) DO UPDATE SET row_count = p.row_count + excluded.row_count;
    ELSIF TG_OP = 'DELETE' THEN
        -- A deleted upload's counters went with it (cascade); only uploads that still exist are counted down.
        INSERT INTO upload_progress AS p (file_upload_id, scraping_status, failure_reason, generation_status, row_count)
        SELECT o.file_upload_id, o.scraping_status, coalesce(o.failure_reason, ''), o.generation_status, -count(*)
        FROM old_rows o WHERE EXISTS (SELECT 1 FROM file_uploads u WHERE u.id = o.file_upload_id)
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ON CONFLICT (file_upload_id, scraping_status, failure_reason, generation_status) DO UPDATE SET row_count = p.row_count + excluded.row_count;
    ELSE
        INSERT INTO upload_progress AS p (file_upload_id, scraping_status, failure_reason, generation_status, row_count)
        SELECT file_upload_id, scraping_status, failure_reason, generation_status, sum(d)
        FROM (SELECT file_upload_id, scraping_status, coalesce(failure_reason, '') AS failure_reason, generation_status, 1 AS d FROM new_rows
              UNION ALL
              SELECT file_upload_id, scraping_status, coalesce(failure_reason, ''), generation_status, -1 FROM old_rows) c
        GROUP BY 1, 2, 3, 4 HAVING sum(d) <> 0 ORDER BY 1, 2, 3, 4
        ON CONFLICT (file_upload_id, scraping_status, failure_reason, generation_status) DO UPDATE SET row_count = p.row_count + excluded.row_count;

        INSERT INTO upload_activity AS a (file_upload_id, second, scraped, generated)
        SELECT n.file_upload_id, date_trunc('second', now()),
               count(*) FILTER (WHERE n.scraping_status IN ('done', 'failed') AND o.scraping_status NOT IN ('done', 'failed')),
               count(*) FILTER (WHERE n.generation_status IN ('done', 'failed') AND o.generation_status NOT IN ('done', 'failed'))
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.scraping_status IN ('done', 'failed') AND o.scraping_status NOT IN ('done', 'failed'))
           OR (n.generation_status IN ('done', 'failed') AND o.generation_status NOT IN ('done', 'failed'))
        GROUP BY 1 ORDER BY 1
        ON CONFLICT (file_upload_id, second) DO UPDATE SET scraped = a.scraped + excluded.scraped, generated = a.generated + excluded.generated;
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION websites_truncate_progress() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM upload_progress;
    DELETE FROM upload_activity;
    RETURN NULL;
END
$$;

-- No writer may slip between the triggers' creation and the first count.
LOCK TABLE websites IN SHARE ROW EXCLUSIVE MODE;

-- A transition table may serve one event only: one trigger each.
CREATE TRIGGER websites_progress_insert AFTER INSERT ON websites
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION websites_count_progress();
CREATE TRIGGER websites_progress_update AFTER UPDATE ON websites
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION websites_count_progress();
CREATE TRIGGER websites_progress_delete AFTER DELETE ON websites
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION websites_count_progress();
CREATE TRIGGER websites_progress_truncate AFTER TRUNCATE ON websites
    FOR EACH STATEMENT EXECUTE FUNCTION websites_truncate_progress();

INSERT INTO upload_progress (file_upload_id, scraping_status, failure_reason, generation_status, row_count)
SELECT file_upload_id, scraping_status, coalesce(failure_reason, ''), generation_status, count(*)
FROM websites GROUP BY 1, 2, 3, 4;

-- The page lists an upload's leads by row number: without this, each look sorted all of the upload's rows.
CREATE INDEX idx_websites_upload_row ON websites (file_upload_id, row_number);
