-- The first load's stage keeps each document as jsonb: the chunks' COPY parses it, while the import's JVM is the
-- busy side, instead of the build step's did_cache pass, which is the longest of the load's end (issue 13).
-- A stage an abandoned load left is converted with it.
ALTER TABLE plc_load_stage ALTER COLUMN doc TYPE jsonb USING doc::jsonb;
