-- Uploaded lead files, one row each.
CREATE TABLE file_uploads (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    file_name       text        NOT NULL,
    size_bytes      bigint      NOT NULL,
    format          text,
    state           text        NOT NULL DEFAULT 'queued'
                    CHECK (state IN ('queued', 'ingesting', 'ingested', 'failed')),
    rows_accepted   integer     NOT NULL DEFAULT 0,
    rows_rejected   integer     NOT NULL DEFAULT 0,
    error           text,
    stored_path     text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    started_at      timestamptz,
    finished_at     timestamptz
);

-- One lead row: what the file said, then what the scrape stage found.
CREATE TABLE websites (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    file_upload_id   bigint      NOT NULL REFERENCES file_uploads (id) ON DELETE CASCADE,
    row_number       integer     NOT NULL,
    company          text,
    contact          text,
    email            text,
    job_title        text,
    phone            text,
    industry         text,
    url              text        NOT NULL,
    normalized_url   text        NOT NULL,
    host             text        NOT NULL,
    extra            jsonb,
    scraping_status  text        NOT NULL DEFAULT 'pending',
    http_status      smallint,
    error            text,
    title            text,
    description      text,
    headings         text[],
    text_excerpt     text,
    emails           text[],
    phones           text[],
    social_links     text[],
    bytes            integer,
    fetch_ms         integer,
    scraped_at       timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

-- The customer's three indexes, under their names.
CREATE INDEX idx_websites_file_upload_id ON websites (file_upload_id);
CREATE INDEX idx_websites_status ON websites (scraping_status);
CREATE INDEX idx_websites_created_at ON websites (created_at);

-- Rows of an upload that could not be loaded, with why.
CREATE TABLE upload_rejects (
    file_upload_id  bigint  NOT NULL REFERENCES file_uploads (id) ON DELETE CASCADE,
    row_number      integer NOT NULL,
    reason          text    NOT NULL,
    detail          text    NOT NULL,
    excerpt         text    NOT NULL
);
CREATE INDEX idx_upload_rejects_upload ON upload_rejects (file_upload_id, row_number);
