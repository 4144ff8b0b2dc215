-- The generate stage: its state per lead, and one message per lead.
ALTER TABLE websites
    ADD COLUMN generation_status text NOT NULL DEFAULT 'pending',
    ADD COLUMN generation_error  text;

CREATE TABLE messages (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    website_id        bigint      NOT NULL REFERENCES websites (id) ON DELETE CASCADE,
    file_upload_id    bigint      NOT NULL REFERENCES file_uploads (id) ON DELETE CASCADE,
    body              text        NOT NULL,
    generator         text        NOT NULL,
    model             text,
    from_site         boolean     NOT NULL,
    prompt_tokens     integer     NOT NULL DEFAULT 0,
    completion_tokens integer     NOT NULL DEFAULT 0,
    latency_ms        integer     NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL DEFAULT now(),
    -- A retried job can never write a second message for a lead.
    CONSTRAINT messages_website_unique UNIQUE (website_id)
);
CREATE INDEX idx_messages_file_upload_id ON messages (file_upload_id);
