-- One lead row per (upload, row number): the net under ingest's lock on the upload row (UploadIngestor). Before
-- it, two ingests of one upload (a recovered job beside the original in a persisted queue) could both load the
-- file, and every lead would get two messages. With it, a second load of the same rows fails as a whole.
--
-- An upload loaded twice before this migration keeps its first copy of each row (the lowest id); the second
-- copies go, with their messages (ON DELETE CASCADE), and the progress triggers count the deletes.
DELETE FROM websites w
USING websites first
WHERE w.file_upload_id = first.file_upload_id AND w.row_number = first.row_number AND w.id > first.id;

-- The same columns as the page's lead-list index of 0009, which this replaces under its name: one index, now unique.
DROP INDEX idx_websites_upload_row;
CREATE UNIQUE INDEX idx_websites_upload_row ON websites (file_upload_id, row_number);
