package skybatch.jobs.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A PDS's sync endpoints on 127.0.0.1: {@code com.atproto.sync.listRepos} in pages of the DIDs it hosts (in DID
 * order, the cursor being the last DID of a page) and {@code com.atproto.sync.getRepo} answering each DID's CAR.
 * It can answer an XRPC error for a DID, fail a DID's first downloads with 500, list accounts as inactive, and
 * answer getRepo after a delay or send its CARs a byte at a time; it counts the most getRepo requests it answered at once (it answers 4 at a time).
 */
public final class FakePds implements AutoCloseable {

    private final LoopbackHttpServer server = new LoopbackHttpServer(4);
    private final NavigableMap<String, Hosted> repos = new ConcurrentSkipListMap<>();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> downloads = new ConcurrentHashMap<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger getReposInFlight = new AtomicInteger();
    private final AtomicInteger mostGetReposAtOnce = new AtomicInteger();
    private volatile Duration getRepoDelay = Duration.ZERO;
    private volatile Duration bytePause = Duration.ZERO;

    private record Hosted(byte[] car, String inactiveStatus, int errorStatus, String xrpcError) {}

    public FakePds() throws IOException {
        server.handle("/xrpc/com.atproto.sync.listRepos", this::listRepos)
                .handle("/xrpc/com.atproto.sync.getRepo", this::getRepo);
    }

    public String url() {
        return server.url();
    }

    /** Hosts {@code did} with this CAR. */
    public FakePds repo(String did, byte[] car) {
        repos.put(did, new Hosted(car, null, 0, null));
        return this;
    }

    /** Lists {@code did} as inactive with this status; getRepo answers 400 with the matching error. */
    public FakePds inactive(String did, String status, String xrpcError) {
        repos.put(did, new Hosted(null, status, 400, xrpcError));
        return this;
    }

    /** Lists {@code did} as active, but getRepo answers this status and XRPC error. */
    public FakePds error(String did, int status, String xrpcError) {
        repos.put(did, new Hosted(null, null, status, xrpcError));
        return this;
    }

    /** Answers the first {@code count} getRepo requests for {@code did} with 500. */
    public FakePds failFirst(String did, int count) {
        failures.put(did, new AtomicInteger(count));
        return this;
    }

    /** Answers every getRepo after this long, as a distant PDS does. */
    public FakePds getRepoDelay(Duration delay) {
        getRepoDelay = delay;
        return this;
    }

    /** Sends each CAR a byte at a time, pausing this long after each, as a slow link does; zero: at once. */
    public FakePds bytePause(Duration pause) {
        bytePause = pause;
        return this;
    }

    public int downloads(String did) {
        AtomicInteger count = downloads.get(did);
        return count == null ? 0 : count.get();
    }

    /** The most getRepo requests it has been answering at once. */
    public int mostGetReposAtOnce() {
        return mostGetReposAtOnce.get();
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void listRepos(HttpExchange exchange) throws IOException {
        requests.add(exchange.getRequestURI().toString());
        Map<String, String> query = LoopbackHttpServer.query(exchange);
        int limit = Integer.parseInt(query.getOrDefault("limit", "500"));
        String cursor = query.get("cursor");
        List<String> page = new ArrayList<>();
        StringBuilder json = new StringBuilder("{\"repos\":[");
        for (Map.Entry<String, Hosted> repo : (cursor == null ? repos : repos.tailMap(cursor, false)).entrySet()) {
            if (page.size() == limit) {
                break;
            }
            page.add(repo.getKey());
            Hosted hosted = repo.getValue();
            json.append(page.size() > 1 ? "," : "").append("{\"did\":\"").append(repo.getKey())
                    .append("\",\"head\":\"bafyreihead\",\"rev\":\"3lrev\",\"active\":")
                    .append(hosted.inactiveStatus() == null);
            if (hosted.inactiveStatus() != null) {
                json.append(",\"status\":\"").append(hosted.inactiveStatus()).append('"');
            }
            json.append('}');
        }
        json.append(']');
        if (!page.isEmpty()) {
            json.append(",\"cursor\":\"").append(page.get(page.size() - 1)).append('"');
        }
        LoopbackHttpServer.respond(exchange, 200, "application/json", json.append('}').toString().getBytes(StandardCharsets.UTF_8));
    }

    private void getRepo(HttpExchange exchange) throws IOException {
        mostGetReposAtOnce.accumulateAndGet(getReposInFlight.incrementAndGet(), Math::max);
        try {
            answerGetRepo(exchange);
        } finally {
            getReposInFlight.decrementAndGet();
        }
    }

    private void answerGetRepo(HttpExchange exchange) throws IOException {
        requests.add(exchange.getRequestURI().toString());
        String did = LoopbackHttpServer.query(exchange).get("did");
        downloads.computeIfAbsent(did, d -> new AtomicInteger()).incrementAndGet();
        if (!getRepoDelay.isZero()) {
            try {
                Thread.sleep(getRepoDelay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        AtomicInteger failing = failures.get(did);
        if (failing != null && failing.getAndDecrement() > 0) {
            LoopbackHttpServer.respond(exchange, 500, "application/json",
                    "{\"error\":\"InternalServerError\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        Hosted hosted = repos.get(did);
        if (hosted == null || hosted.car() == null) {
            int status = hosted == null ? 400 : hosted.errorStatus();
            String error = hosted == null ? "RepoNotFound" : hosted.xrpcError();
            LoopbackHttpServer.respond(exchange, status, "application/json", ("{\"error\":\"" + error + "\",\"message\":\"Could not find"
                    + " repo for DID: " + did + "\"}").getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (bytePause.isZero()) {
            LoopbackHttpServer.respond(exchange, 200, "application/vnd.ipld.car", hosted.car());
        } else {
            trickle(exchange, hosted.car());
        }
    }

    private void trickle(HttpExchange exchange, byte[] car) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.ipld.car");
        exchange.sendResponseHeaders(200, car.length);
        try (OutputStream out = exchange.getResponseBody()) {
            for (byte b : car) {
                out.write(b);
                out.flush();
                Thread.sleep(bytePause.toMillis());
            }
        } catch (InterruptedException closing) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
