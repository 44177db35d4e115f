-- Remote partitioning: the worker process running a partition (a worker step execution sent over RabbitMQ) and
-- when it last said it still does. A worker claims a partition by inserting its row (a second copy of the same
-- request, redelivered after a broker restart, finds the row and is dropped), refreshes beat_at every few seconds
-- while the step runs and deletes the row when the step ends. The manager takes a partition whose beat_at is older
-- than the worker timeout, or whose worker on the manager's own host is no longer alive, as lost, and marks its
-- step FAILED. beat_at is the database's clock, so the machines' clocks never matter.
CREATE TABLE partition_heartbeat (
    step_execution_id bigint      PRIMARY KEY,
    job_execution_id  bigint      NOT NULL,
    worker_host       text        NOT NULL,
    worker_pid        bigint      NOT NULL,
    beat_at           timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX partition_heartbeat_job_execution_idx ON partition_heartbeat (job_execution_id);
