-- The app-view's label table, which the labels tail writes, exactly as @atproto/bsky's migrations define it
-- (moderation-init, feed-and-label-indices, add-label-exp; see sql/reference/): one row per (src, uri, cid, val),
-- cid '' for a label without one. IF NOT EXISTS leaves an operator's existing table as it is.

CREATE TABLE IF NOT EXISTS ${dataplane_schema}.label (
    src character varying NOT NULL,
    uri character varying NOT NULL,
    cid character varying NOT NULL,
    val character varying NOT NULL,
    neg boolean NOT NULL,
    cts character varying NOT NULL,
    exp character varying,
    CONSTRAINT label_pkey PRIMARY KEY (src, uri, cid, val)
);
CREATE INDEX IF NOT EXISTS label_cts_idx ON ${dataplane_schema}.label USING btree (cts);
CREATE INDEX IF NOT EXISTS label_uri_index ON ${dataplane_schema}.label USING btree (uri);
