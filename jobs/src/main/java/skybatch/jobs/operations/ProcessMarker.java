package skybatch.jobs.operations;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * Writes the host and pid of the process running a job execution into its execution context, and remembers the
 * execution this process runs, so that a signal can stop it and a later restart can see whether its process died.
 */
@Component
public class ProcessMarker implements JobExecutionListener {

    static final String HOST = "skybatch.host";
    static final String PID = "skybatch.pid";

    private final JobRepository jobRepository;
    private volatile JobExecution current;

    public ProcessMarker(JobRepository jobRepository) {
        this.jobRepository = jobRepository;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        execution.getExecutionContext().putString(HOST, hostName());
        execution.getExecutionContext().putLong(PID, ProcessHandle.current().pid());
        jobRepository.updateExecutionContext(execution);
        current = execution;
    }

    @Override
    public void afterJob(JobExecution execution) {
        current = null;
    }

    /** The execution running in this process now, if any. */
    public Optional<JobExecution> current() {
        return Optional.ofNullable(current);
    }

    /** Whether the process that ran this execution is known to be gone: same host, and its pid not alive. */
    public static boolean ownerIsDead(JobExecution execution) {
        var context = execution.getExecutionContext();
        return context.containsKey(PID) && isGone(context.getString(HOST, ""), context.getLong(PID));
    }

    /** Whether a process is known to be gone: it ran on this host, and its pid is not alive. */
    public static boolean isGone(String host, long pid) {
        return hostName().equals(host) && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    /** Whether this very process ran the execution. */
    static boolean ownedByThisProcess(JobExecution execution) {
        var context = execution.getExecutionContext();
        return context.containsKey(PID) && context.getLong(PID) == ProcessHandle.current().pid()
                && hostName().equals(context.getString(HOST, ""));
    }

    public static String owner(JobExecution execution) {
        var context = execution.getExecutionContext();
        return context.containsKey(PID) ? "pid " + context.getLong(PID) + " on " + context.getString(HOST, "?")
                : "an unknown process";
    }

    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
