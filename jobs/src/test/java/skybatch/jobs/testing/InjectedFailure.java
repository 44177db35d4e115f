package skybatch.jobs.testing;

import org.springframework.jdbc.core.JdbcTemplate;

/** Makes the database refuse one DID's identity row, as a failing disk or a lock timeout would, until closed. */
public final class InjectedFailure implements AutoCloseable {

    private final JdbcTemplate jdbc;
    private final String table;

    private InjectedFailure(JdbcTemplate jdbc, String table) {
        this.jdbc = jdbc;
        this.table = table;
    }

    public static InjectedFailure refusingIdentityOf(JdbcTemplate jdbc, String did) {
        return refusing(jdbc, "skybatch.actor_identity", did);
    }

    /** Refuses the DID's row in the first load's stage, where a load's chunks write. */
    public static InjectedFailure refusingStagedIdentityOf(JdbcTemplate jdbc, String did) {
        return refusing(jdbc, "skybatch.plc_load_stage", did);
    }

    private static InjectedFailure refusing(JdbcTemplate jdbc, String table, String did) {
        jdbc.execute("""
                CREATE FUNCTION skybatch.refuse_once() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'injected failure for %', NEW.did; END $$;
                CREATE TRIGGER refuse BEFORE INSERT ON TABLE FOR EACH ROW
                WHEN (NEW.did = 'DID') EXECUTE FUNCTION skybatch.refuse_once();
                """.replace("TABLE", table).replace("'DID'", "'" + did.replace("'", "''") + "'"));
        return new InjectedFailure(jdbc, table);
    }

    @Override
    public void close() {
        jdbc.execute("DROP TRIGGER refuse ON " + table + "; DROP FUNCTION skybatch.refuse_once()");
    }
}
