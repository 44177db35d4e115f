-- The firehose tail's own state, in schema skybatch.

-- How far the tail of each journal (its directory) has applied: the last journal entry applied (Chronicle
-- Queue's index) and the relay's seq, committed in the same transaction as what the entry changed.
CREATE TABLE firehose_position (
    journal     text        PRIMARY KEY,
    entry_index bigint      NOT NULL,
    seq         bigint      NOT NULL,
    received_at timestamptz NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now()
);

-- Each repository as the live stream last left it: the MST root (the commit's data CID) and rev of the last
-- commit applied; whether the stream stopped matching what is stored (desynchronized: a commit whose prevData is
-- not the stored root, blocks missing, a #sync to another root; its commits wait for a backfill); and whether a
-- backfill is due (desynchronized, or first seen in the stream), until a backfill run queues it.
CREATE TABLE firehose_repo (
    did            text        PRIMARY KEY,
    data_cid       text,
    rev            text,
    desynchronized boolean     NOT NULL DEFAULT false,
    backfill_due   boolean     NOT NULL DEFAULT false,
    reason         text,
    seq            bigint,
    updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX firehose_repo_backfill_due_idx ON firehose_repo (did) WHERE backfill_due;

-- Live events of repositories being backfilled, parked until the backfill has written the repository: where each
-- event is in the journal, not a copy of it.
CREATE TABLE firehose_parked (
    did         text   NOT NULL,
    journal     text   NOT NULL,
    entry_index bigint NOT NULL,
    seq         bigint NOT NULL,
    PRIMARY KEY (did, entry_index)
);
