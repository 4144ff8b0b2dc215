-- The provider's batch API (Generate:Mode = batch): every batch this appliance submitted, and which batch each lead's
-- request is in, so a restart resumes polling instead of submitting (and paying for) the same request again.
CREATE TABLE llm_batches (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- preparing (rows written, nothing sent) → uploaded (input file sent; the create call may have been) → the
    -- provider's status: validating, in_progress, finalizing, cancelling, completed, failed, expired, cancelled.
    status           text        NOT NULL,
    input_file_id    text,
    batch_id         text        UNIQUE,
    output_file_id   text,
    error_file_id    text,
    model            text        NOT NULL,
    requests         integer     NOT NULL,
    -- Estimated prompt tokens: what the batch holds of the provider's enqueued-token limit while unfinished.
    prompt_tokens    bigint      NOT NULL,
    error            text,
    cancel_requested boolean     NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL DEFAULT now(),
    submitted_at     timestamptz,
    finished_at      timestamptz,
    -- When its output and error files were read and its leads' items settled.
    collected_at     timestamptz
);
CREATE INDEX idx_llm_batches_unfinished ON llm_batches (status) WHERE collected_at IS NULL;

CREATE TABLE llm_batch_items (
    website_id  bigint      PRIMARY KEY REFERENCES websites (id) ON DELETE CASCADE,
    -- The batch the request is in, or whose output holds its message; NULL while it waits to be submitted again.
    batch_id    bigint      REFERENCES llm_batches (id) ON DELETE SET NULL,
    -- submitted | done | retry | failed | cancelled
    state       text        NOT NULL,
    -- Submissions the provider accepted for this lead (a refused batch does not count).
    attempts    integer     NOT NULL DEFAULT 0,
    error       text,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_llm_batch_items_batch ON llm_batch_items (batch_id);
