package skybatch.jobs.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A PLC directory's {@code /export} endpoint on 127.0.0.1, serving given lines in pages. It can answer 429 to
 * the first requests and repeat the last line of a page at the start of the next, as real servers may.
 */
public final class FakePlcDirectory implements AutoCloseable {

    private final LoopbackHttpServer server = new LoopbackHttpServer(0);
    private final List<String> lines;
    private final Function<String, String> cursorOf;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger tooManyRequests = new AtomicInteger();
    private volatile boolean repeatBoundaryLine;
    private final AtomicInteger pagesBeforeDropping = new AtomicInteger(Integer.MAX_VALUE);

    /** @param cursorOf the cursor of a line: its createdAt (legacy format) or its seq (sequenced format) */
    public FakePlcDirectory(List<String> lines, Function<String, String> cursorOf) throws IOException {
        this.lines = List.copyOf(lines);
        this.cursorOf = cursorOf;
        server.handle("/export", this::export);
    }

    public String url() {
        return server.url();
    }

    /** Answer the next {@code count} requests with 429 and Retry-After: 1. */
    public FakePlcDirectory tooManyRequests(int count) {
        tooManyRequests.set(count);
        return this;
    }

    /** Serve {@code pages} more pages, then drop every connection unanswered, as a directory gone away does. */
    public FakePlcDirectory dropConnectionsAfter(int pages) {
        pagesBeforeDropping.set(pages);
        return this;
    }

    public FakePlcDirectory repeatBoundaryLine() {
        repeatBoundaryLine = true;
        return this;
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void export(HttpExchange exchange) throws IOException {
        requests.add(exchange.getRequestURI().toString());
        if (tooManyRequests.getAndDecrement() > 0) {
            exchange.getResponseHeaders().add("Retry-After", "1");
            exchange.sendResponseHeaders(429, -1);
            exchange.close();
            return;
        }
        if (pagesBeforeDropping.getAndUpdate(left -> Math.max(0, left - 1)) == 0) {
            exchange.close();
            return;
        }
        Map<String, String> query = LoopbackHttpServer.query(exchange);
        int count = Integer.parseInt(query.getOrDefault("count", "10"));
        String after = query.get("after");
        int start = 0;
        if (after != null) {
            while (start < lines.size() && compare(cursorOf.apply(lines.get(start)), after) <= 0) {
                start++;
            }
            if (repeatBoundaryLine && start > 0) {
                start--;
            }
        }
        List<String> page = lines.subList(start, Math.min(lines.size(), start + count));
        LoopbackHttpServer.respond(exchange, 200, "application/jsonlines",
                (String.join("\n", page) + (page.isEmpty() ? "" : "\n")).getBytes(StandardCharsets.UTF_8));
    }

    /** Sequence numbers compare as numbers, timestamps as text (ISO-8601 sorts). */
    private static int compare(String a, String b) {
        if (a.chars().allMatch(Character::isDigit) && b.chars().allMatch(Character::isDigit)) {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        return a.compareTo(b);
    }

    @Override
    public void close() {
        server.close();
    }
}
