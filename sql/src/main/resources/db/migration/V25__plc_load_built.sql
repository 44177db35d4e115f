-- The PLC import's first load builds its tables from plc_load_stage in two transactions at once, on two
-- connections (actor_identity with actor; did_cache), so that both cores work. Each notes here, in its own
-- transaction, that its part is built, so that a restart after a crash between the two builds only the other.
-- Emptied together with the stage, in the transaction that ends the load.
CREATE TABLE plc_load_built (
    part text PRIMARY KEY
);
