package skybatch.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The CPU time this JVM spent, and with a database named the CPU time of that database's PostgreSQL backends (from
 * {@code /proc/<pid>/stat}, the server being on this machine), sampled every 20 ms, to tell the CPU a window of the
 * run took: a figure that other load on a shared machine changes less than a rate.
 */
public final class CpuSampler {

    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux
    private static final int BACKENDS_EVERY = 10; // samples between two looks at pg_stat_activity

    private final ConcurrentSkipListMap<Double, double[]> samples = new ConcurrentSkipListMap<>();
    private final Map<Integer, Long> backendTicks = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    private CpuSampler(String jdbcUrl, String database) {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        thread = new Thread(() -> {
            try (Connection connection = jdbcUrl == null ? null : DriverManager.getConnection(jdbcUrl)) {
                for (int sample = 0; running; sample++) {
                    if (connection != null && sample % BACKENDS_EVERY == 0) {
                        lookForBackends(connection, database);
                    }
                    samples.put(System.currentTimeMillis() / 1e3,
                            new double[] {os.getProcessCpuTime() / 1e9, backendSeconds()});
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot list the backends of " + database, e);
            }
        }, "cpu-sampler");
        thread.setDaemon(true);
    }

    /** This JVM's CPU only. */
    public static CpuSampler start() {
        return start(null, null);
    }

    /** This JVM's CPU and that of the backends of {@code database}, listed through {@code jdbcUrl}. */
    public static CpuSampler start(String jdbcUrl, String database) {
        CpuSampler sampler = new CpuSampler(jdbcUrl, database);
        sampler.thread.start();
        return sampler;
    }

    public void stop() throws InterruptedException {
        running = false;
        thread.join();
    }

    /** This JVM's CPU seconds between two instants (epoch seconds). */
    public double secondsBetween(double from, double to) {
        return between(from, to)[0];
    }

    /** The backends' CPU seconds between two instants (epoch seconds). */
    public double backendSecondsBetween(double from, double to) {
        return between(from, to)[1];
    }

    private double[] between(double from, double to) {
        Map.Entry<Double, double[]> start = samples.ceilingEntry(from);
        Map.Entry<Double, double[]> end = samples.floorEntry(to);
        if (start == null || end == null || end.getKey() <= start.getKey()) {
            return new double[] {0, 0}; // a window shorter than one sample: nothing measured
        }
        return new double[] {end.getValue()[0] - start.getValue()[0], end.getValue()[1] - start.getValue()[1]};
    }

    /** A step's latest execution's start and end, epoch seconds, from the job repository. */
    public static double[] stepWindow(Connection connection, String step) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT start_time, end_time FROM skybatch.batch_step_execution"
                        + " WHERE step_name = '" + step + "' ORDER BY step_execution_id DESC LIMIT 1")) {
            rs.next();
            return new double[] {epochSeconds(rs.getTimestamp(1)), epochSeconds(rs.getTimestamp(2))};
        }
    }

    private static double epochSeconds(Timestamp at) {
        return at.toLocalDateTime().atZone(ZoneId.systemDefault()).toInstant().toEpochMilli() / 1e3;
    }

    private void lookForBackends(Connection connection, String database) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet pids = statement.executeQuery("SELECT pid FROM pg_stat_activity WHERE datname = '"
                        + database + "' AND pid <> pg_backend_pid()")) {
            while (pids.next()) {
                backendTicks.putIfAbsent(pids.getInt(1), 0L);
            }
        }
    }

    /** The sum over every backend seen of its last known CPU (a backend that ended keeps what it used). */
    private double backendSeconds() {
        long total = 0;
        for (Map.Entry<Integer, Long> backend : backendTicks.entrySet()) {
            long ticks = ticks(backend.getKey());
            if (ticks > backend.getValue()) {
                backend.setValue(ticks);
            }
            total += backend.getValue();
        }
        return (double) total / TICKS_PER_SECOND;
    }

    /** The CPU seconds a process of this machine has used so far (0 once it is gone). */
    public static double processSeconds(int pid) {
        return (double) ticks(pid) / TICKS_PER_SECOND;
    }

    /** utime + stime of a process, or 0 once it is gone. */
    private static long ticks(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // fields 14 and 15 of stat(5)
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }
}
