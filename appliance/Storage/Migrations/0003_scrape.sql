-- What the scrape stage records beyond the columns the foundation created.
ALTER TABLE websites
    ADD COLUMN failure_reason text,
    ADD COLUMN final_url      text,
    ADD COLUMN language       text,
    ADD COLUMN open_graph     jsonb,
    ADD COLUMN about_url      text,
    ADD COLUMN contact_url    text,
    ADD COLUMN truncated      boolean,
    ADD COLUMN claimed_by     text,
    ADD COLUMN claimed_at     timestamptz;
