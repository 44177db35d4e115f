package skybatch.jobs.dashboard;

import java.util.Map;

/**
 * One page of the dashboard's navigation (Overview, Quarantine, Backfill queue, Identity): a bean of this type is
 * a page of {@code serve} at {@code /<id>} and a section of {@code report --html}, in {@link #order()}. A new
 * page (such as live streams, once a firehose job keeps a status table) is one more bean and one template.
 */
public interface DashboardPage {

    /** Its path, anchor and template ({@code skybatch/dashboard/<id>.html}, whose fragment "content" it fills). */
    String id();

    String title();

    /** Its place in the navigation, lowest first. */
    int order();

    /**
     * What its template shows.
     *
     * @param parameters the request's query parameters (filters, paging); none in the report file
     */
    Map<String, Object> model(Map<String, String> parameters);
}
