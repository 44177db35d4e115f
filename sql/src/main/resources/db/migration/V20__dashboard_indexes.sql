-- Spring Batch's DDL indexes no foreign key. The dashboard (and the job repository itself) looks up a run's
-- executions, steps and parameters by them; with 100,000 executions each lookup would read the whole table.
CREATE INDEX batch_job_execution_instance_idx ON batch_job_execution (job_instance_id);
CREATE INDEX batch_step_execution_job_execution_idx ON batch_step_execution (job_execution_id);
CREATE INDEX batch_job_execution_params_execution_idx ON batch_job_execution_params (job_execution_id);
-- what runs now: few rows among many
CREATE INDEX batch_job_execution_running_idx ON batch_job_execution (job_execution_id)
    WHERE status IN ('STARTING', 'STARTED', 'STOPPING');
-- the quarantine page: counts over the last days and the newest entries
CREATE INDEX quarantine_quarantined_at_idx ON quarantine (quarantined_at);
