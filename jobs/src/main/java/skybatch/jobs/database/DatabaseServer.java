package skybatch.jobs.database;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skybatch.writers.support.DatabaseUrl;

/**
 * The PostgreSQL skybatch talks to: the one DATABASE_URL names, or the embedded one under SKYBATCH_HOME, started
 * by the first command that needs it and left running for the next ones (see {@link EmbeddedServer}).
 */
public final class DatabaseServer {

    private static final Logger log = LoggerFactory.getLogger(DatabaseServer.class);

    private final String jdbcUrl;

    private DatabaseServer(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    public static DatabaseServer connect(String databaseUrl, EmbeddedServer embedded) {
        if (databaseUrl != null && !databaseUrl.isBlank()) {
            return new DatabaseServer(DatabaseUrl.toJdbc(databaseUrl.trim()));
        }
        if (embedded.running().isEmpty()) {
            int port = embedded.portStartingIfNeeded();
            log.info("DATABASE_URL is not set: started an embedded PostgreSQL on port {}, data in {}; it keeps "
                    + "running in the background for the next commands (bin/skybatch db stop stops it)", port,
                    embedded.dataDirectory());
            return new DatabaseServer(EmbeddedServer.jdbcUrl(port));
        }
        return new DatabaseServer(EmbeddedServer.jdbcUrl(embedded.portStartingIfNeeded()));
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }
}
