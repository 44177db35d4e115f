-- What each step did while it ran, sampled every few seconds (the counts ProgressReporter shows: read, written,
-- quarantined, and items/s since the previous sample), for the dashboard's chart of a run's throughput.
CREATE TABLE step_progress (
    step_execution_id bigint      NOT NULL,
    job_execution_id  bigint      NOT NULL,
    step_name         text        NOT NULL,
    sampled_at        timestamptz NOT NULL,
    read_count        bigint      NOT NULL,
    write_count       bigint      NOT NULL,
    skip_count        bigint      NOT NULL,
    items_per_second  double precision NOT NULL,
    PRIMARY KEY (step_execution_id, sampled_at)
);

CREATE INDEX step_progress_job_execution_idx ON step_progress (job_execution_id, sampled_at);
