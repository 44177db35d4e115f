-- The app-view's record tables that backfillReposJob writes, exactly as @atproto/bsky's migrations define them (see
-- sql/reference/), with their keys and indexes; IF NOT EXISTS leaves an operator's existing tables as they are. The
-- pg_trgm search indexes (profile_display_name_tgrm_idx, starter_pack_name_tgrm_idx) are the app-view's, as in V2.

CREATE TABLE IF NOT EXISTS ${dataplane_schema}.record (
    uri character varying NOT NULL,
    cid character varying NOT NULL,
    did character varying NOT NULL,
    json text NOT NULL,
    "indexedAt" character varying NOT NULL,
    "takedownRef" character varying,
    tags jsonb,
    CONSTRAINT record_pkey PRIMARY KEY (uri)
);
CREATE INDEX IF NOT EXISTS record_did_idx ON ${dataplane_schema}.record USING btree (did);

CREATE TABLE IF NOT EXISTS ${dataplane_schema}.actor_sync (
    did character varying NOT NULL,
    "commitCid" character varying NOT NULL,
    "repoRev" character varying,
    CONSTRAINT actor_sync_pkey PRIMARY KEY (did)
);

CREATE TABLE IF NOT EXISTS ${dataplane_schema}.post (
    uri character varying NOT NULL,
    cid character varying NOT NULL,
    creator character varying NOT NULL,
    text character varying NOT NULL,
    "replyRoot" character varying,
    "replyRootCid" character varying,
    "replyParent" character varying,
    "replyParentCid" character varying,
    "createdAt" character varying NOT NULL,
    "indexedAt" character varying NOT NULL,
    "sortAt" character varying GENERATED ALWAYS AS (LEAST("createdAt", "indexedAt")) STORED NOT NULL,
    langs jsonb,
    "invalidReplyRoot" boolean,
    "violatesThreadGate" boolean,
    tags jsonb,
    "violatesEmbeddingRules" boolean,
    "hasThreadGate" boolean,
    "hasPostGate" boolean,
    CONSTRAINT post_pkey PRIMARY KEY (uri)
);
CREATE INDEX IF NOT EXISTS post_creator_cursor_idx ON ${dataplane_schema}.post USING btree (creator, "sortAt", cid);
CREATE INDEX IF NOT EXISTS post_order_by_idx ON ${dataplane_schema}.post USING btree ("sortAt", cid);
CREATE INDEX IF NOT EXISTS post_replyparent_idx ON ${dataplane_schema}.post USING btree ("replyParent") INCLUDE (uri);

CREATE TABLE IF NOT EXISTS ${dataplane_schema}.post_embed_image (
    "postUri" character varying NOT NULL,
    "position" character varying NOT NULL,
    "imageCid" character varying NOT NULL,
    alt character varying NOT NULL,
    CONSTRAINT post_embed_image_pkey PRIMARY KEY ("postUri", "position")
);

CREATE TABLE IF NOT EXISTS ${dataplane_schema}.post_embed_external (
    "postUri" character varying NOT NULL,
    uri character varying NOT NULL,
    title character varying NOT NULL,
    description character varying NOT NULL,
    "thumbCid" character varying,
    CONSTRAINT post_embed_external_pkey PRIMARY KEY ("postUri")
);

CREATE TABLE IF NOT EXISTS ${dataplane_schema}.post_embed_record (
    "postUri" character varying NOT NULL,
    "embedUri" character varying NOT NULL,
    "embedCid" character varying NOT NULL,
    CONSTRAINT post_embed_record_pkey PRIMARY KEY ("postUri", "embedUri")
);

CREATE TABLE IF NOT EXISTS ${dataplane_schema}.post_embed_video (
    "postUri" character varying NOT NULL,
    "videoCid" character varying NOT NULL,
    alt character varying,
    CONSTRAINT post_embed_video_pkey PRIMARY KEY ("postUri")
);

CREATE TABLE IF NOT EXISTS ${dataplane_schema}."like" (
    uri character varying NOT NULL,
    cid character varying NOT NULL,
    creator character varying NOT NULL,
    subject character varying NOT NULL,
    "subjectCid" character varying NOT NULL,
    "createdAt" character varying NOT NULL,
    "indexedAt" character varying NOT NULL,
    "sortAt" character varying GENERATED ALWAYS AS (LEAST("createdAt", "indexedAt")) STORED NOT NULL,
    via character varying,
    "viaCid" character varying,
    CONSTRAINT like_pkey PRIMARY KEY (uri),
    CONSTRAINT like_unique_subject UNIQUE (subject, creator)
);
CREATE INDEX IF NOT EXISTS like_creator_cursor_idx ON ${dataplane_schema}."like" USING btree (creator, "sortAt", cid);
CREATE INDEX IF NOT EXISTS like_subject_sort_at_creator_idx ON ${dataplane_schema}."like" USING btree (subject, "sortAt" DESC) INCLUDE (creator);

CREATE TABLE IF NOT EXISTS ${dataplane_schema}.repost (
    uri character varying NOT NULL,
    cid character varying NOT NULL,
    creator character varying NOT NULL,
    subject character varying NOT NULL,
    "subjectCid" character varying NOT NULL,
    "createdAt" character varying NOT NULL,
    "indexedAt" character varying NOT NULL,
    "sortAt" character varying GENERATED ALWAYS AS (LEAST("createdAt", "indexedAt")) STORED NOT NULL,
    via character varying,
    "viaCid" character varying,
    CONSTRAINT repost_pkey PRIMARY KEY (uri),
    CONSTRAINT repost_unique_subject UNIQUE (creator, subject)
);
CREATE INDEX IF NOT EXISTS repost_order_by_idx ON ${dataplane_schema}.repost USING btree ("sortAt", cid);
CREATE INDEX IF NOT EXISTS repost_subject_idx ON ${dataplane_schema}.repost USING btree (subject);

CREATE TABLE IF NOT EXISTS ${dataplane_schema}.follow (
    uri character varying NOT NULL,
    cid character varying NOT NULL,
    creator character varying NOT NULL,
    "subjectDid" character varying NOT NULL,
    "createdAt" character varying NOT NULL,
    "indexedAt" character varying NOT NULL,
    "sortAt" character varying GENERATED ALWAYS AS (LEAST("createdAt", "indexedAt")) STORED NOT NULL,
    CONSTRAINT follow_pkey PRIMARY KEY (uri),
    CONSTRAINT follow_unique_subject UNIQUE (creator, "subjectDid")
);
CREATE INDEX IF NOT EXISTS follow_creator_cursor_idx ON ${dataplane_schema}.follow USING btree (creator, "sortAt", cid);
CREATE INDEX IF NOT EXISTS follow_subject_cursor_idx ON ${dataplane_schema}.follow USING btree ("subjectDid", "sortAt", cid);

CREATE TABLE IF NOT EXISTS ${dataplane_schema}.actor_block (
    uri character varying NOT NULL,
    cid character varying NOT NULL,
    creator character varying NOT NULL,
    "subjectDid" character varying NOT NULL,
    "createdAt" character varying NOT NULL,
    "indexedAt" character varying NOT NULL,
    "sortAt" character varying GENERATED ALWAYS AS (LEAST("createdAt", "indexedAt")) STORED NOT NULL,
    CONSTRAINT actor_block_pkey PRIMARY KEY (uri),
    CONSTRAINT actor_block_unique_subject UNIQUE (creator, "subjectDid")
);
CREATE INDEX IF NOT EXISTS actor_block_subjectdid_idx ON ${dataplane_schema}.actor_block USING btree ("subjectDid");

CREATE TABLE IF NOT EXISTS ${dataplane_schema}.profile (
    uri character varying NOT NULL,
    cid character varying NOT NULL,
    creator character varying NOT NULL,
    "displayName" character varying,
    description character varying,
    "avatarCid" character varying,
    "bannerCid" character varying,
    "indexedAt" character varying NOT NULL,
    "joinedViaStarterPackUri" character varying,
    "createdAt" character varying NOT NULL,
    "pinnedPost" character varying,
    "pinnedPostCid" character varying,
    CONSTRAINT profile_pkey PRIMARY KEY (uri)
);
CREATE INDEX IF NOT EXISTS profile_creator_idx ON ${dataplane_schema}.profile USING btree (creator);
CREATE INDEX IF NOT EXISTS profile_starter_pack_joined_idx ON ${dataplane_schema}.profile USING btree ("joinedViaStarterPackUri", "createdAt");

CREATE TABLE IF NOT EXISTS ${dataplane_schema}.list (
    uri character varying NOT NULL,
    cid character varying NOT NULL,
    creator character varying NOT NULL,
    name character varying NOT NULL,
    purpose character varying NOT NULL,
    description character varying,
    "descriptionFacets" character varying,
    "avatarCid" character varying,
    "createdAt" character varying NOT NULL,
    "indexedAt" character varying NOT NULL,
    "sortAt" character varying GENERATED ALWAYS AS (LEAST("createdAt", "indexedAt")) STORED NOT NULL,
    CONSTRAINT list_pkey PRIMARY KEY (uri)
);
CREATE INDEX IF NOT EXISTS list_creator_idx ON ${dataplane_schema}.list USING btree (creator);

CREATE TABLE IF NOT EXISTS ${dataplane_schema}.list_item (
    uri character varying NOT NULL,
    cid character varying NOT NULL,
    creator character varying NOT NULL,
    "subjectDid" character varying NOT NULL,
    "listUri" character varying NOT NULL,
    "createdAt" character varying NOT NULL,
    "indexedAt" character varying NOT NULL,
    "sortAt" character varying GENERATED ALWAYS AS (LEAST("createdAt", "indexedAt")) STORED NOT NULL,
    CONSTRAINT list_item_pkey PRIMARY KEY (uri),
    CONSTRAINT list_item_unique_subject_in_list UNIQUE ("listUri", "subjectDid")
);
CREATE INDEX IF NOT EXISTS list_item_creator_idx ON ${dataplane_schema}.list_item USING btree (creator);
CREATE INDEX IF NOT EXISTS list_item_subject_idx ON ${dataplane_schema}.list_item USING btree ("subjectDid");

CREATE TABLE IF NOT EXISTS ${dataplane_schema}.list_block (
    uri character varying NOT NULL,
    cid character varying NOT NULL,
    creator character varying NOT NULL,
    "subjectUri" character varying NOT NULL,
    "createdAt" character varying NOT NULL,
    "indexedAt" character varying NOT NULL,
    "sortAt" character varying GENERATED ALWAYS AS (LEAST("createdAt", "indexedAt")) STORED NOT NULL,
    CONSTRAINT list_block_pkey PRIMARY KEY (uri),
    CONSTRAINT list_block_unique_subject UNIQUE (creator, "subjectUri")
);

CREATE TABLE IF NOT EXISTS ${dataplane_schema}.feed_generator (
    uri character varying NOT NULL,
    cid character varying NOT NULL,
    creator character varying NOT NULL,
    "feedDid" character varying NOT NULL,
    "displayName" character varying,
    description character varying,
    "descriptionFacets" character varying,
    "avatarCid" character varying,
    "createdAt" character varying NOT NULL,
    "indexedAt" character varying NOT NULL,
    "sortAt" character varying GENERATED ALWAYS AS (LEAST("createdAt", "indexedAt")) STORED NOT NULL,
    CONSTRAINT feed_generator_pkey PRIMARY KEY (uri)
);
CREATE INDEX IF NOT EXISTS feed_generator_creator_index ON ${dataplane_schema}.feed_generator USING btree (creator);

CREATE TABLE IF NOT EXISTS ${dataplane_schema}.starter_pack (
    uri character varying NOT NULL,
    cid character varying NOT NULL,
    creator character varying NOT NULL,
    "createdAt" character varying NOT NULL,
    "indexedAt" character varying NOT NULL,
    "sortAt" character varying GENERATED ALWAYS AS (LEAST("createdAt", "indexedAt")) STORED NOT NULL,
    name character varying,
    CONSTRAINT starter_pack_pkey PRIMARY KEY (uri)
);
CREATE INDEX IF NOT EXISTS starter_pack_creator_order_by_idx ON ${dataplane_schema}.starter_pack USING btree (creator, "sortAt", cid);

CREATE TABLE IF NOT EXISTS ${dataplane_schema}.labeler (
    uri character varying NOT NULL,
    cid character varying NOT NULL,
    creator character varying NOT NULL,
    "createdAt" character varying NOT NULL,
    "indexedAt" character varying NOT NULL,
    "sortAt" character varying GENERATED ALWAYS AS (LEAST("createdAt", "indexedAt")) STORED NOT NULL,
    CONSTRAINT labeler_pkey PRIMARY KEY (uri)
);
CREATE INDEX IF NOT EXISTS labeler_order_by_idx ON ${dataplane_schema}.labeler USING btree ("sortAt", cid);

CREATE TABLE IF NOT EXISTS ${dataplane_schema}.thread_gate (
    uri character varying NOT NULL,
    cid character varying NOT NULL,
    creator character varying NOT NULL,
    "postUri" character varying NOT NULL,
    "createdAt" character varying NOT NULL,
    "indexedAt" character varying NOT NULL,
    CONSTRAINT thread_gate_pkey PRIMARY KEY (uri),
    CONSTRAINT "thread_gate_postUri_key" UNIQUE ("postUri")
);

CREATE TABLE IF NOT EXISTS ${dataplane_schema}.post_gate (
    uri character varying NOT NULL,
    cid character varying NOT NULL,
    creator character varying NOT NULL,
    "postUri" character varying NOT NULL,
    "createdAt" character varying NOT NULL,
    "indexedAt" character varying NOT NULL,
    CONSTRAINT post_gate_pkey PRIMARY KEY (uri),
    CONSTRAINT "post_gate_postUri_key" UNIQUE ("postUri")
);

CREATE TABLE IF NOT EXISTS ${dataplane_schema}.verification (
    uri character varying NOT NULL,
    cid character varying NOT NULL,
    rkey character varying NOT NULL,
    creator character varying NOT NULL,
    subject character varying NOT NULL,
    handle character varying NOT NULL,
    "displayName" character varying NOT NULL,
    "createdAt" character varying NOT NULL,
    "indexedAt" character varying NOT NULL,
    "sortedAt" character varying GENERATED ALWAYS AS (LEAST("createdAt", "indexedAt")) STORED NOT NULL,
    CONSTRAINT verification_pkey PRIMARY KEY (uri),
    CONSTRAINT verification_unique_subject_creator UNIQUE (subject, creator)
);

-- skybatch's own backfill state, in schema skybatch.

-- The durable queue of repositories to backfill: one row per DID, its PDS, and how its last backfill ended.
-- job_instance_id is the run that queued it last; a restart of that run continues with its pending rows.
CREATE TABLE backfill_repo (
    did             text        PRIMARY KEY,
    pds             text,
    status          text        NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'done', 'failed', 'takendown', 'deactivated', 'notfound')),
    job_instance_id bigint,
    attempts        integer     NOT NULL DEFAULT 0,
    last_error      text,
    commit_cid      text,
    rev             text,
    record_count    bigint,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX backfill_repo_run_idx ON backfill_repo (job_instance_id, status, did);
CREATE INDEX backfill_repo_status_idx ON backfill_repo (status, updated_at);

-- How far a run has listed each PDS's repositories (com.atproto.sync.listRepos): the cursor of the next page, or
-- finished once the last page is in the queue.
CREATE TABLE backfill_listing (
    job_instance_id bigint      NOT NULL,
    pds             text        NOT NULL,
    cursor          text,
    finished        boolean     NOT NULL DEFAULT false,
    listed          bigint      NOT NULL DEFAULT 0,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (job_instance_id, pds)
);
