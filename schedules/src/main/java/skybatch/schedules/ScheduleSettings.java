package skybatch.schedules;

import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The settings of one schedule, {@code skybatch.schedules.<name>.*} (environment SKYBATCH_SCHEDULES_PLCSYNC_CRON,
 * ...: the name without its dashes): {@code enabled} (default true), {@code cron}, and any the job's schedule adds.
 * A job's configuration uses it to contribute its {@link Schedule} beans, with the defaults it chooses.
 */
public final class ScheduleSettings {

    private final Binder binder;
    private final String name;

    private ScheduleSettings(Binder binder, String name) {
        this.binder = binder;
        this.name = name;
    }

    public static ScheduleSettings of(Environment environment, String name) {
        return new ScheduleSettings(Binder.get(environment), name);
    }

    /** The setting {@code key} of this schedule, or {@code otherwise}. */
    public String value(String key, String otherwise) {
        return binder.bind(prefix() + key, String.class).orElse(otherwise);
    }

    /** The schedule, turned on or off and with the cron its settings give. */
    public Schedule schedule(String job, String defaultCron, Misfire misfire, Map<String, String> parameters) {
        boolean enabled = binder.bind(prefix() + "enabled", Boolean.class).orElse(true);
        return new Schedule(name, job, enabled, value("cron", defaultCron), misfire, parameters);
    }

    private String prefix() {
        return "skybatch.schedules." + name + ".";
    }
}
