package skybatch.jobs.testing;

import org.springframework.jdbc.core.JdbcTemplate;

/** Makes the database refuse one DID's identity row, as a failing disk or a lock timeout would, until closed. */
public final class InjectedFailure implements AutoCloseable {

    private final JdbcTemplate jdbc;

    private InjectedFailure(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public static InjectedFailure refusingIdentityOf(JdbcTemplate jdbc, String did) {
        jdbc.execute("""
                CREATE FUNCTION skybatch.refuse_once() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'injected failure for %', NEW.did; END $$;
                CREATE TRIGGER refuse BEFORE INSERT ON skybatch.actor_identity FOR EACH ROW
                WHEN (NEW.did = 'DID') EXECUTE FUNCTION skybatch.refuse_once();
                """.replace("'DID'", "'" + did.replace("'", "''") + "'"));
        return new InjectedFailure(jdbc);
    }

    @Override
    public void close() {
        jdbc.execute("DROP TRIGGER refuse ON skybatch.actor_identity; DROP FUNCTION skybatch.refuse_once()");
    }
}
