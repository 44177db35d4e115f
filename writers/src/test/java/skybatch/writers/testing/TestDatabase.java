package skybatch.writers.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import skybatch.sql.SkybatchSchema;
import skybatch.writers.support.DatabaseUrl;

/**
 * A fresh, empty database for one test class on a real PostgreSQL server, found in this order:
 * {@code SKYBATCH_TEST_DATABASE_URL} (a server this test may create databases on), Testcontainers where a Docker
 * engine runs, else an embedded PostgreSQL started once per JVM. Its name starts with
 * {@code SKYBATCH_TEST_DATABASE_PREFIX} (default {@code skybatch_test_}), for several users of one server.
 * Closing it drops the database. A migrated one is a copy of a template this JVM migrates once (a copy takes a
 * fraction of a second, the migrations seconds).
 */
public final class TestDatabase implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static String serverUrl;
    private static String template;

    private final String name;
    private final String jdbcUrl;
    private final HikariDataSource dataSource;

    private TestDatabase(String name, String jdbcUrl) {
        this.name = name;
        this.jdbcUrl = jdbcUrl;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(8);
        this.dataSource = new HikariDataSource(config);
    }

    /** An empty database. */
    public static TestDatabase create() {
        return createFrom(null);
    }

    /** A database with skybatch's migrations applied, dataplane tables in schema {@code bsky}. */
    public static TestDatabase migrated() {
        return createFrom(template());
    }

    private static TestDatabase createFrom(String templateName) {
        String server = server();
        String name = newName();
        execute(server, "DROP DATABASE IF EXISTS " + name);
        execute(server, "CREATE DATABASE " + name + (templateName == null ? "" : " TEMPLATE " + templateName));
        return new TestDatabase(name, withDatabase(server, name));
    }

    private static String newName() {
        return System.getenv().getOrDefault("SKYBATCH_TEST_DATABASE_PREFIX", "skybatch_test_")
                + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    }

    /**
     * The migrated database this JVM copies, made on first use and dropped when the JVM ends. Nothing stays
     * connected to it: PostgreSQL copies only a database no session uses.
     */
    private static synchronized String template() {
        if (template == null) {
            TestDatabase migrated = create();
            SkybatchSchema.migrate(migrated.dataSource(), SkybatchSchema.DEFAULT_DATAPLANE_SCHEMA);
            migrated.dataSource.close();
            String name = migrated.name;
            Runtime.getRuntime().addShutdownHook(new Thread(
                    () -> execute(server(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")));
            template = name;
        }
        return template;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** The JDBC URL of this database, user and password included: what a child process needs. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    @Override
    public void close() {
        dataSource.close();
        execute(server(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static synchronized String server() {
        if (serverUrl == null) {
            serverUrl = findServer();
        }
        return serverUrl;
    }

    private static String findServer() {
        String configured = System.getenv("SKYBATCH_TEST_DATABASE_URL");
        if (configured != null && !configured.isBlank()) {
            return DatabaseUrl.toJdbc(configured.trim());
        }
        if (dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine");
            container.start();
            return container.getJdbcUrl() + (container.getJdbcUrl().contains("?") ? "&" : "?")
                    + "user=" + container.getUsername() + "&password=" + container.getPassword();
        }
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
            return embedded.getJdbcUrl("postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start an embedded PostgreSQL for the tests", e);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static String withDatabase(String serverJdbcUrl, String database) {
        return serverJdbcUrl.replaceFirst("(jdbc:postgresql://[^/?]*)(/[^?]*)?", "$1/" + database);
    }

    private static void execute(String url, String sql) {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test database: " + sql + ": " + e.getMessage(), e);
        }
    }
}
