package skybatch.schedules;

import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * The schedules' beans. The scheduler itself is Spring Boot's Quartz auto-configuration (the application's
 * DataSource and transaction manager, {@code spring.quartz.*} settings); it does not start on its own: only
 * {@code serve} starts it. The schedules are the {@link Schedule} beans of the jobs' configurations.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan
public class SchedulesConfiguration {}
