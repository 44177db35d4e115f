package skybatch.readers.pds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.retry.RetryPolicy;
import skybatch.readers.net.AddressPolicy;
import skybatch.readers.net.EgressGuard;
import skybatch.readers.net.HostResolver;
import skybatch.readers.support.ReadStoppedException;
import skybatch.readers.support.StopRequest;
import skybatch.readers.syntax.Did;

/** The client against a scripted server on 127.0.0.1: each request takes the next scripted answer. */
class PdsClientTest {

    private static final Did DID = Did.parse("did:plc:aliceaaaaaaaaaaaaaaaaaaa");

    private HttpServer server;
    private final Deque<Answer> answers = new ArrayDeque<>();
    private final AtomicInteger requests = new AtomicInteger();
    private PdsClient client;
    private final EgressGuard guard = EgressGuard.start(AddressPolicy.publicOnly().allowing("127.0.0.1"),
            HostResolver.system());

    @FunctionalInterface
    interface Answer {
        void send(HttpExchange exchange) throws IOException;
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/xrpc/", exchange -> {
            requests.incrementAndGet();
            Answer answer = answers.isEmpty() ? json(500, "{}") : answers.poll();
            answer.send(exchange);
        });
        server.start();
        RetryPolicy retries = RetryPolicy.builder().includes(TransientPdsException.class).maxRetries(2)
                .delay(Duration.ofMillis(1)).build();
        client = new PdsClient(guard, Duration.ofSeconds(5), Duration.ofSeconds(5), 1000, new HostLimiter(2, 0), retries);
    }

    @AfterEach
    void stop() {
        client.close();
        guard.close();
        server.stop(0);
    }

    private URI pds() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private static Answer json(int status, String body) {
        return exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        };
    }

    private static Answer bytes(int length) {
        return exchange -> {
            exchange.sendResponseHeaders(200, length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(new byte[length]);
            }
        };
    }

    private int download() throws IOException {
        return client.getRepo(pds(), DID, car -> car.readAllBytes().length);
    }

    @Test
    void aRepositoryIsStreamedToTheConsumer() throws IOException {
        answers.add(bytes(1000));
        assertThat(download()).isEqualTo(1000);
    }

    @Test
    void aLargerRepositoryIsAbandonedWithoutRetries() {
        answers.add(bytes(1001));
        assertThatThrownBy(this::download).isInstanceOf(RepoTooLargeException.class);
        assertThat(requests.get()).isOne();
    }

    @Test
    void aConnectionThatDropsMidBodyIsRetriedThenReported() {
        Answer dropping = exchange -> {
            exchange.sendResponseHeaders(200, 500);
            exchange.getResponseBody().write(new byte[10]);
            exchange.getResponseBody().flush();
            exchange.close();
        };
        answers.add(dropping);
        answers.add(dropping);
        answers.add(dropping);

        assertThatThrownBy(this::download).isInstanceOf(PdsException.class).hasMessageContaining("failed after retries")
                .hasMessageContaining("after 10 bytes");
        assertThat(requests.get()).isEqualTo(3);
    }

    @Test
    void serverErrorsAndTooManyRequestsAreRetried() throws IOException {
        answers.add(json(503, "{\"error\":\"Unavailable\"}"));
        answers.add(exchange -> {
            exchange.getResponseHeaders().add("Retry-After", "0");
            json(429, "{}").send(exchange);
        });
        answers.add(bytes(7));

        assertThat(download()).isEqualTo(7);
        assertThat(requests.get()).isEqualTo(3);
    }

    @Test
    void xrpcErrorsNameWhyARepositoryIsNotServed() {
        answers.add(json(400, "{\"error\":\"RepoDeactivated\",\"message\":\"Repo has been deactivated\"}"));
        assertThatThrownBy(this::download).isInstanceOfSatisfying(RepoUnavailableException.class,
                e -> assertThat(e.reason()).isEqualTo(RepoUnavailableException.Reason.DEACTIVATED));
        answers.add(json(400, "{\"error\":\"RepoSuspended\"}"));
        assertThatThrownBy(this::download).isInstanceOfSatisfying(RepoUnavailableException.class,
                e -> assertThat(e.reason()).isEqualTo(RepoUnavailableException.Reason.TAKENDOWN));
        answers.add(json(400, "{\"error\":\"InvalidRequest\"}"));
        assertThatThrownBy(this::download).isInstanceOf(PdsException.class).hasMessageContaining("InvalidRequest");
        assertThat(requests.get()).as("none of them retried").isEqualTo(3);
    }

    @Test
    void listReposPagesEndOnAnEmptyPage() {
        answers.add(json(200, "{\"cursor\":\"c1\",\"repos\":[{\"did\":\"did:plc:a\",\"head\":\"h\",\"rev\":\"r\"},"
                + "{\"did\":\"did:plc:b\",\"head\":\"h\",\"rev\":\"r\",\"active\":false,\"status\":\"takendown\"}]}"));
        answers.add(json(200, "{\"cursor\":\"c1\",\"repos\":[]}"));

        ListReposPage first = client.listRepos(pds(), null, 2, StopRequest.NEVER);
        assertThat(first.cursor()).isEqualTo("c1");
        assertThat(first.repos()).containsExactly(new ListedRepo("did:plc:a", "h", "r", true, null),
                new ListedRepo("did:plc:b", "h", "r", false, "takendown"));
        assertThat(client.listRepos(pds(), "c1", 2, StopRequest.NEVER).cursor()).isNull();
    }

    @Test
    void privateEndpointsAreRefusedWithoutRetriesOrAnyConnection() throws IOException {
        try (ServerSocket internal = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.2"))) {
            for (String pds : List.of("http://169.254.169.254/", "http://10.0.0.1:8080/",
                    "http://127.0.0.2:" + internal.getLocalPort() + "/", "http://[64:ff9b::a9fe:a9fe]/")) {
                assertThatThrownBy(() -> client.getRepo(URI.create(pds), DID, car -> 0)).as(pds)
                        .isInstanceOf(PdsException.class).hasMessageContaining("refused")
                        .hasMessageContaining("outside public addresses");
            }
            internal.setSoTimeout(1);
            assertThatThrownBy(internal::accept).as("no connection reached it")
                    .isInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    @Test
    void aRedirectToAPrivateAddressIsRefused() {
        answers.add(exchange -> {
            exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });

        assertThatThrownBy(() -> client.listRepos(pds(), null, 10, StopRequest.NEVER))
                .isInstanceOf(PdsException.class).hasMessageContaining("169.254.169.254 is outside public addresses");
        assertThat(requests.get()).isOne();
    }

    @Test
    void aListingPageLargerThanItsCapIsAbandonedSayingTheCapInMegabytes() {
        answers.add(exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            try (OutputStream out = exchange.getResponseBody()) {
                out.write('[');
                for (int i = 0; i < 40; i++) {
                    out.write(spaces);
                }
            } catch (IOException clientGaveUp) {
                // expected: the client stops reading at the cap
            }
        });

        assertThatThrownBy(() -> client.listRepos(pds(), null, 10, StopRequest.NEVER))
                .hasMessageContaining("com.atproto.sync.listRepos").hasMessageEndingWith("larger than 32 MB");
        assertThat(requests.get()).isOne();
    }

    @Test
    void aStopEndsADownloadUnderWayAtOnceWithoutRetries() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        answers.add(exchange -> {
            // a byte every 50 ms of a 1000-byte CAR: about a minute, far beyond what the stop may take
            exchange.sendResponseHeaders(200, 1000);
            OutputStream out = exchange.getResponseBody();
            try {
                do {
                    out.write(0);
                    out.flush();
                    started.countDown();
                } while (!released.await(50, TimeUnit.MILLISECONDS));
            } catch (IOException clientGaveUp) {
                // the client closed the connection, as it should
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        AtomicBoolean stopping = new AtomicBoolean();
        CompletableFuture<Integer> download = CompletableFuture.supplyAsync(() -> {
            try {
                return client.getRepo(pds(), DID, null, new StopRequest(stopping::get),
                        car -> car.readAllBytes().length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, task -> new Thread(task, "download-under-test").start());
        try {
            started.await();
            stopping.set(true);

            assertThatThrownBy(() -> download.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(ReadStoppedException.class)
                    .hasMessageContaining("GET http://127.0.0.1:" + server.getAddress().getPort()
                            + "/xrpc/com.atproto.sync.getRepo?did=did%3Aplc%3Aalice")
                    .hasMessageContaining("given up after").hasMessageEndingWith("bytes: the run is stopping");
            assertThat(requests.get()).as("not retried").isOne();
        } finally {
            released.countDown();
        }
    }

    @Test
    void noRequestIsSentOnceTheRunIsStopping() {
        assertThatThrownBy(() -> client.listRepos(pds(), null, 10, new StopRequest(() -> true)))
                .isInstanceOf(ReadStoppedException.class).hasMessageContaining("com.atproto.sync.listRepos")
                .hasMessageEndingWith("not sent: the run is stopping");
        assertThat(requests.get()).isZero();
    }
}
