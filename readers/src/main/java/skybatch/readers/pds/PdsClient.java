package skybatch.readers.pds;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import skybatch.readers.net.BlockedAddressException;
import skybatch.readers.net.EgressGuard;
import skybatch.readers.support.ReadStoppedException;
import skybatch.readers.support.RetryAfter;
import skybatch.readers.support.StopRequest;
import skybatch.readers.syntax.Did;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sync endpoints of PDSes: {@code com.atproto.sync.listRepos} page by page, and
 * {@code com.atproto.sync.getRepo} streamed to a consumer, so a CAR is never held whole by this client. Each
 * request waits for a slot of its host in the {@link HostLimiter}. Transient failures (network errors, timeouts,
 * 5xx, 429) are retried with the retry policy's backoff, the whole download again for getRepo; a 429's Retry-After
 * is honoured. A stop of the run (see {@link StopRequest}) ends the waits, the retries and a download under way at
 * once, with a {@link ReadStoppedException}. A repository the PDS refuses to serve raises
 * {@link RepoUnavailableException} at once. Every connection, and every redirect, goes through the
 * {@link EgressGuard}: a PDS endpoint comes from a PLC operation, which anyone can write, so it may name an address
 * of our own network.
 */
public class PdsClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PdsClient.class);
    private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);
    /** A listRepos page of 1000 entries is ~200 KB; an error body is a line of JSON. */
    private static final long MAX_PAGE_BYTES = 32 << 20;
    private static final int MAX_ERROR_BYTES = 64 << 10;
    private static final int MAX_REDIRECTS = 5;

    private final EgressGuard guard;
    private final HttpClient http;
    private final Duration timeout;
    private final Duration repoTimeout;
    private final long maxRepoBytes;
    private final HostLimiter limiter;
    private final RetryPolicy retryPolicy;
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "pds-download-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param timeout for connecting and for the response headers
     * @param repoTimeout for a whole getRepo download
     * @param maxRepoBytes larger CARs are abandoned with {@link RepoTooLargeException}
     * @param retryPolicy which failures to retry, how often and after what delays: it should retry
     *     {@link TransientPdsException}s, and nothing else
     */
    public PdsClient(EgressGuard guard, Duration timeout, Duration repoTimeout, long maxRepoBytes,
            HostLimiter limiter, RetryPolicy retryPolicy) {
        this.guard = guard;
        this.timeout = timeout;
        this.repoTimeout = repoTimeout;
        this.maxRepoBytes = maxRepoBytes;
        this.limiter = limiter;
        this.retryPolicy = retryPolicy;
        this.http = guard.route(HttpClient.newBuilder()).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Reads a repository CAR as it arrives. */
    @FunctionalInterface
    public interface CarConsumer<T> {
        T read(InputStream car) throws IOException;
    }

    /**
     * The page of repositories after {@code cursor} (null: the first page).
     *
     * @param stop asked between attempts and during waits: once it is, no more attempts are made
     */
    public ListReposPage listRepos(URI pds, String cursor, int limit, StopRequest stop) {
        URI uri = xrpc(pds, "com.atproto.sync.listRepos", "limit=" + limit
                + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
        try {
            return withRetries(uri, stop, () -> exchange(uri, MAX_PAGE_BYTES, null, stop,
                    body -> page(uri, body)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Streams the repository of {@code did} to {@code consumer}, whose result is returned. The consumer's own
     * exceptions (bad content) pass through unchanged, and are not retried.
     *
     * @throws RepoUnavailableException if the PDS will not serve it
     * @throws RepoTooLargeException if it is larger than the limit
     * @throws PdsException if the request failed for good
     */
    public <T> T getRepo(URI pds, Did did, CarConsumer<T> consumer) throws IOException {
        return getRepo(pds, did, null, StopRequest.NEVER, consumer);
    }

    /**
     * As {@link #getRepo(URI, Did, CarConsumer)}, each attempt also within {@code share}: limits of the caller's
     * own (a remote partition's share of each host), taken before the client's; null for none. Once {@code stop}
     * is asked, no more attempts are made and the download under way ends.
     */
    public <T> T getRepo(URI pds, Did did, HostLimiter share, StopRequest stop, CarConsumer<T> consumer)
            throws IOException {
        URI uri = xrpc(pds, "com.atproto.sync.getRepo",
                "did=" + URLEncoder.encode(did.value(), StandardCharsets.UTF_8));
        return withRetries(uri, stop, () -> exchange(uri, maxRepoBytes, share, stop, body -> {
            ScheduledFuture<?> deadline = deadlines.schedule(body::timeOut, repoTimeout.toMillis(),
                    TimeUnit.MILLISECONDS);
            ScheduledFuture<?> stopping = stop.watch(deadlines, body::stop);
            try {
                return consumer.read(body);
            } finally {
                deadline.cancel(false);
                stopping.cancel(false);
            }
        }));
    }

    private static URI xrpc(URI pds, String method, String query) {
        return URI.create(pds.toString().replaceAll("/+$", "") + "/xrpc/" + method + "?" + query);
    }

    private <T> T withRetries(URI uri, StopRequest stop, Attempt<T> attempt) throws IOException {
        try {
            return new RetryTemplate(stop.guard(retryPolicy)).execute(attempt::run);
        } catch (RetryException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TransientPdsException && stop.requested()) {
                throw new ReadStoppedException("GET " + uri + " given up as the run is stopping: "
                        + cause.getMessage(), cause);
            }
            if (cause instanceof TransientPdsException) {
                throw new PdsException("GET " + uri + " failed after retries: " + cause.getMessage(), cause);
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new PdsException("GET " + uri + ": " + cause, cause);
        }
    }

    /**
     * One request within its host's limits (the share's, if any, then the client's): a 200's body goes to
     * {@code reader}, anything else is raised.
     */
    private <T> T exchange(URI uri, long maxBytes, HostLimiter share, StopRequest stop, BodyReader<T> reader)
            throws IOException, InterruptedException {
        String host = uri.getAuthority();
        if (share == null) {
            return limited(uri, host, maxBytes, stop, reader);
        }
        share.acquire(host);
        try {
            return limited(uri, host, maxBytes, stop, reader);
        } finally {
            share.release(host);
        }
    }

    private <T> T limited(URI uri, String host, long maxBytes, StopRequest stop, BodyReader<T> reader)
            throws IOException, InterruptedException {
        limiter.acquire(host);
        try {
            if (stop.requested()) {
                throw new ReadStoppedException("GET " + uri + " not sent: the run is stopping", null);
            }
            HttpResponse<InputStream> response;
            try {
                response = guard.send(http, HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream(), MAX_REDIRECTS);
            } catch (BlockedAddressException e) {
                throw new PdsException("GET " + uri + " refused: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new TransientPdsException("GET " + uri + ": " + e, e);
            }
            try (ResponseBody body = new ResponseBody(response.body(), "GET " + uri, maxBytes)) {
                if (response.statusCode() == 200) {
                    return reader.read(body);
                }
                throw failure(uri, response, body, stop);
            }
        } finally {
            limiter.release(host);
        }
    }

    private RuntimeException failure(URI uri, HttpResponse<?> response, ResponseBody body, StopRequest stop)
            throws IOException, InterruptedException {
        int status = response.statusCode();
        String text = new String(body.readNBytes(MAX_ERROR_BYTES), StandardCharsets.UTF_8);
        if (status == 429) {
            Duration wait = RetryAfter.of(response, MAX_RETRY_AFTER);
            log.warn("GET {} answered 429; waiting {} s as Retry-After asks", uri, wait.toSeconds());
            stop.await(wait);
            return new TransientPdsException("GET " + uri + " answered 429 Too Many Requests", null);
        }
        if (status >= 500) {
            return new TransientPdsException("GET " + uri + " answered " + status + ": " + abbreviate(text), null);
        }
        String error = xrpcError(text);
        RepoUnavailableException.Reason reason = RepoUnavailableException.Reason.ofXrpcError(error);
        if (reason != null) {
            return new RepoUnavailableException(reason, "GET " + uri + " answered " + status + " " + error);
        }
        return new PdsException("GET " + uri + " answered " + status + ": " + abbreviate(text), null);
    }

    private static String xrpcError(String body) {
        try {
            JsonNode error = JsonMapper.shared().readTree(body).path("error");
            return error.isString() ? error.stringValue() : null;
        } catch (JacksonException notJson) {
            return null;
        }
    }

    private static ListReposPage page(URI uri, InputStream body) throws IOException {
        JsonNode page;
        try {
            page = JsonMapper.shared().readTree(body);
        } catch (JacksonException e) {
            throw new PdsException("GET " + uri + " did not answer JSON: " + e.getOriginalMessage(), e);
        }
        List<ListedRepo> repos = new ArrayList<>();
        for (JsonNode repo : page.path("repos").values()) {
            repos.add(new ListedRepo(repo.path("did").asString(null), repo.path("head").asString(null),
                    repo.path("rev").asString(null), repo.path("active").asBoolean(true),
                    repo.path("status").asString(null)));
        }
        JsonNode cursor = page.path("cursor");
        // an empty page ends the listing whatever cursor comes with it, or a PDS that repeats one would never end
        return new ListReposPage(repos, repos.isEmpty() || !cursor.isString() ? null : cursor.stringValue());
    }


    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
    }

    @FunctionalInterface
    private interface Attempt<T> {
        T run() throws IOException, InterruptedException;
    }

    @FunctionalInterface
    private interface BodyReader<T> {
        T read(ResponseBody body) throws IOException;
    }
}
