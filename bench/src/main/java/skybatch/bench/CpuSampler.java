package skybatch.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Samples, every 50 ms, this JVM's CPU time and that of the PostgreSQL backends connected to one database (read
 * from {@code /proc}, so the server must run on this machine), so that a benchmark can say how much CPU a window
 * of its run took on each side: on a shared machine CPU time per item stays what it is while times stretch. A
 * backend counts from its start, or from the sampler's for those already there; what one spends after the last
 * sample before it exits is not seen (at most 50 ms each).
 */
public final class CpuSampler implements AutoCloseable {

    /** Linux's clock ticks per second (USER_HZ), in which /proc/PID/stat counts CPU time. */
    private static final double TICKS_PER_SECOND = 100;

    private record Sample(long jvmNanos, long serverTicks) {}

    private final ConcurrentSkipListMap<Long, Sample> samples = new ConcurrentSkipListMap<>();
    private final Map<Integer, Long> firstTicks = new HashMap<>();
    private final Map<Integer, Long> lastTicks = new HashMap<>();
    private final Connection connection;
    private final PreparedStatement backends;
    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param serverUrl JDBC URL of a database on the server other than the one measured (the sampler's own
     *     backend stays out of the count)
     * @param database the database whose backends are counted
     */
    public CpuSampler(String serverUrl, String database) throws Exception {
        connection = DriverManager.getConnection(serverUrl);
        backends = connection.prepareStatement("SELECT pid FROM pg_stat_activity WHERE datname = ?");
        backends.setString(1, database);
        for (int pid : pids()) {
            firstTicks.put(pid, ticks(pid));
        }
        sample();
        thread = new Thread(this::run, "cpu-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            try {
                Thread.sleep(50);
                sample();
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                throw new IllegalStateException("sampling CPU time: " + e.getMessage(), e);
            }
        }
    }

    private void sample() throws Exception {
        for (int pid : pids()) {
            long ticks = ticks(pid);
            if (ticks >= 0) {
                firstTicks.putIfAbsent(pid, 0L);
                lastTicks.put(pid, ticks);
            }
        }
        long server = 0;
        for (Map.Entry<Integer, Long> last : lastTicks.entrySet()) {
            server += last.getValue() - firstTicks.get(last.getKey());
        }
        samples.put(System.currentTimeMillis(), new Sample(os.getProcessCpuTime(), server));
    }

    private List<Integer> pids() throws Exception {
        List<Integer> pids = new ArrayList<>();
        try (ResultSet rs = backends.executeQuery()) {
            while (rs.next()) {
                pids.add(rs.getInt(1));
            }
        }
        return pids;
    }

    /** utime + stime of a process, in clock ticks; -1 once it is gone. */
    private static long ticks(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // the command name (field 2) is in parentheses and may hold spaces: count fields after its end
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException e) {
            return -1;
        }
    }

    /** The CPU seconds this JVM took between two instants (epoch milliseconds). */
    public double jvmSeconds(long fromMillis, long toMillis) {
        return (at(toMillis).jvmNanos - at(fromMillis).jvmNanos) / 1e9;
    }

    /** The CPU seconds the database's backends took between two instants (epoch milliseconds). */
    public double serverSeconds(long fromMillis, long toMillis) {
        return (at(toMillis).serverTicks - at(fromMillis).serverTicks) / TICKS_PER_SECOND;
    }

    private Sample at(long millis) {
        Map.Entry<Long, Sample> sample = samples.floorEntry(millis);
        return sample != null ? sample.getValue() : samples.firstEntry().getValue();
    }

    @Override
    public void close() throws Exception {
        running = false;
        thread.interrupt();
        thread.join();
        sample();
        connection.close();
    }
}
