-- A first load: a backfill that starts on empty record tables notes no posts or accounts per chunk; it notes one
-- row (kind 'all', key '') before its first chunk, and its last step recounts every post and account set-based from
-- the record tables and removes that row in the same transaction. The row outlives a crash or an abandoned run, so
-- whichever backfill runs next still recounts everything once.
ALTER TABLE aggregate_recount DROP CONSTRAINT aggregate_recount_kind_check;
ALTER TABLE aggregate_recount ADD CONSTRAINT aggregate_recount_kind_check CHECK (kind IN ('post', 'profile', 'all'));
