-- The app-view's own tables, exactly as @atproto/bsky's migrations define them (see sql/reference/). Where an
-- operator's app-view already created them, IF NOT EXISTS leaves them as they are. The search index
-- actor_handle_tgrm_idx (pg_trgm) is the app-view's, not a key, and is not created here.
CREATE SCHEMA IF NOT EXISTS ${dataplane_schema};

CREATE TABLE IF NOT EXISTS ${dataplane_schema}.actor (
    did                           character varying NOT NULL,
    handle                        character varying,
    "indexedAt"                   character varying NOT NULL,
    "takedownRef"                 character varying,
    "upstreamStatus"              character varying,
    "trustedVerifier"             boolean DEFAULT false NOT NULL,
    "ageAssuranceStatus"          text,
    "ageAssuranceLastInitiatedAt" character varying,
    "ageAssuranceAccess"          text,
    "ageAssuranceCountryCode"     text,
    "ageAssuranceRegionCode"      text,
    CONSTRAINT actor_pkey PRIMARY KEY (did),
    CONSTRAINT actor_handle_key UNIQUE (handle)
);

CREATE TABLE IF NOT EXISTS ${dataplane_schema}.did_cache (
    did         character varying NOT NULL,
    doc         jsonb NOT NULL,
    "updatedAt" bigint NOT NULL,
    CONSTRAINT did_cache_pkey PRIMARY KEY (did)
);
