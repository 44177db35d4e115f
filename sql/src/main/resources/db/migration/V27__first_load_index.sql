-- A first load of the backfill (empty record tables) drops the record tables' secondary indexes (neither unique nor
-- a constraint's) before its first chunk, so that its COPYs keep only the keys and unique values up to date, and
-- builds them again in one pass after the records. From the drop's transaction to the build's, each index's
-- definition (pg_get_indexdef) waits here, so a crash at any point leaves them to the build of the next run.
CREATE TABLE first_load_index (
    name       text PRIMARY KEY,
    definition text NOT NULL
);
