package skybatch.jobs.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import skybatch.jobs.operations.JobRunner;
import skybatch.jobs.testing.LoopbackIdentitySettings;
import skybatch.jobs.testing.SkybatchTestApp;
import skybatch.jobs.testing.TestBroker;
import skybatch.jobs.verify.VerifyHandlesJobConfiguration;
import skybatch.readers.identity.testing.LoopbackInternet;
import skybatch.readers.identity.testing.TestIdentities;
import skybatch.readers.syntax.Did;
import skybatch.readers.syntax.Handle;

/**
 * verifyHandlesJob's partitions through the machine's RabbitMQ: the application sends them as a manager and runs
 * them as a worker (its {@link PartitionWorker} started), against a loopback internet and a real PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemoteVerifyHandlesTest {

    private static final int PARTITIONS = 3;

    private final String queue = TestBroker.uniqueQueue("skybatch.test");
    private LoopbackInternet internet;
    private SkybatchTestApp app;
    private PartitionWorker worker;
    private AutoCloseable broker;

    @BeforeAll
    void start() throws Exception {
        broker = TestBroker.hold(false);
        internet = LoopbackInternet.start();
        app = SkybatchTestApp.start(LoopbackIdentitySettings.of(internet, "skybatch.verify.chunk-size=2",
                "skybatch.verify.partitions=" + PARTITIONS, "skybatch.amqp.url=" + TestBroker.URL,
                "skybatch.amqp.queue=" + queue, "skybatch.worker.concurrency=2", "skybatch.worker.heartbeat=1s"));
        worker = app.bean(PartitionWorker.class);
        worker.start();
    }

    @AfterAll
    void stop() throws Exception {
        worker.stopGracefully();
        app.close();
        internet.close();
        TestBroker.deleteQueue(TestBroker.URL, queue);
        broker.close();
    }

    @Test
    void theWorkerVerifiesEveryShareTheManagerSent() throws Exception {
        for (long n = 1; n <= 7; n++) {
            Did did = TestIdentities.plc(100 + n);
            String handle = "user" + n + ".test";
            app.jdbc().update("INSERT INTO skybatch.actor_identity (did, claimed_handle, pds_endpoint, tombstoned,"
                    + " plc_cid, plc_created_at) VALUES (?, ?, 'https://pds.example.com', false, ?, now())",
                    did.value(), handle, "cid-" + n);
            app.jdbc().update("INSERT INTO bsky.actor (did, \"indexedAt\") VALUES (?, 'now')", did.value());
            internet.publishDns(Handle.parse(handle), did);
        }

        Job job = app.bean(VerifyHandlesJobConfiguration.JOB_NAME, Job.class);
        JobExecution execution = app.bean(JobRunner.class).start(job, new JobParametersBuilder()
                .addString("only", "all").addLong("launched", System.nanoTime()).toJobParameters());

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(app.jdbc().queryForObject("SELECT count(*) FROM bsky.actor WHERE handle LIKE 'user%.test'",
                Long.class)).isEqualTo(7);
        assertThat(app.jdbc().queryForObject("SELECT count(*) FROM skybatch.batch_step_execution"
                + " WHERE job_execution_id = ? AND step_name LIKE 'verifyHandlesWorkerStep:%' AND status = 'COMPLETED'",
                Long.class, execution.getId())).isEqualTo(PARTITIONS);
        assertThat(app.jdbc().queryForObject("SELECT count(*) FROM skybatch.partition_heartbeat", Long.class))
                .isZero();
    }
}
