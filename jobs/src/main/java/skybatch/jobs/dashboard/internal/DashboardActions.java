package skybatch.jobs.dashboard.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import skybatch.jobs.operations.JobRunner;
import skybatch.schedules.control.ScheduleControl;

/**
 * What the dashboard may change, and only with the token of {@code SKYBATCH_HTTP_TOKEN}: restart, stop or abandon
 * an execution; pause, resume or trigger a schedule. Without the setting nothing is allowed. A restart runs here,
 * on a thread of its own, to its end; when serve stops, such runs are asked to stop at a chunk boundary first.
 */
@Component
public class DashboardActions implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DashboardActions.class);

    private final byte[] tokenDigest;
    private final JobRunner jobRunner;
    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final ScheduleControl schedules;
    private final ExecutorService restarts = Executors.newSingleThreadExecutor(task -> new Thread(task,
            "dashboard-restart"));
    private final Set<Long> restartedInstances = ConcurrentHashMap.newKeySet();

    DashboardActions(@Value("${skybatch.http.token:}") String token, JobRunner jobRunner, JobOperator jobOperator,
            JobRepository jobRepository, ScheduleControl schedules) {
        this.tokenDigest = token.isEmpty() ? null : digest(token);
        this.jobRunner = jobRunner;
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.schedules = schedules;
    }

    /** Thrown for an action that is not allowed: no token set, or not the one presented. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    public boolean enabled() {
        return tokenDigest != null;
    }

    /** @throws Refused unless the token is set and this is it (compared in constant time) */
    public void authorize(String presented) {
        if (tokenDigest == null) {
            throw new Refused("actions are off: serve runs without SKYBATCH_HTTP_TOKEN");
        }
        if (presented == null || !MessageDigest.isEqual(tokenDigest, digest(presented))) {
            throw new Refused("wrong or missing token");
        }
    }

    /** @return what was done, for the operator */
    public String onExecution(long executionId, String action) throws Exception {
        switch (action) {
            case "stop" -> {
                jobRunner.requestStop(executionId);
                return "execution " + executionId + " is STOPPING; it stops at its next chunk boundary";
            }
            case "abandon" -> {
                return "execution " + executionId + " is " + jobOperator.abandon(executionId).getStatus();
            }
            case "restart" -> {
                JobExecution previous = jobRepository.getJobExecution(executionId);
                if (previous == null) {
                    throw new IllegalArgumentException("there is no job execution " + executionId);
                }
                long instance = previous.getJobInstance().getInstanceId();
                restartedInstances.add(instance);
                restarts.submit(() -> restart(executionId, instance));
                return "execution " + executionId + " restarts in this serve process";
            }
            default -> throw new IllegalArgumentException("no such action on an execution: " + action);
        }
    }

    private void restart(long executionId, long instance) {
        try {
            JobExecution next = jobRunner.restart(executionId);
            log.info("restart of execution {} from the dashboard: execution {} {}", executionId, next.getId(),
                    next.getStatus());
        } catch (Exception e) {
            log.warn("restart of execution {} from the dashboard failed: {}", executionId, e.getMessage());
        } finally {
            restartedInstances.remove(instance);
        }
    }

    /** @return what was done, for the operator */
    public String onSchedule(String name, String action) {
        switch (action) {
            case "pause" -> schedules.pause(name);
            case "resume" -> schedules.resume(name);
            case "trigger" -> {
                return schedules.fireInServe(name).isEmpty() ? "no serve process runs the schedules; nothing fired"
                        : "schedule " + name + " fired";
            }
            default -> throw new IllegalArgumentException("no such action on a schedule: " + action);
        }
        return "schedule " + name + ": " + action + "d";
    }

    @Override
    public void destroy() throws InterruptedException {
        restarts.shutdown();
        for (long instance : restartedInstances) {
            for (JobExecution running : jobRepository.findRunningJobExecutions(
                    jobRepository.getJobInstance(instance).getJobName())) {
                if (running.getJobInstance().getInstanceId() == instance) {
                    jobRunner.requestStop(running.getId());
                }
            }
        }
        restarts.awaitTermination(10, TimeUnit.MINUTES);
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
