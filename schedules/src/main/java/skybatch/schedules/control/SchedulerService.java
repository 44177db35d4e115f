package skybatch.schedules.control;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import skybatch.schedules.launch.ScheduledLauncher;

/** This process's member of the scheduler cluster: started by {@code serve} only, and stopped gracefully. */
@Component
public class SchedulerService {

    private static final Logger log = LoggerFactory.getLogger(SchedulerService.class);

    private final Scheduler scheduler;
    private final TriggerRegistrar registrar;
    private final ScheduledLauncher launcher;

    SchedulerService(Scheduler scheduler, TriggerRegistrar registrar, ScheduledLauncher launcher) {
        this.scheduler = scheduler;
        this.registrar = registrar;
        this.launcher = launcher;
    }

    /** Registers the triggers of the settings, then joins the cluster and fires what is due. */
    public void start() throws SchedulerException {
        registrar.registerAll();
        scheduler.start();
        log.info("scheduler started: instance {} of cluster {}", instanceId(), scheduler.getSchedulerName());
    }

    public String instanceId() throws SchedulerException {
        return scheduler.getSchedulerInstanceId();
    }

    /** Started, and neither on standby nor shut down. */
    public boolean isRunning() {
        try {
            return scheduler.isStarted() && !scheduler.isInStandbyMode() && !scheduler.isShutdown();
        } catch (SchedulerException e) {
            return false;
        }
    }

    /**
     * Fires nothing more, stops the runs under way at their next chunk boundary (they end STOPPED and the next
     * firing restarts them), waits for them, then leaves the cluster.
     */
    public void stopGracefully() throws SchedulerException, InterruptedException {
        scheduler.standby();
        launcher.stopRunsAndWait();
        scheduler.shutdown(true);
        log.info("scheduler stopped");
    }
}
