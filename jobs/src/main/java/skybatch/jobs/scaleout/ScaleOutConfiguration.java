package skybatch.jobs.scaleout;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.amqp.support.converter.SimpleMessageConverter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.integration.partition.BeanFactoryStepLocator;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.amqp.dsl.Amqp;
import org.springframework.integration.amqp.inbound.AmqpInboundChannelAdapter;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import skybatch.writers.partition.PartitionHeartbeats;

/**
 * Where partitions run. Without {@code SKYBATCH_AMQP_URL}, in the process, as threads. With it: the manager (any
 * command running {@code backfill} or {@code verify-handles}) sends each partition as a persistent
 * {@link StepExecutionRequest} to a durable RabbitMQ queue; {@code worker} processes take one request per
 * consumer at a time (prefetch 1), run the step, and acknowledge it when the step has ended, so a request whose
 * worker dies unacknowledged goes back to the queue, and one that a worker ran is never sent again. The job
 * repository in the shared PostgreSQL says what has ended; the manager reads it back.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({AmqpSettings.class, WorkerSettings.class})
public class ScaleOutConfiguration {

    @Bean
    PartitionHandlers partitionHandlers(ObjectProvider<RemotePartitioning> remote) {
        return new PartitionHandlers(remote.getIfAvailable());
    }

    @Bean
    PartitionHeartbeats partitionHeartbeats(DataSource dataSource) {
        return new PartitionHeartbeats(dataSource);
    }

    /** The broker's side of it, only when {@code SKYBATCH_AMQP_URL} is set. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "skybatch.amqp", name = "url")
    @EnableIntegration
    static class OverRabbitMq {

        /** Java serialization of the requests, reading back nothing but them. */
        private static SimpleMessageConverter requestConverter() {
            SimpleMessageConverter converter = new SimpleMessageConverter();
            converter.setAllowedListPatterns(List.of(StepExecutionRequest.class.getName(), "java.lang.Long",
                    "java.lang.Number"));
            return converter;
        }

        @Bean(destroyMethod = "destroy")
        CachingConnectionFactory amqpConnectionFactory(AmqpSettings settings) {
            CachingConnectionFactory factory = new CachingConnectionFactory(URI.create(settings.url()));
            factory.setConnectionNameStrategy(f -> "skybatch pid " + ProcessHandle.current().pid());
            return factory;
        }

        /** Durable: the requests outlive a broker restart. */
        @Bean
        Queue partitionQueue(AmqpSettings settings) {
            return new Queue(settings.queue(), true, false, false);
        }

        /** Declares the queue on every (re)connection. */
        @Bean
        RabbitAdmin amqpAdmin(ConnectionFactory amqpConnectionFactory) {
            return new RabbitAdmin(amqpConnectionFactory);
        }

        @Bean
        DirectChannel partitionRequests() {
            return new DirectChannel();
        }

        @Bean
        IntegrationFlow partitionRequestsToBroker(ConnectionFactory amqpConnectionFactory, AmqpSettings settings) {
            RabbitTemplate template = new RabbitTemplate(amqpConnectionFactory);
            template.setMessageConverter(requestConverter());
            return IntegrationFlow.from("partitionRequests")
                    .handle(Amqp.outboundAdapter(template).routingKey(settings.queue())
                            .defaultDeliveryMode(MessageDeliveryMode.PERSISTENT))
                    .get();
        }

        @Bean
        RemotePartitioning remotePartitioning(DirectChannel partitionRequests, JobRepository jobRepository,
                PartitionHeartbeats partitionHeartbeats, WorkerSettings settings) {
            return new RemotePartitioning(partitionRequests, jobRepository,
                    new LostPartitions(partitionHeartbeats, jobRepository, settings.timeout()),
                    settings.heartbeat());
        }

        @Bean
        SimpleMessageListenerContainer partitionRequestListener(ConnectionFactory amqpConnectionFactory,
                AmqpSettings amqp, WorkerSettings settings) {
            SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(amqpConnectionFactory);
            container.setQueueNames(amqp.queue());
            container.setConcurrentConsumers(settings.concurrency());
            container.setPrefetchCount(1);
            // acknowledged by the container once the listener, and so the step, has returned
            container.setAcknowledgeMode(AcknowledgeMode.AUTO);
            container.setDefaultRequeueRejected(false);
            container.setMissingQueuesFatal(false);
            // a stopping worker waits for its partitions to reach a chunk boundary (a chunk of a large repository
            // may take minutes)
            container.setShutdownTimeout(Duration.ofMinutes(10).toMillis());
            container.setAutoStartup(false);
            return container;
        }

        @Bean
        BeanFactoryStepLocator stepLocator() {
            return new BeanFactoryStepLocator();
        }

        /** The requests' way in: started by {@code worker} only, as a manager sends requests and takes none. */
        @Bean
        AmqpInboundChannelAdapter partitionRequestAdapter(SimpleMessageListenerContainer partitionRequestListener,
                DirectChannel receivedPartitionRequests) {
            AmqpInboundChannelAdapter adapter = new AmqpInboundChannelAdapter(partitionRequestListener);
            adapter.setMessageConverter(requestConverter());
            adapter.setOutputChannel(receivedPartitionRequests);
            adapter.setAutoStartup(false);
            return adapter;
        }

        @Bean
        DirectChannel receivedPartitionRequests() {
            return new DirectChannel();
        }

        @Bean
        PartitionWorker partitionWorker(JobRepository jobRepository, BeanFactoryStepLocator stepLocator,
                PartitionHeartbeats partitionHeartbeats, AmqpInboundChannelAdapter partitionRequestAdapter,
                WorkerSettings settings) {
            return new PartitionWorker(jobRepository, stepLocator, partitionHeartbeats, partitionRequestAdapter,
                    settings);
        }

        @Bean
        IntegrationFlow partitionRequestsToWorker(PartitionWorker partitionWorker) {
            return IntegrationFlow.from("receivedPartitionRequests")
                    .handle(message -> partitionWorker.run((StepExecutionRequest) message.getPayload()))
                    .get();
        }
    }
}
