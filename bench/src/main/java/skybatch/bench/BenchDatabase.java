package skybatch.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import skybatch.writers.support.DatabaseUrl;

/** The database the benchmarks run in, and what they read back from its job repository. */
public final class BenchDatabase {

    private BenchDatabase() {}

    /**
     * Drops and creates the database {@code skybatch_bench} (or the one SKYBATCH_BENCH_DATABASE names) on the
     * server DATABASE_URL names (default the local one), and returns its JDBC URL.
     */
    public static String fresh() throws Exception {
        String name = name();
        String server = server();
        try (Connection connection = DriverManager.getConnection(server);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + name);
        }
        return server.replaceFirst("(jdbc:postgresql://[^/?]*)(/[^?]*)?", "$1/" + name);
    }

    /** Drops the database {@link #fresh()} made. */
    public static void drop() throws Exception {
        try (Connection connection = DriverManager.getConnection(server());
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name() + " WITH (FORCE)");
        }
    }

    /** The bench database's name. */
    public static String name() {
        String name = System.getenv().getOrDefault("SKYBATCH_BENCH_DATABASE", "skybatch_bench");
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("SKYBATCH_BENCH_DATABASE is not a plain name: " + name);
        }
        return name;
    }

    private static String server() {
        return DatabaseUrl.toJdbc(System.getenv().getOrDefault("DATABASE_URL",
                "postgresql://postgres@127.0.0.1:5432/postgres"));
    }

    /** How long the latest execution of {@code step} took, from the job repository. */
    public static double stepSeconds(Connection connection, String step) throws Exception {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT extract(epoch FROM end_time - start_time)"
                        + " FROM skybatch.batch_step_execution WHERE step_name = '" + step + "'"
                        + " ORDER BY step_execution_id DESC LIMIT 1")) {
            rs.next();
            return rs.getDouble(1);
        }
    }
}
