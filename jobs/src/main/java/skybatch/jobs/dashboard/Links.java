package skybatch.jobs.dashboard;

import java.util.Map;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Where a page's links lead: to {@code serve}'s paths, or within the one file of {@code report --html}, where
 * each page is a section with an anchor.
 *
 * @param web served pages; false in the report file, which has no actions, filters or paging
 * @param actions actions may be offered (serve with SKYBATCH_HTTP_TOKEN set)
 */
public record Links(boolean web, boolean actions) {

    public static final String OVERVIEW = "overview";

    public static Links served(boolean actions) {
        return new Links(true, actions);
    }

    public static Links file() {
        return new Links(false, false);
    }

    public String page(String id) {
        if (!web) {
            return "#" + id;
        }
        return id.equals(OVERVIEW) ? "/" : "/" + id;
    }

    /** A served page with query parameters (those with a null value left out), encoded. */
    public String page(String id, Map<String, ?> query) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath(page(id));
        query.forEach((name, value) -> {
            if (value != null) {
                uri.queryParam(name, value);
            }
        });
        return uri.encode().build().toUriString();
    }

    public String execution(long executionId) {
        return web ? "/executions/" + executionId : "#execution-" + executionId;
    }
}
