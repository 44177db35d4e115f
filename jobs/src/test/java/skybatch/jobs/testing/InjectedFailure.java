package skybatch.jobs.testing;

import org.springframework.jdbc.core.JdbcTemplate;

/** Makes the database refuse one write, as a failing disk or a lock timeout would, until closed. */
public final class InjectedFailure implements AutoCloseable {

    private final JdbcTemplate jdbc;
    private final String undo;

    private InjectedFailure(JdbcTemplate jdbc, String undo) {
        this.jdbc = jdbc;
        this.undo = undo;
    }

    /** Refuses the DID's row in actor_identity, where a merge's chunks write. */
    public static InjectedFailure refusingIdentityOf(JdbcTemplate jdbc, String did) {
        jdbc.execute("""
                CREATE FUNCTION skybatch.refuse_once() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'injected failure for %', NEW.did; END $$;
                CREATE TRIGGER refuse BEFORE INSERT ON skybatch.actor_identity FOR EACH ROW
                WHEN (NEW.did = 'DID') EXECUTE FUNCTION skybatch.refuse_once();
                """.replace("'DID'", literal(did)));
        return new InjectedFailure(jdbc, "DROP TRIGGER refuse ON skybatch.actor_identity;"
                + " DROP FUNCTION skybatch.refuse_once()");
    }

    /**
     * Refuses the DID's row in a first load's shadow of actor_identity, where its chunks write: a CHECK constraint
     * on actor_identity, which the shadow is made LIKE (a trigger would make the table one a load cannot swap).
     */
    public static InjectedFailure refusingLoadedIdentityOf(JdbcTemplate jdbc, String did) {
        jdbc.execute("ALTER TABLE skybatch.actor_identity ADD CONSTRAINT injected_failure CHECK (did <> "
                + literal(did) + ")");
        return new InjectedFailure(jdbc, "ALTER TABLE skybatch.actor_identity DROP CONSTRAINT injected_failure;"
                + " ALTER TABLE IF EXISTS skybatch.plc_load_actor_identity DROP CONSTRAINT IF EXISTS injected_failure");
    }

    /** Fails every index built on the table (an event trigger: the session must be a superuser's). */
    public static InjectedFailure failingIndexesOn(JdbcTemplate jdbc, String table) {
        jdbc.execute("""
                CREATE FUNCTION skybatch.refuse_index() RETURNS event_trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM pg_event_trigger_ddl_commands() c JOIN pg_index i ON i.indexrelid = c.objid
                               WHERE c.classid = 'pg_class'::regclass AND i.indrelid = to_regclass('TABLE')) THEN
                        RAISE EXCEPTION 'injected failure building an index on TABLE';
                    END IF;
                END $$;
                CREATE EVENT TRIGGER refuse_index ON ddl_command_end WHEN TAG IN ('CREATE INDEX')
                EXECUTE FUNCTION skybatch.refuse_index();
                """.replace("TABLE", table));
        return new InjectedFailure(jdbc, "DROP EVENT TRIGGER refuse_index; DROP FUNCTION skybatch.refuse_index()");
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    @Override
    public void close() {
        jdbc.execute(undo);
    }
}
