package skybatch.schedules;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The schedules' settings, {@code skybatch.schedules.*} (environment: SKYBATCH_SCHEDULES_PLCSYNC_CRON, ...).
 * Each schedule can be turned off; each has its own cron (Quartz syntax, with seconds, in the JVM's time zone).
 */
@ConfigurationProperties("skybatch.schedules")
public record SchedulesProperties(
        @DefaultValue PlcSync plcSync,
        @DefaultValue VerifyHandles verifyHandles,
        @DefaultValue ReverifyInvalid reverifyInvalid) {

    /**
     * Every schedule, turned off or not. Misfires: plc-sync and reverify-invalid run rarely and each run continues
     * where the last ended, so one catch-up run after downtime does all that was missed; verify-handles runs
     * hourly, so the next regular run comes soon and a catch-up would only pile onto the others at start-up.
     */
    public List<Schedule> all() {
        return List.of(
                new Schedule("plc-sync", "plcImportJob", plcSync.enabled(), plcSync.cron(), Misfire.FIRE_ONCE_NOW,
                        Map.of("source", plcSync.source())),
                new Schedule("verify-handles", "verifyHandlesJob", verifyHandles.enabled(), verifyHandles.cron(),
                        Misfire.SKIP, Map.of("only", "pending")),
                new Schedule("reverify-invalid", "verifyHandlesJob", reverifyInvalid.enabled(), reverifyInvalid.cron(),
                        Misfire.FIRE_ONCE_NOW, Map.of("only", "invalid")));
    }

    public Optional<Schedule> named(String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Nightly import of the PLC directory's new operations, continuing after the last completed import's cursor. */
    public record PlcSync(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("0 0 3 * * ?") String cron,
            @DefaultValue("https://plc.directory") String source) {}

    /** Hourly verification of the handles not verified yet. */
    public record VerifyHandles(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("0 30 * * * ?") String cron) {}

    /** Weekly second look at the handles found invalid. */
    public record ReverifyInvalid(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("0 0 5 ? * SUN") String cron) {}
}
