-- Handle verification state, one row per checked DID. A DID without a row has never been checked.
-- status: valid (the document claims the handle and the handle resolves to the DID), invalid (it does not, or
-- the document claims no valid handle), tombstoned (the DID is deactivated), pending (checked, but every attempt
-- failed transiently: timeouts, server errors). plc_cid is the PLC operation the check was for: a newer
-- operation makes the DID due at once.
CREATE TABLE handle_verification (
    did             text        PRIMARY KEY,
    handle          text,
    status          text        NOT NULL CHECK (status IN ('pending', 'valid', 'invalid', 'tombstoned')),
    plc_cid         text,
    last_checked_at timestamptz NOT NULL,
    next_check_at   timestamptz,
    failure_count   integer     NOT NULL DEFAULT 0,
    last_error      text
);

CREATE INDEX handle_verification_next_check_idx ON handle_verification (next_check_at);

-- The read-through cache of `identity resolve`: answers by handle or DID, successes and failures, until expiry.
CREATE TABLE identity_cache (
    key        text        PRIMARY KEY,
    verified   boolean     NOT NULL,
    identity   jsonb       NOT NULL,
    cached_at  timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
