-- The capacity model's track record: for every finished run, what the model would have projected for its row count
-- from the run's own first tenth ('first_tenth') and from the newest earlier run ('previous_run'), beside what the run
-- took. A basis the model could not project from keeps its reason in problem and no seconds.
CREATE TABLE run_backtests (
    run_id             bigint           NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    basis              text             NOT NULL CHECK (basis IN ('first_tenth', 'previous_run')),
    from_run_id        bigint           REFERENCES runs (id) ON DELETE SET NULL,
    rows               bigint           NOT NULL,
    actual_seconds     double precision NOT NULL,
    projected_seconds  double precision,
    low_seconds        double precision,
    high_seconds       double precision,
    bottleneck         text,
    steady_state       boolean,
    problem            text,
    created_at         timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, basis)
);
