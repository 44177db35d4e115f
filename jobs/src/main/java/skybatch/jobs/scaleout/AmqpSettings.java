package skybatch.jobs.scaleout;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The broker remote partitions go through ({@code SKYBATCH_AMQP_*}).
 *
 * @param url {@code amqp://user:pass@host:port[/vhost]}; unset: partitions run in the process, as threads
 * @param queue the durable queue of step execution requests, the same for a manager and its workers
 */
@ConfigurationProperties("skybatch.amqp")
public record AmqpSettings(String url, @DefaultValue("skybatch.partitions") String queue) {}
