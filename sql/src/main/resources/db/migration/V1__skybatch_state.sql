-- skybatch's own state, in schema skybatch (Flyway's default schema). Dataplane tables are never given extra
-- columns: what skybatch knows about a DID lives here.

-- The identity each DID's latest PLC operation gives it. claimed_handle is a claim, not verified.
CREATE TABLE actor_identity (
    did            text        PRIMARY KEY,
    claimed_handle text,
    pds_endpoint   text,
    signing_key    text,
    tombstoned     boolean     NOT NULL DEFAULT false,
    plc_cid        text        NOT NULL,
    plc_created_at timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX actor_identity_claimed_handle_idx ON actor_identity (claimed_handle);

-- Input that could not be used, with where it came from, so that nothing bad is lost silently.
CREATE TABLE quarantine (
    id               bigserial   PRIMARY KEY,
    job_execution_id bigint,
    source           text        NOT NULL,
    position         text        NOT NULL,
    did              text,
    reason           text        NOT NULL,
    raw              text,
    quarantined_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX quarantine_job_execution_idx ON quarantine (job_execution_id);
