-- The PLC import's first load no longer stages its operations here: its chunks append to shadow tables made LIKE
-- actor_identity, actor and did_cache when the load begins (plc_load_actor_identity, plc_load_actor,
-- plc_load_did_cache, with the sequence plc_load_stamp), which its last step prunes, indexes and swaps in for them
-- (issue 13). A first load interrupted before this version cannot be restarted, since what it staged is dropped
-- here (its restart fails, saying so): abandon it (skybatch jobs abandon) and import again; the tables are still
-- empty, so that import loads.
DROP TABLE plc_load_stage;
