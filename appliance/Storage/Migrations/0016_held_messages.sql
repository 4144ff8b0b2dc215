-- A message that points somewhere other than its lead (a URL, e-mail address or phone number that is not the lead's own)
-- is stored held for review: generation_status = 'held', the reason in generation_error. Held ends a lead's generation
-- as done and failed do, so the per-second activity counts it as finished (the function of 0009, with 'held' added).
CREATE OR REPLACE FUNCTION websites_count_progress() RETURNS trigger LANGUAGE plpgsql AS $$
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
               count(*) FILTER (WHERE n.generation_status IN ('done', 'failed', 'held') AND o.generation_status NOT IN ('done', 'failed', 'held'))
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.scraping_status IN ('done', 'failed') AND o.scraping_status NOT IN ('done', 'failed'))
           OR (n.generation_status IN ('done', 'failed', 'held') AND o.generation_status NOT IN ('done', 'failed', 'held'))
        GROUP BY 1 ORDER BY 1
        ON CONFLICT (file_upload_id, second) DO UPDATE SET scraped = a.scraped + excluded.scraped, generated = a.generated + excluded.generated;
    END IF;
    RETURN NULL;
END
$$;
