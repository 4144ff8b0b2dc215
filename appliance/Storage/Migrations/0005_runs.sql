-- A run pushes one file through all three stages while the sample recorder writes metric_samples;
-- a sweep measures one stage's steady-state throughput at several concurrency levels. The capacity
-- model reads both. summary holds the run's measured figures as JSON (see Runs/RunSummary.cs).
CREATE TABLE runs (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            text        NOT NULL CHECK (kind IN ('run', 'sweep')),
    state           text        NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'finished', 'failed')),
    source          text        NOT NULL,
    file_upload_id  bigint      REFERENCES file_uploads (id) ON DELETE SET NULL,
    configuration   jsonb       NOT NULL,
    host            jsonb       NOT NULL,
    started_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz,
    summary         jsonb,
    error           text
);

CREATE TABLE sweep_points (
    run_id       bigint           NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    stage        text             NOT NULL CHECK (stage IN ('scrape', 'generate')),
    concurrency  integer          NOT NULL CHECK (concurrency > 0),
    seconds      double precision NOT NULL,
    items        bigint           NOT NULL,
    throughput   double precision NOT NULL,
    PRIMARY KEY (run_id, stage, concurrency)
);

ALTER TABLE metric_samples
    ADD CONSTRAINT metric_samples_run_fk FOREIGN KEY (run_id) REFERENCES runs (id) ON DELETE CASCADE;
