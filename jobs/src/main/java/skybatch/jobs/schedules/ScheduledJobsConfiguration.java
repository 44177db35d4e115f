package skybatch.jobs.schedules;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import skybatch.schedules.SchedulesConfiguration;

/** The schedules (skybatch.schedules.*) are part of the application; only {@code serve} starts the scheduler. */
@Configuration(proxyBeanMethods = false)
@Import(SchedulesConfiguration.class)
public class ScheduledJobsConfiguration {}
