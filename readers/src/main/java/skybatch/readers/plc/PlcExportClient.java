package skybatch.readers.plc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import skybatch.readers.net.BlockedAddressException;
import skybatch.readers.net.EgressGuard;
import skybatch.readers.net.LimitedBody;
import skybatch.readers.support.ByteSizes;
import skybatch.readers.support.RetryAfter;
import skybatch.readers.support.StopRequest;

/**
 * Fetches pages of a PLC directory's {@code /export} endpoint. Transient failures (I/O errors, 5xx, 429) are
 * retried with exponential backoff; a 429's Retry-After is honoured before the next attempt. A stop of the run
 * (see {@link StopRequest}) ends the waits and the retries at once. Connections and
 * redirects go through the {@link EgressGuard}; a page is read whole within the timeout, at most 64 MB. An
 * answer that is a web page (text/html) is no export and fails at once.
 */
public class PlcExportClient {

    private static final Logger log = LoggerFactory.getLogger(PlcExportClient.class);
    private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);
    private static final int MAX_REDIRECTS = 5;
    /** A page of 1000 operations is about 1 MB. */
    private static final int MAX_PAGE_BYTES = 64 << 20;

    private final URI baseUrl;
    private final EgressGuard guard;
    private final HttpClient http;
    private final Duration timeout;
    private final RetryTemplate retry;
    private final StopRequest stop;

    /** @param stop asked between attempts and during waits: once it is, no more attempts are made */
    public PlcExportClient(URI baseUrl, EgressGuard guard, Duration timeout, RetryPolicy retryPolicy,
            StopRequest stop) {
        this.baseUrl = URI.create(baseUrl.toString().replaceAll("/+$", ""));
        this.guard = guard;
        this.timeout = timeout;
        this.http = guard.route(HttpClient.newBuilder()).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.stop = stop;
        this.retry = new RetryTemplate(stop.guard(retryPolicy));
    }

    /** The default policy: 8 retries, 1 s doubling to 1 min, for {@link TransientExportException}s. */
    public static RetryPolicy defaultRetryPolicy() {
        return RetryPolicy.builder().includes(TransientExportException.class).maxRetries(8)
                .delay(Duration.ofSeconds(1)).multiplier(2).maxDelay(Duration.ofMinutes(1)).build();
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /**
     * The lines of the page that follows {@code after} ({@code null}: the first page), blank ones left out; a
     * line that is not valid text comes with its problem.
     */
    List<LineReader.Line> fetch(String after, int count) {
        URI uri = URI.create(baseUrl + "/export?count=" + count
                + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8)));
        try {
            return retry.execute(() -> fetchOnce(uri));
        } catch (RetryException e) {
            if (e.getCause() instanceof PlcExportException permanent) {
                throw permanent;
            }
            throw new PlcExportException("GET " + uri + (stop.requested() ? " given up as the run is stopping: "
                    : " failed after retries: ") + e.getCause().getMessage(), e.getCause());
        }
    }

    private List<LineReader.Line> fetchOnce(URI uri) throws InterruptedException {
        HttpResponse<Optional<byte[]>> response;
        try {
            response = guard.send(http, HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    LimitedBody.upTo(MAX_PAGE_BYTES), MAX_REDIRECTS);
        } catch (BlockedAddressException e) {
            throw new PlcExportException("GET " + uri + " refused: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new TransientExportException("GET " + uri + ": " + e, e);
        }
        int status = response.statusCode();
        String body = response.body().map(bytes -> new String(bytes, 0, Math.min(bytes.length, 1000),
                StandardCharsets.UTF_8)).orElse("");
        if (status == 429) {
            Duration wait = RetryAfter.of(response, MAX_RETRY_AFTER);
            log.warn("GET {} answered 429; waiting {} s as Retry-After asks", uri, wait.toSeconds());
            stop.await(wait);
            throw new TransientExportException("GET " + uri + " answered 429 Too Many Requests", null);
        }
        if (status >= 500) {
            throw new TransientExportException("GET " + uri + " answered " + status, null);
        }
        if (status != 200) {
            throw new PlcExportException("GET " + uri + " answered " + status + ": " + abbreviate(body), null);
        }
        String type = response.headers().firstValue("content-type").orElse("");
        if (type.toLowerCase(Locale.ROOT).startsWith("text/html")) {
            throw new PlcExportException("GET " + uri + " answered a web page (" + type + "), not a PLC export: is "
                    + baseUrl + " a PLC directory? It begins: " + abbreviate(body), null);
        }
        byte[] page = response.body().orElseThrow(() -> new PlcExportException("GET " + uri
                + ": the page is larger than " + ByteSizes.describe(MAX_PAGE_BYTES), null));
        List<LineReader.Line> lines = new ArrayList<>();
        try {
            LineReader reader = new LineReader(new ByteArrayInputStream(page), PlcExportFileReader.MAX_LINE_BYTES);
            for (LineReader.Line line; (line = reader.next()) != null; ) {
                if (!line.text().isBlank()) {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("reading bytes in memory cannot fail", e);
        }
        return lines;
    }

    private static String abbreviate(String body) {
        return body.length() <= 200 ? body : body.substring(0, 200) + "...";
    }

    /** A failure worth retrying. */
    public static class TransientExportException extends RuntimeException {
        TransientExportException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A failure that retrying will not mend, or one that outlasted the retries. */
    public static class PlcExportException extends RuntimeException {
        PlcExportException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
