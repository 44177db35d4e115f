-- The app-view's tables that its indexer fills beside the record tables, exactly as @atproto/bsky's migrations
-- define them (see sql/reference/): author feeds (feed_item), quotes, the replies of a thread's author
-- (op_thread_reply), and the counts shown on posts and profiles.
-- IF NOT EXISTS leaves an operator's existing tables as they are.

CREATE TABLE IF NOT EXISTS ${dataplane_schema}.feed_item (
    uri character varying NOT NULL,
    cid character varying NOT NULL,
    type character varying NOT NULL,
    "postUri" character varying NOT NULL,
    "originatorDid" character varying NOT NULL,
    "sortAt" character varying NOT NULL,
    CONSTRAINT feed_item_pkey PRIMARY KEY (uri)
);
CREATE INDEX IF NOT EXISTS feed_item_cursor_idx ON ${dataplane_schema}.feed_item USING btree ("sortAt", cid);
CREATE INDEX IF NOT EXISTS feed_item_originator_cursor_idx ON ${dataplane_schema}.feed_item
    USING btree ("originatorDid", "sortAt", cid);
CREATE INDEX IF NOT EXISTS feed_item_post_uri_idx ON ${dataplane_schema}.feed_item USING btree ("postUri");

CREATE TABLE IF NOT EXISTS ${dataplane_schema}.quote (
    uri character varying NOT NULL,
    cid character varying NOT NULL,
    subject character varying NOT NULL,
    "subjectCid" character varying NOT NULL,
    "createdAt" character varying NOT NULL,
    "indexedAt" character varying NOT NULL,
    "sortAt" character varying GENERATED ALWAYS AS (LEAST("createdAt", "indexedAt")) STORED NOT NULL,
    CONSTRAINT quote_pkey PRIMARY KEY (uri)
);
CREATE INDEX IF NOT EXISTS quote_subject_cursor_idx ON ${dataplane_schema}.quote USING btree (subject, "sortAt", cid);

CREATE TABLE IF NOT EXISTS ${dataplane_schema}.op_thread_reply (
    "rootUri" character varying NOT NULL,
    "parentUri" character varying NOT NULL,
    uri character varying NOT NULL,
    "deletedAt" character varying,
    CONSTRAINT op_thread_reply_pkey PRIMARY KEY ("rootUri", uri)
);

CREATE TABLE IF NOT EXISTS ${dataplane_schema}.post_agg (
    uri character varying NOT NULL,
    "likeCount" bigint DEFAULT 0 NOT NULL,
    "replyCount" bigint DEFAULT 0 NOT NULL,
    "repostCount" bigint DEFAULT 0 NOT NULL,
    "quoteCount" bigint DEFAULT 0 NOT NULL,
    "bookmarkCount" bigint DEFAULT 0 NOT NULL,
    CONSTRAINT post_agg_pkey PRIMARY KEY (uri)
);

CREATE TABLE IF NOT EXISTS ${dataplane_schema}.profile_agg (
    did character varying NOT NULL,
    "followersCount" bigint DEFAULT 0 NOT NULL,
    "followsCount" bigint DEFAULT 0 NOT NULL,
    "postsCount" bigint DEFAULT 0 NOT NULL,
    CONSTRAINT profile_agg_pkey PRIMARY KEY (did)
);

-- skybatch's own: the posts (kind 'post', by URI) and accounts (kind 'profile', by DID) whose counts a backfill
-- changed and that are still to be counted again. Each chunk adds to it in its own transaction; the job's last
-- step counts and removes them, so a crash at any point leaves nothing uncounted.
CREATE TABLE aggregate_recount (
    kind text NOT NULL CHECK (kind IN ('post', 'profile')),
    key  text NOT NULL,
    PRIMARY KEY (kind, key)
);
