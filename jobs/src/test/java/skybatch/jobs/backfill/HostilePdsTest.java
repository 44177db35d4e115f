package skybatch.jobs.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import skybatch.jobs.operations.FailureReason;
import skybatch.jobs.operations.JobRunner;
import skybatch.jobs.testing.SkybatchTestApp;

/** A PDS, or a PLC operation naming one, that tries to make the backfill loop or probe this machine's network. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120) // a listing that never ends must fail the test, not hang it
class HostilePdsTest {

    private static final String DID = "did:plc:aliceaaaaaaaaaaaaaaaaaaa";
    private SkybatchTestApp app;

    @BeforeAll
    void start() {
        app = SkybatchTestApp.start("skybatch.backfill.retry-delay=10ms", "skybatch.backfill.list-page-size=1");
    }

    @AfterAll
    void stop() {
        app.close();
    }

    private JobExecution backfill(String parameter, String value) throws Exception {
        Job job = app.bean(BackfillJobConfiguration.JOB_NAME, Job.class);
        return app.bean(JobRunner.class).start(job, new JobParametersBuilder().addString(parameter, value)
                .addLong("launched", System.nanoTime()).toJobParameters());
    }

    @Test
    void aListingWhoseCursorComesBackFailsNamingThePds() throws Exception {
        AtomicInteger pages = new AtomicInteger();
        HttpServer pds = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        pds.createContext("/xrpc/com.atproto.sync.listRepos", exchange -> {
            int n = pages.incrementAndGet();
            // c1, c2, c3, then c2 again: a cycle, never an empty page
            String cursor = "c" + (n <= 3 ? n : 2 + (n - 2) % 2);
            byte[] body = ("{\"cursor\":\"" + cursor + "\",\"repos\":[{\"did\":\"did:plc:repo" + "a".repeat(20)
                    + "\",\"head\":\"h\",\"rev\":\"r\",\"active\":false,\"status\":\"deleted\"}]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        pds.start();
        try {
            String url = "http://127.0.0.1:" + pds.getAddress().getPort();
            JobExecution execution = backfill(BackfillJobConfiguration.PDS, url);

            assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
            assertThat(FailureReason.of(execution)).singleElement().asString()
                    .contains("listRepos of " + url, "answered the cursor 'c2' a second time");
            assertThat(pages.get()).isEqualTo(4);
        } finally {
            pds.stop(0);
        }
    }

    @Test
    void aPdsEndpointInThisMachinesNetworkIsNeverContacted() throws Exception {
        try (ServerSocket internal = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.2"))) {
            app.jdbc().update("INSERT INTO skybatch.actor_identity (did, pds_endpoint, plc_cid, plc_created_at)"
                    + " VALUES (?, ?, 'bafyop', now())", DID, "http://127.0.0.2:" + internal.getLocalPort());

            JobExecution execution = backfill(BackfillJobConfiguration.DIDS, DID);

            assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(app.jdbc().queryForObject("SELECT last_error FROM skybatch.backfill_repo WHERE did = ?",
                    String.class, DID)).contains("127.0.0.2 is outside public addresses");
            internal.setSoTimeout(1);
            assertThatThrownBy(internal::accept).as("no connection reached it")
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }
}
